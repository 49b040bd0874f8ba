using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Testing;

namespace Workflow.IntegrationTests.MultiHost;

/// <summary>
/// Issue 19: the daily complaint alert run over two local hosts on one storage account. Its timer fires on every host (a
/// CRON of every 15 s here, both hosts at the same second, several times); the run happens once: each case's alert to
/// its officer and its unit once, the leadership's digest once, in the fake SendGrid (which keeps repeats).
/// </summary>
[Collection(MultiHostCollection.Name)]
public sealed class AlertRunOverTwoHostsTests(AzuriteFixture azurite)
{
    private const string Leadership = "lanhdao@bandanvan.example.vn";
    private const int Cases = 12;

    [Fact]
    public async Task The_timer_fires_on_both_hosts_and_every_alert_goes_once()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var unit = $"UBND phường Hoa Lư {tag}";
        var contact = $"vanphong.{tag}@hoalu.example.vn";
        var officers = new[] { $"thanhtra1.{tag}@hoalu.example.vn", $"thanhtra2.{tag}@hoalu.example.vn" };
        await using var cluster = await LocalHostCluster.StartAsync(azurite.ConnectionString, 2, new LocalHostClusterOptions
        {
            Name = "alerts",
            Environment = new Dictionary<string, string>
            {
                ["AzureWebJobs__ComplaintDeadlineAlerts__Disabled"] = "false",
                ["ComplaintAlertSchedule"] = "*/15 * * * * *",
                ["Workflow__Complaints__LeadershipEmails"] = Leadership,
            },
        });
        using var client = cluster.CreateOrganiserClient();
        (await client.PutAsJsonAsync("/api/units", new[] { new { name = unit, kind = "commune-peoples-committee", contactEmails = new[] { contact } } })).EnsureSuccessStatusCode();

        // Overdue petitions (received 40 days ago: 10 working days to handle), registered through both hosts.
        var receivedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(-40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var codes = Enumerable.Range(1, Cases).Select(i => $"PA-{tag}-{i:000}").ToList();
        foreach (var (code, i) in codes.Select((c, i) => (c, i)))
        {
            using var response = await client.PostAsJsonAsync("/api/complaints", new
            {
                code,
                kind = "petition",
                receivedOn,
                handlingUnit = unit,
                officerEmails = new[] { officers[i % 2] },
                subject = "Phản ánh về tiến độ cấp giấy chứng nhận",
            });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        // Both hosts run the timer at least twice after the cases exist.
        var registered = DateTime.UtcNow;
        var runs = await Eventually.WaitForAsync(
            async () =>
            {
                await Task.Delay(1000);
                var perHost = cluster.Hosts.Select(h => h.WorkflowLines.Count(l => l.At > registered && l.Line.Contains("Complaint alerts for", StringComparison.Ordinal))).ToList();
                return perHost.All(n => n >= 2) ? perHost : null;
            },
            TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var mine = cluster.Mail.Mails.Where(m => m.To.Contains(tag, StringComparison.Ordinal) || m.To == Leadership).ToList();
        var toOfficers = mine.Where(m => officers.Contains(m.To)).ToList();
        var toUnit = mine.Where(m => m.To == contact).ToList();
        var digests = mine.Where(m => m.To == Leadership).ToList();
        Assert.All(runs, n => Assert.True(n >= 2));
        Assert.Equal(codes, toOfficers.Select(m => codes.Single(c => m.Subject.Contains(c, StringComparison.Ordinal))).Order(StringComparer.Ordinal));
        Assert.Equal(codes, toUnit.Select(m => codes.Single(c => m.Subject.Contains(c, StringComparison.Ordinal))).Order(StringComparer.Ordinal));
        Assert.All(toOfficers, m => Assert.Equal(officers[codes.IndexOf(codes.Single(c => m.Subject.Contains(c, StringComparison.Ordinal))) % 2], m.To));
        // One digest a day: the first run that found due cases sent it (the timer may have fired while cases were being
        // registered, so it names those there were then); no later run on either host sends another.
        Assert.Single(digests);
        Assert.Contains(codes, c => digests[0].Text.Contains(c, StringComparison.Ordinal));
        Assert.Empty(cluster.Mail.RepeatedMessageIds());
    }
}
