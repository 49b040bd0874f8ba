using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Workflow.Benchmarks;

/// <summary>What one campaign run measured (issue 19, item 4): one course of <see cref="Invitees"/> people, no capacity.</summary>
public sealed record CampaignResult(
    int Run,
    int Invitees,
    int ImportParts,
    int LargestPartBytes,
    double ImportMs,
    double LastHandedMs,
    double AllMarkedMs,
    int MailRequests,
    double RawWriteMs,
    int Replies,
    double ReplyP50Ms,
    double ReplyP95Ms,
    IReadOnlyList<double> ProgressColdMs,
    double ProgressCachedMs,
    double RosterCsvMs,
    long RosterCsvBytes,
    double RosterXlsxMs,
    long RosterXlsxBytes,
    double PeakAfterInvitationsMb,
    double PeakAfterRepliesMb,
    double PeakAfterRosterMb,
    double HostCpuSeconds,
    double AzuriteCpuSeconds,
    string Load)
{
    /// <summary>A plain SDK read of the course's whole partition (every column, the service's pages of 1,000), after the roster: what the roster's own read costs on this storage.</summary>
    public double RawReadMs { get; init; }

    /// <summary>Import start → last invitation handed, over the raw batch write of the same number of rows.</summary>
    public double RawRatio => LastHandedMs / RawWriteMs;
}

/// <summary>
/// A province-wide campaign: N invitees in one course (one invitee partition), imported as CSV parts under the 1 MiB
/// request limit, every invitation handed to the Mail Send API, some replies, the progress poll (cold and cached) and
/// the roster as CSV and XLSX; host peak memory (VmHWM) after each phase. Azurite keeps its data in memory (on disk it
/// re-saves its whole database every few seconds, which at 100,000 rows would dominate whatever it lands in).
/// </summary>
public sealed partial class Scenarios
{
    /// <summary>Largest CSV part posted (the request limit is 1 MiB = 1,048,576 bytes).</summary>
    private const int CampaignPartBytes = 900_000;

    public async Task<CampaignResult> CampaignAsync(int run, int count, int replies = 2_000, int clients = 20)
    {
        console.WriteLine($"-- run {run}: campaign, {count:N0} invitees in one course");
        mail.Reset();
        await using var azurite = await AzuriteProcess.StartAsync(repositoryRoot, "workflow-bench-azurite-", inMemory: true);
        var tables = new TableServiceClient(azurite.ConnectionString);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var (_, _, rawMs) = await RawWriteAsync(tables, count);
        console.WriteLine($"   raw batch write of {count:N0} rows: {rawMs:N0} ms (load average {load})");

        await using var host = await StartHostAsync(azurite.ConnectionString, Path.Combine(outputFolder, $"host-run{run}-campaign-{count}.log"));
        using var client = host.CreateOrganiserClient();
        await WarmUpAsync(host, client);
        var courseId = await CreateCourseAsync(client, $"Quán triệt nghị quyết toàn tỉnh ({count:N0} đại biểu)");
        var parts = CsvParts("cp", count, CampaignPartBytes);
        double hostCpu0 = ProcStats.CpuSeconds(host.ProcessId), azCpu0 = ProcStats.CpuSeconds(azurite.ProcessId);

        var t0 = Stopwatch.GetTimestamp();
        var added = 0;
        foreach (var part in parts)
        {
            using var content = new ByteArrayContent(part);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
            using var imported = await client.PostAsync(new Uri($"/api/courses/{courseId}/invitees", UriKind.Relative), content);
            var body = await imported.Content.ReadAsStringAsync();
            if (!imported.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Import part failed: {(int)imported.StatusCode} {body[..Math.Min(body.Length, 500)]}");
            }

            added += JsonNode.Parse(body)!["added"]!.GetValue<int>();
        }

        if (added != count)
        {
            throw new InvalidOperationException($"Imported {added} of {count}.");
        }

        var importMs = Ms(t0, Stopwatch.GetTimestamp());
        using (var started = await client.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null))
        {
            started.EnsureSuccessStatusCode();
        }

        if (!await mail.WaitForAsync(count, TimeSpan.FromMinutes(30)))
        {
            throw new TimeoutException($"Only {mail.Personalizations} of {count} invitations reached the fake Mail Send server in 30 minutes.");
        }

        var requests = mail.Requests.Where(r => r.Category == "invitation").OrderBy(r => r.EndTimestamp).ToList();
        var lastHandedMs = Ms(t0, requests[^1].EndTimestamp);
        await WaitForAsync(client, courseId, "emailsSent", count, TimeSpan.FromMinutes(30));
        var allMarkedMs = Ms(t0, Stopwatch.GetTimestamp());
        var peakInvitations = ProcStats.PeakMegabytes(host.ProcessId);
        console.WriteLine($"   import {importMs:N0} ms in {parts.Count} parts (largest {parts.Max(p => p.Length):N0} B), last invitation handed {lastHandedMs:N0} ms ({lastHandedMs / rawMs:N2}× raw), all marked {allMarkedMs:N0} ms, {requests.Count} Mail Send requests, host peak {peakInvitations:N0} MB");

