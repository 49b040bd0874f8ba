using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Access;
using Workflow.Complaints;
using Workflow.Complaints.Alerts;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;
using Workflow.Complaints.Deadlines;
using Workflow.Hosting;
using Workflow.Storage;
using Workflow.Units;

namespace Workflow.Benchmarks;

/// <summary>One measured call of <see cref="ComplaintAlerts.RunAsync"/>.</summary>
public sealed record AlertRunMeasure(
    double WallMs,
    IReadOnlyDictionary<string, int> EntitiesReadByTable,
    IReadOnlyDictionary<string, int> RequestsByTable,
    int DeadlinesRead,
    int AlertsDue,
    int AlertsSent,
    bool DigestSent,
    int MailRequests,
    double AzuriteCpuSeconds)
{
    public int EntitiesRead => EntitiesReadByTable.Values.Sum();

    public int Requests => RequestsByTable.Values.Sum();
}

public sealed record AlertResult(
    int Run,
    DateOnly Today,
    int Cases,
    int Open,
    int Closed,
    int ClosedThroughLifecycle,
    int OpenStages,
    int Near,
    int Overdue,
    int ExpectedAlerts,
    int IndexRowsAfterSeeding,
    double SeedMs,
    int SeedRequests,
    AlertRunMeasure First,
    AlertRunMeasure Rerun)
{
    /// <summary>Seeded by batch writes of the stored rows (issue 19) rather than through the repository.</summary>
    public bool BatchSeeded { get; init; }

    /// <summary>The case API's reads over the seeded registry, per query: p50/p95 over repeated calls, entities read per call, items answered.</summary>
    public IReadOnlyList<ListMeasure> Lists { get; init; } = [];
}

/// <summary>Repeated calls of <c>GET /api/complaints?…</c> (in process, the same handler as both hosts).</summary>
public sealed record ListMeasure(string Query, int Calls, double P50Ms, double P95Ms, int EntitiesPerCall, int Items);

/// <summary>
/// SPEC §6 "daily alert run over 100,000 cases of which 2,000 open": seeds a fresh Azurite through the product's own
/// <see cref="ComplaintStore"/> (not measured), then calls the real <see cref="ComplaintAlerts"/> resolved from
/// <c>AddWorkflow</c>, with the SendGrid sender pointed at the fake Mail Send server, twice on the same day.
/// </summary>
internal sealed class AlertScenario(string root, FakeMailSendServer mail, TextWriter log, int totalCases = AlertScenario.TotalCases, bool batchSeed = false)
{
    private const int ListCalls = 20;

    public const int TotalCases = 100_000;
    public const int OpenCases = 2_000;

    /// <summary>Closed cases that go through the product's lifecycle (registered open with index rows, then resolved/withdrawn).</summary>
    public const int LifecycleCases = 2_000;

    private const int SeedConcurrency = 64;
    private const string Leadership = "lanhdao@bandanvan.example.vn";

    private static readonly string[] UnitNames =
    [
        "UBND phường Hoa Lư", "UBND xã Gia Sinh", "UBND phường Tây Hoa Lư", "Sở Tài nguyên và Môi trường", "Sở Xây dựng",
        "Sở Lao động - Thương binh và Xã hội", "UBND xã Gia Vân", "Thanh tra tỉnh", "Sở Giao thông vận tải", "UBND phường Nam Hoa Lư",
        "Sở Nông nghiệp và Phát triển nông thôn", "UBND xã Ninh Hải",
    ];

    private static readonly string[] Subjects =
    [
        "Tiến độ cấp giấy chứng nhận quyền sử dụng đất", "Bồi thường giải phóng mặt bằng", "Trật tự xây dựng", "Chế độ chính sách",
        "Ô nhiễm môi trường khu dân cư", "Thủ tục hành chính chậm", "Quản lý đất công", "Hạ tầng giao thông nông thôn",
    ];

    public async Task<AlertResult> RunAsync(int run)
    {
        // In memory: on disk, Azurite re-saves the whole table database (150 MB of JSON at 100,000 cases) on its one thread
        // every few seconds, which made seeding crawl (~45 cases/s) and would stall whichever alert run it lands in.
        // Batch seeding (--cases): Azurite finds an entity by its RowKey index first, and the case table's RowKeys are all
        // "case" (one partition per case): bench/azurite/point-lookup.js makes it use the narrower index, as Azure does.
        await using var azurite = await AzuriteProcess.StartAsync(
            root, "workflow-bench-azurite-", inMemory: true, preload: batchSeed ? Path.Combine(root, "bench", "azurite", "point-lookup.js") : null);
        var today = ComplaintRules.Today(TimeProvider.System);
        var clock = new BenchClock(new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)); // 07:00 in Vietnam

