using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// Attendance through the running local host, with a course of seconds: the organiser's bulk marks (all or nothing, rows
/// named), a check-in by the link shown on the accepted person's reply page, then the flow's own milestones (inProgress,
/// absences after the session, the unit's report once, followUp) and the counts per session.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class AttendanceApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostFixture _host = new(azurite);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private HttpClient Api => _host.Organiser;

    [Fact]
    public async Task Organiser_marks_and_a_check_in_then_the_session_end_marks_the_rest_absent_and_the_unit_gets_its_report_once()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Email(string who) => $"{who}.{tag}@sonoivu.tinh.example";
        var unit = "Sở Nội vụ " + tag;
        (await Api.PutAsJsonAsync("/api/units", new[] { new { name = unit, kind = "department", contactEmails = new[] { Email("lanhdao") } } })).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow;
        var created = await Api.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng kỹ năng dân vận",
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = now.AddSeconds(25), end = now.AddSeconds(40) } },
            rsvpDeadline = now.AddSeconds(12),
            organiserEmails = new[] { "bandanvan@tinh.example" },
            checkIn = new { opensBefore = "PT10M" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        string[] who = ["an", "binh", "chi", "dung"];
        (await Api.PostAsJsonAsync($"/api/courses/{id}/invitees", who.Select(w => new { name = "Cán bộ " + w, email = Email(w), unit }))).EnsureSuccessStatusCode();
        (await Api.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var replyLink = await _host.WaitForLinkAsync(Email("an"));
        foreach (var w in who.Take(3))
        {
            (await Api.PostAsJsonAsync($"/api/courses/{id}/replies", new { email = Email(w), answer = "accept" })).EnsureSuccessStatusCode();
        }

        // A bad row refuses the whole request, naming the row; nothing is written.
        var refused = await Api.PostAsJsonAsync($"/api/courses/{id}/attendance", new object[]
        {
            new { email = Email("binh"), session = 1, status = "excused" },
            new { email = Email("chi"), session = 2, status = "present" },
            new { email = Email("chi"), session = 1, status = "maybe" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["[1].session", "[2].status"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(await InviteesAsync(id), i => Assert.Null(i["attendance"]![0]));

        var marked = await Api.PostAsJsonAsync($"/api/courses/{id}/attendance", new object[]
        {
            new { email = Email("binh"), session = 1, status = "excused" },
            new { email = Email("dung").ToUpperInvariant(), session = 1, status = "present" },
        });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var result = (await marked.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((2, 0), (result["recorded"]!.GetValue<int>(), result["unchanged"]!.GetValue<int>()));
        var again = (await (await Api.PostAsJsonAsync($"/api/courses/{id}/attendance", new object[] { new { email = Email("binh"), session = 1, status = "excused" } })).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((0, 1), (again["recorded"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()));

        // An opens his reply page: it shows his check-in link; he checks in (the window opened 10 minutes before the start).
        using var browser = new HttpClient();
        var page = await browser.GetStringAsync(new Uri(replyLink));
        var checkIn = WebUtility.HtmlDecode(CheckInLinkRegex().Match(page).Groups["link"].Value);
        Assert.StartsWith(replyLink[..(replyLink.IndexOf("/api/r/", StringComparison.Ordinal) + 7)], checkIn, StringComparison.Ordinal);
        Assert.NotEqual(replyLink, checkIn);
        var checkedIn = await browser.PostAsync(new Uri(checkIn), new FormUrlEncodedContent([new("answer", "checkin")]));
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        Assert.Contains("Đã điểm danh buổi 1", await checkedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The flow: RSVP deadline, course start (inProgress), session end (Chi absent), course end (the unit's report, followUp).
        var course = await Eventually.WaitForAsync(
            async () => await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}") is { } c && c["phase"]!.GetValue<string>() == "followUp" ? c : null,
            TimeSpan.FromSeconds(90));
        var attendance = (await InviteesAsync(id)).ToDictionary(i => i["email"]!.GetValue<string>(), i => i["attendance"]![0]?.GetValue<string>());
        Assert.Equal(
            new Dictionary<string, string?> { [Email("an")] = "present", [Email("binh")] = "excused", [Email("chi")] = "absent", [Email("dung")] = "present" },
            attendance);
        var counts = course["counts"]!;
        Assert.Equal((2, 1, 1), (counts["present"]!.GetValue<int>(), counts["absent"]!.GetValue<int>(), counts["excused"]!.GetValue<int>()));
        Assert.Equal("""[{"session":1,"present":2,"absent":1,"excused":1,"unmarked":0}]""", counts["sessions"]!.ToJsonString());
        var chi = (await InviteesAsync(id)).Single(i => i["email"]!.GetValue<string>() == Email("chi"));
        Assert.Single(chi["audit"]!.AsArray(), a => a!["what"]!.GetValue<string>() == "absent" && a["channel"]!.GetValue<string>() == "system");

        var reports = await Api.GetFromJsonAsync<JsonArray>($"/api/dev/outbox?to={Uri.EscapeDataString(Email("lanhdao"))}");
        var report = Assert.Single(reports!);
        Assert.Contains("vắng", report!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // After the course the organiser can still correct a mark (follow-up), and the counts follow.
        (await Api.PostAsJsonAsync($"/api/courses/{id}/attendance", new object[] { new { email = Email("chi"), session = 1, status = "excused" } })).EnsureSuccessStatusCode();
        var corrected = (await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["counts"]!;
        Assert.Equal((0, 2), (corrected["absent"]!.GetValue<int>(), corrected["excused"]!.GetValue<int>()));
    }

    private async Task<List<JsonObject>> InviteesAsync(string id) =>
        [.. (await Api.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!.Select(n => n!.AsObject())];

    [GeneratedRegex("id=\"checkin-qr\"[^>]*><p class=\"small\"[^>]*><a href=\"(?<link>[^\"]+)\"")]
    private static partial Regex CheckInLinkRegex();
}
