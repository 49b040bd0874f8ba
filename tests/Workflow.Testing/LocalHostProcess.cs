using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Workflow.Testing;

/// <summary>How a <see cref="LocalHostProcess"/> is configured beyond its storage.</summary>
public sealed record LocalHostOptions
{
    /// <summary>Prefix of the task hub name, the worker id and the link key id.</summary>
    public string Name { get; init; } = "e2e";

    /// <summary>Build configuration of LocalHost/bin/{Configuration}/net10.0; null: the one the running assembly was built in.</summary>
    public string? Configuration { get; init; }

    /// <summary>Repository root; null: found above the running assembly.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Send email through this SendGrid-compatible base URL; null: write it to a dev outbox (its own folder and table).</summary>
    public string? SendGridBaseUrl { get; init; }

    /// <summary>Log levels by category (Logging__LogLevel__{category}).</summary>
    public IReadOnlyDictionary<string, string> LogLevels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Default"] = "Warning",
        ["Workflow"] = "Information",
        ["DurableTask.AzureStorage"] = "Information",
        ["Microsoft.DurableTask"] = "Information",
    };

    /// <summary>More environment variables, set last (they win).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Write the host's output to this file, each line prefixed with its UTC receive time, instead of keeping it in memory.</summary>
    public string? LogFile { get; init; }

    /// <summary>The task hub to run on; null: a fresh one for this host (hosts given one name share its work).</summary>
    public string? TaskHubName { get; init; }

    /// <summary>
    /// True: the host runs as worker <c>{Name}-worker</c> in every start, so a restart takes its partition leases back
    /// at once. False: <c>Workflow:WorkerId</c> is not set and the product's default (unique per process) applies, as
    /// for several hosts on one machine.
    /// </summary>
    public bool StableWorkerId { get; init; } = true;

    /// <summary>The link-signing key (32 bytes); null: a random one. Hosts that serve each other's links share it.</summary>
    public ReadOnlyMemory<byte>? LinkKey { get; init; }

    /// <summary>The base of the links in emails (Workflow:PublicBaseUrl); null: this host's own address.</summary>
    public string? PublicBaseUrl { get; init; }

    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of the clients from <see cref="LocalHostProcess.CreateOrganiserClient"/>.</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The real local host (LocalHost/bin/{Configuration}/net10.0/Workflow.LocalHost.dll) started as its own process,
