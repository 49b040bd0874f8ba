using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;
using static Workflow.IntegrationTests.EndToEnd.CourseHostSession;

namespace Workflow.IntegrationTests.EndToEnd;

/// <summary>
/// The organiser's changes on the real local host and Azurite, offsets in seconds: a reminder now to chosen people
/// (posted twice with one Idempotency-Key), a reschedule that moves the RSVP deadline later and then earlier mid-flow
/// (the reminder and the summary follow the dates), and the cancellation of a second course (one email to each person
/// still concerned, none to decliners, pages refuse answers). The dev outbox is checked: exactly the expected emails.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class CourseChangesEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string An = "an@sonoivu.tinh.example";
    private const string Binh = "binh@sotuphap.tinh.example";
    private const string Cuong = "cuong@soxaydung.tinh.example";
    private const string Dung = "dung@sotaichinh.tinh.example";
    private CourseHostSession _session = null!;

    public async Task InitializeAsync() => _session = await CourseHostSession.StartAsync(azurite);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public Task Remind_now_reaches_the_chosen_once_and_a_reschedule_moves_the_reminder_and_the_summary() => _session.Logged("changes", RemindAndRescheduleAsync);

    [Fact]
    public Task A_cancellation_tells_everyone_still_concerned_once_and_the_pages_refuse_answers() => _session.Logged("changes", CancelAsync);

    private async Task RemindAndRescheduleAsync()
    {
        var t0 = DateTimeOffset.UtcNow;
        _session.Step = "1. Create and start";
        // Deadline t0+40 s with a reminder 10 s before it (t0+30 s).
        var (courseId, links, ids) = await StartedCourseAsync(t0.AddSeconds(40), "PT10S");
        Assert.Contains("nhận lời", await _session.PostFormAsync(links[Binh], ("answer", "accept")), StringComparison.Ordinal);
        Assert.Contains("Bận", await _session.PostFormAsync(links[Dung], ("answer", "decline"), ("reason", "Bận")), StringComparison.Ordinal);

        _session.Step = "2. Remind now";
        // A reminder now to An only, posted twice with the same key: one request, one email.
        var first = await RemindAsync(courseId, "req-e2e-1", new { inviteeIds = new[] { ids[An] } });
        var again = await RemindAsync(courseId, "req-e2e-1", new { inviteeIds = new[] { ids[An] } });
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(("req-e2e-1", 1), (first.Body!["requestId"]!.GetValue<string>(), first.Body["count"]!.GetValue<int>()));
        Assert.Equal(first.Body.ToJsonString(), again.Body!.ToJsonString());
        var refused = await RemindAsync(courseId, null, new { inviteeIds = new[] { ids[An], ids[Binh] } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.Body!["errors"]!["inviteeIds[1]"]);
        await WaitForAsync(async () => (await _session.OutboxAsync("Nhắc trả lời")).Count >= 1 ? new object() : null);

        _session.Step = "3. Later";
        // The deadline moves later (t0+75 s, reminder t0+65 s) and the venue changes: one notice to each concerned.
        var later = await _session.PatchAsync(courseId, new { rsvpDeadline = t0.AddSeconds(75), venue = "Hội trường B, Tỉnh ủy" });
        Assert.Equal(HttpStatusCode.OK, later.Status);
        Assert.Equal("Hội trường B, Tỉnh ủy", later.Body!["venue"]!.GetValue<string>());
        await WaitForAsync(async () => (await _session.OutboxAsync("Thay đổi thời gian")).Count >= 3 ? new object() : null);

        // The old reminder (t0+30 s) and the old deadline (t0+40 s) pass with nothing sent, the RSVP still open.
        await DelayUntilAsync(t0.AddSeconds(44));
        Assert.Single(await _session.OutboxAsync("Nhắc trả lời"));
        Assert.Empty(await _session.OutboxAsync("Tổng hợp trả lời"));
        Assert.Equal("inviting", (await _session.CourseAsync(courseId))["phase"]!.GetValue<string>());

        _session.Step = "4. Earlier";
        // Then earlier than that: 20 s from now (reminder 10 s from now). A PATCH of the title is refused (started).
        var tB = DateTimeOffset.UtcNow;
        var newDeadline = tB.AddSeconds(20);
        Assert.Equal(HttpStatusCode.OK, (await _session.PatchAsync(courseId, new { rsvpDeadline = newDeadline })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _session.PatchAsync(courseId, new { title = "Khác" })).Status);
        var closed = await WaitForAsync(
            async () => await _session.CourseAsync(courseId) is var c && c["phase"]!.GetValue<string>() == "rsvpClosed" ? c : null,
            TimeSpan.FromSeconds(60));
        Assert.Equal(1, closed["counts"]!["accepted"]!.GetValue<int>());
        Assert.Equal(2, closed["counts"]!["noResponse"]!.GetValue<int>());

        _session.Step = "5. The outbox";
        await Task.Delay(TimeSpan.FromSeconds(2));
        var all = await _session.OutboxAsync(null);
        var summary = Assert.Single(all, m => Subject(m).StartsWith("Tổng hợp trả lời", StringComparison.Ordinal));
        Assert.InRange(SentAt(summary), newDeadline, t0.AddSeconds(74));

        var reminders = all.Where(m => Subject(m).StartsWith("Nhắc trả lời", StringComparison.Ordinal)).ToList();
        Assert.Equal([An, An, Cuong], reminders.Select(To).Order(StringComparer.Ordinal));
        var scheduled = reminders.Where(m => SentAt(m) > tB).ToList();
        Assert.Equal([An, Cuong], scheduled.Select(To).Order(StringComparer.Ordinal));
        Assert.All(scheduled, m => Assert.InRange(SentAt(m), newDeadline.AddSeconds(-10), newDeadline));

        // One notice per change to the accepted and the pending; none to the decliner.
        var notices = all.Where(m => Subject(m).StartsWith("Thay đổi thời gian", StringComparison.Ordinal)).ToList();
        Assert.Equal([An, An, Binh, Binh, Cuong, Cuong], notices.Select(To).Order(StringComparer.Ordinal));
        Assert.Contains("Hội trường Ban Dân vận Tỉnh ủy", notices.OrderBy(SentAt).First()["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, all.Count(m => Subject(m).StartsWith("Thư mời tham dự", StringComparison.Ordinal)));
        Assert.Equal([Binh], all.Where(m => Subject(m).StartsWith("Xác nhận đăng ký", StringComparison.Ordinal)).Select(To)); // calendar: the accept confirmation
        Assert.Equal(4 + 3 + 6 + 1 + 1, all.Count);

        // After the RSVP closed the deadline no longer moves, and a remind-now is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await _session.PatchAsync(courseId, new { rsvpDeadline = DateTimeOffset.UtcNow.AddMinutes(30) })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await RemindAsync(courseId, null, null)).Status);
    }

    private async Task CancelAsync()
    {
        var t0 = DateTimeOffset.UtcNow;
        _session.Step = "1. A draft";
        var draft = await CreateAsync(t0.AddMinutes(10), "PT30S");
        var cancelDraft = await _session.PostJsonAsync($"/api/courses/{draft}/cancel", new { reason = "Gộp vào lớp khác" });
        Assert.Equal(HttpStatusCode.Accepted, cancelDraft.Status);
        Assert.Equal("cancelled", (await _session.CourseAsync(draft))["phase"]!.GetValue<string>());

        _session.Step = "2. A started course";
        // Deadline t0+30 s with a reminder at t0+20 s: neither may come after the cancellation.
        var (courseId, links, _) = await StartedCourseAsync(t0.AddSeconds(30), "PT10S");
        await _session.PostFormAsync(links[An], ("answer", "accept"));
        await _session.PostFormAsync(links[Binh], ("answer", "decline"), ("reason", "Đi công tác"));
        // Calendar: An's accept confirmation goes before the cancellation (after it, none would: the cancellation tells him).
        await WaitForAsync(async () => await _session.OutboxAsync("Xác nhận đăng ký") is { Count: 1 } l ? l : null);

        _session.Step = "3. Cancel";
        var cancel = await _session.PostJsonAsync($"/api/courses/{courseId}/cancel", new { reason = "Trùng lịch Hội nghị Tỉnh ủy" });
        Assert.Equal(HttpStatusCode.Accepted, cancel.Status);
        Assert.Equal("cancelled", cancel.Body!["phase"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await _session.PostJsonAsync($"/api/courses/{courseId}/cancel", new { reason = "Lần nữa" })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _session.PatchAsync(courseId, new { venue = "X" })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await RemindAsync(courseId, null, null)).Status);

        var cancellations = await WaitForAsync(async () => await _session.OutboxAsync("Thông báo hủy") is { Count: >= 3 } l ? l : null);
        Assert.Equal([An, Cuong, Dung], cancellations.Select(To).Order(StringComparer.Ordinal));
        Assert.All(cancellations, m => Assert.Contains("Trùng lịch Hội nghị Tỉnh ủy", BodyText(m), StringComparison.Ordinal));

        _session.Step = "4. Pages";
        // Every link page says the course is cancelled (the pages' course cache lives 5 s) and refuses an answer.
        var page = await WaitForAsync(async () =>
        {
            var html = WebUtility.HtmlDecode(await _session.Person.GetStringAsync(new Uri(links[Cuong])));
            return html.Contains("đã bị hủy", StringComparison.Ordinal) ? html : null;
        });
        Assert.DoesNotContain("name=\"answer\"", page, StringComparison.Ordinal);
        using (var form = new FormUrlEncodedContent([new("answer", "accept")]))
        {
            var post = await _session.Person.PostAsync(new Uri(links[Cuong]), form);
            Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
            Assert.Contains("đã bị hủy", WebUtility.HtmlDecode(await post.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        _session.Step = "5. Nothing more";
        // The old reminder and deadline pass: no reminder, no summary, no second cancellation; answers unchanged.
        await DelayUntilAsync(t0.AddSeconds(34));
        var all = await _session.OutboxAsync(null);
        Assert.Equal(4 + 1 + 3, all.Count);
        Assert.Equal(3, all.Count(m => Subject(m).StartsWith("Thông báo hủy", StringComparison.Ordinal)));
        var counts = (await _session.CourseAsync(courseId))["counts"]!;
        Assert.Equal((1, 1, 2), (counts["accepted"]!.GetValue<int>(), counts["declined"]!.GetValue<int>(), counts["pending"]!.GetValue<int>()));
        Assert.Equal("cancelled", (await _session.CourseAsync(courseId))["phase"]!.GetValue<string>());
    }

    /// <summary>Creates a course (sessions two hours ahead), adds An, Bình, Cường and Dũng, starts it and waits for the four invitations.</summary>
    private async Task<(string CourseId, Dictionary<string, string> Links, Dictionary<string, string> Ids)> StartedCourseAsync(DateTimeOffset deadline, string reminder)
    {
        var courseId = await CreateAsync(deadline, reminder);
        var added = await _session.PostJsonAsync($"/api/courses/{courseId}/invitees", new object[]
        {
            new { name = "Nguyễn Văn An", email = An, unit = "Sở Nội vụ" },
            new { name = "Trần Thị Bình", email = Binh, unit = "Sở Tư pháp" },
            new { name = "Lê Văn Cường", email = Cuong, unit = "Sở Xây dựng" },
            new { name = "Phạm Thị Dũng", email = Dung, unit = "Sở Tài chính" },
        });
        Assert.Equal(4, added.Body!["added"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Accepted, (await _session.Organiser.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null)).StatusCode);
        var invitations = await WaitForAsync(async () => await _session.OutboxAsync("Thư mời tham dự") is { Count: 4 } l ? l : null);
        var links = invitations.ToDictionary(To, m => m["links"]![0]!.GetValue<string>());
        var invitees = (await _session.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!;
        var ids = invitees.ToDictionary(i => i!["email"]!.GetValue<string>(), i => i!["id"]!.GetValue<string>());
        return (courseId, links, ids);
    }

    private async Task<string> CreateAsync(DateTimeOffset deadline, string reminder)
    {
        var create = await _session.PostJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng nghiệp vụ công tác dân vận năm 2027",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = deadline.AddHours(2), end = deadline.AddHours(5) } },
            rsvpDeadline = deadline,
            organiserEmails = new[] { "bandanvan@tinh.example" },
            language = "vi",
            reminders = new { beforeRsvpDeadline = new[] { reminder } },
        });
        Assert.Equal(HttpStatusCode.Created, create.Status);
        return create.Body!["id"]!.GetValue<string>();
    }

    private Task<(HttpStatusCode Status, JsonObject? Body)> RemindAsync(string courseId, string? key, object? body) =>
        _session.PostJsonAsync($"/api/courses/{courseId}/remind", body, key);
}
