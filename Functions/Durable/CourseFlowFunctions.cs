using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflow.Courses;
using Workflow.Courses.Attendance;
using Workflow.Courses.FollowUp;

namespace Workflow.Functions.Durable;

/// <summary>Entry points of the course flow: each calls the same class the local host registers under the same name.</summary>
public sealed class CourseFlowFunctions(
    SendInvitationsActivity sendInvitations,
    SendRemindersActivity sendReminders,
    CloseRsvpActivity closeRsvp,
    GetCoursePlanActivity getPlan,
    SendCancellationActivity sendCancellation,
    SendRescheduleNoticeActivity sendRescheduleNotice,
    RemindNowActivity remindNow,
    Courses.Certificates.IssueCertificatesActivity issueCertificates,
    CourseStartActivity courseStart,
    SessionEndActivity sessionEnd,
    CourseEndActivity courseEnd,
    FollowUpStartActivity followUpStart,
    FollowUpReminderActivity followUpReminder,
    FollowUpCloseActivity followUpClose,
    Workflow.Courses.Calendar.SendCourseReminderActivity sendCourseReminder)
{
    [Function(nameof(CourseOrchestrator))]
    public static Task<string> RunCourseFlow([OrchestrationTrigger] TaskOrchestrationContext context, CourseFlowInput input) =>
        new CourseOrchestrator().RunAsync(context, input);

    [Function(nameof(SendInvitationsActivity))]
    public Task<int> SendInvitations([ActivityTrigger] string courseId, FunctionContext context) =>
        sendInvitations.RunAsync(ActivityContext.For(context), courseId);

    [Function(nameof(SendRemindersActivity))]
    public Task<int> SendReminders([ActivityTrigger] ReminderRequest request, FunctionContext context) =>
        sendReminders.RunAsync(ActivityContext.For(context), request);

    [Function(nameof(CloseRsvpActivity))]
    public Task<int> CloseRsvp([ActivityTrigger] string courseId, FunctionContext context) =>
        closeRsvp.RunAsync(ActivityContext.For(context), courseId);

    [Function(nameof(GetCoursePlanActivity))]
    public Task<CoursePlan> GetCoursePlan([ActivityTrigger] string courseId, FunctionContext context) =>
        getPlan.RunAsync(ActivityContext.For(context), courseId);

    // Cancel, reschedule notice, remind now (issue 8).
    [Function(nameof(SendCancellationActivity))]
    public Task<int> SendCancellation([ActivityTrigger] string courseId, FunctionContext context) =>
        sendCancellation.RunAsync(ActivityContext.For(context), courseId);

    [Function(nameof(SendRescheduleNoticeActivity))]
    public Task<int> SendRescheduleNotice([ActivityTrigger] string courseId, FunctionContext context) =>
        sendRescheduleNotice.RunAsync(ActivityContext.For(context), courseId);

    [Function(nameof(RemindNowActivity))]
    public Task<int> RemindNow([ActivityTrigger] RemindNowRequest request, FunctionContext context) =>
        remindNow.RunAsync(ActivityContext.For(context), request);

    // Certificates (issue 9).
    [Function(nameof(Courses.Certificates.IssueCertificatesActivity))]
    public Task<int> IssueCertificates([ActivityTrigger] string courseId, FunctionContext context) =>
        issueCertificates.RunAsync(ActivityContext.For(context), courseId);

    // Attendance: the course starts, each session ends (absences), the course ends (unit reports).
    [Function(nameof(CourseStartActivity))]
    public Task<int> CourseStart([ActivityTrigger] string courseId, FunctionContext context) =>
        courseStart.RunAsync(ActivityContext.For(context), courseId);

    [Function(nameof(SessionEndActivity))]
    public Task<int> SessionEnd([ActivityTrigger] SessionEndRequest request, FunctionContext context) =>
        sessionEnd.RunAsync(ActivityContext.For(context), request);

    [Function(nameof(CourseEndActivity))]
    public Task<int> CourseEnd([ActivityTrigger] string courseId, FunctionContext context) =>
        courseEnd.RunAsync(ActivityContext.For(context), courseId);

    // Follow-up: survey and report requests, reminders, summary (issue 9).
    [Function(nameof(FollowUpStartActivity))]
    public Task<int> FollowUpStart([ActivityTrigger] string courseId, FunctionContext context) =>
        followUpStart.RunAsync(ActivityContext.For(context), courseId);

    [Function(nameof(FollowUpReminderActivity))]
    public Task<int> FollowUpReminder([ActivityTrigger] FollowUpReminderRequest request, FunctionContext context) =>
        followUpReminder.RunAsync(ActivityContext.For(context), request);

    [Function(nameof(FollowUpCloseActivity))]
    public Task<int> FollowUpClose([ActivityTrigger] string courseId, FunctionContext context) =>
        followUpClose.RunAsync(ActivityContext.For(context), courseId);

    // Calendar (issue 9).
    [Function(nameof(Workflow.Courses.Calendar.SendCourseReminderActivity))]
    public Task<int> SendCourseReminder([ActivityTrigger] Workflow.Courses.Calendar.CourseReminderRequest request, FunctionContext context) =>
        sendCourseReminder.RunAsync(ActivityContext.For(context), request);
}

/// <summary>The SDK's activity context, filled from the Functions invocation.</summary>
internal sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    public static ActivityContext For(FunctionContext context) =>
        new(
            context.FunctionDefinition.Name,
            context.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? string.Empty : string.Empty);
}
