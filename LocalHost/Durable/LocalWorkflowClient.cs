using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Workflow.Durable;

namespace Workflow.LocalHost.Durable;

/// <summary><see cref="IWorkflowClient"/> over DurableTask.Core's <see cref="TaskHubClient"/> (the local host's engine).</summary>
public sealed class LocalWorkflowClient(TaskHubClient client) : IWorkflowClient
{
    /// <summary>An instance in one of these states blocks a new start with the same id.</summary>
    private static readonly OrchestrationStatus[] ActiveStatuses =
    [
        OrchestrationStatus.Pending,
        OrchestrationStatus.Running,
        OrchestrationStatus.ContinuedAsNew,
        OrchestrationStatus.Suspended,
    ];

    public async Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
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
        if (state is null || Array.IndexOf(ActiveStatuses, state.OrchestrationStatus) < 0)
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

    private static DateTimeOffset AsUtc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
