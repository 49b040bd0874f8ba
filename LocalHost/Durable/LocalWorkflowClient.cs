using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Workflow.Durable;

namespace Workflow.LocalHost.Durable;

/// <summary><see cref="IWorkflowClient"/> over DurableTask.Core's <see cref="TaskHubClient"/> (the local host's engine).</summary>
public sealed class LocalWorkflowClient(TaskHubClient client) : IWorkflowClient
{
    /// <summary>The DurableTask.Core statuses of <see cref="WorkflowRuntimeStatuses.Active"/>: a start with the id of an instance in one is refused.</summary>
    internal static OrchestrationStatus[] ActiveStatuses { get; } = [.. WorkflowRuntimeStatuses.Active.Select(ToCoreStatus)];

    /// <summary>
    /// Start once: the Azure Storage provider refuses (<see cref="OrchestrationAlreadyExistsException"/>, with
    /// <c>ThrowExceptionOnInvalidDedupeStatus</c>) a start over an instance in one of <see cref="ActiveStatuses"/>.
    /// It reads the status, then queues the start; <see cref="StartGate"/> lets one start of an id at a time through,
    /// so concurrent starts from this process cannot both pass that read.
    /// </summary>
    public Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        return StartGate.RunAsync(
            instanceId,
            async () =>
            {
                try
                {
                    await client.CreateOrchestrationInstanceAsync(
                        orchestratorName, string.Empty, instanceId, input, tags: null, dedupeStatuses: ActiveStatuses);
                    return true;
                }
                catch (OrchestrationAlreadyExistsException)
                {
                    return false;
                }
            },
            cancellationToken);
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        cancellationToken.ThrowIfCancellationRequested();

        // No ExecutionId: the event goes to whichever generation is current after ContinueAsNew.
        // A null payload serializes to null through SdkDataConverter (the event's input is then empty).
        return client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, payload!);
    }

    public async Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        var state = await client.GetOrchestrationStateAsync(instanceId);
        return state is null ? null : ToStatus(state);
    }

    public async Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        var state = await client.GetOrchestrationStateAsync(instanceId);
        if (state is null || !ToRuntimeStatus(state.OrchestrationStatus).IsActive())
        {
            return;
        }

        await client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);
    }

    internal static WorkflowStatus ToStatus(OrchestrationState state) => new(
        state.OrchestrationInstance.InstanceId,
        state.Name,
        ToRuntimeStatus(state.OrchestrationStatus),
        AsUtc(state.CreatedTime),
        AsUtc(state.LastUpdatedTime),
        string.IsNullOrEmpty(state.Status) ? null : state.Status);

    private static WorkflowRuntimeStatus ToRuntimeStatus(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Pending => WorkflowRuntimeStatus.Pending,
        OrchestrationStatus.Running => WorkflowRuntimeStatus.Running,
        OrchestrationStatus.Completed => WorkflowRuntimeStatus.Completed,
        OrchestrationStatus.ContinuedAsNew => WorkflowRuntimeStatus.ContinuedAsNew,
        OrchestrationStatus.Failed => WorkflowRuntimeStatus.Failed,
        OrchestrationStatus.Canceled or OrchestrationStatus.Terminated => WorkflowRuntimeStatus.Terminated,
        OrchestrationStatus.Suspended => WorkflowRuntimeStatus.Suspended,
        _ => WorkflowRuntimeStatus.Unknown,
    };

    private static OrchestrationStatus ToCoreStatus(WorkflowRuntimeStatus status) => status switch
    {
        WorkflowRuntimeStatus.Pending => OrchestrationStatus.Pending,
        WorkflowRuntimeStatus.Running => OrchestrationStatus.Running,
        WorkflowRuntimeStatus.Completed => OrchestrationStatus.Completed,
        WorkflowRuntimeStatus.ContinuedAsNew => OrchestrationStatus.ContinuedAsNew,
        WorkflowRuntimeStatus.Failed => OrchestrationStatus.Failed,
        WorkflowRuntimeStatus.Terminated => OrchestrationStatus.Terminated,
        WorkflowRuntimeStatus.Suspended => OrchestrationStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No DurableTask.Core status for it."),
    };

    private static DateTimeOffset AsUtc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
