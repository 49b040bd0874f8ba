// Request bodies are written inline as anonymous objects; their arrays are not hot paths.
#pragma warning disable CA1861
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Workflow.Complaints;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Storage;

namespace Workflow.IntegrationTests.Complaints;

/// <summary>
/// <c>GET /api/complaints?status=…</c> over the case list index (table <c>ComplaintStatusIndex</c>): the newest cases,
/// moved with their status, repaired after a crash, and read without the registry.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ComplaintListTests(AzuriteFixture azurite)
{
    private const string UnitName = "UBND phường Hoa Lư";
    private const string Officer = "thanhtra@hoalu.example.vn";
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task With_more_cases_than_MaxList_the_list_is_the_newest_MaxList_newest_first()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var rules = h.Get<ComplaintRules>();
        var total = ComplaintApi.MaxList + 40;
        var cases = Enumerable.Range(0, total)
            .Select(i => NewCase(rules, $"KN-{i % 7}-{i:D5}", new DateOnly(2027, 3, 9).AddDays(-(i * 37 % 300)), CaseStatus.Open, h.Time.GetUtcNow()))
            .ToList();
        await SeedAsync(h, cases);

        var expected = cases.OrderByDescending(c => c.ReceivedOn).ThenBy(c => c.Code, StringComparer.Ordinal).Take(ComplaintApi.MaxList).Select(c => c.Code).ToList();
        foreach (var query in new[] { "?status=open", "" })
        {
            var answer = await h.CallAsync(h.Get<ComplaintApi>().ListAsync, query: query);
            Assert.Equal(200, answer.Status);
            var codes = answer.Json.EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToList();
            Assert.Equal(expected, codes);
        }
    }

    [Fact]
    public async Task A_status_change_moves_the_case_between_the_lists()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var api = h.Get<ComplaintApi>();
        var a = await RegisterAsync(h, "KN-A", "2027-03-01");
        var b = await RegisterAsync(h, "KN-B", "2027-03-02");
        var c = await RegisterAsync(h, "KN-C", "2027-03-03");
        Assert.Equal(["KN-C", "KN-B", "KN-A"], await CodesAsync(h, "open"));

        Assert.Equal(200, (await h.CallAsync((r, ct) => api.ResolveAsync(r, b, ct), """{"resolvedOn":"2027-03-09","decisionNo":"20/QĐ-UBND"}""")).Status);
        Assert.Equal(200, (await h.CallAsync((r, ct) => api.WithdrawAsync(r, c, ct), """{"withdrawnOn":"2027-03-09"}""")).Status);

        Assert.Equal(["KN-A"], await CodesAsync(h, "open"));
        Assert.Equal(["KN-B"], await CodesAsync(h, "resolved"));
        Assert.Equal(["KN-C"], await CodesAsync(h, "withdrawn"));
        Assert.Equal(["KN-C", "KN-B", "KN-A"], await CodesAsync(h, null));

        // The index itself: one row per case in its status and one in "all", none left behind in "open".
        var rows = new List<TableEntity>();
        await foreach (var row in h.Table(h.Get<ComplaintTables>().StatusIndex).QueryAsync<TableEntity>(e => e.PartitionKey != "~backfill"))
        {
            rows.Add(row);
        }

        Assert.Equal(6, rows.Count);
        Assert.Equal([a], rows.Where(r => r.PartitionKey == "open").Select(r => r.GetString("CaseId")));
        Assert.Equal(["Withdrawn", "Resolved", "Open"], rows.Where(r => r.PartitionKey == "all").OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => r.GetString("Status")));
    }

    [Fact]
    public async Task A_crash_between_the_case_write_and_the_list_rows_is_repaired()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var tables = h.Get<ComplaintTables>();
        var crash = new FailTable(tables.StatusIndex);
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(crash, HttpPipelinePosition.PerCall);
        var crashing = new ComplaintStore(new TableServiceClient(azurite.ConnectionString, options), h.Get<TableInitializer>(), tables);
        var store = h.Get<ComplaintStore>();
        var rules = h.Get<ComplaintRules>();
        var today = rules.Today();

        // A status change whose host dies after the case row is written, before its list rows are moved.
        var id = await RegisterAsync(h, "KN-MOVE", "2027-03-01");
        var (open, etag) = (await store.GetAsync(id, default))!.Value;
        var resolved = open with { Status = CaseStatus.Resolved, ResolvedOn = new DateOnly(2027, 3, 9), DecisionNo = "20/QĐ-UBND" };
        crash.Armed = true;
        await Assert.ThrowsAnyAsync<Exception>(() => crashing.TryUpdateAsync(resolved, etag, rules.OpenDeadlines(resolved, today), default));
        crash.Armed = false;
        Assert.Equal(CaseStatus.Resolved, (await store.GetAsync(id, default))!.Value.Case.Status); // the case row is the truth

        // The stale "open" row never shows the resolved case; meeting it repairs the case's rows.
        Assert.Empty(await CodesAsync(h, "open"));
        Assert.Equal(["KN-MOVE"], await CodesAsync(h, "resolved"));
        Assert.Empty(await CodesAsync(h, "open"));

        // A registration whose host dies after the case row, before any list row: the officer's retry finds the code
        // taken (409) and that repairs the holder's rows.
        var created = NewCase(rules, "KN-NEW", new DateOnly(2027, 3, 5), CaseStatus.Open, h.Time.GetUtcNow());
        crash.Armed = true;
        await Assert.ThrowsAnyAsync<Exception>(() => crashing.TryCreateAsync(created, rules.OpenDeadlines(created, today), default));
        crash.Armed = false;
        Assert.DoesNotContain("KN-NEW", await CodesAsync(h, "open"));
        var retry = await h.CallAsync(h.Get<ComplaintApi>().RegisterAsync, JsonSerializer.Serialize(Body("KN-NEW", "2027-03-05")));
        Assert.Equal(409, retry.Status);
        Assert.Equal(["KN-NEW"], await CodesAsync(h, "open"));
        Assert.Equal(["KN-MOVE", "KN-NEW"], (await CodesAsync(h, null)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_open_list_reads_the_index_and_the_cases_it_shows_never_the_case_table()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var rules = h.Get<ComplaintRules>();
        var at = h.Time.GetUtcNow();
        var cases = Enumerable.Range(0, 400).Select(i => NewCase(rules, $"OLD-{i:D4}", new DateOnly(2026, 1, 5).AddDays(i), CaseStatus.Resolved, at))
            .Concat(Enumerable.Range(0, 5).Select(i => NewCase(rules, $"OPEN-{i}", new DateOnly(2027, 2, 1).AddDays(i), CaseStatus.Open, at)))
            .ToList();
        await SeedAsync(h, cases);
        await CodesAsync(h, "open"); // the first list of a process checks once whether older cases need their rows

        h.Reads.Reset();
        var codes = await CodesAsync(h, "open");

        Assert.Equal(["OPEN-4", "OPEN-3", "OPEN-2", "OPEN-1", "OPEN-0"], codes);
        Assert.DoesNotContain(h.Get<ComplaintTables>().Cases, h.Reads.QueriedTables); // no scan of the case table, only point reads
        Assert.InRange(h.Reads.Entities, 5, 2 * 5 + 1); // 5 index rows + 5 cases (+ the holiday years)
    }

    [Fact]
    public async Task Cases_stored_before_the_index_get_their_rows_at_the_first_list()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var rules = h.Get<ComplaintRules>();
        var at = h.Time.GetUtcNow();
        var cases = new[]
        {
            NewCase(rules, "KN-OLD-1", new DateOnly(2027, 1, 4), CaseStatus.Open, at),
            NewCase(rules, "KN-OLD-2", new DateOnly(2027, 1, 5), CaseStatus.Resolved, at) with { ResolvedOn = new DateOnly(2027, 2, 1) },
        };

        // As the store wrote them before: the case row with deadline keys only, no list rows.
        var table = h.Table(h.Get<ComplaintTables>().Cases);
        await table.CreateIfNotExistsAsync();
        foreach (var c in cases)
        {
            var row = ComplaintStore.RowsFor(c, []).Case;
            row["IndexKeys"] = "[]";
            await table.UpsertEntityAsync(row);
        }

        Assert.Equal(["KN-OLD-1"], await CodesAsync(h, "open"));
        Assert.Equal(["KN-OLD-2"], await CodesAsync(h, "resolved"));
        Assert.Equal(["KN-OLD-2", "KN-OLD-1"], await CodesAsync(h, null));
        var keys = JsonSerializer.Deserialize<List<string>>((await table.GetEntityAsync<TableEntity>(cases[0].Id, "case")).Value.GetString("IndexKeys"))!;
        Assert.Equal(StatusIndexStore.KeysFor(cases[0]), keys);
    }

    private static object Body(string code, string receivedOn) => new
    {
        code,
        kind = "petition",
        receivedOn,
        handlingUnit = UnitName,
        officerEmails = new[] { Officer },
        subject = "Phản ánh về tiến độ cấp giấy chứng nhận",
    };

    private static async Task<string> RegisterAsync(ComplaintHarness h, string code, string receivedOn) =>
        (await h.RegisterAsync(Body(code, receivedOn))).GetProperty("id").GetString()!;

    private static async Task<List<string>> CodesAsync(ComplaintHarness h, string? status)
    {
        var answer = await h.CallAsync(h.Get<ComplaintApi>().ListAsync, query: status is null ? "" : "?status=" + status);
        Assert.Equal(200, answer.Status);
        return [.. answer.Json.EnumerateArray().Select(e => e.GetProperty("code").GetString()!)];
    }

    private static ComplaintCase NewCase(ComplaintRules rules, string code, DateOnly receivedOn, CaseStatus status, DateTimeOffset at)
    {
        var set = rules.ForReceipt(receivedOn)!;
        return new ComplaintCase(
            ComplaintStore.NewCaseId(), code, CaseKind.Petition, receivedOn, null, false, false, false, false, UnitName, [Officer], null,
            status, new RuleSetRef(set.Name, set.EffectiveFrom), [], status == CaseStatus.Resolved ? receivedOn.AddDays(5) : null, null, null, null, at);
    }

    /// <summary>The rows of many cases as the benchmark writes them: case rows one by one, list rows 100 per transaction.</summary>
    private static async Task SeedAsync(ComplaintHarness h, IReadOnlyList<ComplaintCase> cases)
    {
        var tables = h.Get<ComplaintTables>();
        var caseTable = h.Table(tables.Cases);
        var statusTable = h.Table(tables.StatusIndex);
        await caseTable.CreateIfNotExistsAsync();
        await statusTable.CreateIfNotExistsAsync();
        var rows = cases.Select(c => ComplaintStore.RowsFor(c, [])).ToList();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, ct) =>
        {
            await caseTable.UpsertEntityAsync(r.Claim, TableUpdateMode.Replace, ct);
            await caseTable.UpsertEntityAsync(r.Case, TableUpdateMode.Replace, ct);
        });
        foreach (var partition in rows.SelectMany(r => r.Status).GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            await TableBatch.SubmitAsync(statusTable, partition.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), default, parallel: 4);
        }
    }

    /// <summary>A host that dies at its first request to one table (after everything before it went through).</summary>
    private sealed class FailTable(string table) : HttpPipelinePolicy
    {
        public bool Armed { get; set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Check(HttpMessage message)
        {
            if (Armed && message.Request.Uri.Path.Contains("/" + table, StringComparison.Ordinal))
            {
                throw new IOException("The host died.");
            }
        }
    }
}
