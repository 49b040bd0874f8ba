using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Workflow.Benchmarks;

public sealed record InvitationResult(
    int Run,
    int Invitees,
    double ImportMs,
    double StartMs,
    double FirstMailMs,
    double TotalMs,
    double AllMarkedMs,
    int Requests,
    int MaxPersonalizations,
    double HostPeakMb,
    double RawWriteMs,
    double RawPartitionQueryMs,
    double RawUninvitedQueryMs,
    double RawMergeMs,
    double HostCpuSeconds,
    double AzuriteCpuSeconds,
    IReadOnlyList<double> MailAtMs,
    IReadOnlyList<(double AtMs, string Line)> HostLines,
    double RawWriteAfterMs,
    string Load)
{
    public double RawRatio => TotalMs / RawWriteMs;
}

public sealed record ReplyResult(
    int Run,
    int Replies,
    int Clients,
    int Errors,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    double MeanMs,
    double WallMs,
    double CountsLagMs,
    int CountPolls,
    double HostPeakMb,
    double HostCpuSeconds,
    double AzuriteCpuSeconds,
    IReadOnlyList<string> ErrorSamples,
    double GetP50Ms,
    double GetP95Ms,
    double RawOpsP50Ms,
    double RawOpsP95Ms,
    double HarnessCpuSeconds,
    (double Host, double Azurite) GetCpuMsPerRequest,
    double RawAzuriteCpuMsPerReply,
    string Load,
    int? Capacity = null,
    int Accepted = 0,
    int Waitlisted = 0)
{
    /// <summary>The course as the tables name it: without a capacity, or its capacity.</summary>
    public string Course => Capacity is { } c ? $"capacity {c:N0}" : "no capacity";

    /// <summary>From the last reply until every accept's confirmation was handed to the Mail Send API (the flow's work).</summary>
    public double ConfirmedAfterMs { get; init; }

    /// <summary>Host CPU from the first reply until the last confirmation was handed (replies and the flow's work for them).</summary>
    public double HostCpuWithFlowSeconds { get; init; }

    /// <summary>Azurite CPU over the same span.</summary>
    public double AzuriteCpuWithFlowSeconds { get; init; }

    /// <summary>Reply p95 over the p95 of the raw storage calls of the same run.</summary>
    public double RawRatio => P95Ms / RawOpsP95Ms;
}

