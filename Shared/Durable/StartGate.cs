namespace Workflow.Durable;

/// <summary>
/// Serializes starts of one instance id within this process. The Azure Storage backend (the local host's, and the
/// Durable Functions host's by default) checks the existing instance's status and then queues the start: two
/// concurrent starts can both pass the check. Its dispatcher drops the second start message, so one instance runs,
/// but both callers would be told they started it. One start at a time per id makes the backend's check exact here;
/// starts from different processes still rely on the dispatcher alone.
/// </summary>
public static class StartGate
{
    private static readonly Dictionary<string, Gate> Gates = new(StringComparer.Ordinal);

    public static async Task<T> RunAsync<T>(string instanceId, Func<Task<T>> start, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (Gates)
        {
            if (!Gates.TryGetValue(instanceId, out gate!))
            {
                gate = new Gate();
                Gates[instanceId] = gate;
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
            try
            {
                return await start();
            }
            finally
            {
                gate.Semaphore.Release();
            }
        }
        finally
        {
            lock (Gates)
            {
                if (--gate.Users == 0)
                {
                    Gates.Remove(instanceId);
                    gate.Semaphore.Dispose();
                }
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
