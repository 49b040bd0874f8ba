using Workflow.Courses.Storage;
using Workflow.Durable;

namespace Workflow.Courses;

/// <summary>
/// Timer function <c>CourseFlowRecovery</c>: a course that still has milestones ahead (<see cref="NeedsFlow"/>: an
/// inviting course, a notice or a cancellation not yet sent) but whose flow is gone (never scheduled, failed,
/// terminated) gets its flow back. The flow's steps are idempotent, so a restart only sends what is still missing.
/// Nothing an organiser started or changed is left without a flow.
/// </summary>
public sealed partial class CourseFlowRecovery(CourseStore courseStore, ILogger<CourseFlowRecovery> logger)
{
    public const string FunctionName = "CourseFlowRecovery";

    /// <summary>Every 15 minutes (UTC, six-field CRON as Functions timers use).</summary>
    public const string Schedule = "0 */15 * * * *";

    public async Task<int> RunAsync(IWorkflowClient flows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flows);
        var restarted = 0;
        foreach (var id in await ListWithMilestonesAheadAsync(cancellationToken))
        {
            var instanceId = CourseFlow.InstanceIdFor(id);
            // The read only spares a refused start (and its log line) for the many courses whose flow runs; the
            // start itself is the check that counts: it refuses an active instance in one step (IWorkflowClient.StartAsync).
            var status = await flows.GetStatusAsync(instanceId, cancellationToken);
            if (status is not null && status.RuntimeStatus.IsActive())
            {
                continue;
            }

            if (await flows.StartAsync(nameof(CourseOrchestrator), instanceId, new CourseFlowInput(id), cancellationToken))
            {
                LogRestarted(logger, id, status?.RuntimeStatus.ToString() ?? "missing");
                restarted++;
            }
        }

        return restarted;
    }

    /// <summary>Whether a course has something still to do that only its flow does (its schedule is not empty).</summary>
    public static bool NeedsFlow(Course course) => CourseSchedule.For(course).Count > 0;

    private async Task<List<string>> ListWithMilestonesAheadAsync(CancellationToken cancellationToken)
    {
        var ids = await courseStore.ListIdsInPhaseAsync(CoursePhase.Inviting, cancellationToken);
        foreach (var phase in new[] { CoursePhase.RsvpClosed, CoursePhase.InProgress, CoursePhase.FollowUp, CoursePhase.Cancelled })
        {
            foreach (var id in await courseStore.ListIdsInPhaseAsync(phase, cancellationToken))
            {
                if (await courseStore.GetAsync(id, cancellationToken) is { } course && NeedsFlow(course))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Course {CourseId} had no running flow ({Status}); flow restarted")]
    private static partial void LogRestarted(ILogger logger, string courseId, string status);
}
