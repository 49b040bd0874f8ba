// Request bodies are written inline as anonymous objects; their arrays are not hot paths.
#pragma warning disable CA1861
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Workflow.Access;
using Workflow.Complaints;
using Workflow.Complaints.Cases;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Complaints;

/// <summary>The complaint handlers as the hosts call them, on Azurite: answers, states, the index and the identity guard.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ComplaintApiTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 2, 0, 0, TimeSpan.Zero); // 09:00 on 10/03/2027 in Vietnam

    private static object FirstComplaint(string code, string? acceptedOn = "2027-03-08") => new
    {
        code,
        kind = "firstComplaint",
        receivedOn = "2027-03-01",
        acceptedOn,
        complex = false,
        remoteArea = false,
        severalPlaces = false,
        handlingUnit = "UBND phường Hoa Lư",
        officerEmails = new[] { "thanhtra@hoalu.example.vn" },
        subject = "Khiếu nại quyết định thu hồi đất",
    };

    [Fact]
    public async Task Register_answers_201_with_Location_the_case_JSON_and_every_stage_deadline()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var answer = await h.CallAsync(h.Get<ComplaintApi>().RegisterAsync, JsonSerializer.Serialize(FirstComplaint("KN-2027-0012")));

        Assert.Equal(201, answer.Status);
        var json = answer.Json;
        var id = json.GetProperty("id").GetString()!;
        Assert.Equal($"/api/complaints/{id}", answer.Location);
        Assert.Equal("open", json.GetProperty("status").GetString());
        Assert.Equal("firstComplaint", json.GetProperty("kind").GetString());
        Assert.Equal("default", json.GetProperty("ruleSet").GetProperty("name").GetString());
        var deadlines = json.GetProperty("deadlines").EnumerateArray().ToList();
        Assert.Equal(2, deadlines.Count);
        // accept: 01/03 + 10 = Thu 11/03; resolve: 08/03 + 30 = Wed 07/04.
        Assert.Equal(("accept", "2027-03-11", 1, "days"), Stage(deadlines[0]));
        Assert.Equal(("resolve", "2027-04-07", 28, "days"), Stage(deadlines[1]));

        var got = await h.CallAsync((r, ct) => h.Get<ComplaintApi>().GetAsync(r, id, ct));
        Assert.Equal(200, got.Status);
        Assert.Equal("KN-2027-0012", got.Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task State_changes_keep_the_deadline_index_to_the_open_stages_only()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var api = h.Get<ComplaintApi>();
        var repository = h.Get<ComplaintStore>();
        var id = (await h.RegisterAsync(new
        {
            code = "TC-01",
            kind = "denunciation",
            receivedOn = "2027-03-01",
            handlingUnit = "Thanh tra tỉnh",
            officerEmails = new[] { "canbo@thanhtra.example.vn" },
            subject = "Tố cáo hành vi vi phạm",
        })).GetProperty("id").GetString()!;
        Assert.Equal(["classify"], await IndexedStages(repository, id));

        var accepted = await h.CallAsync((r, ct) => api.AcceptAsync(r, id, ct), """{"acceptedOn":"2027-03-09","complex":true}""");
        Assert.Equal(200, accepted.Status);
        Assert.Equal(["resolve"], await IndexedStages(repository, id));
        Assert.Equal("2027-04-08", Deadline(accepted.Json, "resolve").Due); // 09/03 + 30

        var extended = await h.CallAsync((r, ct) => api.ExtendAsync(r, id, ct), """{"decisionNo":"12/QĐ-UBND","decidedOn":"2027-04-01","days":30}""");
        Assert.Equal(200, extended.Status);
        Assert.Equal("2027-05-10", Deadline(extended.Json, "resolve").Due); // 09/03 + 60 = Sat 08/05 → Mon 10/05
        var rows = (await repository.ReadIndexUpToAsync(new DateOnly(2030, 1, 1), default)).Where(r => r.CaseId == id).ToList();
        Assert.Equal(new DateOnly(2027, 5, 10), Assert.Single(rows).Due);

        var resolved = await h.CallAsync((r, ct) => api.ResolveAsync(r, id, ct), """{"resolvedOn":"2027-04-20","decisionNo":"20/QĐ-UBND"}""");
        Assert.Equal(200, resolved.Status);
        Assert.Equal("resolved", resolved.Json.GetProperty("status").GetString());
        Assert.Empty(await IndexedStages(repository, id));
    }

    [Fact]
    public async Task Registration_and_each_action_append_the_officer_who_did_it_and_when_to_the_case_history_once()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var api = h.Get<ComplaintApi>();
        var first = Officer("canbo.thanhtra@demo.local", "Lê Thị Thanh Tra");
        var second = Officer("canbo2.thanhtra@demo.local", "Phạm Văn Xác Minh");
        var body = JsonSerializer.Serialize(new
        {
            code = "TC-2027-0200",
            kind = "denunciation",
            receivedOn = "2027-03-01",
            handlingUnit = "Thanh tra tỉnh",
            officerEmails = new[] { "canbo@thanhtra.example.vn" },
            subject = "Tố cáo hành vi vi phạm",
        });

        var registered = await h.CallAsync(api.RegisterAsync, body, caller: first);
        Assert.Equal(201, registered.Status);
        var id = registered.Json.GetProperty("id").GetString()!;
        Assert.Equal([("registered", "canbo.thanhtra@demo.local", "Lê Thị Thanh Tra", Now)], History(registered.Json));

        h.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(200, (await h.CallAsync((r, ct) => api.AcceptAsync(r, id, ct), """{"acceptedOn":"2027-03-09","complex":true}""", caller: second)).Status);
        h.Time.Advance(TimeSpan.FromDays(20));
        Assert.Equal(200, (await h.CallAsync((r, ct) => api.ExtendAsync(r, id, ct), """{"decisionNo":"12/QĐ-UBND","decidedOn":"2027-03-29","days":30}""", caller: first)).Status);

        // A refused action (a wrong state, a bad field) writes no line; the leader's read shows the history as stored.
        Assert.Equal(409, (await h.CallAsync((r, ct) => api.AcceptAsync(r, id, ct), """{"acceptedOn":"2027-03-10"}""", caller: second)).Status);
        Assert.Equal(400, (await h.CallAsync((r, ct) => api.ResolveAsync(r, id, ct), """{"resolvedOn":"2027-03-01","decisionNo":"1"}""", caller: second)).Status);
        h.Time.Advance(TimeSpan.FromDays(1));
        var resolved = await h.CallAsync((r, ct) => api.ResolveAsync(r, id, ct), """{"resolvedOn":"2027-03-31","decisionNo":"20/QĐ-UBND"}""", caller: second);
        Assert.Equal(200, resolved.Status);

        var leader = new Caller(CallerSource.DevSignIn, "lanhdao@demo.local", "Lãnh đạo", Roles.Leader, new HashSet<string>(), false);
        var read = await h.CallAsync((r, ct) => api.GetAsync(r, id, ct), caller: leader);
        Assert.Equal(
            [
                ("registered", "canbo.thanhtra@demo.local", "Lê Thị Thanh Tra", Now),
                ("accepted", "canbo2.thanhtra@demo.local", "Phạm Văn Xác Minh", Now.AddHours(2)),
                ("extended", "canbo.thanhtra@demo.local", "Lê Thị Thanh Tra", Now.AddHours(2).AddDays(20)),
                ("resolved", "canbo2.thanhtra@demo.local", "Phạm Văn Xác Minh", Now.AddHours(2).AddDays(21)),
            ],
            History(read.Json));
        Assert.Equal(History(resolved.Json), History(read.Json));

        // Stored with the case, in the same row: nothing but the officers, the times and the codes.
        var row = Assert.Single(await AllEntities(h.Table(h.Prefix + "Cases")), e => e.RowKey == "case");
        var stored = row.GetString("History");
        Assert.Contains("Phạm Văn Xác Minh", stored, StringComparison.Ordinal);
        Assert.Equal(["at", "by", "what"], JsonDocument.Parse(stored).RootElement.EnumerateArray().SelectMany(e => e.EnumerateObject().Select(p => p.Name)).Distinct().Order(StringComparer.Ordinal));

        static Caller Officer(string id, string name) =>
            new(CallerSource.DevSignIn, id, name, Roles.Officer, Caller.UnitSet(["Thanh tra tỉnh"]), false);
    }

    private static List<(string What, string Id, string Name, DateTimeOffset At)> History(JsonElement c) =>
        [.. c.GetProperty("history").EnumerateArray().Select(e => (
            e.GetProperty("what").GetString()!,
            e.GetProperty("by").GetProperty("id").GetString()!,
            e.GetProperty("by").GetProperty("name").GetString()!,
            e.GetProperty("at").GetDateTimeOffset()))];

    [Fact]
    public async Task Wrong_input_is_400_unknown_ids_404_and_wrong_states_409_never_500()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var api = h.Get<ComplaintApi>();

        var bad = await h.CallAsync(api.RegisterAsync, """{"kind":"firstComplaint","receivedOn":"2027-03-01","handlingUnit":"","officerEmails":["not-an-email"]}""");
        Assert.Equal(400, bad.Status);
        Assert.Equal("application/problem+json", bad.ContentType);
        var errors = bad.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("code", out _));
        Assert.True(errors.TryGetProperty("handlingUnit", out _));
        Assert.True(errors.TryGetProperty("officerEmails[0]", out _));

        Assert.Equal(400, (await h.CallAsync(api.RegisterAsync, "{not json")).Status);
        Assert.Equal(400, (await h.CallAsync(api.RegisterAsync, """{"code":"X","kind":"firstComplaint","receivedOn":"01/03/2027","handlingUnit":"U","officerEmails":["a@b.example.vn"]}""")).Status);
        Assert.Equal(400, (await h.CallAsync(api.RegisterAsync, JsonSerializer.Serialize(FirstComplaint("KN-BAD", acceptedOn: "2027-02-01")))).Status);
        Assert.Equal(400, (await h.CallAsync(api.ListAsync, query: "?status=pending")).Status);
        Assert.Equal(400, (await h.CallAsync(api.ListAsync, query: "?status=open&dueWithinDays=-1")).Status);

        Assert.Equal(404, (await h.CallAsync((r, ct) => api.GetAsync(r, "0123456789abcdef", ct))).Status);
        Assert.Equal(404, (await h.CallAsync((r, ct) => api.GetAsync(r, "../../etc", ct))).Status);
        Assert.Equal(404, (await h.CallAsync((r, ct) => api.AcceptAsync(r, "0123456789abcdef", ct), """{"acceptedOn":"2027-03-02"}""")).Status);

        var notAccepted = (await h.RegisterAsync(FirstComplaint("KN-2", acceptedOn: null))).GetProperty("id").GetString()!;
        Assert.Equal(409, (await h.CallAsync((r, ct) => api.ResolveAsync(r, notAccepted, ct), """{"resolvedOn":"2027-03-09","decisionNo":"1/QĐ"}""")).Status);
        Assert.Equal(400, (await h.CallAsync((r, ct) => api.AcceptAsync(r, notAccepted, ct), "{}")).Status);
        Assert.Equal(400, (await h.CallAsync((r, ct) => api.AcceptAsync(r, notAccepted, ct), """{"acceptedOn":"2027-03-05","note":"x"}""")).Status);
        Assert.Equal(400, (await h.CallAsync((r, ct) => api.ExtendAsync(r, notAccepted, ct), """{"decisionNo":"1","decidedOn":"2027-03-05","days":10}""")).Status);
        Assert.Equal(200, (await h.CallAsync((r, ct) => api.AcceptAsync(r, notAccepted, ct), """{"acceptedOn":"2027-03-05"}""")).Status);
        Assert.Equal(409, (await h.CallAsync((r, ct) => api.AcceptAsync(r, notAccepted, ct), """{"acceptedOn":"2027-03-06"}""")).Status);
        Assert.Equal(400, (await h.CallAsync((r, ct) => api.ResolveAsync(r, notAccepted, ct), """{"resolvedOn":"2027-03-01","decisionNo":"1/QĐ"}""")).Status);
        Assert.Equal(200, (await h.CallAsync((r, ct) => api.WithdrawAsync(r, notAccepted, ct), """{"withdrawnOn":"2027-03-09"}""")).Status);
        Assert.Equal(409, (await h.CallAsync((r, ct) => api.ResolveAsync(r, notAccepted, ct), """{"resolvedOn":"2027-03-09","decisionNo":"1/QĐ"}""")).Status);
        Assert.Equal(409, (await h.CallAsync((r, ct) => api.WithdrawAsync(r, notAccepted, ct), """{"withdrawnOn":"2027-03-09"}""")).Status);

        // A simple (not complex) denunciation cannot be extended; a complex one once, each by at most 30 days.
        var denunciation = (await h.RegisterAsync(new
        {
            code = "TC-2",
            kind = "denunciation",
            receivedOn = "2027-03-01",
            acceptedOn = "2027-03-05",
            handlingUnit = "U",
            officerEmails = new[] { "a@b.example.vn" },
        })).GetProperty("id").GetString()!;
        Assert.Equal(409, (await h.CallAsync((r, ct) => api.ExtendAsync(r, denunciation, ct), """{"decisionNo":"1","decidedOn":"2027-03-20","days":10}""")).Status);
        var complex = (await h.RegisterAsync(new
        {
            code = "TC-3",
            kind = "denunciation",
            receivedOn = "2027-03-01",
            acceptedOn = "2027-03-05",
            complex = true,
            handlingUnit = "U",
            officerEmails = new[] { "a@b.example.vn" },
        })).GetProperty("id").GetString()!;
        var tooLong = await h.CallAsync((r, ct) => api.ExtendAsync(r, complex, ct), """{"decisionNo":"1","decidedOn":"2027-03-20","days":31}""");
        Assert.Equal(400, tooLong.Status);
        Assert.True(tooLong.Json.GetProperty("errors").TryGetProperty("days", out _));
        Assert.Equal(200, (await h.CallAsync((r, ct) => api.ExtendAsync(r, complex, ct), """{"decisionNo":"1","decidedOn":"2027-03-20","days":20}""")).Status);
        Assert.Equal(409, (await h.CallAsync((r, ct) => api.ExtendAsync(r, complex, ct), """{"decisionNo":"2","decidedOn":"2027-03-21","days":10}""")).Status);

        // A code is registered once.
        Assert.Equal(409, (await h.CallAsync(api.RegisterAsync, JsonSerializer.Serialize(FirstComplaint("kn-2")))).Status);
    }

    [Fact]
    public async Task Listing_by_due_window_reads_the_index_and_answers_open_cases_soonest_first()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        var api = h.Get<ComplaintApi>();
        var near = (await h.RegisterAsync(FirstComplaint("KN-NEAR", acceptedOn: null))).GetProperty("id").GetString()!;   // accept due 11/03
        var far = (await h.RegisterAsync(FirstComplaint("KN-FAR"))).GetProperty("id").GetString()!;                      // resolve due 07/04
        var done = (await h.RegisterAsync(FirstComplaint("KN-DONE", acceptedOn: null))).GetProperty("id").GetString()!;
        await h.CallAsync((r, ct) => api.WithdrawAsync(r, done, ct), """{"withdrawnOn":"2027-03-09"}""");

        var within7 = await h.CallAsync(api.ListAsync, query: "?status=open&dueWithinDays=7");
        Assert.Equal(200, within7.Status);
        Assert.Equal([near], within7.Json.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList());

        var within60 = await h.CallAsync(api.ListAsync, query: "?status=open&dueWithinDays=60");
        Assert.Equal([near, far], within60.Json.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList());

        var withdrawn = await h.CallAsync(api.ListAsync, query: "?status=withdrawn");
        Assert.Equal([done], withdrawn.Json.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList());
    }

    [Fact]
    public async Task A_denunciation_naming_its_denouncer_is_refused_with_the_law_and_nothing_is_stored_or_logged()
    {
        await using var h = new ComplaintHarness(azurite, Now);
        string[] secrets = ["Nguyễn Văn Bí Mật", "0912345678", "038099001234", "12 Phố Huế, Hà Nội", "bimat@gmail.example", "Trần Thị Kín"];
        var body = $$"""
        {
          "code": "TC-2027-0099", "kind": "denunciation", "receivedOn": "2027-03-01",
          "handlingUnit": "Thanh tra tỉnh", "officerEmails": ["canbo@thanhtra.example.vn"], "subject": "Tố cáo",
          "denouncerName": "{{secrets[0]}}", "phone": "{{secrets[1]}}", "cccd": "{{secrets[2]}}",
          "address": "{{secrets[3]}}", "email": "{{secrets[4]}}", "contact": { "ten": "{{secrets[5]}}" }
        }
        """;

        var answer = await h.CallAsync(h.Get<ComplaintApi>().RegisterAsync, body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        var errors = answer.Json.GetProperty("errors");
        foreach (var field in new[] { "denouncerName", "phone", "cccd", "address", "email", "contact", "contact.ten" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        // The legal reason in the reader's language: Vietnamese by default, English for Accept-Language: en.
        Assert.Contains("Luật Tố cáo", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Điều 9", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var english = await h.CallAsync(h.Get<ComplaintApi>().RegisterAsync, body, acceptLanguage: "en");
        Assert.Equal(400, english.Status);
        Assert.Contains("Law on Denunciation", english.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Article", english.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(h.Logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, answer.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(h.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Empty(await AllEntities(h.Table(h.Prefix + "Cases")));
        Assert.Empty(await AllEntities(h.Table(h.Prefix + "DeadlineIndex")));

        // The same for an action on a stored denunciation: a name sent with accept is refused before it is read.
        var id = (await h.RegisterAsync(new
        {
            code = "TC-2027-0100",
            kind = "denunciation",
            receivedOn = "2027-03-01",
            handlingUnit = "Thanh tra tỉnh",
            officerEmails = new[] { "canbo@thanhtra.example.vn" },
        })).GetProperty("id").GetString()!;
        var accept = await h.CallAsync((r, ct) => h.Get<ComplaintApi>().AcceptAsync(r, id, ct), $$"""{"acceptedOn":"2027-03-05","hoTen":"{{secrets[0]}}"}""");
        Assert.Equal(400, accept.Status);
        Assert.True(accept.Json.GetProperty("errors").TryGetProperty("hoTen", out _));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(h.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(await AllEntities(h.Table(h.Prefix + "Cases")), e => e.Any(kv => kv.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true));
        }
    }

    private static async Task<List<TableEntity>> AllEntities(TableClient table)
    {
        var list = new List<TableEntity>();
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>())
            {
                list.Add(e);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // No table: nothing stored.
        }

        return list;
    }

    private static async Task<List<string>> IndexedStages(ComplaintStore repository, string id) =>
        [.. (await repository.ReadIndexUpToAsync(new DateOnly(2030, 1, 1), default)).Where(r => r.CaseId == id).Select(r => ComplaintVocabulary.Name(r.Stage))];

    private static (string Stage, string Due, int DaysLeft, string CountedIn) Stage(JsonElement d) =>
        (d.GetProperty("stage").GetString()!, d.GetProperty("due").GetString()!, d.GetProperty("daysLeft").GetInt32(), d.GetProperty("countedIn").GetString()!);

    private static (string Stage, string Due, int DaysLeft, string CountedIn) Deadline(JsonElement json, string stage) =>
        json.GetProperty("deadlines").EnumerateArray().Select(Stage).Single(d => d.Stage == stage);

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
