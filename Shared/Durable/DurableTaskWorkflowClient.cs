using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Workflow.Durable;

/// <summary>
/// <see cref="IWorkflowClient"/> over the Durable Task SDK's <see cref="DurableTaskClient"/>: the Functions app's
/// <c>[DurableClient]</c> (gRPC to the Durable Functions host), and <c>DurableTaskTestHost</c>'s client in tests.
/// </summary>
public sealed class DurableTaskWorkflowClient(DurableTaskClient client) : IWorkflowClient
{
#pragma warning disable CS0618 // ContinuedAsNew is obsolete in the SDK, but an instance between generations must still hold its id.
    /// <summary>The SDK statuses of <see cref="WorkflowRuntimeStatuses.Active"/>: a start with the id of an instance in one is refused.</summary>
    internal static OrchestrationRuntimeStatus[] DedupeStatuses { get; } = [.. WorkflowRuntimeStatuses.Active.Select(ToSdk)];

    /// <summary>
    /// Start once, in one step: the backend refuses to schedule over an instance in <see cref="DedupeStatuses"/> and
    /// the SDK reports that as <see cref="OrchestrationAlreadyExistsException"/> (gRPC AlreadyExists). The statuses go
    /// with the request; a Durable Functions host that does not read them applies its own
    /// <c>overridableExistingInstanceStates</c>, whose default (NonRunningStates) is the same list. Starts of one id
    /// from this process go one at a time (<see cref="StartGate"/>).
    /// </summary>
    public Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var options = new StartOrchestrationOptions(instanceId).WithDedupeStatuses(DedupeStatuses);
        return StartGate.RunAsync(
            instanceId,
            async () =>
            {
                try
                {
                    await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(orchestratorName), input, options, cancellationToken);
                    return true;
                }
                catch (OrchestrationAlreadyExistsException)
                {
                    return false;
                }
            },
            cancellationToken);
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default) =>
        client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);

    public async Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return state is null
            ? null
            : new WorkflowStatus(
                state.InstanceId,
                state.Name,
                ToRuntimeStatus(state.RuntimeStatus),
                state.CreatedAt,
                state.LastUpdatedAt,
                state.SerializedCustomStatus);
    }

    public async Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken = default)
    {
        var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (state is not null && ToRuntimeStatus(state.RuntimeStatus).IsActive())
        {
            await client.TerminateInstanceAsync(instanceId, reason, cancellationToken);
        }
    }

    internal static WorkflowRuntimeStatus ToRuntimeStatus(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => WorkflowRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running => WorkflowRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Completed => WorkflowRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.ContinuedAsNew => WorkflowRuntimeStatus.ContinuedAsNew,
        OrchestrationRuntimeStatus.Failed => WorkflowRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Canceled or OrchestrationRuntimeStatus.Terminated => WorkflowRuntimeStatus.Terminated,
        OrchestrationRuntimeStatus.Suspended => WorkflowRuntimeStatus.Suspended,
        _ => WorkflowRuntimeStatus.Unknown,
    };

    private static OrchestrationRuntimeStatus ToSdk(WorkflowRuntimeStatus status) => status switch
    {
        WorkflowRuntimeStatus.Pending => OrchestrationRuntimeStatus.Pending,
        WorkflowRuntimeStatus.Running => OrchestrationRuntimeStatus.Running,
        WorkflowRuntimeStatus.Completed => OrchestrationRuntimeStatus.Completed,
        WorkflowRuntimeStatus.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
        WorkflowRuntimeStatus.Failed => OrchestrationRuntimeStatus.Failed,
        WorkflowRuntimeStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        WorkflowRuntimeStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No Durable Task SDK status for it."),
    };
#pragma warning restore CS0618
}
