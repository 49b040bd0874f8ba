using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.Durable;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.LocalHost.Durable;
using Workflow.Storage;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests.Durable;

/// <summary>The local host's Durable Task engine (TaskHubWorker + SDK shims) on Azurite, each test on its own task hub.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalDurableEngineTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Activity_with_DI_then_timer_or_event_wins_the_race()
    {
        await using var engine = await EngineHost.StartAsync(azurite, NewTaskHub(), "w1", output);
        var client = engine.Client;
        var eventWins = "race-event-" + Guid.NewGuid().ToString("N");
        var timerWins = "race-timer-" + Guid.NewGuid().ToString("N");

        Assert.True(await client.StartAsync(nameof(RaceOrchestrator), eventWins, new RaceInput("An", 30)));
        Assert.True(await client.StartAsync(nameof(RaceOrchestrator), timerWins, new RaceInput("Bình", 2)));

        var waiting = await WaitForAsync(client, eventWins, s => CustomStatus<RaceResult>(s)?.Outcome == RaceOrchestrator.Waiting);
        Assert.Equal(WorkflowRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal(nameof(RaceOrchestrator), waiting.Name);
        await client.RaiseEventAsync(eventWins, RaceOrchestrator.ApproveEvent, "officer-7");

        var approved = await WaitForAsync(client, eventWins, s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);
        Assert.Equal(new RaceResult("Xin chào An", "approved", "officer-7"), CustomStatus<RaceResult>(approved));

        var timedOut = await WaitForAsync(client, timerWins, s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);
        Assert.Equal(new RaceResult("Xin chào Bình", "timeout", null), CustomStatus<RaceResult>(timedOut));
        Assert.InRange(timedOut.LastUpdatedAt - timedOut.CreatedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        // Each activity run got its own DI scope, disposed after the run.
        Assert.Equal(1, Greeter.Disposals.GetValueOrDefault("An"));
        Assert.Equal(1, Greeter.Disposals.GetValueOrDefault("Bình"));
    }

    [Fact]
    public async Task Instance_waiting_on_a_timer_survives_a_host_restart_without_repeating_work()
    {
        var taskHub = NewTaskHub();
        var key = Guid.NewGuid().ToString("N");
        var id = "persist-" + key;

        var first = await EngineHost.StartAsync(azurite, taskHub, "w1", output);
        Assert.True(await first.Client.StartAsync(nameof(PersistOrchestrator), id, new PersistInput(key, 8)));
        await WaitForAsync(first.Client, id, s => CustomStatus<string>(s) == "waiting");
        var stopping = Stopwatch.StartNew();
        await first.DisposeAsync();
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5)); // shutdown does not hang

        Assert.Equal(1, ExecutionCounter.Get(key + ":before"));
        Assert.Equal(0, ExecutionCounter.Get(key + ":after"));

        await using var second = await EngineHost.StartAsync(azurite, taskHub, "w1", output);
        var done = await WaitForAsync(second.Client, id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);
        Assert.Equal("done", CustomStatus<string>(done));
        Assert.Equal(1, ExecutionCounter.Get(key + ":before"));
        Assert.Equal(1, ExecutionCounter.Get(key + ":after"));
    }

    [Fact]
    public async Task Events_raised_during_an_activity_are_all_handled_across_ContinueAsNew()
    {
        await using var engine = await EngineHost.StartAsync(azurite, NewTaskHub(), "w1", output);
        var client = engine.Client;
        var key = Guid.NewGuid().ToString("N");
        var id = "collect-" + key;
        var firstStarted = RecordItemActivity.FirstStarted.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        Assert.True(await client.StartAsync(nameof(CollectOrchestrator), id, new CollectState(key, 10, [], 0)));
        await WaitForAsync(client, id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);
        await client.RaiseEventAsync(id, CollectOrchestrator.ItemEvent, 0);

        await firstStarted.Task.WaitAsync(Patience);
        for (var item = 1; item < 10; item++)
        {
            await client.RaiseEventAsync(id, CollectOrchestrator.ItemEvent, item);
        }

        // All nine were raised while the first item's activity still ran (no second item recorded yet).
        Assert.Single(RecordItemActivity.Recorded[key]);

        var done = await WaitForAsync(client, id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);
        var state = CustomStatus<CollectState>(done);
        Assert.NotNull(state);
        Assert.Equal(Enumerable.Range(0, 10), state.Handled.Order());
        Assert.Equal(10, state.Generation);
        Assert.Equal(Enumerable.Range(0, 10), RecordItemActivity.Recorded[key].Order());
    }

    [Fact]
    public async Task Start_deduplicates_terminate_stops_and_unknown_instances_have_no_status()
    {
        await using var engine = await EngineHost.StartAsync(azurite, NewTaskHub(), "w1", output);
        var client = engine.Client;
        var id = "dedupe-" + Guid.NewGuid().ToString("N");

        Assert.Null(await client.GetStatusAsync("unknown-" + Guid.NewGuid().ToString("N")));
        await client.TerminateAsync("unknown-" + Guid.NewGuid().ToString("N"), "nothing to stop");

        Assert.True(await client.StartAsync(nameof(RaceOrchestrator), id, new RaceInput("Chi", 300)));
        Assert.False(await client.StartAsync(nameof(RaceOrchestrator), id, new RaceInput("Chi", 300)));
        await WaitForAsync(client, id, s => CustomStatus<RaceResult>(s)?.Outcome == RaceOrchestrator.Waiting);
        Assert.False(await client.StartAsync(nameof(RaceOrchestrator), id, new RaceInput("Chi", 300)));

        await client.TerminateAsync(id, "test over");
        var terminated = await WaitForAsync(client, id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Terminated);
        Assert.Equal(id, terminated.InstanceId);
        await client.TerminateAsync(id, "already finished: no-op");

        // A finished instance may be replaced by a new one with the same id.
        Assert.True(await client.StartAsync(nameof(RaceOrchestrator), id, new RaceInput("Dũng", 1)));
        var replaced = await WaitForAsync(client, id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);
        Assert.Equal(new RaceResult("Xin chào Dũng", "timeout", null), CustomStatus<RaceResult>(replaced));
    }

    [Fact]
    public async Task Start_once_holds_under_concurrent_starts_and_across_ContinueAsNew()
    {
        await using var engine = await EngineHost.StartAsync(azurite, NewTaskHub(), "w1", output);
        var client = engine.Client;
        var key = Guid.NewGuid().ToString("N");
        var id = "once-" + key;
        var input = new CollectState(key, 3, [], 0);

        Assert.Equal(1, (await StartConcurrentlyAsync(client, nameof(CollectOrchestrator), id, input, 10)).Count(started => started));
        await WaitForAsync(client, id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Running);

        // One event handled: the instance continued as new and holds its id in its second generation.
        await client.RaiseEventAsync(id, CollectOrchestrator.ItemEvent, 0);
        await WaitForAsync(client, id, s => CustomStatus<CollectState>(s)?.Generation == 1);
        Assert.False(await client.StartAsync(nameof(CollectOrchestrator), id, input));

        // Had any start replaced it, the handled items would have begun again from none.
        await client.RaiseEventAsync(id, CollectOrchestrator.ItemEvent, 1);
        await client.RaiseEventAsync(id, CollectOrchestrator.ItemEvent, 2);
        var done = await WaitForAsync(client, id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);
        Assert.Equal(new[] { 0, 1, 2 }, CustomStatus<CollectState>(done)!.Handled.Order());
        Assert.Equal(new[] { 0, 1, 2 }, RecordItemActivity.Recorded[key].Order());

        // A finished instance's id is free again, for exactly one of many concurrent starts.
        Assert.Equal(1, (await StartConcurrentlyAsync(client, nameof(CollectOrchestrator), id, input with { Expected = 1 }, 10)).Count(started => started));
    }

    [Fact]
    public async Task Recovery_leaves_a_flow_that_continued_as_new_alone_and_brings_back_a_terminated_one()
    {
        await using var engine = await EngineHost.StartAsync(azurite, NewTaskHub(), "w1", output);
        var client = engine.Client;
        var repository = new CourseStore(new TableServiceClient(azurite.ConnectionString), new TableInitializer());
        var courseId = CourseStore.NewCourseId();
        var now = DateTimeOffset.UtcNow;
        await repository.CreateAsync(
            new Course(courseId, new CourseDefinition { Title = "Recovery", Venue = "Hội trường", RsvpDeadline = now.AddDays(7) }, CoursePhase.Draft, now, null),
            CancellationToken.None);
        Assert.True(await repository.TryStartAsync(courseId, now, Author.System, CancellationToken.None));
        var instanceId = CourseFlow.InstanceIdFor(courseId);
        var recovery = new CourseFlowRecovery(repository, NullLogger<CourseFlowRecovery>.Instance);

        // A started course without a flow: of several concurrent recovery runs, one starts it, once.
        // (Other tests' started courses in the shared table may be started here too, in this test's own task hub.)
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => recovery.RunAsync(client, CancellationToken.None))));
        await WaitForAsync(client, instanceId, s => CustomStatus<string>(s) == Fakes.CourseOrchestrator.Continued);
        Assert.Equal(1, ExecutionCounter.Get(courseId + ":flow"));

        // Running after ContinueAsNew: left alone.
        await recovery.RunAsync(client, CancellationToken.None);
        await Task.Delay(1000); // a restarted flow would have counted its first generation by now
        Assert.Equal(1, ExecutionCounter.Get(courseId + ":flow"));
        Assert.Equal(WorkflowRuntimeStatus.Running, (await client.GetStatusAsync(instanceId))!.RuntimeStatus);

        // Terminated: brought back.
        await client.TerminateAsync(instanceId, "test");
        await WaitForAsync(client, instanceId, s => s.RuntimeStatus == WorkflowRuntimeStatus.Terminated);
        await recovery.RunAsync(client, CancellationToken.None);
        await WaitForAsync(client, instanceId, s => CustomStatus<string>(s) == Fakes.CourseOrchestrator.Continued && ExecutionCounter.Get(courseId + ":flow") == 2);
    }

    [Fact]
    public async Task Sub_orchestration_runs_and_knows_its_parent()
    {
        await using var engine = await EngineHost.StartAsync(azurite, NewTaskHub(), "w1", output);
        var id = "parent-" + Guid.NewGuid().ToString("N");

        Assert.True(await engine.Client.StartAsync(nameof(ParentOrchestrator), id, "hello"));
        var done = await WaitForAsync(engine.Client, id, s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed);
        Assert.Equal($"hello from {nameof(ParentOrchestrator)}/{id}", CustomStatus<string>(done));
    }

    private static async Task<bool[]> StartConcurrentlyAsync(IWorkflowClient client, string orchestrator, string instanceId, object input, int count)
    {
        using var gate = new ManualResetEventSlim();
        var starts = Enumerable.Range(0, count)
            .Select(_ => Task.Run(async () =>
            {
                gate.Wait();
                return await client.StartAsync(orchestrator, instanceId, input);
            }))
            .ToArray();
        gate.Set();
        return await Task.WhenAll(starts);
    }

    private static string NewTaskHub() => "wf" + Guid.NewGuid().ToString("N")[..16];

    private static T? CustomStatus<T>(WorkflowStatus status) =>
        status.SerializedCustomStatus is null ? default : JsonSerializer.Deserialize<T>(status.SerializedCustomStatus, Json);

    private static async Task<WorkflowStatus> WaitForAsync(IWorkflowClient client, string instanceId, Func<WorkflowStatus, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        WorkflowStatus? last = null;
        while (clock.Elapsed < Patience)
        {
            last = await client.GetStatusAsync(instanceId);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{instanceId} did not reach the expected state in {Patience}; last: {last}");
    }

    /// <summary>A generic host running the local engine with the test workflows.</summary>
    private sealed class EngineHost : IAsyncDisposable
    {
        private readonly IHost _host;

        private EngineHost(IHost host) => _host = host;

        public IWorkflowClient Client => _host.Services.GetRequiredService<IWorkflowClient>();

        public static async Task<EngineHost> StartAsync(AzuriteFixture azurite, string taskHub, string workerId, ITestOutputHelper output)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["WorkflowTaskHub"] = taskHub,
                ["Workflow:WorkerId"] = workerId,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new TestOutputLoggerProvider(output));
            builder.Services.AddScoped<IGreeter, Greeter>();
            builder.Services.AddLocalDurableTask(builder.Configuration, durable => durable
                .AddOrchestrator<RaceOrchestrator>()
                .AddOrchestrator<PersistOrchestrator>()
                .AddOrchestrator<CollectOrchestrator>()
                .AddOrchestrator<ParentOrchestrator>()
                .AddOrchestrator<ChildOrchestrator>()
                .AddOrchestrator<Fakes.CourseOrchestrator>()
                .AddActivity<GreetActivity>()
                .AddActivity<CountStepActivity>()
                .AddActivity<RecordItemActivity>());

            var host = builder.Build();
            await host.StartAsync();
            return new EngineHost(host);
        }

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName);

        public void Dispose()
        {
        }

        private sealed class TestOutputLogger(ITestOutputHelper output, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                try
                {
                    output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
                }
                catch (InvalidOperationException)
                {
                    // The test has finished; its output is closed.
                }
            }
        }
    }
}
