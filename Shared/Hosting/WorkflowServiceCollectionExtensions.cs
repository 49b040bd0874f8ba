using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflow.Complaints;
using Workflow.Complaints.Alerts;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;
using Workflow.Courses;
using Workflow.Courses.Certificates;
using Workflow.Courses.Links;
using Workflow.Documents.Letters;
using Workflow.Units;

namespace Workflow.Hosting;

/// <summary>
/// Everything the product needs, registered the same way by the Functions app and the local host. The classes named for
/// their kind (<c>*Store</c>, <c>*Api</c>, <c>*Page</c>, <c>*Steps</c>, <c>*Emails</c>, <c>*Pdf</c>, <c>*Activity</c>) are
/// registered by <see cref="ServiceKinds"/>; this file names the options and the classes of other names.
/// </summary>
public static class WorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<WorkflowOptions>(WorkflowOptions.Section);
        services.AddCheckedOptions<LinkOptions>(LinkOptions.Section);
        services.AddCheckedOptions<CertificateOptions>(CertificateOptions.Section); // certificates (issue 9)
        services.AddCheckedOptions<LetterOptions>(LetterOptions.Section); // the letters' issuer (issue 18)
        services.TryAddSingleton(TimeProvider.System);
        services.AddWorkflowStorage(configuration);
        services.AddWorkflowEmail(configuration);
        services.AddSingleton<TableInitializer>();
        services.AddSingleton<TemplateRenderer>();
        services.AddServicesByKind();
        services.AddCourses();
        services.AddComplaints();
        services.AddAccess(configuration);
        return services;
    }

    /// <summary>People, keys and the one authorization point (docs/security.md).</summary>
    private static void AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Access.AccessOptions>().BindConfiguration(Access.AccessOptions.Section)
            // App Service sets WEBSITE_AUTH_ENABLED=True where its authentication is on: only there is the principal header
            // Easy Auth's own (it strips a client's). The local host turns this off whatever the environment says.
            .PostConfigure(o => o.EasyAuthEnabled = string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase));
        services.AddSingleton<Access.Authenticator>();
        services.AddSingleton<Access.AccessGate>();
    }

    private static void AddCourses(this IServiceCollection services)
    {
        // Personal links: one router verifies the token and hands the link by purpose to one page (a LinkPage<TRow>); the
        // pages share what LinkPageServices holds, and draw themselves with LinkPages.
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<PersonalLinkRouter>();
        services.AddSingleton<LinkPageServices>();
        services.AddSingleton<LinkPages>();
        services.AddSingleton<Courses.Attendance.CheckInLinks>();

        // Waking a course's flow. The local host registers one IWorkflowClient for the process; a Functions trigger binds
        // its own per call.
        services.AddSingleton<Durable.FlowWaker>();
        services.AddSingleton(sp => sp.GetService<Durable.IWorkflowClient>() is { } client ? new Durable.WorkflowClientScope(client) : new Durable.WorkflowClientScope());
        services.AddSingleton<CourseFlows>();
        services.AddSingleton<CourseFlowRecovery>();

        // Storage beside the stores: attendance marks, scheduled email rounds (issue 19), the courses and progress caches.
        services.AddSingleton<Courses.Storage.AttendanceWriter>();
        services.AddSingleton<EmailRounds>();
        services.AddSingleton<CourseCache>();
        services.AddSingleton<Courses.Progress.CourseProgressCache>();
        services.AddSingleton<CourseWarnings>(); // schedule warnings: holidays, weekends (issue 18)

        // Letters (issue 18): Giấy mời and the nomination công văn, numbered per year.
        services.AddSingleton<PartyLetters>();
        services.AddSingleton<LetterAttachments>();
        services.AddSingleton<LetterFiles>();

        services.AddOptions<Courses.FollowUp.GradingOptions>().BindConfiguration(Courses.FollowUp.GradingOptions.Section)
            .Validate(Courses.FollowUp.GradingOptions.IsValid, "Workflow:Grading:Scale: each entry needs a Key of letters and digits (1 to 20, starting with a letter), keys unique.").ValidateOnStart();
    }

    private static void AddComplaints(this IServiceCollection services)
    {
        services.AddOptions<ComplaintOptions>().BindConfiguration(ComplaintOptions.Section)
            .Validate(o => o.ParsedThresholds() is not null, "Workflow:Complaints:AlertThresholds must be comma-separated whole numbers of days from 0 to 60 (e.g. 7,3,1,0).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.RuleSet), "Workflow:Complaints:RuleSet must name a rule set (e.g. default).")
            .Validate(o => o.ParsedLeadershipEmails().All(UnitValidation.IsEmail), "Workflow:Complaints:LeadershipEmails must be comma-separated email addresses.")
            .ValidateOnStart();
        services.TryAddSingleton(new ComplaintTables());
        services.AddSingleton<ComplaintRules>();
        services.AddSingleton<AlertLog>();
        services.AddSingleton<ComplaintAlerts>();
    }
}
