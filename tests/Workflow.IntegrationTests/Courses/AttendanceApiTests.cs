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
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

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

        // The organiser's mark names him in the person's audit trail (the script key: id and name), once.
        var binhLines = (await InviteesAsync(id)).Single(i => i["email"]!.GetValue<string>() == Email("binh"))["audit"]!.AsArray().Select(a => a!).ToList();
        var mark = Assert.Single(binhLines, a => a["what"]!.GetValue<string>() == "excused");
        Assert.Equal(("organiser", "organiser-key", "organiser-key", "organiser-key"), (
            mark["channel"]!.GetValue<string>(), mark["by"]!.GetValue<string>(), mark["author"]!["id"]!.GetValue<string>(), mark["author"]!["name"]!.GetValue<string>()));

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

    /// <summary>
    /// Issue 8: marks follow their session, not its place in the list. An excused mark stays on its session when an
    /// earlier session is added (sent without ids, as before session ids) or the first is removed; a session moved by
    /// its id keeps its marks; a marked session cannot be taken off the schedule (400 naming <c>sessions</c>, in vi and
    /// en); counts, the report and the roster read the marks by session.
    /// </summary>
    [Fact]
    public async Task Marks_stay_with_their_session_when_the_course_is_rescheduled()
    {
        var (id, an, binh) = await TwoSessionCourseAsync();
        var day = DateTimeOffset.UtcNow.Date;
        CourseSessionTimes Session(int days) => new(new DateTimeOffset(day.AddDays(days).AddHours(7), TimeSpan.Zero), new DateTimeOffset(day.AddDays(days).AddHours(10), TimeSpan.Zero));
        var (d5, d6, d4) = (Session(5), Session(6), Session(4));

        // An announced he will miss the second session, Binh the first.
        await MarkAsync(id, new { email = an, session = 2, status = "excused" }, new { email = binh, session = 1, status = "excused" });
        Assert.Equal([null, "excused"], await AttendanceOfAsync(id, an));
        Assert.Equal(["excused", null], await AttendanceOfAsync(id, binh));

        // An earlier session is added; the two others are sent back as they were, without ids.
        Assert.Equal(HttpStatusCode.OK, (await PatchSessionsAsync(id, d4.Plain(), d5.Plain(), d6.Plain())).Status);
        Assert.Equal([null, null, "excused"], await AttendanceOfAsync(id, an));
        Assert.Equal([null, "excused", null], await AttendanceOfAsync(id, binh));
        var counts = (await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["counts"]!["sessions"]!.AsArray();
        Assert.Equal([0, 1, 1], counts.Select(c => c!["excused"]!.GetValue<int>()));

        // The sessions carry their ids: the two first kept theirs, the added one has a new one.
        var ids = await SessionIdsAsync(id);
        Assert.Equal(["s3", "s1", "s2"], ids);

        // The first session is removed again (no one is marked for it): the marks stay where they are.
        Assert.Equal(HttpStatusCode.OK, (await PatchSessionsAsync(id, d5.Plain(), d6.Plain())).Status);
        Assert.Equal([null, "excused"], await AttendanceOfAsync(id, an));
        Assert.Equal(["excused", null], await AttendanceOfAsync(id, binh));

        // Binh's session moves two days later, named by its id: it is now the second session, and his mark went with it.
        var d8 = Session(8);
        Assert.Equal(HttpStatusCode.OK, (await PatchSessionsAsync(id, d8.WithId("s1"), d6.WithId("s2"))).Status);
        Assert.Equal(["s2", "s1"], await SessionIdsAsync(id));
        Assert.Equal(["excused", null], await AttendanceOfAsync(id, an));
        Assert.Equal([null, "excused"], await AttendanceOfAsync(id, binh));

        // A marked session cannot be taken off the schedule: 400 naming "sessions", in both languages; nothing changes.
        // (The schedule is compared, not the whole course: the flow may still be sending the earlier changes' notices,
        // which moves the course's email counts meanwhile.)
        var before = await ScheduleAsync(id);
        var (status, problem) = await PatchSessionsAsync(id, d8.WithId("s1"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", problem.ContentType);
        var message = Assert.Single(problem.Body!["errors"]!["sessions"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("Buổi 1 (", message, StringComparison.Ordinal);
        Assert.Contains("đã có điểm danh", message, StringComparison.Ordinal);
        Assert.Contains("\"s2\"", message, StringComparison.Ordinal);
        Assert.DoesNotContain(" / ", message, StringComparison.Ordinal);
        var (_, english) = await PatchSessionsAsync(id, "en", d8.WithId("s1"));
        message = Assert.Single(english.Body!["errors"]!["sessions"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("Session 1 (", message, StringComparison.Ordinal);
        Assert.Contains("has attendance marks", message, StringComparison.Ordinal);
        Assert.Contains("\"s2\"", message, StringComparison.Ordinal);
        Assert.Equal(before, await ScheduleAsync(id));

        // An unknown id is refused naming it; two sessions with one id too.
        Assert.Equal("sessions[2].id", Assert.Single((await PatchSessionsAsync(id, d8.WithId("s1"), d6.WithId("s2"), d4.WithId("s9"))).Problem.Body!["errors"]!.AsObject()).Key);
        Assert.Contains("sessions[1].id", (await PatchSessionsAsync(id, d8.WithId("s2"), d6.WithId("s2"))).Problem.Body!["errors"]!.AsObject().Select(e => e.Key));

        // A mark by session id lands on that session whatever its number; the answer gives both.
        var byId = await Api.PostAsJsonAsync($"/api/courses/{id}/attendance", new object[] { new { email = an, sessionId = "s1", status = "excused" } });
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        var row = (await byId.Content.ReadFromJsonAsync<JsonObject>())!["rows"]![0]!;
        Assert.Equal((2, "s1"), (row["session"]!.GetValue<int>(), row["sessionId"]!.GetValue<string>()));
        Assert.Equal(["excused", "excused"], await AttendanceOfAsync(id, an));

        // The report and the roster read the marks by session.
        var report = (await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}/report"))!;
        Assert.Equal([1, 2], report["attendance"]!["sessions"]!.AsArray().Select(s => s!["excused"]!.GetValue<int>()));
        var roster = await Api.GetStringAsync(new Uri($"/api/courses/{id}/roster?format=csv", UriKind.Relative));
        var lines = roster.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r').Split(',')).ToList();
        var (first, second) = (Array.IndexOf(lines[0], "Buổi 1"), Array.IndexOf(lines[0], "Buổi 2"));
        var binhRow = lines.Single(l => l.Contains(binh));
        Assert.Equal((string.Empty, "Vắng có phép"), (binhRow[first], binhRow[second]));
        var anRow = lines.Single(l => l.Contains(an));
        Assert.Equal(("Vắng có phép", "Vắng có phép"), (anRow[first], anRow[second]));
    }

    /// <summary>Issue 8: marks stored before session ids (by position, in a course stored without ids) read as before and then follow their session.</summary>
    [Fact]
    public async Task Marks_stored_by_position_before_session_ids_read_correctly_and_then_follow_their_session()
    {
        var (id, an, binh) = await TwoSessionCourseAsync();
        await MarkAsync(id, new { email = an, session = 2, status = "excused" });
        var sessions = (await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["sessions"]!.AsArray();
        var times = sessions.Select(s => new CourseSessionTimes(s!["start"]!.GetValue<DateTimeOffset>(), s["end"]!.GetValue<DateTimeOffset>())).ToList();

        // Rewrite the rows as the product stored them before session ids: sessions without ids, marks by position.
        // The course's flow is sending the invitations and confirmations meanwhile and writes these rows too.
        var tables = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        await RewriteAsync(tables.GetTableClient("Courses"), id, "course", row =>
        {
            var definition = JsonNode.Parse(row.GetString("Definition"))!.AsObject();
            foreach (var s in definition["sessions"]!.AsArray())
            {
                s!.AsObject().Remove("id");
            }

            row["Definition"] = definition.ToJsonString();
        });
        var anId = (await InviteesAsync(id)).Single(i => i["email"]!.GetValue<string>() == an)["id"]!.GetValue<string>();
        await RewriteAsync(tables.GetTableClient("Invitees"), id, anId, person =>
        {
            var marks = JsonNode.Parse(person.GetString("Attendance"))!.AsArray();
            person["Attendance"] = new JsonArray(marks.Select(m =>
            {
                var o = m!.AsObject().DeepClone().AsObject();
                Assert.Equal("s2", o["sessionId"]!.GetValue<string>());
                o.Remove("sessionId");
                o["session"] = 1;
                return (JsonNode)o;
            }).ToArray()).ToJsonString();
        });

        // Read as before: the second session, which reads with the id of its position.
        Assert.Equal([null, "excused"], await AttendanceOfAsync(id, an));
        Assert.Equal(["s1", "s2"], await SessionIdsAsync(id));
        Assert.Equal([0, 1], (await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["counts"]!["sessions"]!.AsArray().Select(c => c!["excused"]!.GetValue<int>()));

        // An earlier session added (the old ones sent back without ids): the mark stays with its session.
        var earlier = new CourseSessionTimes(times[0].Start.AddDays(-1), times[0].End.AddDays(-1));
        Assert.Equal(HttpStatusCode.OK, (await PatchSessionsAsync(id, earlier.Plain(), times[0].Plain(), times[1].Plain())).Status);
        Assert.Equal([null, null, "excused"], await AttendanceOfAsync(id, an));
        Assert.Equal(["s3", "s1", "s2"], await SessionIdsAsync(id));
        Assert.Equal([null, null, null], await AttendanceOfAsync(id, binh));
    }

    /// <summary>
    /// Reads a row, changes it and writes it back under the ETag read, again from a fresh read when another writer (the
    /// course's flow marking emails sent) wrote the row in between, as every writer of these rows does.
    /// </summary>
    private static async Task RewriteAsync(Azure.Data.Tables.TableClient table, string partitionKey, string rowKey, Action<Azure.Data.Tables.TableEntity> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(partitionKey, rowKey)).Value;
            change(row);
            try
            {
                await table.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
                return;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed && attempt < 10)
            {
                // Written meanwhile: read it again.
            }
        }
    }

    /// <summary>The course's schedule as the API answers it (sessions with their ids, RSVP deadline) and its phase.</summary>
    private async Task<string> ScheduleAsync(string id)
    {
        var course = (await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!;
        return $"{course["phase"]?.ToJsonString()} {course["rsvpDeadline"]?.ToJsonString()} {course["sessions"]!.ToJsonString()}";
    }

    private async Task<(string Id, string An, string Binh)> TwoSessionCourseAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var an = $"an.{tag}@sonoivu.tinh.example";
        var binh = $"binh.{tag}@sotuphap.tinh.example";
        var day = DateTimeOffset.UtcNow.Date;
        var created = await Api.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng kỹ năng dân vận " + tag,
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[]
            {
                new { start = new DateTimeOffset(day.AddDays(5).AddHours(7), TimeSpan.Zero), end = new DateTimeOffset(day.AddDays(5).AddHours(10), TimeSpan.Zero) },
                new { start = new DateTimeOffset(day.AddDays(6).AddHours(7), TimeSpan.Zero), end = new DateTimeOffset(day.AddDays(6).AddHours(10), TimeSpan.Zero) },
            },
            rsvpDeadline = DateTimeOffset.UtcNow.AddDays(2),
            organiserEmails = new[] { "bandanvan@tinh.example" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await Api.PostAsJsonAsync($"/api/courses/{id}/invitees", new[] { new { name = "Nguyễn Văn An", email = an }, new { name = "Trần Văn Bình", email = binh } })).EnsureSuccessStatusCode();
        (await Api.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        foreach (var email in new[] { an, binh })
        {
            (await Api.PostAsJsonAsync($"/api/courses/{id}/replies", new { email, answer = "accept" })).EnsureSuccessStatusCode();
        }

        return (id, an, binh);
    }

    private async Task MarkAsync(string id, params object[] rows) =>
        (await Api.PostAsJsonAsync($"/api/courses/{id}/attendance", rows)).EnsureSuccessStatusCode();

    private async Task<List<string?>> AttendanceOfAsync(string id, string email) =>
        [.. (await InviteesAsync(id)).Single(i => i["email"]!.GetValue<string>() == email)["attendance"]!.AsArray().Select(a => a?.GetValue<string>())];

    private async Task<List<string?>> SessionIdsAsync(string id) =>
        [.. (await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["sessions"]!.AsArray().Select(s => s!["id"]?.GetValue<string>())];

    private Task<(HttpStatusCode Status, (string? ContentType, JsonObject? Body) Problem)> PatchSessionsAsync(string id, params JsonObject[] sessions) =>
        PatchSessionsAsync(id, null, sessions);

    /// <param name="language">The reader's Accept-Language (none: the API's default, Vietnamese).</param>
    private async Task<(HttpStatusCode Status, (string? ContentType, JsonObject? Body) Problem)> PatchSessionsAsync(string id, string? language, params JsonObject[] sessions)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/courses/{id}") { Content = JsonContent.Create(new JsonObject { ["sessions"] = new JsonArray(sessions) }) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        var response = await Api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, (response.Content.Headers.ContentType?.MediaType, JsonNode.Parse(text) as JsonObject));
    }

    /// <summary>A session's times, sent without an id (as before session ids) or with one.</summary>
    private sealed record CourseSessionTimes(DateTimeOffset Start, DateTimeOffset End)
    {
        public JsonObject Plain() => new() { ["start"] = Start.ToOffset(Vn).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), ["end"] = End.ToOffset(Vn).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) };

        public JsonObject WithId(string id)
        {
            var o = Plain();
            o["id"] = id;
            return o;
        }
    }

    private async Task<List<JsonObject>> InviteesAsync(string id) =>
        [.. (await Api.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!.Select(n => n!.AsObject())];

    [GeneratedRegex("id=\"checkin-qr\"[^>]*><p class=\"small\"[^>]*><a href=\"(?<link>[^\"]+)\"")]
    private static partial Regex CheckInLinkRegex();
}
