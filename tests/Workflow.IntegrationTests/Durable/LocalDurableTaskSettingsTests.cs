using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.LocalHost.Durable;

namespace Workflow.IntegrationTests.Durable;

public sealed class LocalDurableTaskSettingsTests
{
    [Fact]
    public void Defaults_are_development_storage_a_fixed_hub_and_a_worker_id_of_this_process()
    {
        var settings = LocalDurableTaskSettings.From(Configuration());

        Assert.Equal("UseDevelopmentStorage=true", settings.StorageConnectionString);
        Assert.Equal("WorkflowLocal", settings.TaskHubName);
        Assert.Matches($"^{Regex.Escape(Environment.MachineName)}-{Environment.ProcessId}-[0-9a-f]{{6}}$", settings.WorkerId);
    }

    [Fact]
    public void Two_hosts_on_one_machine_never_get_one_worker_id_by_default()
    {
        // Two processes of one machine, and one process id reused after a restart: every default differs.
        var ids = Enumerable.Range(0, 200).Select(i => LocalDurableTaskSettings.DefaultWorkerId("HOST1", 4242 + (i % 2))).ToList();
        var fromConfiguration = Enumerable.Range(0, 50).Select(_ => LocalDurableTaskSettings.From(Configuration()).WorkerId).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(fromConfiguration.Count, fromConfiguration.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.StartsWith("HOST1-424", id, StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_worker_id_is_kept_as_given()
    {
        var settings = LocalDurableTaskSettings.From(Configuration(("Workflow:WorkerId", " host-a ")));

        Assert.Equal("host-a", settings.WorkerId);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("work-flow")]
    [InlineData("a234567890123456789012345678901234567890123456")]
    public void Invalid_task_hub_names_are_refused_at_registration(string name)
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<InvalidOperationException>(() =>
            services.AddLocalDurableTask(Configuration(("WorkflowTaskHub", name)), _ => { }));
        Assert.Contains("WorkflowTaskHub", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_uses_type_names_and_refuses_duplicates()
    {
        var services = new ServiceCollection();
        services.AddLocalDurableTask(Configuration(), durable =>
        {
            durable.AddOrchestrator<RaceOrchestrator>().AddActivity<GreetActivity>();
            Assert.Throws<InvalidOperationException>(() => durable.AddActivity<GreetActivity>());
        });

        var registry = (LocalDurableRegistry)services.Single(d => d.ServiceType == typeof(LocalDurableRegistry)).ImplementationInstance!;
        Assert.Equal([nameof(RaceOrchestrator)], registry.OrchestratorNames);
        Assert.Equal([nameof(GreetActivity)], registry.ActivityNames);
        Assert.Contains(services, d => d.ServiceType == typeof(GreetActivity) && d.Lifetime == ServiceLifetime.Transient);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
