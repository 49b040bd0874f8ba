using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Workflow.Benchmarks;

/// <param name="ColdMs">Latencies of GETs made more than the cache's 2 s after the last scan (each pays a course read and a full invitee scan).</param>
/// <param name="CachedMs">Latencies of GETs within 2 s of a scan (served from the per-instance cache), sorted.</param>
/// <param name="Bytes">Body bytes of a 200.</param>
/// <param name="HeaderBytes">Status line and header bytes of a 200 (as the harness received them, approximately).</param>
/// <param name="NotModifiedBytes">Body bytes of the 304 to the same ETag (must be 0).</param>
/// <param name="NotModifiedHeaderBytes">Status line and header bytes of that 304.</param>
/// <param name="InviteesMs">For comparison: one GET of the whole invitee list of the same course.</param>
public sealed record ProgressResult(
    int Run,
    int Invitees,
    int Replies,
    int Points,
    string Bucket,
    IReadOnlyList<double> ColdMs,
    double[] CachedMs,
    long Bytes,
    long HeaderBytes,
    int NotModifiedStatus,
    long NotModifiedBytes,
    long NotModifiedHeaderBytes,
    double InviteesMs,
    long InviteesBytes,
    string Load);

/// <summary>GET /api/courses/{id}/progress on a course of 10,000 invitees (issue 10: the page polls it every 3 s).</summary>
public sealed partial class Scenarios
{
    private const int ColdSamples = 5;
    private const int CachedSamples = 50;

    public async Task<ProgressResult> ProgressAsync(int run, int count)
    {
        console.WriteLine($"-- run {run}: progress, {count:N0} invitees");
        mail.Reset();
        await using var azurite = await AzuriteProcess.StartAsync(repositoryRoot, "workflow-bench-azurite-");
        await using var host = await StartHostAsync(azurite.ConnectionString, Path.Combine(outputFolder, $"host-run{run}-progress-{count}.log"));
        using var client = host.CreateOrganiserClient();
        await WarmUpAsync(host, client);

        var courseId = await CreateCourseAsync(client, $"Hội nghị trực tuyến ({count:N0} đại biểu)");
        using (var content = new StringContent(Csv("pg", count), Encoding.UTF8, "text/csv"))
        {
            using var imported = await client.PostAsync(new Uri($"/api/courses/{courseId}/invitees", UriKind.Relative), content);
            imported.EnsureSuccessStatusCode();
        }

        using (var started = await client.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null))
        {
            started.EnsureSuccessStatusCode();
        }

        await WaitForAsync(client, courseId, "emailsSent", count);

        // 30% have answered over the last 110 minutes (written straight to the table: setup, not measured), so the
        // timeline has close to its 120 points (1-minute buckets) and the body nearly its largest size.
        var replies = count * 3 / 10;
        var invitees = new TableServiceClient(azurite.ConnectionString).GetTableClient("Invitees");
        var ids = new List<string>();
        await foreach (var e in invitees.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and RowKey lt {"~"}"), select: ["RowKey"]))
        {
            ids.Add(e.RowKey);
        }

        var now = DateTimeOffset.UtcNow;
        string[] statuses = ["Accepted", "Accepted", "Accepted", "Accepted", "Accepted", "Accepted", "Declined", "Declined", "Waitlisted", "Delegated"];
        foreach (var chunk in ids.Take(replies).Select((id, i) => (id, i)).Chunk(100))
        {
            await invitees.SubmitTransactionAsync(chunk.Select(x => new TableTransactionAction(
                TableTransactionActionType.UpdateMerge,
                new TableEntity(courseId, x.id) { ["Status"] = statuses[x.i % statuses.Length], ["RepliedAt"] = now.AddMinutes(-110).AddSeconds(x.i * 6600.0 / replies) },
                ETag.All)));
        }

        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var path = new Uri($"/api/courses/{courseId}/progress", UriKind.Relative);
        host.Mark($"progress: cold GETs course={courseId}");
        var cold = new List<double>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < ColdSamples; i++)
        {
            await Task.Delay(2_200); // past the cache's 2 s: this GET scans again
            last?.Dispose();
            var t = Stopwatch.GetTimestamp();
            last = await client.GetAsync(path);
            await last.Content.LoadIntoBufferAsync();
            cold.Add(Ms(t, Stopwatch.GetTimestamp()));
            last.EnsureSuccessStatusCode();
        }

        host.Mark("progress: cached GETs");
        var cached = new List<double>();
        for (var i = 0; i < CachedSamples; i++)
        {
            var t = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            cached.Add(Ms(t, Stopwatch.GetTimestamp()));
            response.EnsureSuccessStatusCode();
        }

        using var body = last!;
        var bytes = (await body.Content.ReadAsByteArrayAsync()).LongLength;
        var view = JsonNode.Parse(await body.Content.ReadAsStringAsync())!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(body.Headers.ETag!);
        using var notModified = await client.SendAsync(conditional);
        var notModifiedBody = (await notModified.Content.ReadAsByteArrayAsync()).LongLength;

        host.Mark("progress: the whole invitee list, for comparison");
        var ti = Stopwatch.GetTimestamp();
        using var list = await client.GetAsync(new Uri($"/api/courses/{courseId}/invitees", UriKind.Relative));
        var listBytes = (await list.Content.ReadAsByteArrayAsync()).LongLength;
        var listMs = Ms(ti, Stopwatch.GetTimestamp());
        list.EnsureSuccessStatusCode();

        var result = new ProgressResult(
            run, count, replies, view["replies"]!["points"]!.AsArray().Count, view["replies"]!["bucket"]!.GetValue<string>(),
            cold, [.. cached.Order()], bytes, HeaderBytes(body), (int)notModified.StatusCode, notModifiedBody, HeaderBytes(notModified),
            listMs, listBytes, load);
        console.WriteLine(
            $"   cold {string.Join(", ", cold.Select(c => Format(c)))} ms; cached p50 {Format(Percentile(result.CachedMs, 0.5), "N1")} / p95 {Format(Percentile(result.CachedMs, 0.95), "N1")} ms; " +
            $"{bytes:N0} B body ({result.Points} points of {result.Bucket}) + {result.HeaderBytes} B headers; 304: {notModifiedBody} B body + {result.NotModifiedHeaderBytes} B headers; " +
            $"whole invitee list {Format(listMs)} ms, {listBytes:N0} B; load average {load}");
        return result;
    }

    public static double CachedPercentile(ProgressResult r, double q) => Percentile(r.CachedMs, q);

    /// <summary>The status line and headers as sent on the wire (HTTP/1.1), from what the client received.</summary>
    private static long HeaderBytes(HttpResponseMessage response)
    {
        static long Of(HttpHeaders headers) => headers.Sum(h => h.Key.Length + 2 + string.Join(", ", h.Value).Length + 2);
        var statusLine = $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n".Length;
        return statusLine + Of(response.Headers) + Of(response.Content.Headers) + 2;
    }
}
