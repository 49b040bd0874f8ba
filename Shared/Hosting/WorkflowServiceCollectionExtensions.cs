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
using Workflow.Http;
using Workflow.Units;

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
        services.AddSingleton<Organiser.OrganiserPage>(); // the organiser's page (issue 10)
        services.AddCourses();
        services.AddUnits();
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
        services.AddSingleton<Access.PeopleStore>();
        services.AddSingleton<Access.Authenticator>();
        services.AddSingleton<Access.AccessGate>();
        services.AddSingleton<Access.PeopleApi>();
    }

    private static void AddCourses(this IServiceCollection services)
    {
        services.AddSingleton<Courses.Storage.CourseStore>(); // one owner per table (issue 16)
        services.AddSingleton<Courses.Storage.InviteeStore>();
        services.AddSingleton<Courses.Storage.SeatStore>();
        services.AddSingleton<Courses.Storage.AttendanceWriter>();
        services.AddSingleton<CourseEmails>();
        services.AddSingleton<Courses.Storage.HandoverStore>(); // scheduled invitation and reminder batches (issue 19)
        services.AddSingleton<EmailRounds>();
        services.AddSingleton<CourseFlowSteps>();
        services.AddSingleton<CourseApi>();
        services.AddSingleton<CourseWarnings>(); // schedule warnings: holidays, weekends (issue 18)
        services.AddSingleton<OfflineReplyApi>(); // seats (issue 8)
        services.AddSingleton<CourseCache>();
        services.AddSingleton<Durable.FlowWaker>();
        // The local host registers one IWorkflowClient for the process; a Functions trigger binds its own per call.
        services.AddSingleton(sp => sp.GetService<Durable.IWorkflowClient>() is { } client ? new Durable.WorkflowClientScope(client) : new Durable.WorkflowClientScope());
        services.AddSingleton<Courses.CourseFlows>();
        services.AddSingleton<ReplyPage>();
        // Personal links: one router verifies the token and hands the link by purpose to one page (a LinkPage<TRow>); the
        // pages share what LinkPageServices holds, and draw themselves with LinkPages.
        services.AddSingleton<Courses.Links.LinkPages>();
        services.AddSingleton<Courses.Links.LinkPageServices>();
        services.AddSingleton<Courses.Links.PersonalLinkRouter>();
        services.AddSingleton<CourseFlowRecovery>();
        services.AddTransient<SendInvitationsActivity>();
        services.AddTransient<GetCoursePlanActivity>();
        services.AddTransient<RunMilestoneActivity>(); // every milestone: the step its row in MilestoneTable names

        // Cancel, edit/reschedule, remind now (issue 8).
        services.AddSingleton<CourseChangeStore>();
        services.AddSingleton<CourseChangeEmails>();
        services.AddSingleton<CourseChangeSteps>();
        services.AddSingleton<CourseChangesApi>();

        // Calendar (issue 9): .ics in the confirmation, the course reminder, the promotion and the reschedule notice.
        services.AddSingleton<Courses.Calendar.CalendarEmails>();
        services.AddSingleton<Courses.Calendar.CalendarSteps>();

        // Nominations (units name their people).
        services.AddSingleton<Courses.Nominations.NominationStore>();
        services.AddSingleton<Courses.Nominations.NominationEmails>();
        services.AddSingleton<Courses.Nominations.NominationSteps>();
        services.AddSingleton<Courses.Nominations.NominationApi>();
        services.AddSingleton<Courses.Nominations.NominationPage>();

        // Certificates, course report and roster exports (issue 9).
        services.AddCourseCertificates();

        // Letters (issue 18): Giấy mời and the nomination công văn, numbered per year.
        Documents.Letters.LetterServiceCollectionExtensions.AddCourseLetters(services);
        // Attendance: check-in links and page, the organiser's marks, session milestones, unit reports.
        services.AddSingleton<Courses.Attendance.CheckInLinks>();
        services.AddSingleton<Courses.Attendance.CheckInPage>();
        services.AddSingleton<Courses.Attendance.AttendanceApi>();
        services.AddSingleton<Courses.Attendance.AttendanceEmails>();
        services.AddSingleton<Courses.Attendance.UnitReportStore>();
        services.AddSingleton<Courses.Attendance.AttendanceSteps>();
        // Follow-up: survey, learning report (files in blob storage), reminders, summary.
        services.AddSingleton<Courses.FollowUp.ReportFileStore>();
        services.AddOptions<Courses.FollowUp.GradingOptions>().BindConfiguration(Courses.FollowUp.GradingOptions.Section)
            .Validate(Courses.FollowUp.GradingOptions.IsValid, "Workflow:Grading:Scale: each entry needs a Key of letters and digits (1 to 20, starting with a letter), keys unique.").ValidateOnStart();
        services.AddSingleton<Courses.FollowUp.GradingApi>();
        services.AddSingleton<Courses.FollowUp.FollowUpEmails>();
        services.AddSingleton<Courses.FollowUp.FollowUpSteps>();
        services.AddSingleton<Courses.FollowUp.FollowUpPage>();
        // The organiser page's reads (issue 10): course list, live progress (per-instance cache), units asked to nominate.
        services.AddSingleton<Courses.Progress.CourseProgressCache>();
        services.AddSingleton<Courses.Progress.CourseReadApi>();
    }

    private static void AddUnits(this IServiceCollection services)
    {
        services.AddSingleton<UnitStore>();
        services.AddSingleton<UnitApi>();
    }

    private static void AddComplaints(this IServiceCollection services)
    {
        services.AddOptions<ComplaintOptions>().BindConfiguration(ComplaintOptions.Section)
            .Validate(o => o.ParsedThresholds() is not null, "Workflow:Complaints:AlertThresholds must be comma-separated whole numbers of days from 0 to 60 (e.g. 7,3,1,0).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.RuleSet), "Workflow:Complaints:RuleSet must name a rule set (e.g. default).")
            .Validate(o => o.ParsedLeadershipEmails().All(UnitValidation.IsEmail), "Workflow:Complaints:LeadershipEmails must be comma-separated email addresses.")
            .ValidateOnStart();
        services.TryAddSingleton(new ComplaintTables());
        services.AddSingleton<HolidayStore>();
        services.AddSingleton<ComplaintRules>();
        services.AddSingleton<ComplaintStore>();
        services.AddSingleton<ComplaintApi>();
        services.AddSingleton<HolidayApi>();
        services.AddSingleton<AlertLog>();
        services.AddSingleton<ComplaintAlertEmails>();
        services.AddSingleton<ComplaintAlerts>();
    }
}
