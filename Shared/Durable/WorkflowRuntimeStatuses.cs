namespace Workflow.Durable;

/// <summary>
/// The one definition of an "active" workflow instance, shared by both <see cref="IWorkflowClient"/> adapters
/// and the course flow recovery: an active instance holds its id, so a start with that id is refused.
/// </summary>
public static class WorkflowRuntimeStatuses
{
    /// <summary>Every status <see cref="IsActive"/> holds for, in enum order.</summary>
    public static IReadOnlyList<WorkflowRuntimeStatus> Active { get; } =
        [.. Enum.GetValues<WorkflowRuntimeStatus>().Where(IsActive)];

    /// <summary>
    /// Scheduled and not finished: <see cref="WorkflowRuntimeStatus.Pending"/> (scheduled, not picked up yet),
    /// <see cref="WorkflowRuntimeStatus.Running"/>, <see cref="WorkflowRuntimeStatus.ContinuedAsNew"/> (between two
    /// generations of the same instance) and <see cref="WorkflowRuntimeStatus.Suspended"/>. Completed, failed and
    /// terminated instances are not active, nor is <see cref="WorkflowRuntimeStatus.Unknown"/> (a status this code does not know).
    /// </summary>
    public static bool IsActive(this WorkflowRuntimeStatus status) => status is
        WorkflowRuntimeStatus.Pending or
        WorkflowRuntimeStatus.Running or
        WorkflowRuntimeStatus.ContinuedAsNew or
        WorkflowRuntimeStatus.Suspended;
}