        // Replies: the first links accept, 20 clients.
        var links = Enumerable.Range(0, Math.Min(replies, count)).Select(i => mail.Links[Email("cp", i)]).ToList();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var replyLatencies = await ConcurrentAsync(links, clients, async link =>
        {
            using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("answer", "accept")]);
            using var response = await http.PostAsync(new Uri(link), form);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Reply failed: {(int)response.StatusCode}");
            }
        });
        var peakReplies = ProcStats.PeakMegabytes(host.ProcessId);

        // Progress poll: cold (more than MaxAge after the last scan) three times, then cached.
        var cold = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(2_100);
            var c0 = Stopwatch.GetTimestamp();
            var view = await client.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}/progress");
            cold.Add(Ms(c0, Stopwatch.GetTimestamp()));
            if (view!["counts"]!["accepted"]!.GetValue<int>() != links.Count)
            {
                throw new InvalidOperationException($"progress shows {view["counts"]!["accepted"]} accepted, not {links.Count}.");
            }
        }

        var cached0 = Stopwatch.GetTimestamp();
        using (var cachedResponse = await client.GetAsync(new Uri($"/api/courses/{courseId}/progress", UriKind.Relative)))
        {
            cachedResponse.EnsureSuccessStatusCode();
        }

        var cachedMs = Ms(cached0, Stopwatch.GetTimestamp());

        // Roster: CSV then XLSX, read to the end as a browser would save it.
        var (csvMs, csvBytes) = await DownloadAsync(client, $"/api/courses/{courseId}/roster?format=csv");
        var (xlsxMs, xlsxBytes) = await DownloadAsync(client, $"/api/courses/{courseId}/roster?format=xlsx");
        var peakRoster = ProcStats.PeakMegabytes(host.ProcessId);
        var rawRead0 = Stopwatch.GetTimestamp();
        var rawRows = 0;
        await foreach (var _ in tables.GetTableClient("Invitees").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {courseId}")))
        {
            rawRows++;
        }

        var rawReadMs = Ms(rawRead0, Stopwatch.GetTimestamp());
        console.WriteLine($"   raw read of the course's partition: {rawRows:N0} rows in {rawReadMs:N0} ms");
        double hostCpu = ProcStats.CpuSeconds(host.ProcessId) - hostCpu0, azCpu = ProcStats.CpuSeconds(azurite.ProcessId) - azCpu0;
        var result = new CampaignResult(run, count, parts.Count, parts.Max(p => p.Length), importMs, lastHandedMs, allMarkedMs, requests.Count, rawMs,
            links.Count, Percentile(replyLatencies, 0.50), Percentile(replyLatencies, 0.95), cold, cachedMs, csvMs, csvBytes, xlsxMs, xlsxBytes,
            peakInvitations, peakReplies, peakRoster, hostCpu, azCpu, load) { RawReadMs = rawReadMs };
        console.WriteLine(
            $"   {links.Count} replies p50 {result.ReplyP50Ms:N1} / p95 {result.ReplyP95Ms:N1} ms (host peak {peakReplies:N0} MB); progress cold {string.Join(", ", cold.Select(c => $"{c:N0} ms"))}, cached {cachedMs:N1} ms; " +
            $"roster CSV {csvMs:N0} ms {csvBytes:N0} B, XLSX {xlsxMs:N0} ms {xlsxBytes:N0} B, host peak after roster {peakRoster:N0} MB; CPU host {hostCpu:N1} s, Azurite {azCpu:N1} s");
        return result;
    }

    /// <summary>The CSV of <paramref name="count"/> people cut into parts of at most <paramref name="maxBytes"/> UTF-8 bytes, each with the header.</summary>
    public static List<byte[]> CsvParts(string prefix, int count, int maxBytes)
    {
        var lines = Csv(prefix, count).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0] + "\n";
        var parts = new List<byte[]>();
        var part = new StringBuilder(header);
        var bytes = Encoding.UTF8.GetByteCount(header);
        foreach (var line in lines.Skip(1))
        {
            var n = Encoding.UTF8.GetByteCount(line) + 1;
            if (bytes + n > maxBytes)
            {
                parts.Add(Encoding.UTF8.GetBytes(part.ToString()));
                part.Clear().Append(header);
                bytes = Encoding.UTF8.GetByteCount(header);
            }

            part.Append(line).Append('\n');
            bytes += n;
        }

        parts.Add(Encoding.UTF8.GetBytes(part.ToString()));
        return parts;
    }

    private static async Task<(double Ms, long Bytes)> DownloadAsync(HttpClient client, string path)
    {
        var t0 = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return (Ms(t0, Stopwatch.GetTimestamp()), total);
    }
}
