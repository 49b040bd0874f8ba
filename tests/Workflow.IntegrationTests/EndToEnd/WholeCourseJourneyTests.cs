using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;
using static Workflow.IntegrationTests.EndToEnd.CourseHostSession;

namespace Workflow.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 9's journey on the real local host and Azurite: one whole course in about two minutes (offsets in seconds), from
/// the invitation to <c>completed</c>: confirmations and the course reminder with the .ics, check-in by link and by the
/// organiser, absences, each unit's attendance report, the survey and the learning report with a file, reminders only to
/// those who had not answered, the summary, a certificate verified at its page, the roster as CSV and XLSX. The dev
/// outbox holds exactly the expected emails.
/// </summary>
[Collection(JourneyCollection.Name)]
public class WholeCourseJourneyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Organiser = "bandanvan@tinh.example";
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private CourseHostSession _session = null!;

    private string An => $"an.{_tag}@sonoivu.tinh.example";

    private string Binh => $"binh.{_tag}@sonoivu.tinh.example";

    private string Cuong => $"cuong.{_tag}@sotuphap.tinh.example";

    private string Dung => $"dung.{_tag}@sotuphap.tinh.example";

    private string NoiVu => $"Sở Nội vụ {_tag}";

    private string TuPhap => $"Sở Tư pháp {_tag}";

    private string NoiVuContact => $"vanphong.{_tag}@sonoivu.tinh.example";

    private string TuPhapContact => $"vanphong.{_tag}@sotuphap.tinh.example";

    public async Task InitializeAsync() => _session = await StartSessionAsync(azurite);

    /// <summary>The host(s) the journey runs on: one local host here; several in the multi-host variant.</summary>
    protected virtual Task<CourseHostSession> StartSessionAsync(AzuriteFixture fixture) => CourseHostSession.StartAsync(fixture);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public Task One_course_runs_from_invitation_to_completed_with_attendance_follow_up_certificate_and_roster() => _session.Logged("whole-course", JourneyAsync);

    private async Task JourneyAsync()
    {
        var s = _session;
        var t0 = DateTimeOffset.UtcNow;
        var deadline = t0.AddSeconds(30);
        var s1 = (Start: t0.AddSeconds(45), End: t0.AddSeconds(60));
        var s2 = (Start: t0.AddSeconds(65), End: t0.AddSeconds(80));

        s.Step = "1. Units, course, invitees, start";
        (await s.Organiser.PutAsJsonAsync("/api/units", new[]
        {
            new { name = NoiVu, kind = "department", contactEmails = new[] { NoiVuContact } },
            new { name = TuPhap, kind = "department", contactEmails = new[] { TuPhapContact } },
        })).EnsureSuccessStatusCode();
        var create = await s.PostJsonAsync("/api/courses", new
        {
            title = $"Bồi dưỡng nghiệp vụ công tác dân vận ({_tag})",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = s1.Start, end = s1.End }, new { start = s2.Start, end = s2.End } },
            rsvpDeadline = deadline,
            organiserEmails = new[] { Organiser },
            language = "vi",
            reminders = new { beforeRsvpDeadline = Array.Empty<string>(), beforeCourse = new[] { "PT10S" } },
            checkIn = new { opensBefore = "PT10S" },
            followUp = new { surveyDue = "PT30S", reportRequired = true, reportDue = "PT40S", remindersBeforeDue = new[] { "PT12S" } },
        });
        Assert.Equal(HttpStatusCode.Created, create.Status);
        var courseId = create.Body!["id"]!.GetValue<string>();
        var added = await s.PostJsonAsync($"/api/courses/{courseId}/invitees", new object[]
        {
            new { name = "Nguyễn Văn An", email = An, unit = NoiVu, position = "Chuyên viên" },
            new { name = "Trần Thị Bình", email = Binh, unit = NoiVu, position = "=SUM(A1)" },
            new { name = "Lê Văn Cường", email = Cuong, unit = TuPhap, position = "Phó Chánh Văn phòng" },
            new { name = "Phạm Thị Dũng", email = Dung, unit = TuPhap, position = "Chuyên viên" },
        });
        Assert.Equal(4, added.Body!["added"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Accepted, (await s.PostJsonAsync($"/api/courses/{courseId}/start", null)).Status);
        var links = (await WaitForAsync(async () => await MineAsync("Thư mời tham dự") is { Count: 4 } l ? l : null)).ToDictionary(To, Link, StringComparer.OrdinalIgnoreCase);

        s.Step = "2. Replies; confirmations with the .ics";
        foreach (var who in new[] { An, Binh, Cuong })
        {
            await s.PostFormAsync(links[who], ("answer", "accept"));
        }

        await s.PostFormAsync(links[Dung], ("answer", "decline"), ("reason", "Đi công tác huyện"));
        var confirmations = await WaitForAsync(async () => await MineAsync("Xác nhận đăng ký") is { Count: 3 } l ? l : null);
        Assert.All(confirmations, m => Assert.Equal("text/calendar", m["attachments"]![0]!["contentType"]!.GetValue<string>()));

        s.Step = "3. The course reminder with the .ics and the check-in link";
        var reminders = await WaitForAsync(async () => await MineAsync("Nhắc lịch học") is { Count: 3 } l ? l : null, TimeSpan.FromSeconds(60));
        Assert.Equal([An, Binh, Cuong], reminders.Select(To).Order(StringComparer.Ordinal));
        Assert.All(reminders, m => Assert.InRange(SentAt(m), s1.Start.AddSeconds(-10), s1.Start));
        Assert.All(reminders, m => Assert.Equal("text/calendar", m["attachments"]![0]!["contentType"]!.GetValue<string>()));
        var checkIn = reminders.ToDictionary(To, Link, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("rsvpClosed", (await s.CourseAsync(courseId))["phase"]!.GetValue<string>());

        s.Step = "4. Session 1: An checks in by link; the organiser marks Bình present and Cường excused";
        await DelayUntilAsync(s1.Start.AddSeconds(-8));
        Assert.Contains("Đã điểm danh buổi 1", await s.PostFormAsync(checkIn[An], ("answer", "checkin")), StringComparison.Ordinal);
        var marks = await s.PostJsonAsync($"/api/courses/{courseId}/attendance", new object[]
        {
            new { email = Binh, session = 1, status = "present" },
            new { email = Cuong, session = 1, status = "excused" },
        });
        Assert.Equal(HttpStatusCode.OK, marks.Status);

        s.Step = "5. Session 2: only An checks in";
        await DelayUntilAsync(s1.End.AddSeconds(1));
        Assert.Contains("Đã điểm danh buổi 2", await s.PostFormAsync(checkIn[An], ("answer", "checkin")), StringComparison.Ordinal);

        s.Step = "6. After the last session: absences, unit reports, follow-up requests";
        var afterCourse = await WaitForAsync(
            async () => await s.CourseAsync(courseId) is var c && c["phase"]!.GetValue<string>() == "followUp" ? c : null,
            TimeSpan.FromSeconds(90));
        var sessions = afterCourse["counts"]!["sessions"]!.AsArray();
        Assert.Equal((2, 0, 1), (Count(sessions[0]!, "present"), Count(sessions[0]!, "absent"), Count(sessions[0]!, "excused")));
        Assert.Equal((1, 2, 0), (Count(sessions[1]!, "present"), Count(sessions[1]!, "absent"), Count(sessions[1]!, "excused")));
        var invitees = await s.InviteesAsync(courseId);
        Assert.Equal(["present", "present"], Attendance(invitees[An]));
        Assert.Equal(["present", "absent"], Attendance(invitees[Binh]));
        Assert.Equal(["excused", "absent"], Attendance(invitees[Cuong]));
        Assert.Equal([null, null], Attendance(invitees[Dung]));

        var unitReports = await WaitForAsync(async () => await MineAsync("Kết quả tham dự của đơn vị") is { Count: 2 } l ? l : null);
        Assert.Equal([NoiVuContact, TuPhapContact], unitReports.Select(To).Order(StringComparer.Ordinal));
        var tuPhapReport = BodyText(unitReports.Single(m => To(m) == TuPhapContact));
        Assert.Contains("Lê Văn Cường", tuPhapReport, StringComparison.Ordinal);
        Assert.Contains("Phạm Thị Dũng", tuPhapReport, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn Văn An", tuPhapReport, StringComparison.Ordinal);

        var surveyLinks = (await WaitForAsync(async () => await MineAsync("Đề nghị đánh giá lớp học") is { Count: 2 } l ? l : null)).ToDictionary(To, Link, StringComparer.OrdinalIgnoreCase);
        var reportLinks = (await WaitForAsync(async () => await MineAsync("Đề nghị nộp bài thu hoạch") is { Count: 2 } l ? l : null)).ToDictionary(To, Link, StringComparer.OrdinalIgnoreCase);
        Assert.Equal([An, Binh], surveyLinks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([An, Binh], reportLinks.Keys.Order(StringComparer.Ordinal));

        s.Step = "7. Survey and learning report";
        await s.PostFormAsync(surveyLinks[An], ("answer", "survey"), ("contentRating", "5"), ("presenterRating", "4"), ("organisationRating", "5"), ("comments", "Nội dung thiết thực."));
        await s.PostFormAsync(surveyLinks[Binh], ("answer", "survey"), ("contentRating", "4"), ("presenterRating", "4"), ("organisationRating", "3"), ("comments", "Cần thêm thời gian thảo luận."));
        await PostReportAsync(reportLinks[An], "Bài thu hoạch: vận dụng công tác dân vận trong giải quyết điểm nóng ở cơ sở.", "bai-thu-hoach.pdf");
        var counts = (await s.CourseAsync(courseId))["counts"]!;
        Assert.Equal((2, 1), (Count(counts, "surveyed"), Count(counts, "reported")));

        s.Step = "8. The last due date: reminders, certificates, summary, completed";
        var completed = await WaitForAsync(
            async () => await s.CourseAsync(courseId) is var c && c["phase"]!.GetValue<string>() == "completed" ? c : null,
            TimeSpan.FromSeconds(90));
        Assert.Empty(await MineAsync("Nhắc đánh giá lớp học"));
        Assert.Equal([Binh], (await MineAsync("Nhắc nộp bài thu hoạch")).Select(To));
        var certificate = await WaitForAsync(async () => (await MineAsync("Giấy chứng nhận hoàn thành khóa học")).SingleOrDefault());
        Assert.Equal(An, To(certificate));
        Assert.Equal("application/pdf", certificate["attachments"]![0]!["contentType"]!.GetValue<string>());
        var summary = await WaitForAsync(async () => (await MineAsync("Tổng hợp sau lớp học")).SingleOrDefault());
        Assert.Equal(Organiser, To(summary));
        Assert.Contains("Cần thêm thời gian thảo luận.", BodyText(summary), StringComparison.Ordinal);

        invitees = await s.InviteesAsync(courseId);
        var number = invitees[An]["certificateNumber"]!.GetValue<string>();
        Assert.Matches(@"^BDNV-\d{4}-\d{6}$", number);
        Assert.All(new[] { Binh, Cuong, Dung }, e => Assert.Null(invitees[e]["certificateNumber"]?.GetValue<string>()));
        Assert.Equal((true, true), (invitees[An]["surveyed"]!.GetValue<bool>(), invitees[An]["reported"]!.GetValue<bool>()));

        s.Step = "9. The certificate at its page (anonymous)";
        var page = await s.GetPageAsync(new Uri(s.Organiser.BaseAddress!, $"/api/certificates/{number}").ToString());
        Assert.Contains("Nguyễn Văn An", page, StringComparison.Ordinal);
        Assert.Contains(number, page, StringComparison.Ordinal);
        Assert.DoesNotContain(An, page, StringComparison.Ordinal);

        s.Step = "10. Report and roster";
        var report = (await s.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}/report"))!;
        Assert.Contains("4.5", report.ToJsonString(), StringComparison.Ordinal); // content rating (5 + 4) / 2
        var csvBytes = await s.Organiser.GetByteArrayAsync(new Uri($"/api/courses/{courseId}/roster?format=csv", UriKind.Relative));
        Assert.Equal(Encoding.UTF8.GetPreamble(), csvBytes[..3]);
        var csv = Encoding.UTF8.GetString(csvBytes[3..]);
        Assert.Contains("Nguyễn Văn An", csv, StringComparison.Ordinal);
        Assert.Contains(number, csv, StringComparison.Ordinal);
        Assert.Contains("'=SUM(A1)", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=SUM", csv, StringComparison.Ordinal);
        var xlsx = await s.Organiser.GetByteArrayAsync(new Uri($"/api/courses/{courseId}/roster?format=xlsx", UriKind.Relative));
        using (var stream = new MemoryStream(xlsx))
        {
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>()
                .Select(r => r.Values.Select(v => v?.ToString() ?? string.Empty).ToArray()).ToList();
            Assert.Equal("Họ và tên", rows[0][0]);
            Assert.Equal(5, rows.Count);
            var binhRow = rows.Single(r => r.Contains("Trần Thị Bình"));
            Assert.Contains("'=SUM(A1)", binhRow);
            Assert.Contains(rows, r => r.Contains("Nguyễn Văn An") && r.Contains(number));
        }

        s.Step = "11. The outbox";
        await Task.Delay(TimeSpan.FromSeconds(2));
        var mine = await MineAsync(null);
        Assert.Single(mine, m => Subject(m).StartsWith("Tổng hợp trả lời thư mời", StringComparison.Ordinal));
        // Invitations 4, confirmations 3, course reminders 3, unit reports 2, survey and report requests 2 + 2,
        // one report reminder, one certificate, the RSVP summary and the follow-up summary.
        Assert.Equal(4 + 3 + 3 + 2 + 2 + 2 + 1 + 1 + 1 + 1, mine.Count);
        Assert.Equal(mine.Count, mine.Select(m => m["id"]!.GetValue<string>()).Distinct().Count());
    }

    private async Task PostReportAsync(string link, string text, string fileName)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("report"), "answer");
        form.Add(new StringContent(text), "report");
        var pdf = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"));
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(pdf, "file", fileName);
        var response = await _session.Person.PostAsync(new Uri(link), form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
    }

    /// <summary>This test's messages: its people's addresses and its course's title carry the tag.</summary>
    private async Task<List<JsonNode>> MineAsync(string? subjectPrefix) =>
        [.. (await _session.OutboxAsync(subjectPrefix)).Where(m => To(m).Contains(_tag, StringComparison.Ordinal) || Subject(m).Contains(_tag, StringComparison.Ordinal))];

    private static int Count(JsonNode counts, string name) => counts[name]!.GetValue<int>();

    private static List<string?> Attendance(JsonNode invitee) => [.. invitee["attendance"]!.AsArray().Select(a => a?.GetValue<string>())];
}
