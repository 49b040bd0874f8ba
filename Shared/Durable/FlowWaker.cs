using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workflow.Durable;

/// <summary>
/// Wakes a flow after facts were written (replies, hand-overs, offline replies: the flow sends their confirmation or
/// promotion from the rows' outbox marks), at most once per <see cref="Interval"/> per flow and process; what a wake
/// does (start or raise) is the caller's (<see cref="Courses.CourseFlows"/>). A burst of
/// replies used to raise one event each: a queue message, a history row and a replay of the growing history per reply,
/// for one flow that only needs to look once more. Here the first call raises at once (and waits for it, as before);
/// calls within the interval after it share one more raise at the end of the interval, which starts after each of them
/// returned, so every written fact is followed by a wake. That trailing raise runs in the background: if the process
/// dies before it, the marks stay in the rows and the flow's next generation sends them, as when a process died
/// between a write and its raise before.
/// </summary>
public sealed partial class FlowWaker(ILogger<FlowWaker> logger)
{
    /// <summary>The shortest time between two raises for one flow from this process (real time: a throttle, not a rule).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, State> _flows = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="wake"/> for <paramref name="instanceId"/> now, or once at the end of the current interval.</summary>
    public async Task WakeAsync(string instanceId, Func<CancellationToken, Task> wake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        var state = _flows.GetOrAdd(instanceId, _ => new State());
        TimeSpan wait;
        lock (state)
        {
            if (state.Scheduled)
            {
                return; // a raise that has not started yet will follow this call
            }

            var since = Stopwatch.GetElapsedTime(state.LastRaise);
            if (state.LastRaise == 0 || since >= Interval)
            {
                state.LastRaise = Stopwatch.GetTimestamp();
                wait = TimeSpan.Zero;
            }
            else
            {
                state.Scheduled = true;
                wait = Interval - since;
            }
        }

        if (wait == TimeSpan.Zero)
        {
            await wake(cancellationToken);
            return;
        }

        _ = Task.Run(() => RaiseLaterAsync(instanceId, wake, state, wait), CancellationToken.None);
    }

    private async Task RaiseLaterAsync(string instanceId, Func<CancellationToken, Task> wake, State state, TimeSpan wait)
    {
        await Task.Delay(wait, CancellationToken.None);
        lock (state)
        {
            state.Scheduled = false;
            state.LastRaise = Stopwatch.GetTimestamp();
        }

        try
        {
            await wake(CancellationToken.None);
        }
#pragma warning disable CA1031 // Nobody waits for this raise: log it; the rows' outbox marks stay for the flow's next generation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRaiseFailed(logger, ex, instanceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking flow {InstanceId} failed; its next generation sends what is marked")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string instanceId);

    private sealed class State
    {
        public long LastRaise { get; set; }

        public bool Scheduled { get; set; }
    }
}