/// configured through the environment with its own task hub on the given storage, so a caller can kill it (SIGKILL)
/// and start it again with the same configuration, as an operator would.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    public const string OrganiserKey = "e2e-organiser-key";
    public const string MasterKey = "e2e-master-key";

    private readonly LocalHostOptions _options;
    private readonly byte[] _linkKey;
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<(DateTime At, string Line)> _workflowLines = new();
    private readonly Lock _gate = new();
    private StreamWriter? _log;
    private Process? _process;
    private int _disposed;

    public LocalHostProcess(string storageConnectionString, LocalHostOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(storageConnectionString);
        _options = options ?? new LocalHostOptions();
        var name = _options.Name;
        LinkKeyId = name;
        _linkKey = _options.LinkKey is { } linkKey ? linkKey.ToArray() : System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        Port = LoopbackPort.Free();
        BaseUrl = $"http://127.0.0.1:{Port}";
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = BaseUrl,
            ["Urls"] = BaseUrl,
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["WorkflowStorage"] = storageConnectionString,
            ["WorkflowTaskHub"] = _options.TaskHubName ?? name + Guid.NewGuid().ToString("N")[..12],
            // Many hosts share one Azurite's tables, each with its own task hub: a scheduled recovery in one
            // would restart the other hosts' courses in its hub. Tests run the timers through the admin endpoint.
            ["AzureWebJobs__CourseFlowRecovery__Disabled"] = "true",
            ["AzureWebJobs__ComplaintDeadlineAlerts__Disabled"] = "true",
            ["Workflow__PublicBaseUrl"] = _options.PublicBaseUrl ?? BaseUrl,
            ["Workflow__OrganiserApiKey"] = OrganiserKey,
            ["Workflow__MasterKey"] = MasterKey,
            ["Workflow__Links__ActiveKeyId"] = name,
            ["Workflow__Links__Keys__" + name] = Convert.ToBase64String(_linkKey),
        };
        if (_options.StableWorkerId)
        {
            _environment["Workflow__WorkerId"] = name + "-worker";
        }

        if (_options.SendGridBaseUrl is { } sendGrid)
        {
            _environment["Workflow__Email__SendGridApiKey"] = "SG." + name;
            _environment["Workflow__Email__SendGridBaseUrl"] = sendGrid;
        }
        else
        {
            OutboxDirectory = Path.Combine(Path.GetTempPath(), $"workflow-{name}-outbox-" + Guid.NewGuid().ToString("N"));
            _environment["Workflow__Email__OutboxDirectory"] = OutboxDirectory;
            _environment["Workflow__Email__OutboxTable"] = "outbox" + Guid.NewGuid().ToString("N")[..12];
        }

        foreach (var (category, level) in _options.LogLevels)
        {
            _environment["Logging__LogLevel__" + category] = level;
        }

        foreach (var (key, value) in _options.Environment ?? new Dictionary<string, string>())
        {
            _environment[key] = value;
        }
    }

    public int Port { get; }

    /// <summary>The prefix given in <see cref="LocalHostOptions.Name"/>.</summary>
    public string Name => _options.Name;

    /// <summary>The task hub this host runs on (WorkflowTaskHub).</summary>
    public string TaskHubName => _environment["WorkflowTaskHub"];

    /// <summary>
    /// The Durable Task worker id the running process announced ("Local Durable Task engine started: ..., worker {id}"),
    /// null before; needs single-line console logs (<c>Logging__Console__FormatterOptions__SingleLine=true</c>, as
    /// <see cref="LocalHostCluster"/> sets) so the line carries its category.
    /// </summary>
    public string? WorkerId
    {
        get
        {
            const string marker = "Local Durable Task engine started: task hub ";
            var line = _workflowLines.Select(l => l.Line).LastOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            return line?[(line.LastIndexOf(", worker ", StringComparison.Ordinal) + ", worker ".Length)..].Trim();
        }
    }

    /// <summary>Whether the host process was started and has not exited or been killed.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The id of the host's active link-signing key (Workflow:Links:ActiveKeyId), so a test can forge tokens as an attacker who holds it would.</summary>
    public string LinkKeyId { get; }

    /// <summary>The host's link-signing key (Workflow:Links:Keys:{LinkKeyId}).</summary>
    public ReadOnlyMemory<byte> LinkKey => _linkKey;

    public string BaseUrl { get; }

    /// <summary>The dev outbox folder (null when email goes to SendGrid).</summary>
    public string? OutboxDirectory { get; }

    /// <summary>The host's output so far (empty when it goes to <see cref="LocalHostOptions.LogFile"/>).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The host's own log lines from Workflow.* categories, with the UTC time they were received.</summary>
    public IReadOnlyList<(DateTime At, string Line)> WorkflowLines => _workflowLines.ToArray();

    public int ProcessId => (_process ?? throw new InvalidOperationException("The local host is not running.")).Id;

    /// <summary>An HTTP client for organiser calls (function key set).</summary>
    public HttpClient CreateOrganiserClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = _options.ClientTimeout };
        client.DefaultRequestHeaders.Add("x-functions-key", OrganiserKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Starts the host and waits until /api/health answers; on failure the process is killed and the exception tells why.</summary>
    public async Task StartAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (_process is not null)
        {
            throw new InvalidOperationException("The local host is already running.");
        }

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

        if (_options.LogFile is { } logFile && _log is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            _log = new StreamWriter(logFile) { AutoFlush = false };
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The local host did not start.");
        _process = process;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + _options.HealthTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                Kill();
                throw new InvalidOperationException("The local host exited at start" + Details());
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
                Kill();
                throw new TimeoutException($"The local host did not become healthy in {_options.HealthTimeout.TotalSeconds:0} s" + Details());
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Kills the host abruptly (SIGKILL), as a crash or a pulled plug would; <see cref="StartAsync"/> starts it again.</summary>
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

    /// <summary>
    /// Sends <paramref name="signal"/> (INT, TERM, ...) to the host, as Ctrl-C or a service manager would, and waits
    /// at most <paramref name="timeout"/> for it to exit. Returns its exit code; on timeout the host is killed and
    /// <see cref="TimeoutException"/> thrown. <see cref="StartAsync"/> starts it again.
    /// </summary>
    public async Task<int> StopAsync(string signal, TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("The local host is not running.");
        await Signals.SendAsync(process.Id, signal);
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The local host did not exit within {timeout.TotalSeconds:0} s of SIG{signal}" + Details());
        }

        process.WaitForExit(); // the output read to its end
        var exitCode = process.ExitCode;
        process.Dispose();
        _process = null;
        return exitCode;
    }

    /// <summary>Kills the host and starts it again with the same configuration (port, storage, task hub, keys).</summary>
    public async Task RestartAsync()
    {
        Kill();
        await StartAsync();
    }

    /// <summary>Writes a line of the caller's own into the output (marks to correlate with the host's lines).</summary>
    public void Mark(string text) => Write($"#{_options.Name} {text}");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        lock (_gate)
        {
            _log?.Flush();
            _log?.Dispose();
            _log = null;
        }

        await Task.Yield();
        if (OutboxDirectory is not null)
        {
            try
            {
                Directory.Delete(OutboxDirectory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Nothing was written.
            }
        }
    }

    private string Details() => _options.LogFile is { } logFile ? $"; see {logFile}." : ":\n" + Output;

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

        if (_options.LogFile is null)
        {
            _output.Enqueue(line);
            return;
        }

        lock (_gate)
        {
            if (_log is null)
            {
                return;
            }

            _log.Write(now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
            _log.Write(" | ");
            _log.WriteLine(line);
        }
    }

    private string LocalHostBinaries()
    {
        // The running assembly is in bin/{Configuration}/net10.0.
        var configuration = _options.Configuration
            ?? new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var folder = Path.Combine(_options.RepositoryRoot ?? RepositoryRoot.Find(), "LocalHost", "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(folder, "Workflow.LocalHost.dll"))
            ? folder
            : throw new InvalidOperationException($"Build the local host first ({configuration}): {folder} has no Workflow.LocalHost.dll.");
    }
}
