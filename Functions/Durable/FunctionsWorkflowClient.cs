using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Workflow.Durable;

namespace Workflow.Functions.Durable;

/// <summary><see cref="IWorkflowClient"/> over the Durable Functions client of one invocation.</summary>
internal sealed class FunctionsWorkflowClient(DurableTaskClient client) : IWorkflowClient
{
    public async Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended })
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(orchestratorName), input, new StartOrchestrationOptions(instanceId), cancellationToken);
        return true;
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
                state.RuntimeStatus switch
                {
                    OrchestrationRuntimeStatus.Pending => WorkflowRuntimeStatus.Pending,
                    OrchestrationRuntimeStatus.Running => WorkflowRuntimeStatus.Running,
                    OrchestrationRuntimeStatus.Completed => WorkflowRuntimeStatus.Completed,
#pragma warning disable CS0618 // ContinuedAsNew is obsolete in the SDK but may still be reported.
                    OrchestrationRuntimeStatus.ContinuedAsNew => WorkflowRuntimeStatus.ContinuedAsNew,
#pragma warning restore CS0618
                    OrchestrationRuntimeStatus.Failed => WorkflowRuntimeStatus.Failed,
                    OrchestrationRuntimeStatus.Terminated => WorkflowRuntimeStatus.Terminated,
                    OrchestrationRuntimeStatus.Suspended => WorkflowRuntimeStatus.Suspended,
                    _ => WorkflowRuntimeStatus.Unknown,
                },
                state.CreatedAt,
                state.LastUpdatedAt,
                state.SerializedCustomStatus);
    }

    public async Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken = default)
    {
        var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (state is { IsRunning: true })
        {
            await client.TerminateInstanceAsync(instanceId, reason, cancellationToken);
        }
    }
}
