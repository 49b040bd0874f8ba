using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace Workflow.IntegrationTests.Infrastructure;

/// <summary>
/// The real local host (the built Workflow.LocalHost.dll) started as its own process on Azurite with
/// its own task hub and tables' data, so a test can kill it (SIGKILL) and start it again as an
/// operator would.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    public const string OrganiserKey = "e2e-organiser-key";
    public const string MasterKey = "e2e-master-key";

    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public LocalHostProcess(AzuriteFixture azurite, IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        Port = AzuriteFixture.FreePort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        OutboxDirectory = Path.Combine(Path.GetTempPath(), "workflow-e2e-outbox-" + Guid.NewGuid().ToString("N"));
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = BaseUrl,
            ["Urls"] = BaseUrl,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["WorkflowStorage"] = azurite.ConnectionString,
            ["WorkflowTaskHub"] = "e2e" + Guid.NewGuid().ToString("N")[..12],
            ["Workflow__WorkerId"] = "e2e-worker",
            ["Workflow__PublicBaseUrl"] = BaseUrl,
            ["Workflow__OrganiserApiKey"] = OrganiserKey,
            ["Workflow__MasterKey"] = MasterKey,
            ["Workflow__Links__ActiveKeyId"] = "e2e",
            ["Workflow__Links__Keys__e2e"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Workflow__Email__OutboxDirectory"] = OutboxDirectory,
            ["Workflow__Email__OutboxTable"] = "outbox" + Guid.NewGuid().ToString("N")[..12],
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Workflow"] = "Information",
            ["Logging__LogLevel__DurableTask.AzureStorage"] = "Information",
            ["Logging__LogLevel__Microsoft.DurableTask"] = "Information",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            _environment[key] = value;
        }
    }

    public int Port { get; }

    public string BaseUrl { get; }

    public string OutboxDirectory { get; }

    public string Output => string.Join('\n', _output);

    /// <summary>An HTTP client for organiser calls (function key set).</summary>
    public HttpClient CreateOrganiserClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-functions-key", OrganiserKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async Task StartAsync()
    {
        var binaries = LocalHostBinaries();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = binaries,
        };
        start.ArgumentList.Add(Path.Combine(binaries, "Workflow.LocalHost.dll"));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(binaries);
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("The local host did not start.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The local host exited at start:\n" + Output);
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The local host did not become healthy in 60 s:\n" + Output);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Kills the host abruptly (SIGKILL), as a crash or a pulled plug would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.Yield();
        try
        {
            Directory.Delete(OutboxDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }

    /// <summary>The local host built next to this test assembly's configuration (the test project references it).</summary>
    private static string LocalHostBinaries()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/{Configuration}/net10.0
        var folder = Path.Combine(RepositoryRoot.Find(), "LocalHost", "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(folder, "Workflow.LocalHost.dll"))
            ? folder
            : throw new InvalidOperationException($"Build the local host first: {folder} has no Workflow.LocalHost.dll.");
    }
}
