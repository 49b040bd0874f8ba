using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflow.Courses;
using Workflow.Email;
using Workflow.Http;
using Workflow.Links;
using Workflow.Storage;
using Workflow.Templates;

namespace Workflow.Hosting;

/// <summary>Everything the product needs, registered the same way by the Functions app and the local host.</summary>
public static class WorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LinkOptions>().BindConfiguration(LinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddWorkflowStorage(configuration);
        services.AddWorkflowEmail(configuration);
        services.AddSingleton<TableInitializer>();
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<HealthApi>();
        services.AddCourses();
        return services;
    }

    private static void AddCourses(this IServiceCollection services)
    {
        services.AddSingleton<CourseRepository>();
        services.AddSingleton<CourseEmails>();
        services.AddSingleton<CourseFlowSteps>();
        services.AddSingleton<CourseApi>();
        services.AddSingleton<ReplyPage>();
        services.AddSingleton<CourseFlowRecovery>();
        services.AddTransient<SendInvitationsActivity>();
        services.AddTransient<SendRemindersActivity>();
        services.AddTransient<CloseRsvpActivity>();
        services.AddTransient<GetCoursePlanActivity>();
    }
}
