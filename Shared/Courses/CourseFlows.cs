using Workflow.Durable;

namespace Workflow.Courses;

/// <summary>
/// The one way a handler reaches a course's flow: start it once, or wake it after facts were written. Handlers write
/// the fact first (tables are the truth), then call <see cref="WakeAsync"/>: a running flow gets the change event, a flow
/// that has ended (or never ran) gets a new generation, which computes its schedule from the tables and sends what the
/// rows' outbox marks hold. Wakes of one flow are coalesced (<see cref="FlowWaker"/>): a burst of replies costs one or
/// two raises, not one each.
/// </summary>
public sealed class CourseFlows(WorkflowClientScope clients, FlowWaker waker)
{
    /// <summary>
    /// Schedules the course's flow unless it is active; true when this call scheduled it (the course's first start is
    /// claimed on the course row before, see <see cref="CourseRepository.TryStartAsync"/>).
    /// </summary>
    public Task<bool> StartAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        return clients.Current.StartAsync(nameof(CourseOrchestrator), course.InstanceId, new CourseFlowInput(course.Id), cancellationToken);
    }

    /// <summary>
    /// The flow must see what was just written: raise <see cref="CourseFlow.ChangedEvent"/> (with <paramref name="reason"/>,
    /// for the logs) to the running flow, or start a new generation when none is active. A draft course has no flow yet:
    /// nothing happens until it is started.
    /// </summary>
    public Task WakeAsync(Course course, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Phase == CoursePhase.Draft)
        {
            return Task.CompletedTask;
        }

        var client = clients.Current; // taken now: a coalesced wake may run after this call has returned
        return waker.WakeAsync(course.InstanceId, ct => StartOrRaiseAsync(client, course, reason, ct), cancellationToken);
    }

    private static async Task StartOrRaiseAsync(IWorkflowClient client, Course course, string reason, CancellationToken cancellationToken)
    {
        if (!await client.StartAsync(nameof(CourseOrchestrator), course.InstanceId, new CourseFlowInput(course.Id), cancellationToken))
        {
            await client.RaiseEventAsync(course.InstanceId, CourseFlow.ChangedEvent, reason, cancellationToken);
        }
    }
}
