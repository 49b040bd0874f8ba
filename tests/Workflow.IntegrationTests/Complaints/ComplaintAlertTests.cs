// Request bodies are written inline as anonymous objects; their arrays are not hot paths.
#pragma warning disable CA1861
using Azure.Data.Tables;
using Workflow.Access;
using System.Text.Json;
using Workflow.Complaints;
using Workflow.Complaints.Alerts;
using Workflow.Complaints.Cases;
using Workflow.Complaints.Rules;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Units;

namespace Workflow.IntegrationTests.Complaints;

/// <summary>The alert run on Azurite with a fake clock and a capturing sender.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ComplaintAlertTests(AzuriteFixture azurite)
{
    private const string Officer = "thanhtra@hoalu.example.vn";
    private const string UnitName = "UBND phường Hoa Lư";
    private const string UnitContact = "vanphong@hoalu.example.vn";

    // A petition received Mon 31/05/2027: handle = 10 working days → Mon 14/06/2027 (no holidays in between).
    private static readonly DateOnly Due = new(2027, 6, 14);

    private static object Petition(string code) => new
    {
        code,
        kind = "petition",
        receivedOn = "2027-05-31",
        handlingUnit = UnitName,
        officerEmails = new[] { Officer },
        subject = "Phản ánh về tiến độ cấp giấy chứng nhận",
    };

    [Fact]
    public async Task Officers_are_alerted_at_7_3_1_0_days_left_and_every_day_overdue_units_and_leadership_as_configured()
    {
        await using var h = new ComplaintHarness(azurite, new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await h.Get<UnitStore>().ReplaceAllAsync([new OrgUnit(UnitName, "commune-peoples-committee", null, [UnitContact])], Author.System, h.Time.GetUtcNow(), default);
        var json = await h.RegisterAsync(Petition("PA-2027-0001"));
        Assert.Equal("2027-06-14", json.GetProperty("deadlines")[0].GetProperty("due").GetString());
        var alerts = h.Get<ComplaintAlerts>();

        var alerted = new List<int>();
        for (var daysLeft = 9; daysLeft >= -3; daysLeft--)
        {
            h.Emails.Clear();
            h.SetToday(Due.AddDays(-daysLeft));
            await alerts.RunAsync(default);
            var officer = h.Emails.Sent.Where(s => s.To.Email == Officer).ToList();
            var unit = h.Emails.Sent.Where(s => s.To.Email == UnitContact).ToList();
            var digest = h.Emails.Sent.Where(s => s.To.Email == ComplaintHarness.Leadership).ToList();
            if (officer.Count > 0)
            {
                alerted.Add(daysLeft);
                var message = Assert.Single(officer);
                Assert.Contains("PA-2027-0001", message.Batch.Subject, StringComparison.Ordinal);
                Assert.Contains("14/06/2027", message.Batch.Text, StringComparison.Ordinal);
                Assert.Contains("Kiến nghị, phản ánh", message.Batch.Text, StringComparison.Ordinal);
                Assert.Single(digest);
            }
            else
            {
                Assert.Empty(digest);
            }

            // Overdue: the unit's contacts too, without the subject line.
            Assert.Equal(daysLeft < 0 ? 1 : 0, unit.Count);
            if (daysLeft < 0)
            {
                Assert.Contains("QUÁ HẠN", unit[0].Batch.Subject, StringComparison.Ordinal);
                Assert.DoesNotContain("Phản ánh về tiến độ", unit[0].Batch.Text, StringComparison.Ordinal);
                Assert.Contains("Phản ánh về tiến độ", officer[0].Batch.Text, StringComparison.Ordinal);
            }
        }

        Assert.Equal([7, 3, 1, 0, -1, -2, -3], alerted);

        // Resolved: no more alerts.
        var id = json.GetProperty("id").GetString()!;
        var resolved = await h.CallAsync((r, ct) => h.Get<ComplaintApi>().ResolveAsync(r, id, ct), """{"resolvedOn":"2027-06-17"}""");
        Assert.Equal(200, resolved.Status);
        h.Emails.Clear();
        h.SetToday(Due.AddDays(4));
        Assert.Equal(0, (await alerts.RunAsync(default)).DeadlinesRead);
        Assert.Empty(h.Emails.Sent);
    }

    [Fact]
    public async Task A_rerun_on_the_same_day_sends_nothing_again()
    {
        await using var h = new ComplaintHarness(azurite, new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await h.RegisterAsync(Petition("PA-1"));
        await h.RegisterAsync(Petition("PA-2"));
        h.SetToday(Due.AddDays(-3));
        var alerts = h.Get<ComplaintAlerts>();

        var first = await alerts.RunAsync(default);
        var sentOnce = h.Emails.Sent.Select(s => s.To.MessageId).ToList();
        Time(h, TimeSpan.FromHours(5)); // a manual re-run later that day
        var second = await alerts.RunAsync(default);

        Assert.Equal((2, true), (first.AlertsSent, first.DigestSent));
        Assert.Equal((0, false), (second.AlertsSent, second.DigestSent));
        Assert.Equal(3, sentOnce.Count); // two officer alerts (one per case) + one digest
        Assert.Equal(sentOnce, h.Emails.Sent.Select(s => s.To.MessageId).ToList());
        Assert.Equal(sentOnce.Count, sentOnce.Distinct().Count());
    }

    [Fact]
    public async Task The_first_run_and_a_same_day_rerun_each_read_at_most_1_1_times_the_near_deadlines()
    {
        // 30 cases at 3 days left: every one is due an alert today. Before issue 19 the re-run read its 30 index rows
        // plus the alert log row of each alert already sent and of the digest (61 = 2.03×).
        const int near = 30;
        await using var h = new ComplaintHarness(azurite, new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < near; i++)
        {
            await h.RegisterAsync(Petition($"PA-R{i}"));
        }

        h.SetToday(Due.AddDays(-3));
        var alerts = h.Get<ComplaintAlerts>();
        h.Reads.Reset();
        var first = await alerts.RunAsync(default);
        var firstReads = h.Reads.Entities;

        Time(h, TimeSpan.FromHours(5));
        h.Reads.Reset();
        var second = await alerts.RunAsync(default);
        var rerunReads = h.Reads.Entities;

        Assert.Equal((near, near, true), (first.AlertsDue, first.AlertsSent, first.DigestSent));
        Assert.Equal((near, 0, false), (second.AlertsDue, second.AlertsSent, second.DigestSent));
        Assert.Equal(near + 1, h.Emails.Sent.Count); // each officer alert and the digest once
        Assert.InRange(firstReads, near, (int)(near * 1.1));
        Assert.InRange(rerunReads, near, (int)(near * 1.1));
    }

    [Fact]
    public async Task A_claim_left_unsent_by_a_run_that_died_is_sent_by_a_run_after_its_lease()
    {
        await using var h = new ComplaintHarness(azurite, new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var id = (await h.RegisterAsync(Petition("PA-DIED"))).GetProperty("id").GetString()!;
        h.SetToday(Due.AddDays(-3));
        var log = h.Table(h.Prefix + "AlertLog");
        await log.CreateIfNotExistsAsync();
        var key = $"{id}|handle|d3";
        await log.AddEntityAsync(new TableEntity("20270611", key) { ["State"] = "claimed", ["ClaimedAt"] = h.Time.GetUtcNow() });
        var alerts = h.Get<ComplaintAlerts>();

        Time(h, TimeSpan.FromMinutes(5)); // the dead run's claim still holds
        Assert.Equal(0, (await alerts.RunAsync(default)).AlertsSent);
        Assert.DoesNotContain(h.Emails.Sent, s => s.To.Email == Officer);

        Time(h, AlertLog.Lease); // now it has run out
        Assert.Equal(1, (await alerts.RunAsync(default)).AlertsSent);
        Assert.Single(h.Emails.Sent, s => s.To.Email == Officer);
        Assert.Equal("sent", (await log.GetEntityAsync<TableEntity>("20270611", key)).Value.GetString("State"));
    }

    [Fact]
    public async Task Two_runs_started_at_once_send_each_alert_once()
    {
        await using var h = new ComplaintHarness(azurite, new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < 6; i++)
        {
            await h.RegisterAsync(Petition($"PA-C{i}"));
        }

        h.SetToday(Due.AddDays(2)); // overdue
        var alerts = h.Get<ComplaintAlerts>();
        var results = await Task.WhenAll(Task.Run(() => alerts.RunAsync(default)), Task.Run(() => alerts.RunAsync(default)));

        Assert.Equal(6, results.Sum(r => r.AlertsSent));
        Assert.Equal(1, results.Count(r => r.DigestSent));
        var ids = h.Emails.Sent.Select(s => s.To.MessageId).ToList();
        Assert.Equal(7, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task The_run_reads_only_the_open_deadlines_near_or_overdue_not_the_registry()
    {
        var today = new DateOnly(2027, 6, 8);
        await using var h = new ComplaintHarness(azurite, new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var repository = h.Get<ComplaintStore>();
        var rules = h.Get<ComplaintRules>();

        // History: 150 resolved cases; 60 open ones due far in the future; 5 near (due in ≤ 7 days) and 3 overdue.
        var tasks = new List<Task>();
        for (var i = 0; i < 150; i++)
        {
            tasks.Add(Store(h, $"OLD-{i}", new DateOnly(2026, 1, 5).AddDays(i), CaseStatus.Resolved));
        }

        for (var i = 0; i < 60; i++)
        {
            tasks.Add(Store(h, $"FAR-{i}", today.AddDays(30 + i), CaseStatus.Open));
        }

        for (var i = 0; i < 5; i++)
        {
            tasks.Add(Store(h, $"NEAR-{i}", Due.AddDays(-14), CaseStatus.Open)); // handle due 14/06 = today + 6
        }

        for (var i = 0; i < 3; i++)
        {
            tasks.Add(Store(h, $"LATE-{i}", new DateOnly(2027, 5, 17), CaseStatus.Open)); // handle due 31/05: overdue
        }

        await Task.WhenAll(tasks);
        h.SetToday(today);
        h.Reads.Reset();

        var result = await h.Get<ComplaintAlerts>().RunAsync(default);

        const int nearOpen = 8;
        Assert.Equal(nearOpen, result.DeadlinesRead);
        Assert.InRange(h.Reads.Entities, nearOpen, (int)(nearOpen * 1.1) + 1); // the index rows (+ at most the unit lookup)
        Assert.Equal(3, result.AlertsDue); // only the overdue ones: today + 6 is no threshold

        async Task Store(ComplaintHarness harness, string code, DateOnly receivedOn, CaseStatus status)
        {
            var c = new ComplaintCase(
                ComplaintStore.NewCaseId(), code, CaseKind.Petition, receivedOn, null, false, false, false, false, UnitName, [Officer], null,
                status, new RuleSetRef("default", new DateOnly(2019, 1, 1)), [], status == CaseStatus.Resolved ? receivedOn.AddDays(5) : null, null, null, null,
                harness.Time.GetUtcNow());
            c = c with { RuleSet = new RuleSetRef(rules.ForReceipt(receivedOn)!.Name, rules.ForReceipt(receivedOn)!.EffectiveFrom) };
            Assert.Null(await repository.TryCreateAsync(c, rules.OpenDeadlines(c, today), default));
        }
    }

    [Fact]
    public async Task Emails_carry_no_identity_and_deterministic_ids()
    {
        await using var h = new ComplaintHarness(azurite, new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var id = (await h.RegisterAsync(Petition("PA-ID"))).GetProperty("id").GetString()!;
        h.SetToday(Due);
        await h.Get<ComplaintAlerts>().RunAsync(default);
        var officer = Assert.Single(h.Emails.Sent, s => s.To.Email == Officer);
        Assert.Equal($"complaint-alert:20270614:{id}:handle:d0:officer:{Officer}", officer.To.MessageId);
        var digest = Assert.Single(h.Emails.Sent, s => s.To.Email == ComplaintHarness.Leadership);
        Assert.Equal($"complaint-digest:20270614:{ComplaintHarness.Leadership}", digest.To.MessageId);
        Assert.DoesNotContain("Phản ánh về tiến độ", digest.Batch.Html, StringComparison.Ordinal);
        Assert.Contains("PA-ID", digest.Batch.Html, StringComparison.Ordinal);
        _ = JsonSerializer.Serialize(officer.To);
    }

    private static void Time(ComplaintHarness h, TimeSpan by) => h.Time.Advance(by);
}
