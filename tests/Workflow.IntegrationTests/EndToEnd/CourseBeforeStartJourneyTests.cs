using System.Net;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;
using static Workflow.IntegrationTests.EndToEnd.CourseHostSession;

namespace Workflow.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 8's journey on the real local host and Azurite, offsets in seconds: a course of three seats fills up, the
/// fourth accept waits, a decline promotes her, a seat is handed to a colleague, a unit nominates an official, a reminder
/// goes now to one person, a reply comes by letter, the venue changes, and the RSVP deadline closes it; a second course is
/// cancelled. Counts, statuses, audit trails and the dev outbox are checked: exactly the expected emails, none twice.
/// </summary>
[Collection(JourneyCollection.Name)]
public class CourseBeforeStartJourneyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Organiser = "bandanvan@tinh.example";
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private CourseHostSession _session = null!;

    private string An => $"an.{_tag}@sonoivu.tinh.example";

    private string Binh => $"binh.{_tag}@sotuphap.tinh.example";

    private string Cuong => $"cuong.{_tag}@soxaydung.tinh.example";

    private string Dung => $"dung.{_tag}@sotaichinh.tinh.example";

    private string Em => $"em.{_tag}@sogiaoduc.tinh.example";

    private string Giang => $"giang.{_tag}@sonoivu.tinh.example";

    private string Ha => $"ha.{_tag}@soyte.tinh.example";

    private string UnitContact => $"vanphong.{_tag}@soyte.tinh.example";

    public async Task InitializeAsync() => _session = await StartSessionAsync(azurite);

    /// <summary>The host(s) the journey runs on: one local host here; several in the multi-host variant.</summary>
    protected virtual Task<CourseHostSession> StartSessionAsync(AzuriteFixture fixture) => CourseHostSession.StartAsync(fixture);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public Task A_course_of_three_seats_runs_through_waitlist_promotion_hand_over_nomination_reminder_letter_reschedule_and_a_second_course_is_cancelled() =>
        _session.Logged("journey", JourneyAsync);

    private async Task JourneyAsync()
    {
        var s = _session;
        var t0 = DateTimeOffset.UtcNow;
        var deadline = t0.AddSeconds(70);

        s.Step = "1. Create, invite a unit, start";
        var courseId = await CreateAsync($"Bồi dưỡng nghiệp vụ công tác dân vận năm 2027 ({_tag})", deadline, capacity: 3);
        var added = await s.PostJsonAsync($"/api/courses/{courseId}/invitees", new object[]
        {
            new { name = "Nguyễn Văn An", email = An, unit = "Sở Nội vụ" },
            new { name = "Trần Thị Bình", email = Binh, unit = "Sở Tư pháp" },
            new { name = "Lê Văn Cường", email = Cuong, unit = "Sở Xây dựng" },
            new { name = "Phạm Thị Dũng", email = Dung, unit = "Sở Tài chính" },
            new { name = "Hoàng Văn Em", email = Em, unit = "Sở Giáo dục" },
        });
        Assert.Equal(5, added.Body!["added"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await s.PostJsonAsync($"/api/courses/{courseId}/units", new[] { new { unit = "Sở Y tế", contactEmail = UnitContact, quota = 1 } })).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await s.PostJsonAsync($"/api/courses/{courseId}/start", null)).Status);
        var invitations = await WaitForAsync(async () => await MineAsync("Thư mời tham dự") is { Count: 5 } l ? l : null);
        var links = invitations.ToDictionary(To, Link, StringComparer.OrdinalIgnoreCase);
        var nominationLink = Link(await WaitForAsync(async () => (await MineAsync("Đề nghị cử cán bộ")).SingleOrDefault()));

        s.Step = "2. Three seats taken, the fourth waits";
        foreach (var who in new[] { An, Binh, Cuong })
        {
            Assert.Contains("Đã ghi nhận: đồng chí nhận lời tham dự.", await s.PostFormAsync(links[who], ("answer", "accept")), StringComparison.Ordinal);
        }

        // Each seat taken is confirmed by email with the .ics (the flow sends it; wait so a later change cannot race it).
        await WaitForAsync(async () => await MineAsync("Xác nhận đăng ký") is { Count: 3 } l ? l : null);
        Assert.Contains("danh sách chờ, vị trí 1", await s.PostFormAsync(links[Dung], ("answer", "accept")), StringComparison.Ordinal);
        var counts = (await s.CourseAsync(courseId))["counts"]!;
        Assert.Equal((3, 1, 1), (Count(counts, "accepted"), Count(counts, "waitlisted"), Count(counts, "pending")));
        Assert.Equal(1, (await s.InviteesAsync(courseId))[Dung]["waitlistPosition"]!.GetValue<int>());

        s.Step = "3. The unit nominates";
        Assert.Contains("Đã ghi nhận danh sách: 1/1 người.", await s.PostFormAsync(nominationLink, ("answer", "nominate"), ("name", "Vũ Thị Hà"), ("email", Ha), ("position", "Chuyên viên")), StringComparison.Ordinal);
        var haLink = Link(await WaitForAsync(async () => (await MineAsync("Thư mời tham dự")).SingleOrDefault(m => To(m) == Ha)));
        Assert.Contains("Vũ Thị Hà", await s.GetPageAsync(nominationLink), StringComparison.Ordinal);
        Assert.DoesNotContain("Đồng chí đã", await s.GetPageAsync(haLink), StringComparison.Ordinal);

        s.Step = "4. A decline promotes the first waiting";
        await s.PostFormAsync(links[Binh], ("answer", "decline"), ("reason", "Trùng lịch tiếp dân"));
        var promoted = await WaitForAsync(async () => (await MineAsync("Đã có chỗ cho đồng chí")).SingleOrDefault());
        Assert.Equal(Dung, To(promoted));
        Assert.Contains("Đồng chí đã đăng ký", await s.GetPageAsync(links[Dung]), StringComparison.Ordinal);

        s.Step = "5. An hands his seat to Giang";
        Assert.Contains(
            $"Đã ghi nhận: đồng chí cử đồng chí Đinh Văn Giang ({Giang}) tham dự thay.",
            await s.PostFormAsync(links[An], ("answer", "delegate"), ("delegateName", "Đinh Văn Giang"), ("delegateEmail", Giang), ("delegateUnit", "")),
            StringComparison.Ordinal);
        var giangLink = Link(await WaitForAsync(async () => (await MineAsync("Thư mời tham dự")).SingleOrDefault(m => To(m) == Giang)));
        await WaitForAsync(async () => (await MineAsync("Xác nhận đăng ký")).SingleOrDefault(m => To(m) == Giang));
        Assert.Contains("Đồng chí đã đăng ký", await s.GetPageAsync(giangLink), StringComparison.Ordinal);
        var refused = await s.TryPostFormAsync(links[An], ("answer", "accept"));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);

        s.Step = "6. A reminder now to Em only";
        var invitees = await s.InviteesAsync(courseId);
        var remind = await s.PostJsonAsync($"/api/courses/{courseId}/remind", new { inviteeIds = new[] { invitees[Em]["id"]!.GetValue<string>() } }, "journey-1");
        Assert.Equal(HttpStatusCode.Accepted, remind.Status);
        Assert.Equal(HttpStatusCode.Accepted, (await s.PostJsonAsync($"/api/courses/{courseId}/remind", new { inviteeIds = new[] { invitees[Em]["id"]!.GetValue<string>() } }, "journey-1")).Status);
        await WaitForAsync(async () => (await MineAsync("Nhắc trả lời")).SingleOrDefault());

        s.Step = "7. Em's answer came by letter";
        var letter = await s.PostJsonAsync($"/api/courses/{courseId}/replies", new { email = Em, answer = "decline", note = "Công văn số 12/SGD ngày 20/4" });
        Assert.Equal(HttpStatusCode.OK, letter.Status);
        Assert.Equal("declined", letter.Body!["status"]!.GetValue<string>());

        s.Step = "8. The venue changes";
        var patched = await s.PatchAsync(courseId, new { venue = "Hội trường B, Tỉnh ủy" });
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var notices = await WaitForAsync(async () => await MineAsync("Thay đổi thời gian") is { Count: >= 4 } l ? l : null);

        s.Step = "9. The RSVP deadline";
        var closed = await WaitForAsync(
            async () => await s.CourseAsync(courseId) is var c && c["phase"]!.GetValue<string>() == "rsvpClosed" ? c : null,
            TimeSpan.FromSeconds(120));
        await WaitForAsync(async () => (await MineAsync("Cán bộ được cử chưa trả lời")).SingleOrDefault());
        await WaitForAsync(async () => (await MineAsync("Tổng hợp trả lời")).SingleOrDefault());

        counts = closed["counts"]!;
        Assert.Equal(
            (7, 0, 3, 2, 1, 0, 1),
            (Count(counts, "invited"), Count(counts, "pending"), Count(counts, "accepted"), Count(counts, "declined"), Count(counts, "delegated"), Count(counts, "waitlisted"), Count(counts, "noResponse")));
        invitees = await s.InviteesAsync(courseId);
        Assert.Equal(
            ["delegated", "declined", "accepted", "accepted", "declined", "accepted", "noResponse"],
            new[] { An, Binh, Cuong, Dung, Em, Giang, Ha }.Select(e => invitees[e]["status"]!.GetValue<string>()));
        Assert.Equal(invitees[Giang]["id"]!.GetValue<string>(), invitees[An]["delegatedTo"]!.GetValue<string>());
        // Every line names its author: the organiser's (the script key's id and name) for his list and his letter, the
        // person's own name for his link, "system" for the flow; the unit's nominee was added through the unit's link.
        Assert.Equal(["added", "accepted", "delegated"], Audit(invitees[An]).Select(a => a["what"]!.GetValue<string>()));
        Assert.Equal(("organiser", "organiser-key", "added"), Line(Audit(invitees[An])[0]));
        Assert.Equal(("organiser-key", "organiser-key"), AuthorOf(Audit(invitees[An])[0]));
        Assert.Equal(("link", "Nguyễn Văn An", "accepted"), Line(Audit(invitees[An])[1]));
        Assert.Null(Audit(invitees[An])[1]["author"]);
        Assert.Equal(("link", "Nguyễn Văn An", "added"), One(Audit(invitees[Giang])));
        Assert.Equal(["added", "waitlisted", "promoted"], Audit(invitees[Dung]).Select(a => a["what"]!.GetValue<string>()));
        Assert.Equal(("system", "system", "promoted"), Line(Audit(invitees[Dung])[2]));
        Assert.DoesNotContain(Audit(invitees[Ha]), a => a["channel"]!.GetValue<string>() == "organiser");
        Assert.Equal(["added", "declined"], Audit(invitees[Em]).Select(a => a["what"]!.GetValue<string>()));
        Assert.Equal(("organiser", "organiser-key", "declined"), Line(Audit(invitees[Em])[1]));
        Assert.Equal(("organiser-key", "organiser-key"), AuthorOf(Audit(invitees[Em])[1]));
        Assert.Equal("Công văn số 12/SGD ngày 20/4", Audit(invitees[Em])[1]["note"]!.GetValue<string>());

        // The course's history: each change of the organiser once (the reminder retried with its key is one line), in order.
        var history = (await s.CourseAsync(courseId))["history"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal(
            ["created", "inviteesAdded", "nominationsAsked", "started", "remindersSent", "edited"],
            history.Select(e => e["what"]!.GetValue<string>()));
        Assert.All(history, e => Assert.Equal(("organiser-key", "organiser-key"), AuthorOf(e, "by")));
        Assert.Equal(["5", "1", "1", "venue"], history.Where(e => e["detail"] is not null).Select(e => e["detail"]!.GetValue<string>()));
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First["at"]!.GetValue<DateTimeOffset>() <= p.Second["at"]!.GetValue<DateTimeOffset>()));

        s.Step = "10. The outbox of the first course";
        await Task.Delay(TimeSpan.FromSeconds(2));
        var mine = await MineAsync(null);
        Assert.Equal([An, Binh, Cuong, Dung, Em, Giang, Ha], (await MineAsync("Thư mời tham dự")).Select(To).Order(StringComparer.Ordinal));
        Assert.Equal([Em], (await MineAsync("Nhắc trả lời")).Select(To));
        Assert.Equal([Dung], (await MineAsync("Đã có chỗ cho đồng chí")).Select(To));
        Assert.Equal([UnitContact], (await MineAsync("Đề nghị cử cán bộ")).Select(To));
        Assert.Equal([UnitContact], (await MineAsync("Cán bộ được cử chưa trả lời")).Select(To));
        Assert.Equal([Organiser], (await MineAsync("Tổng hợp trả lời")).Select(To));
        Assert.Equal([An, Binh, Cuong, Giang], (await MineAsync("Xác nhận đăng ký")).Select(To).Order(StringComparer.Ordinal));

        // The venue notice goes once to each person still concerned then: the accepted and the pending.
        Assert.Equal([Cuong, Dung, Giang, Ha], (await MineAsync("Thay đổi thời gian")).Select(To).Order(StringComparer.Ordinal));
        Assert.All(notices, n => Assert.Contains("Hội trường B, Tỉnh ủy", BodyText(n), StringComparison.Ordinal));
        Assert.Equal(7 + 1 + 1 + 1 + 1 + 1 + 4 + 4, mine.Count);

        s.Step = "11. A second course is cancelled";
        await CancelSecondCourseAsync();
    }

    private async Task CancelSecondCourseAsync()
    {
        var s = _session;
        var lan = $"lan.{_tag}@sonoivu.tinh.example";
        var minh = $"minh.{_tag}@sonoivu.tinh.example";
        var courseId = await CreateAsync($"Tập huấn kỹ năng tiếp công dân ({_tag})", DateTimeOffset.UtcNow.AddMinutes(10), capacity: 1);
        await s.PostJsonAsync($"/api/courses/{courseId}/invitees", new object[] { new { name = "Đỗ Thị Lan", email = lan }, new { name = "Đỗ Văn Minh", email = minh } });
        Assert.Equal(HttpStatusCode.Accepted, (await s.PostJsonAsync($"/api/courses/{courseId}/start", null)).Status);
        var links = (await WaitForAsync(async () => await MineAsync("Thư mời tham dự: Tập huấn") is { Count: 2 } l ? l : null)).ToDictionary(To, Link, StringComparer.OrdinalIgnoreCase);
        await s.PostFormAsync(links[lan], ("answer", "accept"));
        await WaitForAsync(async () => (await MineAsync("Xác nhận đăng ký")).SingleOrDefault(m => To(m) == lan));
        Assert.Contains("danh sách chờ", await s.PostFormAsync(links[minh], ("answer", "accept")), StringComparison.Ordinal);

        var cancel = await s.PostJsonAsync($"/api/courses/{courseId}/cancel", new { reason = "Trùng lịch Hội nghị Tỉnh ủy" });
        Assert.Equal(HttpStatusCode.Accepted, cancel.Status);
        var last = (await s.CourseAsync(courseId))["history"]!.AsArray()[^1]!;
        Assert.Equal(("cancelled", "Trùng lịch Hội nghị Tỉnh ủy"), (last["what"]!.GetValue<string>(), last["detail"]!.GetValue<string>()));
        Assert.Equal(("organiser-key", "organiser-key"), AuthorOf(last, "by"));
        var cancellations = await WaitForAsync(async () => await MineAsync("Thông báo hủy") is { Count: 2 } l ? l : null);
        Assert.Equal([lan, minh], cancellations.Select(To).Order(StringComparer.Ordinal));
        Assert.All(cancellations, m => Assert.Contains("Trùng lịch Hội nghị Tỉnh ủy", BodyText(m), StringComparison.Ordinal));
        var page = await WaitForAsync(async () => await s.GetPageAsync(links[minh]) is var html && html.Contains("đã bị hủy", StringComparison.Ordinal) ? html : null);
        Assert.DoesNotContain("name=\"answer\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await s.TryPostFormAsync(links[lan], ("answer", "decline"), ("reason", "x"))).Status);
        Assert.Equal("cancelled", (await s.CourseAsync(courseId))["phase"]!.GetValue<string>());
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await MineAsync("Thông báo hủy")).Count);
        Assert.Equal(2 + 1 + 2, (await MineAsync(null)).Count(m => Subject(m).EndsWith($"Tập huấn kỹ năng tiếp công dân ({_tag})", StringComparison.Ordinal)));
    }

    private async Task<string> CreateAsync(string title, DateTimeOffset deadline, int capacity)
    {
        var create = await _session.PostJsonAsync("/api/courses", new
        {
            title,
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = deadline.AddHours(2), end = deadline.AddHours(5) } },
            rsvpDeadline = deadline,
            capacity,
            organiserEmails = new[] { Organiser },
            language = "vi",
            reminders = new { beforeRsvpDeadline = Array.Empty<string>() },
        });
        Assert.Equal(HttpStatusCode.Created, create.Status);
        return create.Body!["id"]!.GetValue<string>();
    }

    /// <summary>This test's messages: its people's addresses and its courses' titles carry the tag.</summary>
    private async Task<List<JsonNode>> MineAsync(string? subjectPrefix) =>
        [.. (await _session.OutboxAsync(subjectPrefix)).Where(m => To(m).Contains(_tag, StringComparison.Ordinal) || Subject(m).Contains(_tag, StringComparison.Ordinal))];

    private static int Count(JsonNode counts, string name) => counts[name]!.GetValue<int>();

    private static List<JsonNode> Audit(JsonNode invitee) => [.. invitee["audit"]!.AsArray().Select(a => a!)];

    private static (string, string, string) One(List<JsonNode> audit) => Line(Assert.Single(audit));

    private static (string, string, string) Line(JsonNode entry) =>
        (entry["channel"]!.GetValue<string>(), entry["by"]!.GetValue<string>(), entry["what"]!.GetValue<string>());

    private static (string, string) AuthorOf(JsonNode entry, string field = "author") =>
        (entry[field]!["id"]!.GetValue<string>(), entry[field]!["name"]!.GetValue<string>());
}