        // Seeding (setup, not measured against the target).
        var seedTraffic = new TableTraffic();
        await using var seedProvider = Services(azurite.ConnectionString, clock, seedTraffic);
        var repository = seedProvider.GetRequiredService<ComplaintStore>();
        var rules = seedProvider.GetRequiredService<ComplaintRules>();
        await seedProvider.GetRequiredService<UnitStore>().ReplaceAllAsync(
            [.. UnitNames.Select((n, i) => new OrgUnit(n, "commune-peoples-committee", null, [$"vanphong{i}@donvi.example.vn"]))], Author.System, clock.GetUtcNow(), default);

        var specs = Specs(today, rules, totalCases);
        var open = specs.Where(s => s.Case.Status == CaseStatus.Open).ToList();
        var openStages = open.SelectMany(s => s.Open).ToList();
        var near = openStages.Count(d => d.Due.DayNumber - today.DayNumber <= 7);
        var overdue = openStages.Count(d => d.Due < today);
        var expectedAlerts = openStages.Count(d => d.Due.DayNumber - today.DayNumber is < 0 or 7 or 3 or 1 or 0);

        var seed = Stopwatch.StartNew();
        var stored = 1;
        await Store(repository, specs[0], today, rules); // creates the tables once
        if (batchSeed)
        {
            await BatchSeedAsync(seedProvider.GetRequiredService<TableServiceClient>(), specs.Skip(1), run, seed);
        }
        else
        {
            await Parallel.ForEachAsync(specs.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency }, async (spec, ct) =>
            {
                await Store(repository, spec, today, rules);
                if (Interlocked.Increment(ref stored) % 5_000 == 0)
                {
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[alerts run {run}] seeding: {stored:N0} cases, {seed.Elapsed.TotalSeconds:N0} s"));
                }
            });
        }

        await repository.ListAsync(CaseStatus.Open, 1, default); // setup: builds the case list rows of cases stored without them (none here) once
        seed.Stop();
        var service = seedProvider.GetRequiredService<TableServiceClient>();
        var indexRows = 0;
        await foreach (var _ in service.GetTableClient(new ComplaintTables().Index).QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            indexRows++;
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[alerts run {run}] seeded {specs.Count:N0} cases ({open.Count:N0} open, {specs.Count(s => s.Lifecycle):N0} through register→resolve/withdraw) in {seed.Elapsed.TotalSeconds:N1} s, " +
            $"{seedTraffic.Requests:N0} storage requests, {SeedConcurrency} at a time; index rows now {indexRows:N0} (open stages {openStages.Count:N0}); " +
            $"today {today:yyyy-MM-dd}: {near} open stages near (≤ 7 days left or overdue), {overdue} overdue, {expectedAlerts} alerts due"));

        // The measured runs: a fresh service provider (as a host's first timer call), same Azurite, same day.
        var traffic = new TableTraffic();
        await using var provider = Services(azurite.ConnectionString, clock, traffic);
        var alerts = provider.GetRequiredService<ComplaintAlerts>();
        var first = await MeasureAsync(alerts, traffic, azurite.ProcessId);
        clock.Now += TimeSpan.FromHours(5); // a manual re-run at noon, Vietnam time
        var rerun = await MeasureAsync(alerts, traffic, azurite.ProcessId);
        foreach (var (name, m) in new[] { ("first run", first), ("re-run", rerun) })
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[alerts run {run}] {name}: {m.WallMs:N0} ms, entities read {m.EntitiesRead:N0} ({Tables(m.EntitiesReadByTable)}), requests {m.Requests:N0} ({Tables(m.RequestsByTable)}), " +
                $"read/near {(double)m.EntitiesRead / near:N2}×, deadlines read {m.DeadlinesRead}, due {m.AlertsDue}, sent {m.AlertsSent}, digest {m.DigestSent}, Mail Send requests {m.MailRequests}, Azurite CPU {m.AzuriteCpuSeconds:N1} s"));
        }

        var lists = new List<ListMeasure>();
        foreach (var query in new[] { "status=open&dueWithinDays=7", "status=open&dueWithinDays=30", "status=open", "status=resolved", "status=withdrawn" })
        {
            lists.Add(await MeasureListAsync(provider, traffic, query));
            var m = lists[^1];
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[alerts run {run}] GET /api/complaints?{query}: p50 {m.P50Ms:N0} ms, p95 {m.P95Ms:N0} ms over {m.Calls} calls, {m.EntitiesPerCall:N0} entities read per call, {m.Items:N0} items"));
        }

        return new AlertResult(run, today, specs.Count, open.Count, specs.Count - open.Count, batchSeed ? 0 : specs.Count(s => s.Lifecycle), openStages.Count, near, overdue, expectedAlerts,
            indexRows, seed.Elapsed.TotalMilliseconds, seedTraffic.Requests, first, rerun) { BatchSeeded = batchSeed, Lists = lists };
    }

    /// <summary>
    /// The stored rows of every case in its final state (closed cases: no deadline index rows), written straight to the
    /// tables: the deadline index rows in entity-group transactions of up to 100 per due day, the case list rows
    /// (<c>ComplaintStatusIndex</c>, partitions open/resolved/withdrawn and all) 100 per transaction; the code claim and the case row
    /// alone (each is a partition of its own, so no transaction can carry two cases), 64 requests at a time.
    /// </summary>
    private async Task BatchSeedAsync(TableServiceClient service, IEnumerable<CaseSpec> specs, int run, Stopwatch seed)
    {
        var tables = new ComplaintTables();
        var cases = service.GetTableClient(tables.Cases);
        var index = service.GetTableClient(tables.Index);
        var rows = specs.Select(s => ComplaintStore.RowsFor(s.Case, s.Open)).ToList();
        var statusIndex = service.GetTableClient(tables.StatusIndex);
        await statusIndex.CreateIfNotExistsAsync();
        var batches = rows.SelectMany(r => r.Index).GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(TableBatch.MaxActions))
            .Select(b => (Table: index, Rows: b))
            .Concat(rows.SelectMany(r => r.Status).GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(TableBatch.MaxActions)).Select(b => (Table: statusIndex, Rows: b)))
            .ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency }, async (batch, ct) =>
            await batch.Table.SubmitTransactionAsync(batch.Rows.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
        await statusIndex.UpsertEntityAsync(StatusIndexStore.BackfilledMarker(rows.Count), TableUpdateMode.Replace); // every row above has its list rows
        var written = 0;
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency }, async (r, ct) =>
        {
            // Upserts: under load the client retries a request whose first try went through (an insert would then say 409).
            await cases.UpsertEntityAsync(r.Claim, TableUpdateMode.Replace, ct);
            await cases.UpsertEntityAsync(r.Case, TableUpdateMode.Replace, ct);
            if (Interlocked.Increment(ref written) % 2_000 == 0)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[cases run {run}] batch seeding: {written:N0} cases, {seed.Elapsed.TotalSeconds:N0} s"));
            }
        });
    }

    private static async Task<ListMeasure> MeasureListAsync(ServiceProvider provider, TableTraffic traffic, string query)
    {
        var api = provider.GetRequiredService<ComplaintApi>();
        var caller = new Caller(CallerSource.Key, "bench", "bench", Roles.Organiser | Roles.Officer, new HashSet<string>(), AllUnits: true);
        var times = new List<double>();
        var items = 0;
        traffic.Reset();
        for (var i = 0; i < ListCalls; i++)
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = provider };
            context.Items[typeof(Caller)] = caller;
            context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?" + query);
            using var body = new MemoryStream();
            context.Response.Body = body;
            var watch = Stopwatch.StartNew();
            var result = await api.ListAsync(context.Request, default);
            await result.ExecuteAsync(context);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (context.Response.StatusCode != 200)
            {
                throw new InvalidOperationException($"GET /api/complaints?{query}: {context.Response.StatusCode}");
            }

            using var json = JsonDocument.Parse(body.ToArray());
            items = json.RootElement.GetArrayLength();
        }

        var sorted = times.Order().ToArray();
        static double P(double[] s, double q) => s[Math.Max(0, (int)Math.Ceiling(q * s.Length) - 1)];
        return new ListMeasure(query, ListCalls, P(sorted, 0.5), P(sorted, 0.95), traffic.EntitiesByTable().Values.Sum() / ListCalls, items);
    }

    public static string Tables(IReadOnlyDictionary<string, int> byTable) =>
        byTable.Count == 0 ? "none" : string.Join(", ", byTable.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:N0}"));

    private async Task<AlertRunMeasure> MeasureAsync(ComplaintAlerts alerts, TableTraffic traffic, int azuritePid)
    {
        mail.Reset();
        traffic.Reset();
        var cpu0 = ProcStats.CpuSeconds(azuritePid);
        var watch = Stopwatch.StartNew();
        var result = await alerts.RunAsync(default);
        watch.Stop();
        return new AlertRunMeasure(watch.Elapsed.TotalMilliseconds, traffic.EntitiesByTable(), traffic.RequestsByTable(), result.DeadlinesRead, result.AlertsDue,
            result.AlertsSent, result.DigestSent, mail.Requests.Count, ProcStats.CpuSeconds(azuritePid) - cpu0);
    }

    private ServiceProvider Services(string connectionString, TimeProvider clock, TableTraffic traffic)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkflowStorage"] = connectionString,
            ["Workflow:Links:ActiveKeyId"] = "bench",
            ["Workflow:Email:SendGridApiKey"] = "SG.bench",
            ["Workflow:Email:SendGridBaseUrl"] = mail.BaseUrl,
            ["Workflow:Complaints:LeadershipEmails"] = Leadership,
            ["Workflow:Complaints:AlertThresholds"] = "7,3,1,0",
        }).Build();
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 5;
        options.Retry.Mode = RetryMode.Exponential;
        options.AddPolicy(traffic, HttpPipelinePosition.PerCall);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(clock);
        services.AddSingleton(new TableServiceClient(connectionString, options));
        services.AddWorkflow(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task Store(ComplaintStore repository, CaseSpec spec, DateOnly today, ComplaintRules rules)
    {
        if (!spec.Lifecycle)
        {
            Check(await repository.TryCreateAsync(spec.Case, spec.Open, default), spec);
            return;
        }

        // Registered while open (its index rows written), then resolved or withdrawn through the same update the API uses,
        // which deletes those rows.
        var registered = spec.Case with { Status = CaseStatus.Open, ResolvedOn = null, DecisionNo = null, WithdrawnOn = null, WithdrawalReason = null };
        Check(await repository.TryCreateAsync(registered, rules.OpenDeadlines(registered, today), default), spec);
        var (_, etag) = (await repository.GetAsync(spec.Case.Id, default))!.Value;
        if (!await repository.TryUpdateAsync(spec.Case, etag, rules.OpenDeadlines(spec.Case, today), default))
        {
            throw new InvalidOperationException($"Could not close {spec.Case.Code}.");
        }
    }

    private static void Check(string? holder, CaseSpec spec)
    {
        if (holder is not null)
        {
            throw new InvalidOperationException($"Code {spec.Case.Code} is taken by {holder}.");
        }
    }

    /// <summary>
    /// The data set (same every run): 2,000 open cases whose open stage deadlines fall from 6 days ago to 60 days ahead
    /// (petitions, denunciations and first-time complaints awaiting acceptance near today; accepted first- and second-time
    /// complaints further out), and 98,000 closed ones over five years, 2,000 of them received in the last weeks and
    /// closed through the product's update (their index rows deleted).
    /// </summary>
    internal static List<CaseSpec> Specs(DateOnly today, ComplaintRules rules, int totalCases)
    {
        var random = new Random(20261127);
        var created = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var specs = new List<CaseSpec>(totalCases);
        for (var i = 0; i < OpenCases; i++)
        {
            var target = -6 + (i * 67 / OpenCases); // days from today the deadline should land on
            var (kind, received, accepted, complex) = target switch
            {
                < 10 => (i % 3) switch
                {
                    0 => (CaseKind.Petition, today.AddDays(target - 14), (DateOnly?)null, false),
                    1 => (CaseKind.Denunciation, today.AddDays(target - 10), null, false),
                    _ => (CaseKind.FirstComplaint, today.AddDays(target - 10), null, false),
                },
                < 30 => (CaseKind.FirstComplaint, today.AddDays(target - 37), today.AddDays(target - 30), false),
                _ => (CaseKind.SecondComplaint, today.AddDays(target - 67), today.AddDays(target - 60), true),
            };
            var c = Case(rules, random, "MO", i, kind, received, accepted, complex, CaseStatus.Open, created);
            specs.Add(new CaseSpec(c, rules.OpenDeadlines(c, today), false));
        }

        var kinds = new[] { CaseKind.Petition, CaseKind.Petition, CaseKind.FirstComplaint, CaseKind.FirstComplaint, CaseKind.SecondComplaint, CaseKind.Denunciation };
        for (var i = 0; i < totalCases - OpenCases; i++)
        {
            var lifecycle = i < LifecycleCases;
            var kind = kinds[random.Next(kinds.Length)];
            var received = lifecycle ? today.AddDays(-random.Next(5, 40)) : today.AddDays(-random.Next(60, 5 * 365));
            DateOnly? accepted = kind == CaseKind.Petition ? null : received.AddDays(random.Next(2, 9)) is var a && a > today ? today : a;
            var closedOn = (accepted ?? received).AddDays(random.Next(1, 28));
            closedOn = closedOn > today ? today : closedOn;
            var withdrawn = random.Next(10) == 0;
            var c = Case(rules, random, "DG", i, kind, received, accepted, random.Next(8) == 0, withdrawn ? CaseStatus.Withdrawn : CaseStatus.Resolved, created) with
            {
                ResolvedOn = withdrawn ? null : closedOn,
                DecisionNo = withdrawn ? null : $"{random.Next(1, 999)}/QĐ-UBND",
                WithdrawnOn = withdrawn ? closedOn : null,
                WithdrawalReason = withdrawn ? "Người khiếu nại rút đơn" : null,
            };
            specs.Add(new CaseSpec(c, rules.OpenDeadlines(c, today), lifecycle));
        }

        return specs;
    }

    private static ComplaintCase Case(
        ComplaintRules rules, Random random, string prefix, int i, CaseKind kind, DateOnly received, DateOnly? accepted, bool complex, CaseStatus status, DateTimeOffset created)
    {
        var ruleSet = rules.ForReceipt(received) ?? throw new InvalidOperationException($"No rule set in force on {received}.");
        var unit = random.Next(UnitNames.Length);
        return new ComplaintCase(
            ComplaintStore.NewCaseId(), $"{prefix}-{received.Year}-{i:D6}", kind, received, accepted, complex, false, false, false, UnitNames[unit],
            [$"thanhtra{random.Next(3)}@donvi{unit}.example.vn"], kind == CaseKind.Denunciation ? null : Subjects[random.Next(Subjects.Length)], status,
            new RuleSetRef(ruleSet.Name, ruleSet.EffectiveFrom), [], null, null, null, null, created);
    }

    internal sealed record CaseSpec(ComplaintCase Case, IReadOnlyList<StageDeadline> Open, bool Lifecycle);

    private sealed class BenchClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>
    /// Per table: requests sent, and entities storage answered to GETs (a query: its <c>value</c> array; a point read: 1;
    /// 404s count 0), the same counting as the integration test's <c>EntityReadCounter</c>.
    /// </summary>
    private sealed class TableTraffic : HttpPipelinePolicy
    {
        private readonly ConcurrentDictionary<string, int> _entities = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
        private int _total;

        public int Requests => Volatile.Read(ref _total);

        public void Reset()
        {
            _entities.Clear();
            _requests.Clear();
            Interlocked.Exchange(ref _total, 0);
        }

        public Dictionary<string, int> EntitiesByTable() => _entities.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        public Dictionary<string, int> RequestsByTable() => _requests.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Count(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Count(message);
        }

        private void Count(HttpMessage message)
        {
            var path = message.Request.Uri.Path.TrimEnd('/');
            var table = path[(path.LastIndexOf('/') + 1)..];
            var paren = table.IndexOf('(', StringComparison.Ordinal);
            table = Uri.UnescapeDataString(paren >= 0 ? table[..paren] : table);
            Interlocked.Increment(ref _total);
            _requests.AddOrUpdate(table, 1, (_, n) => n + 1);
            if (message.Request.Method != RequestMethod.Get || message.Response.Status != 200)
            {
                return;
            }

            using var document = JsonDocument.Parse(message.Response.Content.ToMemory());
            var n = document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1;
            _entities.AddOrUpdate(table, n, (_, total) => total + n);
        }
    }
}
