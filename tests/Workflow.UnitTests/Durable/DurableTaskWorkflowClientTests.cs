using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Workflow.Durable;

namespace Workflow.UnitTests.Durable;

/// <summary>The input of the test orchestrator <c>Hold</c>: a per-test key, and whether to continue as new once before holding.</summary>
public sealed record HoldInput(string Key, bool ContinueFirst, int Generation = 0);

/// <summary>
/// A real Durable Task engine (DurableTaskTestHost: in-memory backend behind the SDK's gRPC client, as the Functions
/// host is behind the Functions app's client) with two test orchestrators: <c>Hold</c> counts its first generation's
/// runs per key, optionally continues as new once, then waits for an event; <c>Fail</c> fails at once.
/// </summary>
public sealed class WorkflowEngineFixture : IAsyncLifetime
{
    public const string Hold = "Hold";
    public const string Fail = "Fail";
    public const string Release = "Release";

    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    public DurableTaskTestHost Host { get; private set; } = null!;

    /// <summary>How many times a first generation of <c>Hold</c> (or <c>Fail</c>) ran for <paramref name="key"/>: once per instance started.</summary>
    public int Runs(string key) => _runs.GetValueOrDefault(key);

    public async Task InitializeAsync()
    {
        Host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddActivityFunc<string, int>("CountRun", (_, key) => _runs.AddOrUpdate(key, 1, (_, n) => n + 1));
            registry.AddOrchestratorFunc<HoldInput, string>(Hold, async (context, input) =>
            {
                if (input.Generation == 0)
                {
                    await context.CallActivityAsync<int>("CountRun", input.Key);
                }

                if (input.ContinueFirst && input.Generation == 0)
                {
                    context.ContinueAsNew(input with { Generation = 1 });
                    return "continued";
                }

                context.SetCustomStatus("holding " + input.Generation);
                return await context.WaitForExternalEvent<string>(Release);
            });
            registry.AddOrchestratorFunc<string, string>(Fail, async (context, key) =>
            {
                await context.CallActivityAsync<int>("CountRun", key);
                throw new InvalidOperationException("fails on purpose");
            });
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// <see cref="DurableTaskWorkflowClient"/> (the Functions app's adapter) against a real <c>DurableTaskClient</c>: start once
/// (<see cref="IWorkflowClient.StartAsync"/>) holds while the instance is active, even across ContinueAsNew and under
/// concurrent starts, and lets a finished instance's id be started again.
/// </summary>
public sealed class DurableTaskWorkflowClientTests(WorkflowEngineFixture engine) : IClassFixture<WorkflowEngineFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly string _key = Guid.NewGuid().ToString("N")[..16];

    private DurableTaskWorkflowClient Client => new(engine.Host.Client);

    private string Id => "test-" + _key;

    [Fact]
    public async Task A_second_start_is_refused_while_the_instance_is_pending_or_running_and_allowed_once_it_completed()
    {
        Assert.True(await Client.StartAsync(WorkflowEngineFixture.Hold, Id, new HoldInput(_key, false)));
        Assert.False(await Client.StartAsync(WorkflowEngineFixture.Hold, Id, new HoldInput(_key, false)));

        await WaitForAsync(s => s.SerializedCustomStatus == "\"holding 0\"");
        Assert.False(await Client.StartAsync(WorkflowEngineFixture.Hold, Id, new HoldInput(_key, false)));
        Assert.Equal(1, engine.Runs(_key));
        Assert.Equal(WorkflowRuntimeStatus.Running, (await Client.GetStatusAsync(Id))!.RuntimeStatus);

        await Client.RaiseEventAsync(Id, WorkflowEngineFixture.Release, "done");
        await WaitForAsync(s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);
        Assert.True(await Client.StartAsync(WorkflowEngineFixture.Hold, Id, new HoldInput(_key, false)));
        await WaitForAsync(s => s.RuntimeStatus == WorkflowRuntimeStatus.Running && engine.Runs(_key) == 2);
        await Client.TerminateAsync(Id, "test over");
    }

    [Fact]
    public async Task An_instance_that_continued_as_new_still_holds_its_id_until_it_is_terminated()
    {
        Assert.True(await Client.StartAsync(WorkflowEngineFixture.Hold, Id, new HoldInput(_key, true)));
        await WaitForAsync(s => s.SerializedCustomStatus == "\"holding 1\"");

        Assert.False(await Client.StartAsync(WorkflowEngineFixture.Hold, Id, new HoldInput(_key, true)));
        await Task.Delay(500); // a second instance, had it been scheduled, would have counted its run by now
        Assert.Equal(1, engine.Runs(_key));
        Assert.Equal("\"holding 1\"", (await Client.GetStatusAsync(Id))!.SerializedCustomStatus);

        await Client.TerminateAsync(Id, "stopped by the test");
        await WaitForAsync(s => s.RuntimeStatus == WorkflowRuntimeStatus.Terminated);
        await Client.TerminateAsync(Id, "already finished: no-op");

        Assert.True(await Client.StartAsync(WorkflowEngineFixture.Hold, Id, new HoldInput(_key, false)));
        await WaitForAsync(s => s.SerializedCustomStatus == "\"holding 0\"" && engine.Runs(_key) == 2);
        await Client.TerminateAsync(Id, "test over");
    }

    [Fact]
    public async Task A_failed_instance_is_started_again()
    {
        Assert.True(await Client.StartAsync(WorkflowEngineFixture.Fail, Id, _key));
        await WaitForAsync(s => s.RuntimeStatus == WorkflowRuntimeStatus.Failed);

        Assert.True(await Client.StartAsync(WorkflowEngineFixture.Fail, Id, _key));
        await WaitForAsync(s => s.RuntimeStatus == WorkflowRuntimeStatus.Failed && engine.Runs(_key) == 2);
    }

    [Fact]
    public async Task Of_ten_concurrent_starts_exactly_one_schedules_for_a_new_id_and_for_a_finished_one()
    {
        var first = await StartConcurrentlyAsync(10);
        Assert.Equal(1, first.Count(started => started));
        await WaitForAsync(s => s.SerializedCustomStatus == "\"holding 0\"");
        await Task.Delay(500); // a second instance, had it been scheduled, would have counted its run by now
        Assert.Equal(1, engine.Runs(_key));

        await Client.RaiseEventAsync(Id, WorkflowEngineFixture.Release, "done");
        await WaitForAsync(s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);

        var again = await StartConcurrentlyAsync(10);
        Assert.Equal(1, again.Count(started => started));
        await WaitForAsync(s => s.SerializedCustomStatus == "\"holding 0\"");
        await Task.Delay(500);
        Assert.Equal(2, engine.Runs(_key));
        await Client.TerminateAsync(Id, "test over");
    }

    [Fact]
    public void The_adapter_refuses_a_start_over_exactly_the_active_statuses()
    {
#pragma warning disable CS0618 // ContinuedAsNew is obsolete in the SDK.
        Assert.Equal(
            [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.ContinuedAsNew, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended],
            DurableTaskWorkflowClient.DedupeStatuses.Order());
#pragma warning restore CS0618
    }

    private async Task<bool[]> StartConcurrentlyAsync(int count)
    {
        using var gate = new ManualResetEventSlim();
        var starts = Enumerable.Range(0, count)
            .Select(_ => Task.Run(async () =>
            {
                gate.Wait();
                return await new DurableTaskWorkflowClient(engine.Host.Client).StartAsync(WorkflowEngineFixture.Hold, Id, new HoldInput(_key, false));
            }))
            .ToArray();
        gate.Set();
        return await Task.WhenAll(starts);
    }

    private async Task<WorkflowStatus> WaitForAsync(Func<WorkflowStatus, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        WorkflowStatus? last = null;
        while (clock.Elapsed < Patience)
        {
            last = await Client.GetStatusAsync(Id);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Id} did not reach the expected state in {Patience}; last: {last}");
    }
}

public sealed class WorkflowRuntimeStatusesTests
{
    [Theory]
    [InlineData(WorkflowRuntimeStatus.Pending, true)]
    [InlineData(WorkflowRuntimeStatus.Running, true)]
    [InlineData(WorkflowRuntimeStatus.ContinuedAsNew, true)]
    [InlineData(WorkflowRuntimeStatus.Suspended, true)]
    [InlineData(WorkflowRuntimeStatus.Completed, false)]
    [InlineData(WorkflowRuntimeStatus.Failed, false)]
    [InlineData(WorkflowRuntimeStatus.Terminated, false)]
    [InlineData(WorkflowRuntimeStatus.Unknown, false)]
    public void Active_means_scheduled_and_not_finished(WorkflowRuntimeStatus status, bool active)
    {
        Assert.Equal(active, status.IsActive());
        Assert.Equal(active, WorkflowRuntimeStatuses.Active.Contains(status));
    }
}
