using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.LocalHost.Durable;

namespace Workflow.IntegrationTests.Durable;

public sealed class LocalDurableTaskSettingsTests
{
    [Fact]
    public void Defaults_are_development_storage_a_fixed_hub_and_a_stable_worker_id()
    {
        var settings = LocalDurableTaskSettings.From(Configuration());

        Assert.Equal("UseDevelopmentStorage=true", settings.StorageConnectionString);
        Assert.Equal("WorkflowLocal", settings.TaskHubName);
        Assert.Equal(Environment.MachineName + "-local", settings.WorkerId);
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
