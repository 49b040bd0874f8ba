namespace Workflow.Durable;

/// <summary>
/// The one thing HTTP handlers know about the Durable Task engine: start a flow, signal it,
/// read it, stop it. The Functions app adapts the Functions <c>DurableTaskClient</c>; the local
/// host adapts DurableTask.Core's <c>TaskHubClient</c> over the Azure Storage provider.
/// </summary>
public interface IWorkflowClient
{
    /// <summary>Schedules a new orchestration instance. Returns false when an instance with that id already runs.</summary>
    Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default);

    /// <summary>Raises an event to the current generation of an instance (events to unknown instances are dropped by the engine).</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default);

    /// <summary>Reads the instance's status, or null when no such instance exists.</summary>
    Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Terminates a running instance; does nothing for an unknown or finished one.</summary>
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
