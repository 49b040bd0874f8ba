using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Workflow.Benchmarks;

/// <summary>
/// The real local host (LocalHost/bin/Release/net10.0/Workflow.LocalHost.dll) as its own process, configured
/// through the environment like the integration tests' LocalHostProcess, with SendGrid pointed at the fake.
/// Its output is written to a log file, each line prefixed with the harness's UTC receive time.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string OrganiserKey = "bench-organiser-key";
    private const string MasterKey = "bench-master-key";

    private readonly Process _process;
    private int _disposed;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(DateTime At, string Line)> _workflowLines = new();
    private bool _closed;

    private HostProcess(Process process, StreamWriter log, string baseUrl)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The host's own log lines from Workflow.* categories, with the harness's UTC receive time.</summary>
    public IReadOnlyList<(DateTime At, string Line)> WorkflowLines => _workflowLines.ToArray();

    public int ProcessId => _process.Id;

    public static async Task<HostProcess> StartAsync(string repositoryRoot, string storage, string sendGridBaseUrl, string logFile)
    {
        var binaries = Path.Combine(repositoryRoot, "LocalHost", "bin", "Release", "net10.0");
        if (!File.Exists(Path.Combine(binaries, "Workflow.LocalHost.dll")))
        {
            throw new InvalidOperationException($"Build the local host first (Release): {binaries} has no Workflow.LocalHost.dll.");
        }

        var port = Azurite.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = baseUrl,
            ["Urls"] = baseUrl,
            ["AzureWebJobsStorage"] = storage,
            ["WorkflowStorage"] = storage,
            ["WorkflowTaskHub"] = "bench" + Guid.NewGuid().ToString("N")[..12],
            ["Workflow__WorkerId"] = "bench-worker",
            ["Workflow__PublicBaseUrl"] = baseUrl,
            ["Workflow__OrganiserApiKey"] = OrganiserKey,
            ["Workflow__MasterKey"] = MasterKey,
            ["Workflow__Links__ActiveKeyId"] = "bench",
            ["Workflow__Links__Keys__bench"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Workflow__Email__SendGridApiKey"] = "SG.bench",
            ["Workflow__Email__SendGridBaseUrl"] = sendGridBaseUrl,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Workflow"] = "Information",
            ["Logging__LogLevel__DurableTask.Core"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };

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
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile) { AutoFlush = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The local host did not start.");
        var host = new HostProcess(process, log, baseUrl);
        process.OutputDataReceived += (_, e) => host.Write(e.Data);
        process.ErrorDataReceived += (_, e) => host.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                await host.DisposeAsync();
                throw new InvalidOperationException($"The local host exited at start; see {logFile}.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return host;
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
                await host.DisposeAsync();
                throw new TimeoutException($"The local host did not become healthy in 90 s; see {logFile}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>An HTTP client for organiser calls (function key set).</summary>
    public HttpClient CreateOrganiserClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("x-functions-key", OrganiserKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Writes a line of the harness's own into the host log (phase marks to correlate with the host's lines).</summary>
    public void Mark(string text) => Write("#bench " + text);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(10_000).Token);
        }

        _process.Dispose();
        lock (_gate)
        {
            _closed = true;
            _log.Flush();
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        var now = DateTime.UtcNow;
        if (line.Contains(" Workflow.", StringComparison.Ordinal))
        {
            _workflowLines.Enqueue((now, line));
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _log.Write(now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
            _log.Write(" | ");
            _log.WriteLine(line);
        }
    }
}
