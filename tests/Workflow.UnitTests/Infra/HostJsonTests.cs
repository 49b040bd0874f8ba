using System.Text.Json.Nodes;

namespace Workflow.UnitTests.Infra;

/// <summary>The root host.json the Functions app ships with.</summary>
public sealed class HostJsonTests
{
    private static JsonObject HostJson() =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("host.json")))!.AsObject();

    [Fact]
    public void Durable_task_hub_name_comes_from_the_WorkflowTaskHub_setting()
    {
        var durable = HostJson()["extensions"]?["durableTask"];

        Assert.NotNull(durable);
        Assert.Equal("%WorkflowTaskHub%", (string?)durable["hubName"]);
        Assert.Equal("AzureWebJobsStorage", (string?)durable["storageProvider"]?["connectionName"]);

        // Start once (IWorkflowClient.StartAsync) in Azure: a host that does not read the start's own dedupe statuses
        // refuses a start over an active instance only with this setting (its default, pinned here).
        Assert.Equal("NonRunningStates", (string?)durable["overridableExistingInstanceStates"]);
    }

    [Fact]
    public void Has_no_extension_bundle_and_no_misplaced_sections()
    {
        var host = HostJson();

        Assert.Equal("2.0", (string?)host["version"]);
        Assert.False(host.ContainsKey("extensionBundle"), "The isolated worker brings its extensions as packages; no bundle.");
        Assert.False(host.ContainsKey("durableTask"), "durableTask belongs under extensions (it is silently ignored at the root).");
        Assert.NotNull(host["logging"]?["logLevel"]?["default"]);
    }

    [Fact]
    public void Orchestration_inputs_and_outputs_are_not_traced()
    {
        var tracing = HostJson()["extensions"]?["durableTask"]?["tracing"];

        // Inputs carry names and email addresses: they must not reach Application Insights.
        Assert.False((bool?)tracing?["traceInputsAndOutputs"] ?? true);
    }

    [Fact]
    public void Local_settings_sample_has_no_keys_and_covers_the_deployed_settings()
    {
        var values = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("Functions", "local.settings.sample.json")))!["Values"]!.AsObject();

        Assert.Equal("UseDevelopmentStorage=true", (string?)values["AzureWebJobsStorage"]);
        Assert.DoesNotContain(values, v => ((string?)v.Value ?? string.Empty).Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(string.Empty, (string?)values["Workflow__Email__SendGridApiKey"]);
        foreach (var name in new[] { "WorkflowTaskHub", "ComplaintAlertSchedule", "Workflow__PublicBaseUrl", "Workflow__Links__ActiveKeyId", "Workflow__Complaints__RuleSet", "Workflow__Complaints__LeadershipEmails" })
        {
            Assert.True(values.ContainsKey(name), $"local.settings.sample.json lacks {name}.");
        }
    }
}
