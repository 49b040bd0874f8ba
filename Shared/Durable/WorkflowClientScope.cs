namespace Workflow.Durable;

/// <summary>
/// Where the code that wakes flows finds the Durable Task client of the current call, so handlers never carry it: the
/// local host has one client for the process (registered as <see cref="IWorkflowClient"/>); a Functions invocation gets
/// its own from the <c>[DurableClient]</c> binding, and its trigger runs the handler inside <see cref="RunAsync{T}"/>.
/// </summary>
public sealed class WorkflowClientScope
{
    private static readonly AsyncLocal<IWorkflowClient?> Bound = new();
    private readonly IWorkflowClient? _process;

    /// <summary>Functions: no client for the process; each trigger binds its own.</summary>
    public WorkflowClientScope()
    {
    }

    /// <summary>A host with one client for the whole process (the local host).</summary>
    public WorkflowClientScope(IWorkflowClient process)
    {
        _process = process;
    }

    /// <summary>The client of this call: the one a trigger bound, else the process's.</summary>
    public IWorkflowClient Current =>
        Bound.Value ?? _process ?? throw new InvalidOperationException(
            "No Durable Task client is bound to this call: a Functions trigger whose handler wakes a flow binds [DurableClient] and runs the handler inside WorkflowClientScope.RunAsync.");

    /// <summary>Runs <paramref name="call"/> with <paramref name="client"/> as the current client (only within the call: an async method restores its caller's context).</summary>
    public static async Task<T> RunAsync<T>(IWorkflowClient client, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(call);
        Bound.Value = client;
        return await call();
    }
}
