using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.EndToEnd;

/// <summary>
/// A whole invitation phase on the real local host and Azurite, with offsets in seconds: an organiser
/// creates, imports (JSON and CSV) and starts a course; people follow the links in the dev outbox as
/// they would (GET the page, POST its form); the host is killed mid-flow and started again; the test
/// checks the counts, the invitee list and the outbox: nothing lost, nothing doubled.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class CourseFlowEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private readonly HttpClient _person = new(new HttpClientHandler { AllowAutoRedirect = false });

    /// <summary>The running local host (killed and started again mid-flow) and its organiser client.</summary>
    private readonly LocalHostFixture _local = new(azurite);

    public Task InitializeAsync() => _local.InitializeAsync();

    public async Task DisposeAsync()
    {
        _person.Dispose();
        await _local.DisposeAsync();
    }

    [Fact]
    public async Task A_course_runs_from_invitations_to_the_rsvp_deadline_across_a_host_crash()
    {
        try
        {
            await RunCourseAsync();
        }
        catch (Exception ex) when (ex is TimeoutException or Xunit.Sdk.XunitException)
        {
            // The whole host log goes to a file next to the test binaries (CI keeps it); the message names it.
            var log = Path.Combine(AppContext.BaseDirectory, $"e2e-host-{DateTime.UtcNow:yyyyMMddHHmmss}.log");
            await File.WriteAllTextAsync(log, _local.Host.Output);
            throw new InvalidOperationException($"{ex.Message}\n(step: {_step}; host log: {log})\n--- local host output (end) ---\n{Tail(_local.Host.Output)}", ex);
        }
    }

    private async Task RunCourseAsync()
    {
        var t0 = DateTimeOffset.UtcNow;
        var deadline = t0.AddSeconds(50);

        _step = "1. Create";
        // 1. Create: reminders 35 s and 20 s before the deadline (≈ t0+15 s and t0+30 s).
        var create = await _local.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng nghiệp vụ công tác dân vận năm 2027",
            description = "Chuyên đề: phòng ngừa, giải quyết điểm nóng",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = t0.AddHours(2), end = t0.AddHours(5) } },
            rsvpDeadline = deadline,
            organiserEmails = new[] { "bandanvan@tinh.example" },
            language = "vi",
            reminders = new { beforeRsvpDeadline = new[] { "PT35S", "PT20S" } },
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var courseId = (await create.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal($"/api/courses/{courseId}", create.Headers.Location!.OriginalString);

        _step = "2. Invitees";
        // 2. Invitees: JSON (one bad row, one duplicate), then CSV with BOM and semicolons.
        var json = await _local.Organiser.PostAsJsonAsync($"/api/courses/{courseId}/invitees", new object[]
        {
            new { name = "Nguyễn Văn An", email = "an@sonoivu.tinh.example", unit = "Sở Nội vụ", position = "Chuyên viên" },
            new { name = "Trần Thị Bình", email = "binh@sotuphap.tinh.example", unit = "Sở Tư pháp", position = "Phó Chánh Văn phòng" },
            new { name = "Không Email", email = "", unit = "Sở Tư pháp", position = "" },
            new { name = "An trùng", email = " AN@sonoivu.tinh.example ", unit = "Sở Nội vụ", position = "" },
        });
        var imported = await json.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, imported!["added"]!.GetValue<int>());
        Assert.Equal(4, imported["duplicates"]![0]!["row"]!.GetValue<int>());
        Assert.Equal(3, imported["rejected"]![0]!["row"]!.GetValue<int>());

        var csv = await PostCsvAsync(courseId, "Họ và tên;Email;Đơn vị;Chức vụ\nLê Văn Cường;cuong@soxaydung.tinh.example;Sở Xây dựng;Trưởng phòng\n");
        Assert.Equal(1, csv!["added"]!.GetValue<int>());

        _step = "3. Start once";
        // 3. Start once; a second start is refused.
        var start = await _local.Organiser.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _local.Organiser.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null)).StatusCode);

        _step = "4. One invitation each";
        // 4. One invitation each, in Vietnamese, with a personal link.
        var invitations = await WaitForAsync(async () =>
        {
            var list = await OutboxAsync(kindPrefix: "Thư mời tham dự");
            return list.Count >= 3 ? list : null;
        });
        Assert.Equal(3, invitations.Count);
        var linkOf = invitations.ToDictionary(m => m["to"]![0]!.GetValue<string>(), m => m["links"]![0]!.GetValue<string>());

        _step = "5. Mail scanners";
        // 5. Mail scanners: GET and HEAD change nothing.
        var anLink = linkOf["an@sonoivu.tinh.example"];
        var page = await _person.GetAsync(new Uri(anLink));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("chưa trả lời", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _person.SendAsync(new HttpRequestMessage(HttpMethod.Head, anLink))).StatusCode);
        Assert.Equal(0, (await CountsAsync(courseId))["accepted"]!.GetValue<int>());

        _step = "6. People answer";
        // 6. People answer with the page's form; posting the same answer twice records it once.
        Assert.Contains("nhận lời tham dự", await PostFormAsync(anLink, ("answer", "accept")), StringComparison.Ordinal);
        var again = await PostFormAsync(anLink, ("answer", "accept"));
        Assert.Contains("không có thay đổi", again, StringComparison.Ordinal);
        var binhLink = linkOf["binh@sotuphap.tinh.example"];
        Assert.Contains("Bận tiếp dân", await PostFormAsync(binhLink, ("answer", "decline"), ("reason", "Bận tiếp dân")), StringComparison.Ordinal);

        // A tampered link gets the plain "not valid" page and changes nothing.
        var tampered = anLink[..^3] + (anLink[^3] == 'A' ? "B" : "A") + anLink[^2..];
        var bad = await _person.PostAsync(new Uri(tampered), new FormUrlEncodedContent([new("answer", "decline"), new("reason", "x")]));
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        Assert.Contains("Liên kết không hợp lệ", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _step = "7. The host crashes";
        // 7. The host crashes while the flow sleeps towards its first reminder, and comes back.
        _local.Host.Kill();
        await _local.Host.StartAsync();

        _step = "8. A late addition";
        // 8. A late addition after the restart is invited by the running flow.
        await PostCsvAsync(courseId, "name,email,unit,position\nPhạm Thị Dung,dung@sotaichinh.tinh.example,Sở Tài chính,Chuyên viên\n");
        // (Messages the dead process had fetched come back after the local queue visibility timeout, 45 s.)
        await WaitForAsync(async () => (await OutboxAsync("Thư mời tham dự")).Count == 4 ? new object() : null, TimeSpan.FromSeconds(150));

        _step = "9. The deadline passes";
        // 9. The deadline passes: the silent become "no response" and the organiser gets one summary.
        var closed = await WaitForAsync(
            async () =>
            {
                var course = await _local.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}");
                return course!["phase"]!.GetValue<string>() == "rsvpClosed" ? course : null;
            },
            deadline - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(150));
        var counts = closed["counts"]!;
        Assert.Equal(4, counts["invited"]!.GetValue<int>());
        Assert.Equal(1, counts["accepted"]!.GetValue<int>());
        Assert.Equal(1, counts["declined"]!.GetValue<int>());
        Assert.Equal(2, counts["noResponse"]!.GetValue<int>());
        Assert.Equal(0, counts["pending"]!.GetValue<int>());

        var all = await OutboxAsync(kindPrefix: null);
        Assert.Equal(4, all.Count(m => Subject(m).StartsWith("Thư mời tham dự", StringComparison.Ordinal)));
        var reminders = all.Where(m => Subject(m).StartsWith("Nhắc trả lời", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(reminders, m => To(m) is "an@sonoivu.tinh.example" or "binh@sotuphap.tinh.example");
        Assert.Equal(2, reminders.Count(m => To(m) == "cuong@soxaydung.tinh.example")); // one per offset, none doubled
        Assert.InRange(reminders.Count(m => To(m) == "dung@sotaichinh.tinh.example"), 1, 2);
        var summaries = all.Where(m => Subject(m).StartsWith("Tổng hợp trả lời", StringComparison.Ordinal)).ToList();
        var summary = Assert.Single(summaries);
        Assert.Equal("bandanvan@tinh.example", To(summary));
        Assert.DoesNotContain("@sonoivu", summary["text"]!.GetValue<string>(), StringComparison.Ordinal);

        _step = "10. A reply after";
        // 10. A reply after the deadline (before the course) is still taken, marked late.
        var lateReply = await PostFormAsync(linkOf["cuong@soxaydung.tinh.example"], ("answer", "accept"));
        Assert.True(
            lateReply.Contains("sau hạn chót", StringComparison.Ordinal),
            string.Join("\n", lateReply.Split('\n').Where(l => l.Contains("<p", StringComparison.Ordinal))) + "\nnow " + DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) + " deadline " + deadline.ToString("O", CultureInfo.InvariantCulture));
        var invitees = (await _local.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!;
        var cuong = invitees!.Single(i => i!["email"]!.GetValue<string>() == "cuong@soxaydung.tinh.example")!;
        Assert.Equal("accepted", cuong["status"]!.GetValue<string>());
        Assert.True(cuong["late"]!.GetValue<bool>());
        var binh = invitees!.Single(i => i!["email"]!.GetValue<string>() == "binh@sotuphap.tinh.example")!;
        Assert.Equal("declined", binh["status"]!.GetValue<string>());
        Assert.Equal("Bận tiếp dân", binh["reason"]!.GetValue<string>());
        Assert.All(invitees, i => Assert.Equal("sent", i!["emailStatus"]!.GetValue<string>()));

        // The late accept is confirmed by email with the .ics (the flow lives on after the deadline for the course itself).
        var confirmation = await WaitForAsync(async () => (await OutboxAsync("Xác nhận đăng ký")).SingleOrDefault(m => To(m) == "cuong@soxaydung.tinh.example"));
        Assert.Single(await OutboxAsync("Xác nhận đăng ký"), m => To(m) == "an@sonoivu.tinh.example");

        // The .eml files are there for a person to open.
        Assert.Equal(all.Count + 1, Directory.GetFiles(_local.Host.OutboxDirectory!, "*.eml").Length);
    }

    private string _step = "start";

    private static string Tail(string text) => text.Length <= 20_000 ? text : text[^20_000..];

    private static string Subject(JsonNode m) => m["subject"]!.GetValue<string>();

    private static string To(JsonNode m) => m["to"]![0]!.GetValue<string>();

    private async Task<JsonObject?> PostCsvAsync(string courseId, string csv)
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var response = await _local.Organiser.PostAsync(new Uri($"/api/courses/{courseId}/invitees", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonObject>();
    }

    private async Task<string> PostFormAsync(string link, params (string Name, string Value)[] fields)
    {
        using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var response = await _person.PostAsync(new Uri(link), form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return html;
    }

    private async Task<JsonNode> CountsAsync(string courseId) =>
        (await _local.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}"))!["counts"]!;

    private async Task<List<JsonNode>> OutboxAsync(string? kindPrefix)
    {
        var items = await _local.Organiser.GetFromJsonAsync<JsonArray>("/api/dev/outbox");
        return items!.Select(i => i!).Where(i => kindPrefix is null || Subject(i).StartsWith(kindPrefix, StringComparison.Ordinal)).ToList();
    }

    private static Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class => Eventually.WaitForAsync(probe, timeout ?? Patience);
}
