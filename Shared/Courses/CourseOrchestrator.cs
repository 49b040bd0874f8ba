using Microsoft.DurableTask;

namespace Workflow.Courses;

/// <param name="CourseId">The course this flow drives.</param>
/// <param name="LastMilestoneAt">When the last milestone handled was due; milestones at or before it are not run again.
/// Null in the first generation, where it becomes the start time (reminders already past at start are skipped).</param>
/// <param name="LastMilestoneKey">The key of that milestone (two milestones may share a time).</param>
public sealed record CourseFlowInput(string CourseId, DateTimeOffset? LastMilestoneAt = null, string? LastMilestoneKey = null);

/// <summary>
/// One orchestration per course (instance id <c>course-{id}</c>), one small generic loop: invite whoever has no
/// invitation yet, read the course's schedule (<see cref="CourseSchedule"/>, computed from the tables), sleep until
/// the next milestone after the last one handled — or until a <see cref="CourseFlow.ChangedEvent"/> wakes it early —,
/// hand it to <see cref="RunMilestoneActivity"/> (which runs the idempotent step of its row in <see cref="MilestoneTable"/>),
/// and ContinueAsNew. The orchestrator knows no milestone kind: new behaviour is a new row, not a new orchestrator
/// branch; a reschedule or a cancellation is a table write and the event, and the next generation follows it.
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
        var last = new MilestoneMark(input.LastMilestoneAt ?? new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero), input.LastMilestoneKey ?? string.Empty);

        await context.CallActivityAsync<int>(nameof(SendInvitationsActivity), courseId, Retry);
        var plan = await context.CallActivityAsync<CoursePlan>(nameof(GetCoursePlanActivity), courseId, Retry);
        var next = CourseSchedule.Next(plan.Milestones, last);
        if (next is null)
        {
            context.SetCustomStatus(new CourseFlowStatus(plan.Phase, null, null));
            return plan.Phase.ToString();
        }

        context.SetCustomStatus(new CourseFlowStatus(plan.Phase, next.At, CourseFlowStatus.NameOf(next.Kind)));
        using var cancelTimer = new CancellationTokenSource();
        var timer = context.CreateTimer(next.At.UtcDateTime, cancelTimer.Token);
        var changed = context.WaitForExternalEvent<string>(CourseFlow.ChangedEvent);
        var winner = await Task.WhenAny(timer, changed);
        if (winner == changed)
        {
            // Cancel(), not CancelAsync(): the async form resumes off the orchestrator's thread and stalls the instance.
            cancelTimer.Cancel();

            // Other "changed" events already received are dropped, not carried into the next generation: each would wake
            // one more generation to read the same tables. The next generation starts by reading them (invitations,
            // promotions, confirmations, its plan) after this point, so it sees every fact written before those events
            // were raised; events raised later reach the new generation. (A burst of replies raised a few dozen.)
            context.ContinueAsNew(input with { LastMilestoneAt = last.At, LastMilestoneKey = input.LastMilestoneKey }, preserveUnprocessedEvents: false);
            return "woken";
        }

        // Queue-based timers may fire up to a second early: the queue's visibility delay is whole seconds,
        // truncated, so a remainder under a second would fire at once again. Sleeping towards one second
        // past the milestone gives a delay of at least a second that still ends after the milestone. A
        // milestone never happens before its time: a reply in the deadline's last second is not late.
        for (var i = 0; i < 5 && context.CurrentUtcDateTime < next.At.UtcDateTime; i++)
        {
            await context.CreateTimer(next.At.UtcDateTime.AddSeconds(1), CancellationToken.None);
        }

        // Every milestone, whatever its kind, is the same call: the activity runs the step of its row in MilestoneTable.
        await context.CallActivityAsync<int>(nameof(RunMilestoneActivity), new MilestoneRequest(courseId, next), Retry);
        var mark = CourseSchedule.After(last, next);
        context.ContinueAsNew(input with { LastMilestoneAt = mark.At, LastMilestoneKey = mark.Key }, preserveUnprocessedEvents: false); // as above
        return next.Key;
    }
}

/// <summary>What the flow shows about itself (custom status).</summary>
public sealed record CourseFlowStatus(CoursePhase Phase, DateTimeOffset? NextWakeAt, string? Next)
{
    /// <summary>The milestone kind as the status names it (<c>reminder</c>, <c>rsvpDeadline</c>).</summary>
    public static string NameOf(MilestoneKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}

public sealed class SendInvitationsActivity(CourseFlowSteps steps) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string input) => steps.InviteAsync(input, CancellationToken.None);
}

public sealed class GetCoursePlanActivity(CourseFlowSteps steps) : TaskActivity<string, CoursePlan>
{
    public override Task<CoursePlan> RunAsync(TaskActivityContext context, string input) => steps.GetPlanAsync(input, CancellationToken.None);
}

/// <summary>A milestone of a course to run: the input of <see cref="RunMilestoneActivity"/>. The milestone carries its own
/// arguments (its time, and its key: <c>sessionEnd:{n}</c>, <c>remindNow:{request}</c>...), which the row's step reads back.</summary>
public sealed record MilestoneRequest(string CourseId, Milestone Milestone);

/// <summary>
/// The one activity of every milestone (one Functions trigger, one local registration): runs the step that the
/// milestone's row in <see cref="MilestoneTable"/> names, with services from the activity's scope. Idempotent because
/// every step is.
/// </summary>
public sealed class RunMilestoneActivity(IServiceProvider services) : TaskActivity<MilestoneRequest, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, MilestoneRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return MilestoneTable.Of(input.Milestone.Kind).Run(services, input, CancellationToken.None);
    }
}
