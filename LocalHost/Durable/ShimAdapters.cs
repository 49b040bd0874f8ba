using DurableTask.Core;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using CoreTaskActivity = DurableTask.Core.TaskActivity;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// One execution of an SDK orchestrator. DurableTask.Core asks for the orchestration before the
/// dispatch middleware runs, so the SDK shim (which needs the parent instance, if any) is built
/// only when the execution starts; <see cref="ParentMiddleware"/> fills in the parent first.
/// </summary>
internal sealed class DeferredOrchestration(TaskName name, Func<ITaskOrchestrator> createOrchestrator, DurableTaskShimFactory shims)
    : TaskOrchestration
{
    private TaskOrchestration? _shim;

    public ParentOrchestrationInstance? Parent { get; set; }

    public override Task<string> Execute(OrchestrationContext context, string input)
    {
        _shim = shims.CreateOrchestration(name, createOrchestrator(), Parent);
        return _shim.Execute(context, input);
    }

    public override string? GetStatus() => _shim?.GetStatus();

    public override void RaiseEvent(OrchestrationContext context, string name, string input) =>
        _shim?.RaiseEvent(context, name, input);

    /// <summary>Orchestration dispatcher middleware that hands a sub-orchestration its parent.</summary>
    public static Task ParentMiddleware(DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<TaskOrchestration>() is DeferredOrchestration orchestration
            && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { } parent)
        {
            orchestration.Parent = new ParentOrchestrationInstance(
                new TaskName(parent.Name), parent.OrchestrationInstance.InstanceId);
        }

        return next();
    }
}

/// <summary>
/// One execution of an SDK activity: resolves the activity in a new DI scope, runs it through the
/// SDK shim, and disposes the scope when the run ends.
/// </summary>
internal sealed class ScopedActivity(TaskName name, Type activityType, IServiceScopeFactory scopes, DurableTaskShimFactory shims)
    : CoreTaskActivity
{
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("The dispatcher runs activities through RunAsync.");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        await using var scope = scopes.CreateAsyncScope();
        var activity = (ITaskActivity)scope.ServiceProvider.GetRequiredService(activityType);
        return await shims.CreateActivity(name, activity).RunAsync(context, input);
    }
}
