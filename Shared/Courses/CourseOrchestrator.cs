using Microsoft.DurableTask;

namespace Workflow.Courses;

/// <param name="CourseId">The course this flow drives.</param>
/// <param name="LastMilestoneAt">The latest reminder time already handled; reminders at or before it are not sent again.
/// Null in the first generation, where it becomes the start time (reminders already past at start are skipped).</param>
public sealed record CourseFlowInput(string CourseId, DateTimeOffset? LastMilestoneAt = null);

/// <summary>
/// One orchestration per course (instance id <c>course-{id}</c>). It sleeps between milestones and
/// sends in batches from activities that read the tables: invitations, a reminder at each offset before
/// the RSVP deadline to whoever is still pending, then the deadline. A <see cref="CourseFlow.ChangedEvent"/>
/// (invitees added) wakes it early to invite the newcomers. Each wake-up ends the generation with
/// ContinueAsNew, which keeps the history short and never reuses an event waiter after a race.
/// </summary>
public sealed class CourseOrchestrator : TaskOrchestrator<CourseFlowInput, string>
{
    internal static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(5),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(5)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, CourseFlowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var courseId = input.CourseId;
        var last = input.LastMilestoneAt ?? new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);

        await context.CallActivityAsync<int>(nameof(SendInvitationsActivity), courseId, Retry);
        var plan = await context.CallActivityAsync<CoursePlan>(nameof(GetCoursePlanActivity), courseId, Retry);
        if (plan.Phase != CoursePhase.Inviting)
        {
            return plan.Phase.ToString();
        }

        var nextReminder = plan.Reminders.Where(r => r > last).Order().Cast<DateTimeOffset?>().FirstOrDefault();
        var wakeAt = nextReminder ?? plan.RsvpDeadline;
        context.SetCustomStatus(new CourseFlowStatus(plan.Phase, wakeAt, nextReminder is null ? "rsvpDeadline" : "reminder"));

        using var cancelTimer = new CancellationTokenSource();
        var timer = context.CreateTimer(wakeAt.UtcDateTime, cancelTimer.Token);
        var changed = context.WaitForExternalEvent<string>(CourseFlow.ChangedEvent);
        var winner = await Task.WhenAny(timer, changed);
        if (winner == changed)
        {
            // Cancel(), not CancelAsync(): the async form resumes off the orchestrator's thread and stalls the instance.
            cancelTimer.Cancel();
            context.ContinueAsNew(input with { LastMilestoneAt = last });
            return "woken";
        }

        // Queue-based timers may fire up to a second early: the queue's visibility delay is whole seconds,
        // truncated, so a remainder under a second would fire at once again. Sleeping towards one second
        // past the milestone gives a delay of at least a second that still ends after the milestone. A
        // milestone never happens before its time: a reply in the deadline's last second is not late.
        for (var i = 0; i < 5 && context.CurrentUtcDateTime < wakeAt.UtcDateTime; i++)
        {
            await context.CreateTimer(wakeAt.UtcDateTime.AddSeconds(1), CancellationToken.None);
        }

        if (nextReminder is { } reminderAt)
        {
            await context.CallActivityAsync<int>(nameof(SendRemindersActivity), new ReminderRequest(courseId, reminderAt), Retry);
            context.ContinueAsNew(input with { LastMilestoneAt = reminderAt });
            return "reminded";
        }

        await context.CallActivityAsync<int>(nameof(CloseRsvpActivity), courseId, Retry);
        context.SetCustomStatus(new CourseFlowStatus(CoursePhase.RsvpClosed, null, null));
        return nameof(CoursePhase.RsvpClosed);
    }
}

/// <summary>What the flow shows about itself (custom status).</summary>
public sealed record CourseFlowStatus(CoursePhase Phase, DateTimeOffset? NextWakeAt, string? Next);

public sealed class SendInvitationsActivity(CourseFlowSteps steps) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string input) => steps.InviteAsync(input, CancellationToken.None);
}

public sealed class SendRemindersActivity(CourseFlowSteps steps) : TaskActivity<ReminderRequest, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, ReminderRequest input) => steps.RemindAsync(input, CancellationToken.None);
}

public sealed class CloseRsvpActivity(CourseFlowSteps steps) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string input) => steps.CloseRsvpAsync(input, CancellationToken.None);
}

public sealed class GetCoursePlanActivity(CourseFlowSteps steps) : TaskActivity<string, CoursePlan>
{
    public override Task<CoursePlan> RunAsync(TaskActivityContext context, string input) => steps.GetPlanAsync(input, CancellationToken.None);
}
