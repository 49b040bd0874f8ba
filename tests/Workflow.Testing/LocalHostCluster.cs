using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Workflow.Testing;

/// <summary>How a <see cref="LocalHostCluster"/> is started.</summary>
public sealed record LocalHostClusterOptions
{
    /// <summary>Prefix of the hosts' names (<c>{Name}{index}</c>) and of the shared task hub.</summary>
    public string Name { get; init; } = "mh";

    /// <summary>More environment variables for every host (they win over the cluster's own).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Log levels by category for every host; null: <see cref="LocalHostOptions"/>' defaults.</summary>
    public IReadOnlyDictionary<string, string>? LogLevels { get; init; }

    /// <summary>Write each host's output to <c>{LogDirectory}/{name}.log</c> instead of memory.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>
    /// False (the default): hosts run without <c>Workflow:WorkerId</c>, on the product's default worker id, unique per
    /// process, as several hosts on one machine would. True: each host is worker <c>{name}-worker</c> in every start.
    /// </summary>
    public bool StableWorkerIds { get; init; }

    /// <summary>Timeout of the cluster's clients.</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// N real local host processes (<see cref="LocalHostProcess"/>) on one storage account and ONE task hub, each on its
/// own port, behind no balancer, sending email to one shared <see cref="FakeMailSendServer"/> (so a message sent twice
/// is seen twice: the dev outbox would drop the repeat). The hosts share the organiser and master keys and the
/// link-signing key, and links in emails point at host 0; the clients from <see cref="CreateOrganiserClient"/> and
/// <see cref="CreatePersonClient"/> spread their requests over the running hosts round-robin, whatever host a URL names.
/// <see cref="Kill"/> ends one host with SIGKILL; <see cref="RestartAsync"/> starts it again.
/// </summary>
public sealed class LocalHostCluster : IAsyncDisposable
{
    private readonly List<LocalHostProcess> _hosts;
    private int _next = -1;

    private readonly TimeSpan _clientTimeout;

    private LocalHostCluster(List<LocalHostProcess> hosts, FakeMailSendServer mail, string taskHubName, TimeSpan clientTimeout)
    {
        _hosts = hosts;
        _clientTimeout = clientTimeout;
        Mail = mail;
        TaskHubName = taskHubName;
    }

    /// <summary>The hosts, by index (running or not).</summary>
    public IReadOnlyList<LocalHostProcess> Hosts => _hosts;

    /// <summary>Every host's base address (http://127.0.0.1:port), by index.</summary>
    public IReadOnlyList<string> BaseUrls => _hosts.Select(h => h.BaseUrl).ToList();

    /// <summary>The indexes of the hosts running now.</summary>
    public IReadOnlyList<int> Running => Enumerable.Range(0, _hosts.Count).Where(i => _hosts[i].IsRunning).ToList();

    /// <summary>The Mail Send API every host sends to.</summary>
    public FakeMailSendServer Mail { get; }

    /// <summary>The task hub all hosts run on.</summary>
    public string TaskHubName { get; }

