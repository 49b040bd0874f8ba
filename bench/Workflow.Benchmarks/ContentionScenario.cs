using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Workflow.Benchmarks;

/// <summary>What one contention run measured (issue 19, item 3).</summary>
public sealed record ContentionResult(
    int Run,
    int Hosts,
    int Invitees,
    int Capacity,
    int Clients,
    int Accepts,
    int Declines,
    int Errors,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    double WallMs,
    int Samples,
    int MinAccepted,
    int MaxAccepted,
    int SamplesAtCapacity,
    int FinalAccepted,
    int FinalWaiting,
    int SeatRowCount,
    int OrderViolations,
    IReadOnlyDictionary<string, int> ConflictsByRow,
    IReadOnlyList<double> HostPeakMb,
    string Load,
    IReadOnlyList<string> ErrorSamples)
{
    public int Conflicts => ConflictsByRow.Values.Sum();

    public double RepliesPerSecond => (Accepts + Declines) / (WallMs / 1000);
}

/// <summary>
/// 1,000 invitees, 100 seats, 50 concurrent clients spread over two local hosts on one Azurite and one task hub (distinct
/// <c>Workflow__WorkerId</c>), accepting and then some declining; samples the accepted rows in storage while it runs and
/// checks the waitlist order at the end; counts the hosts' "Seat write … refused by storage" lines (the ETag retries).
/// </summary>
public sealed partial class Scenarios
{
    public async Task<ContentionResult> ContentionAsync(int run, int invitees = 1_000, int capacity = 100, int clients = 50, int hostCount = 2)
    {
        console.WriteLine($"-- run {run}: contention, {invitees:N0} invitees, {capacity} seats, {clients} clients over {hostCount} hosts");
        mail.Reset();
        await using var azurite = await AzuriteProcess.StartAsync(repositoryRoot, "workflow-bench-azurite-");
        var hub = "contention" + Guid.NewGuid().ToString("N")[..10];
        var linkKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var hosts = new List<LocalHostProcess>();
        try
        {
            for (var h = 0; h < hostCount; h++)
            {
                hosts.Add(await StartHostAsync(azurite.ConnectionString, Path.Combine(outputFolder, $"host-run{run}-contention-{h}.log"), new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["WorkflowTaskHub"] = hub,
                    ["Workflow__WorkerId"] = $"bench-contention-{h}",
                    ["Workflow__Links__Keys__bench"] = linkKey,
                }));
            }

            using var client = hosts[0].CreateOrganiserClient();
            await WarmUpAsync(hosts[0], client);
            var courseId = await CreateCourseAsync(client, "Tập huấn (tranh chấp chỗ ngồi)", capacity);
            using (var content = new StringContent(Csv("ct", invitees), Encoding.UTF8, "text/csv"))
            {
                using var imported = await client.PostAsync(new Uri($"/api/courses/{courseId}/invitees", UriKind.Relative), content);
                imported.EnsureSuccessStatusCode();
            }

            using (var started = await client.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null))
            {
                started.EnsureSuccessStatusCode();
            }

            if (!await mail.WaitForAsync(invitees, TimeSpan.FromMinutes(5)))
            {
                throw new TimeoutException($"Only {mail.Personalizations} of {invitees} invitations arrived.");
            }

            await WaitForAsync(client, courseId, "emailsSent", invitees);

            // A link's path is the same on every host (one link key, one public path); each request goes to a host in turn.
            var paths = Enumerable.Range(0, invitees).Select(i => new Uri(mail.Links[Email("ct", i)]).PathAndQuery).ToList();
            var random = new Random(19 + run);
            var order = paths.OrderBy(_ => random.Next()).ToList();
            var declineAfter = order.Where((_, i) => i % 10 < 3).ToHashSet(StringComparer.Ordinal); // 30 % decline later
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            var lines0 = hosts.Select(h => h.WorkflowLines.Count).ToList();

