using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Workflow.UnitTests.Durable;

/// <summary>Fixtures that xUnit starts at once each get a host of their own (they once shared one port and failed).</summary>
public sealed class InProcessDurableHostTests
{
    [Fact]
    public async Task Hosts_started_at_once_each_listen_on_their_own_port_and_run_orchestrations()
    {
        var hosts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => InProcessDurableHost.StartAsync(registry =>
            registry.AddOrchestratorFunc<int, int>("Double", (_, n) => n * 2))));
        try
        {
            var results = await Task.WhenAll(hosts.Select(async (host, i) =>
            {
                var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Double", i + 1);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
                return done.ReadOutputAs<int>();
            }));
            Assert.Equal([2, 4, 6], results);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
