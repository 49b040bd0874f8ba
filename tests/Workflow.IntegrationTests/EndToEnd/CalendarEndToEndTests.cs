using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using Workflow.IntegrationTests.Infrastructure;
using static Workflow.IntegrationTests.EndToEnd.CourseHostSession;
using IcalCalendar = Ical.Net.Calendar;

namespace Workflow.IntegrationTests.EndToEnd;

/// <summary>
/// Calendar (issue 9) on the real local host and Azurite, offsets in seconds: an accept by link and one recorded by the
/// organiser each bring one confirmation with the .ics; a waitlisted accept none; a reschedule brings the accepted the
/// updated .ics (same UID, SEQUENCE raised, new times and venue); the course reminder comes at its (moved) time with the
/// .ics, once. The .ics files are read from the dev outbox's .eml files and parsed with Ical.Net.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class CalendarEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string An = "an@sonoivu.tinh.example";
    private const string Binh = "binh@sotuphap.tinh.example";
    private const string Cuong = "cuong@soxaydung.tinh.example";
    private CourseHostSession _session = null!;

    public async Task InitializeAsync() => _session = await CourseHostSession.StartAsync(azurite);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public Task Accepted_people_get_the_ics_with_the_confirmation_the_reschedule_notice_and_the_course_reminder_once_each() =>
        _session.Logged("calendar", RunAsync);

    private async Task RunAsync()
    {
        var t0 = DateTimeOffset.UtcNow;
        _session.Step = "1. Create and start";
        // Two seats; RSVP deadline t0+30 s; the session at t0+70 s, the course reminder 25 s before it (t0+45 s).
        var session = (Start: t0.AddSeconds(70), End: t0.AddSeconds(70).AddHours(2));
        var create = await _session.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng nghiệp vụ; công tác dân vận, năm 2027",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = session.Start, end = session.End } },
            rsvpDeadline = t0.AddSeconds(30),
            capacity = 2,
            organiserEmails = new[] { "bandanvan@tinh.example" },
            language = "vi",
            reminders = new { beforeRsvpDeadline = Array.Empty<string>(), beforeCourse = new[] { "PT25S" } },
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var courseId = (await create.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var added = await _session.Organiser.PostAsJsonAsync($"/api/courses/{courseId}/invitees", new object[]
        {
            new { name = "Nguyễn Văn An", email = An, unit = "Sở Nội vụ" },
            new { name = "Trần Thị Bình", email = Binh, unit = "Sở Tư pháp" },
            new { name = "Lê Văn Cường", email = Cuong, unit = "Sở Xây dựng" },
        });
        added.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await _session.Organiser.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null)).StatusCode);
        var invitations = await WaitForAsync(async () => await _session.OutboxAsync("Thư mời tham dự") is { Count: 3 } l ? l : null);
        var links = invitations.ToDictionary(To, m => m["links"]![0]!.GetValue<string>());

        _session.Step = "2. Accept by link (twice) and by the organiser";
        await _session.PostFormAsync(links[An], ("answer", "accept"));
        await _session.PostFormAsync(links[An], ("answer", "accept")); // the same answer again: recorded once, confirmed once
        var offline = await _session.Organiser.PostAsJsonAsync($"/api/courses/{courseId}/replies", new { email = Binh, answer = "accept" });
        Assert.Equal(HttpStatusCode.OK, offline.StatusCode);
        await _session.PostFormAsync(links[Cuong], ("answer", "accept")); // the course is full: waitlisted, no confirmation
        var confirmations = await WaitForAsync(async () => await _session.OutboxAsync("Xác nhận đăng ký tham dự") is { Count: 2 } l ? l : null);
        Assert.Equal([An, Binh], confirmations.Select(To).Order(StringComparer.Ordinal));
        foreach (var confirmation in confirmations)
        {
            var e = Assert.Single((await CalendarOfAsync(confirmation)).Events);
            Assert.Equal(($"{courseId}-0@workflow", 0), (e.Uid, e.Sequence));
            Assert.Equal(("Bồi dưỡng nghiệp vụ; công tác dân vận, năm 2027", "Hội trường Ban Dân vận Tỉnh ủy"), (e.Summary, e.Location));
            Assert.Equal(Seconds(session.Start), e.Start!.AsUtc);
            Assert.Equal(new Uri("mailto:bandanvan@tinh.example"), e.Organizer!.Value);
            Assert.Contains(links[To(confirmation)], e.Description, StringComparison.Ordinal); // his own page, as in his invitation
        }

        _session.Step = "3. Reschedule";
        // The session moves 10 s later (the reminder with it, to t0+55 s) and to another hall.
        var moved = (Start: session.Start.AddSeconds(10), End: session.End.AddSeconds(10));
        var patch = await _session.Organiser.PatchAsJsonAsync($"/api/courses/{courseId}", new { sessions = new[] { new { start = moved.Start, end = moved.End } }, venue = "Hội trường B, Tỉnh ủy" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var notices = await WaitForAsync(async () => await _session.OutboxAsync("Thay đổi thời gian") is { Count: 3 } l ? l : null);
        Assert.Empty(Assert.Single(notices, m => To(m) == Cuong)["attachments"]!.AsArray()); // waiting for a seat: no calendar entry
        foreach (var notice in notices.Where(m => To(m) != Cuong))
        {
            var e = Assert.Single((await CalendarOfAsync(notice)).Events);
            Assert.Equal(($"{courseId}-0@workflow", 1, "Hội trường B, Tỉnh ủy"), (e.Uid, e.Sequence, e.Location));
            Assert.Equal((Seconds(moved.Start), Seconds(moved.End)), (e.Start!.AsUtc, e.End!.AsUtc));
        }

        _session.Step = "4. The course reminder";
        var reminderAt = moved.Start.AddSeconds(-25);
        var reminders = await WaitForAsync(async () => await _session.OutboxAsync("Nhắc lịch học") is { Count: 2 } l ? l : null, reminderAt - DateTimeOffset.UtcNow + Patience);
        Assert.Equal([An, Binh], reminders.Select(To).Order(StringComparer.Ordinal));
        Assert.All(reminders, m => Assert.True(SentAt(m) >= reminderAt.AddSeconds(-1), $"sent {SentAt(m):O}, due {reminderAt:O}"));
        foreach (var reminder in reminders)
        {
            Assert.Contains("Hội trường B, Tỉnh ủy", reminder["text"]!.GetValue<string>(), StringComparison.Ordinal);
            var e = Assert.Single((await CalendarOfAsync(reminder)).Events);
            Assert.Equal((1, Seconds(moved.Start)), (e.Sequence, e.Start!.AsUtc));
        }

        _session.Step = "5. Nothing twice";
        await Task.Delay(TimeSpan.FromSeconds(4));
        var all = await _session.OutboxAsync(null);
        Assert.Equal(2, all.Count(m => Subject(m).StartsWith("Nhắc lịch học", StringComparison.Ordinal)));
        Assert.Equal(2, all.Count(m => Subject(m).StartsWith("Xác nhận đăng ký", StringComparison.Ordinal)));
        Assert.Equal(3 + 2 + 3 + 1 + 2, all.Count); // invitations, confirmations, notices, RSVP summary, course reminders
    }

    /// <summary>The message's one .ics, read from its .eml in the dev outbox folder.</summary>
    private async Task<IcalCalendar> CalendarOfAsync(JsonNode message)
    {
        Assert.Equal(["lich-hoc.ics"], message["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()));
        using var eml = await MimeMessage.LoadAsync(Path.Combine(_session.OutboxDirectory!, message["id"]!.GetValue<string>() + ".eml"));
        var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(eml.Attachments));
        Assert.Equal("text/calendar", part.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await part.Content!.DecodeToAsync(bytes);
        var calendar = IcalCalendar.Load(Encoding.UTF8.GetString(bytes.ToArray()))!;
        Assert.Equal("PUBLISH", calendar.Method);
        return calendar;
    }

    private static DateTime Seconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