/// <summary>The SPEC §6 measurements. Each scenario gets a fresh Azurite and a fresh local host process.</summary>
public sealed partial class Scenarios(string repositoryRoot, string outputFolder, FakeMailSendServer mail, TextWriter console)
{
    private static readonly string[] Surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] Middles = ["Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Quốc", "Ngọc", "Thu", "Hoài"];
    private static readonly string[] Givens = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Vy", "Yến"];
    private static readonly string[] Units = ["Sở Nội vụ", "Sở Tư pháp", "Sở Giáo dục và Đào tạo", "Ủy ban MTTQ tỉnh", "Hội Nông dân tỉnh", "Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Liên đoàn Lao động tỉnh", "Huyện ủy Tam Nông", "Thành ủy Cao Lãnh"];
    private static readonly string[] Presenters = ["Nguyễn Thế Trung"];
    private static readonly string[] Organisers = ["bandanvan@tinh.example.vn"];
    private static readonly string[] ReminderOffsets = ["P1D"];
    private static readonly string[] Positions = ["Chuyên viên", "Trưởng phòng", "Phó Trưởng phòng", "Bí thư chi bộ", "Cán bộ"];

    public static string Name(int i) => $"{Surnames[i % Surnames.Length]} {Middles[i / 7 % Middles.Length]} {Givens[i / 3 % Givens.Length]}";

    public static string Email(string prefix, int i) => $"{prefix}{i:D5}@donvi{i % 40}.example.vn";

    public static string Csv(string prefix, int count)
    {
        var csv = new StringBuilder("Họ và tên,Email,Đơn vị,Chức vụ\n", count * 80);
        for (var i = 0; i < count; i++)
        {
            csv.Append(Name(i)).Append(',').Append(Email(prefix, i)).Append(',').Append(Units[i % Units.Length]).Append(',').Append(Positions[i % Positions.Length]).Append('\n');
        }

        return csv.ToString();
    }

    public async Task<InvitationResult> InvitationsAsync(int run, int count)
    {
        console.WriteLine($"-- run {run}: invitations, {count:N0} invitees");
        mail.Reset();
        await using var azurite = await AzuriteProcess.StartAsync(repositoryRoot, "workflow-bench-azurite-");
        var tables = new TableServiceClient(azurite.ConnectionString);

        // Raw Azurite batch-write time for the same rows: one partition, batches of 100, invitee-shaped entities.
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var (rawTable, rawEntities, rawMs) = await RawWriteAsync(tables, count);
        console.WriteLine($"   raw batch write: {rawMs:N0} ms (load average {load})");

        await using var host = await StartHostAsync(azurite.ConnectionString,
            Path.Combine(outputFolder, $"host-run{run}-invitations-{count}.log"));
        using var client = host.CreateOrganiserClient();
        await WarmUpAsync(host, client);

        var csv = Csv("nv", count);
        var courseId = await CreateCourseAsync(client, $"Hội nghị quán triệt ({count:N0} đại biểu)");
        double hostCpu0 = ProcStats.CpuSeconds(host.ProcessId), azCpu0 = ProcStats.CpuSeconds(azurite.ProcessId);

        host.Mark($"import start course={courseId} n={count}");
        var t0Utc = DateTime.UtcNow;
        var t0 = Stopwatch.GetTimestamp();
        using (var content = new StringContent(csv, Encoding.UTF8, "text/csv"))
        {
            using var imported = await client.PostAsync(new Uri($"/api/courses/{courseId}/invitees", UriKind.Relative), content);
            var body = await imported.Content.ReadAsStringAsync();
            if (!imported.IsSuccessStatusCode || JsonNode.Parse(body)!["added"]!.GetValue<int>() != count)
            {
                throw new InvalidOperationException($"Import failed: {(int)imported.StatusCode} {body[..Math.Min(body.Length, 500)]}");
            }
        }

        var importMs = Ms(t0, Stopwatch.GetTimestamp());
        host.Mark("import done; start");
        var s0 = Stopwatch.GetTimestamp();
        using (var started = await client.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null))
        {
            started.EnsureSuccessStatusCode();
        }

        var startMs = Ms(s0, Stopwatch.GetTimestamp());
        if (!await mail.WaitForAsync(count, TimeSpan.FromMinutes(10)))
        {
            throw new TimeoutException($"Only {mail.Personalizations} of {count} invitations reached the fake Mail Send server in 10 minutes.");
        }

        var requests = mail.Requests.Where(r => r.Category == "invitation").OrderBy(r => r.EndTimestamp).ToList();
        host.Mark("all invitations received by the fake Mail Send server");
        var totalMs = Ms(t0, requests[^1].EndTimestamp);

        // When the host has also marked everyone as invited (the activity's end): counts.emailsSent == N.
        while (true)
        {
            var view = await client.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}");
            if (view!["counts"]!["emailsSent"]!.GetValue<int>() >= count)
            {
                break;
            }

            await Task.Delay(20);
        }

        var allMarkedMs = Ms(t0, Stopwatch.GetTimestamp());
        host.Mark("all invitees marked as invited");
        double hostCpu = ProcStats.CpuSeconds(host.ProcessId) - hostCpu0, azCpu = ProcStats.CpuSeconds(azurite.ProcessId) - azCpu0;
        await Task.Delay(500); // let the host's last log lines arrive
        var peak = ProcStats.PeakMegabytes(host.ProcessId);
        var lines = host.WorkflowLines.Where(l => l.At >= t0Utc).Select(l => ((l.At - t0Utc).TotalMilliseconds, l.Line)).ToList();
        await host.DisposeAsync();

        // Probes on the same Azurite, host stopped: what the product's table work costs on its own.
        var invitees = tables.GetTableClient("Invitees");
        var q = Stopwatch.StartNew();
        var rows = 0;
        await foreach (var unused in invitees.QueryAsync<TableEntity>(e => e.PartitionKey == courseId))
        {
            rows++;
        }

        var partitionQueryMs = q.Elapsed.TotalMilliseconds;
        q.Restart();
        await foreach (var unused in invitees.QueryAsync<TableEntity>($"PartitionKey eq '{courseId}' and EmailStatus eq 'NotSent'"))
        {
            rows++;
        }

        var uninvitedQueryMs = q.Elapsed.TotalMilliseconds;
        q.Restart();
        foreach (var chunk in rawEntities.Chunk(100))
        {
            await rawTable.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(
                TableTransactionActionType.UpdateMerge,
                new TableEntity(e.PartitionKey, e.RowKey) { ["EmailStatus"] = "Sent", ["InvitedAt"] = DateTimeOffset.UtcNow },
                ETag.All)));
        }

        var mergeMs = q.Elapsed.TotalMilliseconds;
        var (_, _, rawAfterMs) = await RawWriteAsync(tables, count);
        var result = new InvitationResult(
            run, count, importMs, startMs, Ms(t0, requests[0].EndTimestamp), totalMs, allMarkedMs, requests.Count,
            requests.Max(r => r.Personalizations), peak, rawMs, partitionQueryMs, uninvitedQueryMs, mergeMs,
            hostCpu, azCpu, requests.Select(r => Ms(t0, r.EndTimestamp)).ToList(), lines, rawAfterMs, load);
        console.WriteLine(
            $"   import {importMs:N0} ms, start {startMs:N0} ms, first Mail Send at {result.FirstMailMs:N0} ms, last at {totalMs:N0} ms " +
            $"({result.RawRatio:N2}× raw), all marked {allMarkedMs:N0} ms; {requests.Count} requests, max {result.MaxPersonalizations} per request; " +
            $"host peak {peak:N0} MB; CPU host {hostCpu:N1} s, Azurite {azCpu:N1} s; probes: partition query {partitionQueryMs:N0} ms, " +
            $"uninvited query {uninvitedQueryMs:N0} ms, {count / 100} merge batches {mergeMs:N0} ms; raw batch write again after: {rawAfterMs:N0} ms");
        return result;
    }

    /// <param name="capacity">The course's capacity (seats counted in storage; accepts beyond it wait), or null for none.</param>
    public async Task<ReplyResult> RepliesAsync(int run, int count, int clients, int? capacity = null)
    {
        console.WriteLine($"-- run {run}: replies, {count:N0} invitees, {clients} concurrent clients, {(capacity is { } c ? $"capacity {c:N0}" : "no capacity")}");
        mail.Reset();
        await using var azurite = await AzuriteProcess.StartAsync(repositoryRoot, "workflow-bench-azurite-");
        await using var host = await StartHostAsync(azurite.ConnectionString,
            Path.Combine(outputFolder, $"host-run{run}-replies-{count}{(capacity is null ? "" : "-capacity")}.log"));
        using var client = host.CreateOrganiserClient();
        await WarmUpAsync(host, client);
        await WarmUpRepliesAsync(host, client, clients, capacity is null ? null : WarmUpReplies * 9 / 10);

        var courseId = await CreateCourseAsync(client, "Tập huấn công tác dân vận (phản hồi)", capacity);
        using (var content = new StringContent(Csv("db", count), Encoding.UTF8, "text/csv"))
        {
            using var imported = await client.PostAsync(new Uri($"/api/courses/{courseId}/invitees", UriKind.Relative), content);
            imported.EnsureSuccessStatusCode();
        }

        using (var started = await client.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null))
        {
            started.EnsureSuccessStatusCode();
        }

        if (!await mail.WaitForAsync(count, TimeSpan.FromMinutes(5)))
        {
            throw new TimeoutException($"Only {mail.Personalizations} of {count} invitations arrived.");
        }

        await WaitForAsync(client, courseId, "emailsSent", count);
        var links = Enumerable.Range(0, count).Select(i => mail.Links.TryGetValue(Email("db", i), out var link)
            ? link
            : throw new InvalidOperationException($"No personal link substitution for {Email("db", i)}.")).ToList();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10), UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        // Warm-up: GET (renders the state, changes nothing) on the first links, so connections and code paths are ready.
        foreach (var link in links.Take(clients))
        {
            using var page = await http.GetAsync(new Uri(link));
            page.EnsureSuccessStatusCode();
        }

        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        host.Mark($"replies start course={courseId}");
        double hostCpu0 = ProcStats.CpuSeconds(host.ProcessId), azCpu0 = ProcStats.CpuSeconds(azurite.ProcessId);
        var harnessCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(links);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long lastEnd = 0;
        var wall = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (queue.TryDequeue(out var link))
            {
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("answer", "accept")]);
                    using var response = await http.PostAsync(new Uri(link), form);
                    var html = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors.Enqueue($"{(int)response.StatusCode}: {html[..Math.Min(200, html.Length)]}");
                    }
                }
                catch (HttpRequestException ex)
                {
                    errors.Enqueue(ex.Message);
                }
                catch (TaskCanceledException ex)
                {
                    errors.Enqueue("timeout: " + ex.Message);
                }

                var end = Stopwatch.GetTimestamp();
                latencies.Add(Ms(begin, end));
                InterlockedMax(ref lastEnd, end);
            }
        }));
        var wallMs = Ms(wall, Stopwatch.GetTimestamp());
        host.Mark("last reply answered; polling counts");

        var polls = 0;
        double lagMs;
        int accepted, waitlisted;
        while (true)
        {
            polls++;
            var view = await client.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}");
            var now = Stopwatch.GetTimestamp();
            accepted = view!["counts"]!["accepted"]!.GetValue<int>();
            waitlisted = view["counts"]!["waitlisted"]!.GetValue<int>();
            if (accepted + waitlisted >= count)
            {
                lagMs = Ms(Interlocked.Read(ref lastEnd), now);
                break;
            }

            if (Ms(Interlocked.Read(ref lastEnd), now) > 60_000)
            {
                lagMs = double.PositiveInfinity;
                break;
            }

            await Task.Delay(10);
        }

        double hostCpu = ProcStats.CpuSeconds(host.ProcessId) - hostCpu0, azCpu = ProcStats.CpuSeconds(azurite.ProcessId) - azCpu0;
        var harnessCpu = (Process.GetCurrentProcess().TotalProcessorTime - harnessCpu0).TotalSeconds;

        // The flow's share of a reply: every accept's confirmation (with its .ics) handed to the Mail Send API. Waiting for
        // it also keeps that background work out of the probes below.
        host.Mark("waiting for the confirmations");
        var confirmed = await mail.WaitForAsync(count + accepted, TimeSpan.FromMinutes(5));
        var flowDoneMs = Ms(Interlocked.Read(ref lastEnd), Stopwatch.GetTimestamp());
        double hostCpuAll = ProcStats.CpuSeconds(host.ProcessId) - hostCpu0, azCpuAll = ProcStats.CpuSeconds(azurite.ProcessId) - azCpu0;
        if (!confirmed)
        {
            errors.Enqueue($"only {mail.Personalizations - count} of {accepted} confirmations handed within 5 minutes");
        }
        var peak = ProcStats.PeakMegabytes(host.ProcessId);
        var sorted = latencies.Order().ToArray();

        // Probe 1: the same links by GET (token check, course + invitee reads, page render; no write), same concurrency.
        host.Mark("probe: GET every link");
        double getHost0 = ProcStats.CpuSeconds(host.ProcessId), getAz0 = ProcStats.CpuSeconds(azurite.ProcessId);
        var gets = await ConcurrentAsync(links, clients, async link =>
        {
            using var page = await http.GetAsync(new Uri(link));
            page.EnsureSuccessStatusCode();
            await page.Content.ReadAsStringAsync();
        });

        // Probe 2: the storage calls of one reply straight to Azurite, no host (course read, invitee read, invitee read + replace with ETag).
        (double Host, double Azurite) getCpu = (
            (ProcStats.CpuSeconds(host.ProcessId) - getHost0) * 1000 / links.Count, (ProcStats.CpuSeconds(azurite.ProcessId) - getAz0) * 1000 / links.Count);
        host.Mark("probe: raw reply storage calls");
        var tables = new TableServiceClient(azurite.ConnectionString);
        var courses = tables.GetTableClient("Courses");
        var inviteeTable = tables.GetTableClient("Invitees");
        var ids = new List<string>();
        await foreach (var e in inviteeTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and RowKey lt {"~"}"), select: ["RowKey"]))
        {
            ids.Add(e.RowKey);
        }

        var rawAz0 = ProcStats.CpuSeconds(azurite.ProcessId);
        var raw = await ConcurrentAsync(ids, clients, async id =>
        {
            await courses.GetEntityAsync<TableEntity>(courseId, "course");
            await inviteeTable.GetEntityAsync<TableEntity>(courseId, id);
            while (true)
            {
                var current = (await inviteeTable.GetEntityAsync<TableEntity>(courseId, id)).Value;
                current["Status"] = "Accepted";
                current["RepliedAt"] = DateTimeOffset.UtcNow;
                try
                {
                    await inviteeTable.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace);
                    break;
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    // The flow marked the row meanwhile (a confirmation sent): as a reply would, read again and write.
                }
            }
        });

        var result = new ReplyResult(run, count, clients, errors.Count, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99),
            sorted[^1], sorted.Average(), wallMs, lagMs, polls, peak, hostCpu, azCpu, errors.Take(5).ToList(),
            Percentile(gets, 0.50), Percentile(gets, 0.95), Percentile(raw, 0.50), Percentile(raw, 0.95), harnessCpu,
            getCpu, (ProcStats.CpuSeconds(azurite.ProcessId) - rawAz0) * 1000 / ids.Count, load, capacity, accepted, waitlisted)
        {
            ConfirmedAfterMs = flowDoneMs,
            HostCpuWithFlowSeconds = hostCpuAll,
            AzuriteCpuWithFlowSeconds = azCpuAll,
        };
        console.WriteLine(
            $"   {sorted.Length} replies in {wallMs:N0} ms, errors {errors.Count}, {accepted} accepted, {waitlisted} waiting; p50 {result.P50Ms:N1} ms, p95 {result.P95Ms:N1} ms, " +
            $"p99 {result.P99Ms:N1} ms, max {result.MaxMs:N1} ms; counts show {count} accepted {lagMs:N0} ms after the last reply ({polls} polls); " +
            $"host peak {peak:N0} MB; CPU host {hostCpu:N1} s, Azurite {azCpu:N1} s, harness {harnessCpu:N1} s; probes: GET p50 {result.GetP50Ms:N1} / p95 {result.GetP95Ms:N1} ms, " +
            $"raw storage calls of a reply p50 {result.RawOpsP50Ms:N1} / p95 {result.RawOpsP95Ms:N1} ms; every confirmation handed {flowDoneMs:N0} ms after the last reply, CPU per reply with the flow's work host {hostCpuAll * 1000 / count:N1} ms + Azurite {azCpuAll * 1000 / count:N1} ms; " +
            $"CPU per request: POST host {hostCpu * 1000 / count:N1} ms + Azurite {azCpu * 1000 / count:N1} ms, GET host {getCpu.Host:N1} + Azurite {getCpu.Azurite:N1} ms, raw calls Azurite {result.RawAzuriteCpuMsPerReply:N1} ms; load average {load}");
        return result;
    }

    /// <summary>The raw Azurite batch write of <paramref name="count"/> invitee-shaped rows: a new table, one partition, batches of 100, one after another.</summary>
    private static async Task<(TableClient Table, List<TableEntity> Rows, double Ms)> RawWriteAsync(TableServiceClient tables, int count)
    {
        var table = tables.GetTableClient("raw" + Guid.NewGuid().ToString("N")[..10]);
        await table.CreateIfNotExistsAsync();
        var partition = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var rows = Enumerable.Range(0, count).Select(i => InviteeShaped(partition, Email("raw", i), i)).ToList();
        var watch = Stopwatch.StartNew();
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        }

        return (table, rows, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>A small course through the whole invitation path, so JIT, connection pools and task hub leases are warm.</summary>
    /// <summary>
    /// The real local host (LocalHost/bin/Release) on <paramref name="storage"/> with SendGrid pointed at the fake; its
    /// output goes to <paramref name="logFile"/>, each line prefixed with the harness's UTC receive time.
    /// </summary>
    private async Task<LocalHostProcess> StartHostAsync(string storage, string logFile, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var host = new LocalHostProcess(storage, new LocalHostOptions
        {
            Name = "bench",
            Configuration = "Release",
            RepositoryRoot = repositoryRoot,
            SendGridBaseUrl = mail.BaseUrl,
            LogLevels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Default"] = "Warning",
                ["Workflow"] = "Information",
                ["DurableTask.Core"] = "Information",
            },
            Environment = environment,
            LogFile = logFile,
            HealthTimeout = TimeSpan.FromSeconds(90),
            ClientTimeout = TimeSpan.FromMinutes(5),
        });
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task WarmUpAsync(LocalHostProcess host, HttpClient client)
    {
        host.Mark("warm-up start");
        var id = await CreateCourseAsync(client, "Khởi động");
        using (var content = new StringContent(Csv("warm", 10), Encoding.UTF8, "text/csv"))
        {
            using var imported = await client.PostAsync(new Uri($"/api/courses/{id}/invitees", UriKind.Relative), content);
            imported.EnsureSuccessStatusCode();
        }

        using (var started = await client.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null))
        {
            started.EnsureSuccessStatusCode();
        }

        await WaitForAsync(client, id, "emailsSent", 10);
        await Task.Delay(1000); // the warm-up flow goes to sleep on its timer
        mail.Reset();
        host.Mark("warm-up done");
    }

    /// <summary>Replies of the warm-up course (<see cref="WarmUpRepliesAsync"/>).</summary>
    private const int WarmUpReplies = 300;

    /// <summary>
    /// The reply path warmed as a long-running host has it: a course of <see cref="WarmUpReplies"/> invitees (with the same
    /// kind of capacity) answered by the same number of clients, its pages read again, its confirmations sent, then a
    /// pause. Without it the measured burst (a few seconds) also paid the runtime's tier-1 recompilation of every hot
    /// method of the reply path, in the background threads of the host, which a 30 s burst used to hide.
    /// </summary>
    private async Task WarmUpRepliesAsync(LocalHostProcess host, HttpClient client, int clients, int? capacity)
    {
        host.Mark("reply warm-up start");
        mail.Reset();
        var id = await CreateCourseAsync(client, "Khởi động (phản hồi)", capacity);
        using (var content = new StringContent(Csv("warmreply", WarmUpReplies), Encoding.UTF8, "text/csv"))
        {
            using var imported = await client.PostAsync(new Uri($"/api/courses/{id}/invitees", UriKind.Relative), content);
            imported.EnsureSuccessStatusCode();
        }

        using (var started = await client.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null))
        {
            started.EnsureSuccessStatusCode();
        }

        if (!await mail.WaitForAsync(WarmUpReplies, TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException("The warm-up course's invitations did not all arrive.");
        }

        var links = Enumerable.Range(0, WarmUpReplies).Select(i => mail.Links[Email("warmreply", i)]).ToList();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        await ConcurrentAsync(links, clients, async link =>
        {
            using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("answer", "accept")]);
            using var response = await http.PostAsync(new Uri(link), form);
            response.EnsureSuccessStatusCode();
        });
        await ConcurrentAsync(links, clients, async link =>
        {
            using var page = await http.GetAsync(new Uri(link));
            page.EnsureSuccessStatusCode();
        });
        await mail.WaitForAsync(WarmUpReplies + (capacity ?? WarmUpReplies), TimeSpan.FromMinutes(2));
        await Task.Delay(2000); // the flow goes back to sleep; background recompilation finishes
        mail.Reset();
        host.Mark("reply warm-up done");
    }

    private static async Task WaitForAsync(HttpClient client, string courseId, string count, int atLeast, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        while ((await client.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}"))!["counts"]![count]!.GetValue<int>() < atLeast)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"counts.{count} of course {courseId} did not reach {atLeast}.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<string> CreateCourseAsync(HttpClient client, string title, int? capacity = null)
    {
        var now = DateTimeOffset.UtcNow;
        using var created = await client.PostAsJsonAsync("/api/courses", new
        {
            title,
            presenters = Presenters,
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = now.AddDays(3), end = now.AddDays(3).AddHours(3) } },
            rsvpDeadline = now.AddDays(2),
            organiserEmails = Organisers,
            language = "vi",
            reminders = new { beforeRsvpDeadline = ReminderOffsets },
            capacity,
        });
        var body = await created.Content.ReadAsStringAsync();
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Create course failed: {(int)created.StatusCode} {body}");
        }

        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static TableEntity InviteeShaped(string partition, string email, int i) => new(
        partition,
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partition + "\n" + email)).AsSpan(0, 10)))
    {
        ["Name"] = Name(i),
        ["Email"] = email,
        ["EmailKey"] = email.ToLowerInvariant(),
        ["Unit"] = Units[i % Units.Length],
        ["Position"] = Positions[i % Positions.Length],
        ["Status"] = "Pending",
        ["Late"] = false,
        ["EmailStatus"] = "NotSent",
    };

    /// <summary>Runs <paramref name="work"/> for each item with <paramref name="clients"/> workers; returns the sorted latencies (ms).</summary>
    private static async Task<double[]> ConcurrentAsync<T>(IEnumerable<T> items, int clients, Func<T, Task> work)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<T>(items);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (queue.TryDequeue(out var item))
            {
                var begin = Stopwatch.GetTimestamp();
                await work(item);
                latencies.Add(Ms(begin, Stopwatch.GetTimestamp()));
            }
        }));
        return latencies.Order().ToArray();
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public static string Format(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
