using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Workflow.UnitTests.Infra;

/// <summary>
/// The compiled ARM template of infra/main.bicep. Runs <c>bash infra/build.sh</c> (Bicep CLI from
/// NuGet, build + lint with every diagnostic an error) when infra/bin/main.json is missing or
/// older than any Bicep source, so <c>dotnet test</c> alone checks the infrastructure.
/// </summary>
public sealed class ArmTemplateFixture
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    public ArmTemplateFixture()
    {
        var compiled = RepositoryPaths.Combine("infra", "bin", "main.json");
        if (IsStale(compiled))
        {
            RunBuild();
        }

        Main = JsonNode.Parse(File.ReadAllText(compiled))?.AsObject()
            ?? throw new InvalidOperationException($"{compiled} is not a JSON object.");
        Resources = ArmResource.Flatten(Main).ToList();
    }

    /// <summary>The compiled infra/main.bicep.</summary>
    public JsonObject Main { get; }

    /// <summary>Every resource, nested deployments' resources included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource One(string type) => Assert.Single(OfType(type));

    private static bool IsStale(string compiled)
    {
        if (!File.Exists(compiled))
        {
            return true;
        }

        var builtAt = File.GetLastWriteTimeUtc(compiled);
        var infra = RepositoryPaths.Combine("infra");
        return Directory.EnumerateFiles(infra, "*.bicep", SearchOption.AllDirectories)
            .Append(Path.Combine(infra, "bicepconfig.json"))
            .Any(source => File.GetLastWriteTimeUtc(source) > builtAt);
    }

    private static void RunBuild()
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine("infra", "build.sh"));

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("Could not start bash infra/build.sh.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bash infra/build.sh did not finish within {BuildTimeout}.");
        }

        var output = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bash infra/build.sh exited with {process.ExitCode}:\n{output}");
        }
    }
}
