using Workflow.IntegrationTests.Infrastructure;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests.MultiHost;

/// <summary>
/// Issue 19's fault run in CI: three local hosts on one task hub; two seconds before the RSVP deadline the host that owns
/// the course's partition is killed (SIGKILL) while people keep answering, checking in and answering the survey through
/// the other two. The survivors take the partition over (its lease expires), the deadline and every later milestone run
/// once: every email exactly once in the fake SendGrid, seats never over capacity, certificate numbers unique. The sweep
/// over every milestone, with the take-over times, is the bench's (<c>bench/run.sh --multi-host</c>, docs/benchmarks.md).
/// </summary>
[Collection(MultiHostCollection.Name)]
[Trait("Category", "Long")] // ./test.sh --long: kept out of the default run so CI stays well under 15 minutes
public sealed class KillAtMilestoneTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Theory]
    [InlineData(KillPoint.RsvpDeadline)]
    public async Task A_host_killed_at_a_milestone_loses_nothing_and_sends_nothing_twice(KillPoint point)
    {
        var logs = Path.Combine(AppContext.BaseDirectory, $"multihost-kill-{point}-{DateTime.UtcNow:yyyyMMddHHmmss}");
        await using var cluster = await LocalHostCluster.StartAsync(azurite.ConnectionString, 3, new LocalHostClusterOptions { LogDirectory = logs });
        var log = new StringWriter();
        var result = await new KillAtMilestoneScenario(cluster, azurite.ConnectionString, log).RunAsync(point);
        output.WriteLine(log.ToString());
        output.WriteLine(KillAtMilestoneScenario.Describe(result));

        Assert.True(result.Problems.Count == 0, $"{string.Join("\n", result.Problems)}\n(host logs: {logs})");
        Assert.NotNull(result.LeaseTakenAfter);
        Assert.NotNull(result.WorkDoneAfter);
        Assert.Equal(result.Capacity, result.MaxAcceptedSeen);
        Assert.Equal(2, cluster.Running.Count);
    }
}
