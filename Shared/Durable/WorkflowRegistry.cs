using Workflow.Courses;

namespace Workflow.Durable;

/// <summary>
/// Every orchestrator and activity, registered under its type name in both hosts (the Functions app's
/// entry points use <c>nameof</c> of the same types; a test compares the two sets).
/// </summary>
public static class WorkflowRegistry
{
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(CourseOrchestrator),
    ];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(SendInvitationsActivity),
        typeof(SendRemindersActivity),
        typeof(CloseRsvpActivity),
        typeof(GetCoursePlanActivity),
        typeof(SendCancellationActivity),
        typeof(SendRescheduleNoticeActivity),
        typeof(RemindNowActivity),
        typeof(Courses.Certificates.IssueCertificatesActivity),
        typeof(Courses.Attendance.CourseStartActivity),
        typeof(Courses.Attendance.SessionEndActivity),
        typeof(Courses.Attendance.CourseEndActivity),
        typeof(Courses.FollowUp.FollowUpStartActivity),
        typeof(Courses.FollowUp.FollowUpReminderActivity),
        typeof(Courses.FollowUp.FollowUpCloseActivity),
        typeof(Courses.Calendar.SendCourseReminderActivity),
    ];
}