    /// <summary>Starts a fake Mail Send server and <paramref name="count"/> hosts on <paramref name="storageConnectionString"/>, all at once.</summary>
    public static async Task<LocalHostCluster> StartAsync(string storageConnectionString, int count, LocalHostClusterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(storageConnectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        options ??= new LocalHostClusterOptions();
        var mail = await FakeMailSendServer.StartAsync();
        var taskHub = options.Name + Guid.NewGuid().ToString("N")[..12];
        var linkKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var hosts = new List<LocalHostProcess>();
        string? publicBaseUrl = null;
        for (var i = 0; i < count; i++)
        {
            var name = options.Name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var hostOptions = new LocalHostOptions
            {
                Name = options.Name, // the link key id: one for all hosts
                TaskHubName = taskHub,
                StableWorkerId = false,
                LinkKey = linkKey,
                PublicBaseUrl = publicBaseUrl,
                SendGridBaseUrl = mail.BaseUrl,
                LogFile = options.LogDirectory is { } folder ? Path.Combine(folder, name + ".log") : null,
                ClientTimeout = options.ClientTimeout,
                Environment = WithWorkerId(options, name),
            };
            if (options.LogLevels is { } levels)
            {
                hostOptions = hostOptions with { LogLevels = levels };
            }

            var host = new LocalHostProcess(storageConnectionString, hostOptions);
            publicBaseUrl ??= host.BaseUrl;
            hosts.Add(host);
        }

        var cluster = new LocalHostCluster(hosts, mail, taskHub, options.ClientTimeout);
        try
        {
            await Task.WhenAll(hosts.Select(h => h.StartAsync()));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Kills host <paramref name="index"/> with SIGKILL, as a crashed instance; returns the UTC time of the kill.</summary>
    public DateTime Kill(int index)
    {
        var host = _hosts[index];
        var at = DateTime.UtcNow;
        host.Mark("kill -9");
        host.Kill(); // SIGKILL, waits for the exit
        return at;
    }

    /// <summary>Starts host <paramref name="index"/> again on its port and configuration (a new process: a new default worker id).</summary>
    public Task RestartAsync(int index) => _hosts[index].RestartAsync();

    /// <summary>An organiser's API client (function key set) whose requests go round-robin to the running hosts.</summary>
    public HttpClient CreateOrganiserClient()
    {
        var client = new HttpClient(new RoundRobinHandler(this, new SocketsHttpHandler())) { BaseAddress = new Uri(_hosts[0].BaseUrl), Timeout = _clientTimeout };
        client.DefaultRequestHeaders.Add("x-functions-key", LocalHostProcess.OrganiserKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>A person's browser-like client (no redirects followed) whose requests to any host's URL go round-robin to the running hosts.</summary>
    public HttpClient CreatePersonClient() =>
        new(new RoundRobinHandler(this, new SocketsHttpHandler { AllowAutoRedirect = false })) { Timeout = _clientTimeout };

    /// <summary>The next running host's base address, round-robin.</summary>
    public Uri NextBaseAddress()
    {
        for (var attempt = 0; attempt < _hosts.Count; attempt++)
        {
            var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)_hosts.Count);
            if (_hosts[index].IsRunning)
            {
                return new Uri(_hosts[index].BaseUrl);
            }
        }

        throw new InvalidOperationException("No host of the cluster is running.");
    }

    /// <summary>The index of the running host whose worker id is <paramref name="workerId"/>; -1 when none is.</summary>
    public int HostOfWorker(string? workerId) =>
        workerId is null ? -1 : Running.FirstOrDefault(i => string.Equals(_hosts[i].WorkerId, workerId, StringComparison.Ordinal), -1);

    /// <summary>Every host's output, each line prefixed with the host's name (hosts that log to files: their file names).</summary>
    public string Output() => string.Join('\n', _hosts.Select((h, i) => $"===== host {i} ({h.BaseUrl})\n{h.Output}"));

    /// <summary>Writes a line into every running host's output (to correlate the tests' steps with the hosts' lines).</summary>
    public void Mark(string text) => _hosts.ForEach(h => h.Mark(text));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Mail.DisposeAsync();
    }

    private static Dictionary<string, string> WithWorkerId(LocalHostClusterOptions options, string name)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // One line per log entry, with its category and time: the cluster reads each host's worker id from it.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        };
        foreach (var (key, value) in options.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        if (options.StableWorkerIds)
        {
            environment.TryAdd("Workflow__WorkerId", name + "-worker");
        }

        return environment;
    }

    /// <summary>
    /// Sends each request to the next running host (scheme, host and port replaced). A host that refuses the connection
    /// (killed) never saw the request: it goes to the next one. A request cut off mid-way is not repeated (it may have
    /// been done): the caller sees the error, as a person sees a failed page and tries again.
    /// </summary>
    private sealed class RoundRobinHandler(LocalHostCluster cluster, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var original = request.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
            HttpRequestException? refused = null;
            for (var attempt = 0; attempt < cluster._hosts.Count + 1; attempt++)
            {
                var target = cluster.NextBaseAddress();
                request.RequestUri = new UriBuilder(original) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
                try
                {
                    return await base.SendAsync(request, cancellationToken);
                }
                catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                {
                    refused = ex;
                    Debug.WriteLine($"{target} refused the connection; trying the next host");
                }
            }

            throw refused!;
        }
    }
}