            var work = new ConcurrentQueue<(string Path, string Answer)>(order.Select(p => (p, "accept")));
            var latencies = new ConcurrentBag<double>();
            var errors = new ConcurrentQueue<string>();
            int accepts = 0, declines = 0, next = 0, inFlight = 0;
            var tables = new TableServiceClient(azurite.ConnectionString).GetTableClient("Invitees");
            var sampled = new List<int>();
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and Status eq {"Accepted"}");
                while (!stop.IsCancellationRequested)
                {
                    var n = 0;
                    await foreach (var unused in tables.QueryAsync<TableEntity>(filter, select: ["RowKey"]))
                    {
                        n++;
                    }

                    lock (sampled)
                    {
                        sampled.Add(n);
                    }

                    await Task.Delay(100);
                }
            });

            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var wall = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                while (true)
                {
                    if (!work.TryDequeue(out var item))
                    {
                        if (Volatile.Read(ref inFlight) == 0 && work.IsEmpty)
                        {
                            return;
                        }

                        await Task.Delay(5);
                        continue;
                    }

                    Interlocked.Increment(ref inFlight);
                    var host = hosts[Interlocked.Increment(ref next) % hosts.Count];
                    var begin = Stopwatch.GetTimestamp();
                    try
                    {
                        var form = new List<KeyValuePair<string, string>> { new("answer", item.Answer) };
                        if (item.Answer == "decline")
                        {
                            form.Add(new("reason", "Trùng lịch công tác"));
                        }

                        using var body = new FormUrlEncodedContent(form);
                        using var response = await http.PostAsync(new Uri(host.BaseUrl + item.Path), body);
                        var html = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            errors.Enqueue($"{item.Answer} {(int)response.StatusCode}: {html[..Math.Min(200, html.Length)]}");
                        }
                        else if (item.Answer == "accept")
                        {
                            Interlocked.Increment(ref accepts);
                            if (declineAfter.Contains(item.Path))
                            {
                                work.Enqueue((item.Path, "decline"));
                            }
                        }
                        else
                        {
                            Interlocked.Increment(ref declines);
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
                    finally
                    {
                        latencies.Add(Ms(begin, Stopwatch.GetTimestamp()));
                        Interlocked.Decrement(ref inFlight);
                    }
                }
            }));
            var wallMs = Ms(wall, Stopwatch.GetTimestamp());
            await stop.CancelAsync();
            await sampler;

            // The end state, straight from storage: accepted and waiting rows with their arrival numbers, and the seat row.
            var rows = new List<(string Status, long Arrival)>();
            await foreach (var e in tables.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {courseId}"), select: ["RowKey", "Status", "Arrival"]))
            {
                if (e.GetString("Status") is "Accepted" or "Waitlisted")
                {
                    rows.Add((e.GetString("Status")!, e.GetInt64("Arrival") ?? long.MaxValue));
                }
            }

            var seat = (await tables.GetEntityIfExistsAsync<TableEntity>(courseId, "~seats")).Value;
            var seatCount = seat is null ? -1 : SeatCount(seat);
            var accepted = rows.Where(r => r.Status == "Accepted").ToList();
            var waiting = rows.Where(r => r.Status == "Waitlisted").ToList();
            var lastSeated = accepted.Count == 0 ? long.MinValue : accepted.Max(r => r.Arrival);
            var violations = waiting.Count(w => w.Arrival < lastSeated); // someone waiting who arrived before a seated person
            var conflicts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var h = 0; h < hosts.Count; h++)
            {
                foreach (var (_, line) in hosts[h].WorkflowLines.Skip(lines0[h]))
                {
                    var m = ConflictLine().Match(line);
                    if (m.Success)
                    {
                        conflicts[m.Groups[1].Value] = conflicts.GetValueOrDefault(m.Groups[1].Value) + 1;
                    }
                }
            }

            var peaks = hosts.Select(h => ProcStats.PeakMegabytes(h.ProcessId)).ToList();
            var sorted = latencies.Order().ToArray();
            int[] samples;
            lock (sampled)
            {
                samples = [.. sampled];
            }

            var result = new ContentionResult(run, hostCount, invitees, capacity, clients, accepts, declines, errors.Count,
                Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted[^1], wallMs,
                samples.Length, samples.DefaultIfEmpty(0).Min(), samples.DefaultIfEmpty(0).Max(), samples.Count(s => s == capacity),
                accepted.Count, waiting.Count, seatCount, violations, conflicts, peaks, load, [.. errors.Take(5)]);
            console.WriteLine(
                $"   {accepts} accepts + {declines} declines in {wallMs:N0} ms ({result.RepliesPerSecond:N0}/s) over {hostCount} hosts, errors {errors.Count}; " +
                $"p50 {result.P50Ms:N1} ms, p95 {result.P95Ms:N1} ms, p99 {result.P99Ms:N1} ms, max {result.MaxMs:N1} ms; " +
                $"samples {samples.Length}: accepted min {result.MinAccepted} max {result.MaxAccepted} ({result.SamplesAtCapacity} at {capacity}); " +
                $"end: {accepted.Count} accepted, {waiting.Count} waiting, seat row {seatCount}, order violations {violations}; " +
                $"seat conflicts {result.Conflicts} ({string.Join(", ", conflicts.Select(c => $"{c.Key} {c.Value}"))}); host peaks {string.Join(" / ", peaks.Select(p => $"{p:N0} MB"))}; load {load}" +
                (errors.IsEmpty ? "" : "; first error: " + errors.First()));
            return result;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>The seat row's count of accepted people (the column SeatColumns writes).</summary>
    private static int SeatCount(TableEntity seat) =>
        seat.GetInt32("Accepted") ?? -1;

    [System.Text.RegularExpressions.GeneratedRegex(@"Seat write of course \S+ refused by storage \((\w+) changed\)")]
    private static partial System.Text.RegularExpressions.Regex ConflictLine();
}
