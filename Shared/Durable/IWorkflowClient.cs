namespace Workflow.Durable;

/// <summary>
/// The one thing HTTP handlers know about the Durable Task engine: start a flow, signal it,
/// read it, stop it. The Functions app adapts the Functions <c>DurableTaskClient</c>; the local
/// host adapts DurableTask.Core's <c>TaskHubClient</c> over the Azure Storage provider.
/// </summary>
public interface IWorkflowClient
{
    /// <summary>
    /// Starts once: schedules a new instance of <paramref name="orchestratorName"/> under <paramref name="instanceId"/>
    /// unless an instance with that id is active (<see cref="WorkflowRuntimeStatuses.IsActive"/>), and says whether it did.
    /// The adapters never read then write: they hand the active statuses to the backend with the start and let it
    /// refuse the duplicate, and within one process only one start per id is in flight (<see cref="StartGate"/>), so
    /// of concurrent starts in one process exactly one returns true, and an instance between two generations
    /// (ContinueAsNew) still holds its id. Across processes the Azure Storage backend itself checks then queues, so two
    /// hosts could both be told true; its dispatcher then drops the second start event and one instance runs. Callers
    /// that must decide once across hosts claim the start in a table first (a course's start is claimed on the course
    /// row's ETag before the flow is scheduled). An id whose instance completed, failed or was terminated is started
    /// again (true): that is how the recovery timer brings a flow back.
    /// </summary>
    /// <returns>True when this call scheduled the instance; false when an active instance already had the id.</returns>
    Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default);

    /// <summary>Raises an event to the current generation of an instance (events to unknown instances are dropped by the engine).</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default);

    /// <summary>Reads the instance's status, or null when no such instance exists.</summary>
    Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Terminates an active instance; does nothing for an unknown or finished one.</summary>
    Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken = default);
}

public sealed record WorkflowStatus(
    string InstanceId,
    string Name,
    WorkflowRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? SerializedCustomStatus);

public enum WorkflowRuntimeStatus
{
    Unknown,
    Pending,
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Terminated,
    Suspended,
}
