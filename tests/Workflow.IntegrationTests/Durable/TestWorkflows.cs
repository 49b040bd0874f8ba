using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace Workflow.IntegrationTests.Durable;

// Orchestrators and activities that exercise the local engine; they are test fixtures, not product code.

/// <summary>A DI service for <see cref="GreetActivity"/>; records its disposal to prove the activity's scope ends.</summary>
public interface IGreeter
{
    string Greet(string name);
}

public sealed class Greeter : IGreeter, IDisposable
{
    private string? _greeted;

    /// <summary>Name greeted → number of disposed greeters that greeted it.</summary>
    public static ConcurrentDictionary<string, int> Disposals { get; } = new(StringComparer.Ordinal);

    public string Greet(string name)
    {
        _greeted = name;
        return "Xin chào " + name;
    }

    public void Dispose()
    {
        if (_greeted is not null)
        {
            Disposals.AddOrUpdate(_greeted, 1, (_, count) => count + 1);
        }
    }
}

public sealed record RaceInput(string Name, int TimeoutSeconds);

public sealed record RaceResult(string Greeting, string Outcome, string? Approver);

/// <summary>Calls an activity, then races a durable timer against an external event.</summary>
public sealed class RaceOrchestrator : TaskOrchestrator<RaceInput, RaceResult>
{
    public const string ApproveEvent = "Approve";
    public const string Waiting = "waiting";

    public override async Task<RaceResult> RunAsync(TaskOrchestrationContext context, RaceInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        var greeting = await context.CallActivityAsync<string>(nameof(GreetActivity), input.Name);
        context.SetCustomStatus(new RaceResult(greeting, Waiting, null));

        using var cancelTimer = new CancellationTokenSource();
        var timeout = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input.TimeoutSeconds), cancelTimer.Token);
        var approval = context.WaitForExternalEvent<string>(ApproveEvent);
        RaceResult result;
        if (await Task.WhenAny(timeout, approval) == approval)
        {
            // Cancel(), never CancelAsync(): the latter resumes on the thread pool, outside the orchestrator's
            // synchronous episode, and the instance stops making progress.
            cancelTimer.Cancel();
            result = new RaceResult(greeting, "approved", approval.Result);
        }
        else
        {
            result = new RaceResult(greeting, "timeout", null);
        }

        context.SetCustomStatus(result);
        return result;
    }
}

public sealed class GreetActivity(IGreeter greeter) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        Task.FromResult(greeter.Greet(input));
}

/// <summary>Counts executions of each step, keyed per test.</summary>
public static class ExecutionCounter
{
    private static readonly ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);

    public static void Increment(string key) => Counts.AddOrUpdate(key, 1, (_, count) => count + 1);

    public static int Get(string key) => Counts.TryGetValue(key, out var count) ? count : 0;
}

public sealed record StepInput(string Key, string Step);

public sealed class CountStepActivity : TaskActivity<StepInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, StepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ExecutionCounter.Increment(input.Key + ":" + input.Step);
        return Task.FromResult(ExecutionCounter.Get(input.Key + ":" + input.Step));
    }
}

public sealed record PersistInput(string Key, int TimerSeconds);

/// <summary>One step, a durable timer, another step.</summary>
public sealed class PersistOrchestrator : TaskOrchestrator<PersistInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, PersistInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        await context.CallActivityAsync<int>(nameof(CountStepActivity), new StepInput(input.Key, "before"));
        context.SetCustomStatus("waiting");
        await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input.TimerSeconds), CancellationToken.None);
        await context.CallActivityAsync<int>(nameof(CountStepActivity), new StepInput(input.Key, "after"));
        context.SetCustomStatus("done");
        return "done";
    }
}

public sealed record CollectState(string Key, int Expected, IReadOnlyList<int> Handled, int Generation);

/// <summary>Handles one event per generation (with an activity in between), then continues as new.</summary>
public sealed class CollectOrchestrator : TaskOrchestrator<CollectState, CollectState>
{
    public const string ItemEvent = "Item";

    public override async Task<CollectState> RunAsync(TaskOrchestrationContext context, CollectState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        var item = await context.WaitForExternalEvent<int>(ItemEvent);
        await context.CallActivityAsync<bool>(nameof(RecordItemActivity), new RecordItem(input.Key, item));
        var next = input with { Handled = [.. input.Handled, item], Generation = input.Generation + 1 };
        context.SetCustomStatus(next);
        if (next.Handled.Count < next.Expected)
        {
            // The SDK default keeps events that arrived but were not handled yet for the next generation.
            context.ContinueAsNew(next);
        }

        return next;
    }
}

public sealed record RecordItem(string Key, int Item);

/// <summary>Records each item it handles; the first item's run is slow so that events pile up meanwhile.</summary>
public sealed class RecordItemActivity : TaskActivity<RecordItem, bool>
{
    public static ConcurrentDictionary<string, ConcurrentQueue<int>> Recorded { get; } = new(StringComparer.Ordinal);

    public static ConcurrentDictionary<string, TaskCompletionSource> FirstStarted { get; } = new(StringComparer.Ordinal);

    public static TimeSpan FirstItemDuration { get; } = TimeSpan.FromSeconds(2);

    public override async Task<bool> RunAsync(TaskActivityContext context, RecordItem input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Recorded.GetOrAdd(input.Key, _ => new ConcurrentQueue<int>()).Enqueue(input.Item);
        if (Recorded[input.Key].Count == 1)
        {
            FirstStarted.GetOrAdd(input.Key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            await Task.Delay(FirstItemDuration);
        }

        return true;
    }
}

/// <summary>Calls <see cref="ChildOrchestrator"/> as a sub-orchestration and reports what it saw.</summary>
public sealed class ParentOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reply = await context.CallSubOrchestratorAsync<string>(nameof(ChildOrchestrator), input);
        context.SetCustomStatus(reply);
        return reply;
    }
}

/// <summary>Answers with its input and the parent it was given.</summary>
public sealed class ChildOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult($"{input} from {context.Parent?.Name}/{context.Parent?.InstanceId}");
    }
}
