using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.FollowUp;
using Workflow.Courses.Links;
using Workflow.Courses.Storage;
using Workflow.Durable;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses.FollowUp;

/// <summary>
/// The follow-up on Azurite with the real repository, blob store, templates, pages and dev outbox (time is a fake clock):
/// requests to those present, the pages' POSTs with corrections until the due date and a refusal after it, the report's file
/// stored and replaced in Blob Storage, reminders only to those who have not submitted, the summary once, the course completed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FollowUpTests : DevOutboxCourseTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset LastEnd = new(2027, 5, 14, 17, 0, 0, Vn);

    private readonly FollowUpSteps _steps;
    private readonly PersonalLinkRouter _page;
    private readonly ReportFileStore _files;

    public FollowUpTests(AzuriteFixture azurite)
        : base(azurite, new FakeTimeProvider(new DateTimeOffset(2027, 4, 21, 2, 0, 0, TimeSpan.Zero)))
    {
        _steps = Get<FollowUpSteps>();
        _page = Get<PersonalLinkRouter>();
        _files = Get<ReportFileStore>();
    }

    private sealed record People(string An, string Binh, string Chi);

    /// <summary>A started course of two sessions (the last ends at <see cref="LastEnd"/>): An present at both, Bình at the
    /// second only, Chi absent from both; a learning report is required.</summary>
    private async Task<(Course Course, People People)> CourseAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var people = new People($"an.{tag}@sonoivu.example.vn", $"binh.{tag}@xaquangphu.example.vn", $"chi.{tag}@sonoivu.example.vn");
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft);
        course = course with
        {
            Definition = course.Definition with
            {
                Sessions = [new CourseSession(LastEnd.AddDays(-1).AddHours(-3), LastEnd.AddDays(-1)), new CourseSession(LastEnd.AddHours(-3), LastEnd)],
                OrganiserEmails = [$"bandanvan.{tag}@example.vn", $"vanphong.{tag}@example.vn"],
                FollowUp = new FollowUpPolicy { ReportRequired = true },
            },
        };
        await Courses.CreateAsync(course, CancellationToken.None);
        await Invitees.AddInviteesAsync(
            course.Id,
            [CourseStoreTests.Valid(2, people.An, "Sở Nội vụ"), CourseStoreTests.Valid(3, people.Binh, "Đảng ủy xã Quảng Phú"), CourseStoreTests.Valid(4, people.Chi, "Sở Nội vụ")],
            CancellationToken.None);
        Assert.True(await Courses.TryStartAsync(course.Id, Time.GetUtcNow(), Author.System, CancellationToken.None));
        await MarkAsync(course, people.An, AttendanceStatus.Present, AttendanceStatus.Present);
        await MarkAsync(course, people.Binh, AttendanceStatus.Absent, AttendanceStatus.Present);
        await MarkAsync(course, people.Chi, AttendanceStatus.Absent, AttendanceStatus.Excused);
        return ((await Courses.GetAsync(course.Id, CancellationToken.None))!, people);
    }

    private Task<Invitee?> MarkAsync(Course course, string email, params AttendanceStatus[] marks) =>
        Invitees.UpdateInviteeAsync(course.Id, IdOf(course, email), InviteeColumns.Attendance, i => i with
        {
            Attendance = [.. marks.Select((m, n) => new AttendanceMark(CourseSessions.PositionalId(n), m, LastEnd, "organiser", "organiser"))],
        }, CancellationToken.None);

    private static string IdOf(Course course, string email) => Invitee.IdFor(course.Id, CourseValidation.NormalizeEmail(email));

    private async Task<List<DevOutboxItem>> MailAsync(string email, string subjectStart) =>
        [.. (await Outbox.ListAsync(email)).Where(i => i.Subject.StartsWith(subjectStart, StringComparison.Ordinal))];

    private async Task<string> TokenAsync(string email, string subjectStart) =>
        Assert.Single(Assert.Single(await MailAsync(email, subjectStart)).Links).Split("/api/r/")[1];

    private async Task<(int Status, string Html)> SendAsync(string token, string method, HttpContent? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Response.Body = new MemoryStream();
        if (body is not null)
        {
            var bytes = await body.ReadAsByteArrayAsync();
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentType = body.Headers.ContentType!.ToString();
            context.Request.ContentLength = bytes.Length;
        }

        var result = await WorkflowClientScope.RunAsync(new NoFlows(), () => _page.HandleAsync(context.Request, token, CancellationToken.None));
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    private static FormUrlEncodedContent Survey(string content, string presenter, string organisation, string comments) => new(new Dictionary<string, string>
    {
        ["answer"] = "survey",
        ["contentRating"] = content,
        ["presenterRating"] = presenter,
        ["organisationRating"] = organisation,
        ["comments"] = comments,
    });

    private static MultipartFormDataContent Report(string text, byte[]? file = null, string name = "bai-thu-hoach.pdf")
    {
        var form = new MultipartFormDataContent { { new StringContent("report"), "answer" }, { new StringContent(text, Encoding.UTF8), "report" } };
        var part = new ByteArrayContent(file ?? []);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", file is null ? "\"\"" : name);
        return form;
    }

    private static byte[] Pdf(string marker) => Encoding.ASCII.GetBytes("%PDF-1.7\n% " + marker + "\n" + new string('x', 40_000));

    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private async Task<List<string>> BlobsAsync(Course course)
    {
        var container = Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(ReportFileStore.Container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, course.Id + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<Invitee> InviteeAsync(Course course, string email) => (await Invitees.GetInviteeAsync(course.Id, IdOf(course, email), CancellationToken.None))!;

    [Fact]
    public async Task At_the_last_sessions_end_those_present_get_the_survey_and_report_links_once_and_the_phase_is_follow_up()
    {
        var (course, people) = await CourseAsync();
        Time.SetUtcNow(LastEnd.AddSeconds(-1));
        Assert.Equal(0, await _steps.StartAsync(course.Id, CancellationToken.None)); // not before the end

        Time.SetUtcNow(LastEnd.AddSeconds(1));
        Assert.Equal(4, await _steps.StartAsync(course.Id, CancellationToken.None));
        Assert.Equal(0, await _steps.StartAsync(course.Id, CancellationToken.None));

        var tokens = Services.GetRequiredService<LinkTokens>();
        foreach (var email in new[] { people.An, people.Binh })
        {
            Assert.Equal(LinkCheck.Valid, tokens.Verify(await TokenAsync(email, "Đề nghị đánh giá lớp học: "), LinkPurpose.Survey, out var claims));
            Assert.Equal(IdOf(course, email), claims!.InviteeId);
            Assert.Equal(LinkCheck.Valid, tokens.Verify(await TokenAsync(email, "Đề nghị nộp bài thu hoạch: "), LinkPurpose.Report, out _));
        }

        Assert.Empty(await Outbox.ListAsync(people.Chi));
        var stored = await Courses.GetAsync(course.Id, CancellationToken.None);
        Assert.Equal(CoursePhase.FollowUp, stored!.Phase);
        Assert.True(stored.Progress.IsDone(FollowUpSchedule.StartKey));
        Assert.DoesNotContain(CourseSchedule.For(stored), m => m.Kind == MilestoneKind.FollowUpStart);
    }

    [Fact]
    public async Task The_survey_page_records_a_post_takes_corrections_until_the_due_date_and_refuses_politely_after()
    {
        var (course, people) = await CourseAsync();
        Time.SetUtcNow(LastEnd.AddMinutes(1));
        await _steps.StartAsync(course.Id, CancellationToken.None);
        var token = await TokenAsync(people.An, "Đề nghị đánh giá lớp học: ");

        var (getStatus, page) = await SendAsync(token, "GET");
        Assert.Equal(200, getStatus);
        Assert.Contains("name=\"contentRating\"", page, StringComparison.Ordinal);
        Assert.Null((await InviteeAsync(course, people.An)).Survey); // GET changes nothing

        var (status, html) = await SendAsync(token, "POST", Survey("5", "4", "3", "Nội dung thiết thực,\r\ncần thêm tài liệu <b>in</b>."));
        Assert.Equal(200, status);
        Assert.Contains("Đã ghi nhận đánh giá của đồng chí.", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;in&lt;/b&gt;", html, StringComparison.Ordinal);
        var survey = (await InviteeAsync(course, people.An)).Survey!;
        Assert.Equal((5, 4, 3, "Nội dung thiết thực,\ncần thêm tài liệu <b>in</b>."), (survey.Content, survey.Presenter, survey.Organisation, survey.Comments));

        Assert.Contains("không có thay đổi", (await SendAsync(token, "POST", Survey("5", "4", "3", "Nội dung thiết thực,\ncần thêm tài liệu <b>in</b>."))).Html, StringComparison.Ordinal);
        var (badStatus, _) = await SendAsync(token, "POST", Survey("6", "4", "3", ""));
        Assert.Equal(400, badStatus);

        var due = FollowUpPlan.For(course).SurveyDue;
        Time.SetUtcNow(due.AddSeconds(-1));
        Assert.Contains("Đã ghi nhận đánh giá đã sửa", (await SendAsync(token, "POST", Survey("4", "4", "4", ""))).Html, StringComparison.Ordinal);
        Assert.Equal((4, 4, 4, (string?)null), ((await InviteeAsync(course, people.An)).Survey!.Content, 4, 4, (await InviteeAsync(course, people.An)).Survey!.Comments));

        Time.SetUtcNow(due);
        var (lateStatus, late) = await SendAsync(token, "POST", Survey("1", "1", "1", "muộn"));
        Assert.Equal(409, lateStatus);
        Assert.Contains("Đã hết hạn", late, StringComparison.Ordinal);
        Assert.Equal(4, (await InviteeAsync(course, people.An)).Survey!.Content);
        var (_, readOnly) = await SendAsync(token, "GET");
        Assert.DoesNotContain("<form", readOnly, StringComparison.Ordinal);
        Assert.Contains("4/5", readOnly, StringComparison.Ordinal);

        var counts = await Invitees.CountAsync(course.Id, CancellationToken.None);
        Assert.Equal((1, 0), (counts.Surveyed, counts.Reported));
    }

    [Fact]
    public async Task The_report_page_stores_the_file_in_blob_storage_replaces_it_on_correction_and_refuses_bad_files_and_late_posts()
    {
        var (course, people) = await CourseAsync();
        Time.SetUtcNow(LastEnd.AddMinutes(1));
        await _steps.StartAsync(course.Id, CancellationToken.None);
        var token = await TokenAsync(people.Binh, "Đề nghị nộp bài thu hoạch: ");

        var first = Pdf("first");
        var (status, html) = await SendAsync(token, "POST", Report("Bài thu hoạch của tôi", first));
        Assert.Equal(200, status);
        Assert.Contains("Đã nhận bài thu hoạch của đồng chí.", html, StringComparison.Ordinal);
        var report = (await InviteeAsync(course, people.Binh)).Report!;
        Assert.Equal("Bài thu hoạch của tôi", report.Text);
        Assert.Equal(("bai-thu-hoach.pdf", "application/pdf", (long)first.Length), (report.File!.Name, report.File.ContentType, report.File.Length));
        Assert.Equal(first, await _files.ReadAsync(report.File.Blob, CancellationToken.None));
        Assert.DoesNotContain(IdOf(course, people.Binh), report.File.Blob, StringComparison.Ordinal); // not guessable from the person
        Assert.DoesNotContain("binh", report.File.Blob, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([report.File.Blob], await BlobsAsync(course));

        // A correction with a new file replaces the old one; a text-only correction keeps the file.
        Assert.Contains("đã sửa", (await SendAsync(token, "POST", Report("Bài đã sửa", Png, "anh-chup.png"))).Html, StringComparison.Ordinal);
        var corrected = (await InviteeAsync(course, people.Binh)).Report!;
        Assert.Equal(("anh-chup.png", "image/png"), (corrected.File!.Name, corrected.File.ContentType));
        Assert.Null(await _files.ReadAsync(report.File.Blob, CancellationToken.None));
        Assert.Equal(Png, await _files.ReadAsync(corrected.File.Blob, CancellationToken.None));
        Assert.Equal(200, (await SendAsync(token, "POST", Report("Bài đã sửa lần hai"))).Status);
        Assert.Equal(corrected.File, (await InviteeAsync(course, people.Binh)).Report!.File);

        // Refused, with nothing stored: a file whose bytes are not what its name says, a file over 5 MB.
        var (fakeStatus, fake) = await SendAsync(token, "POST", Report("Bài", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "bai.pdf"));
        Assert.Equal(400, fakeStatus);
        Assert.Contains("phải là PDF, DOCX hoặc ảnh", fake, StringComparison.Ordinal);
        var big = new byte[ReportFileRules.MaxBytes + 1];
        "%PDF-"u8.CopyTo(big);
        Assert.Equal(413, (await SendAsync(token, "POST", Report("Bài", big))).Status);
        Assert.Equal([corrected.File.Blob], await BlobsAsync(course));
        Assert.Equal("Bài đã sửa lần hai", (await InviteeAsync(course, people.Binh)).Report!.Text);

        // After the due date: refused politely, nothing changed; the absent person is not asked at all.
        Time.SetUtcNow(FollowUpPlan.For(course).ReportDue!.Value);
        var (lateStatus, late) = await SendAsync(token, "POST", Report("Muộn", Pdf("late")));
        Assert.Equal(409, lateStatus);
        Assert.Contains("Đã hết hạn", late, StringComparison.Ordinal);
        Assert.Equal([corrected.File.Blob], await BlobsAsync(course));

        var counts = await Invitees.CountAsync(course.Id, CancellationToken.None);
        Assert.Equal((0, 1), (counts.Surveyed, counts.Reported));
    }

    [Fact]
    public async Task A_person_not_present_cannot_answer_even_with_a_valid_link()
    {
        var (course, people) = await CourseAsync();
        Time.SetUtcNow(LastEnd.AddMinutes(1));
        var emails = Services.GetRequiredService<FollowUpEmails>();
        var chi = await InviteeAsync(course, people.Chi);
        var token = emails.Link(course, chi, FollowUpKind.Survey).Split("/api/r/")[1];

        var (status, html) = await SendAsync(token, "POST", Survey("5", "5", "5", ""));
        Assert.Equal(409, status);
        Assert.Contains("dành cho đại biểu có mặt", html, StringComparison.Ordinal);
        Assert.Null((await InviteeAsync(course, people.Chi)).Survey);
    }

    [Fact]
    public async Task Reminders_go_only_to_those_present_who_have_not_submitted_once_per_reminder_time_and_not_after_the_due_date()
    {
        var (course, people) = await CourseAsync();
        Time.SetUtcNow(LastEnd.AddMinutes(1));
        await _steps.StartAsync(course.Id, CancellationToken.None);
        await SendAsync(await TokenAsync(people.An, "Đề nghị đánh giá lớp học: "), "POST", Survey("5", "5", "5", ""));

        var plan = FollowUpPlan.For(course);
        var surveyReminder = Assert.Single(plan.RemindersOf(FollowUpKind.Survey));
        Time.SetUtcNow(surveyReminder);
        var request = new FollowUpReminderRequest(course.Id, FollowUpKind.Survey, surveyReminder);
        Assert.Equal(1, await _steps.RemindAsync(request, CancellationToken.None));
        Assert.Equal(0, await _steps.RemindAsync(request, CancellationToken.None));
        Assert.Empty(await MailAsync(people.An, "Nhắc đánh giá lớp học: "));
        Assert.Empty(await Outbox.ListAsync(people.Chi));
        var reminder = Assert.Single(await MailAsync(people.Binh, "Nhắc đánh giá lớp học: "));
        Assert.Equal(DevOutboxTable.IdFor($"followup-reminder:{course.Id}:{IdOf(course, people.Binh)}:survey:{surveyReminder.UtcTicks}"), reminder.Id);
        Assert.Equal(LinkCheck.Valid, Services.GetRequiredService<LinkTokens>().Verify(Assert.Single(reminder.Links).Split("/api/r/")[1], LinkPurpose.Survey, out _));

        // The report reminder: nobody has sent one, both present are reminded; after the due date nobody.
        var reportReminder = Assert.Single(plan.RemindersOf(FollowUpKind.Report));
        Time.SetUtcNow(reportReminder);
        Assert.Equal(2, await _steps.RemindAsync(new FollowUpReminderRequest(course.Id, FollowUpKind.Report, reportReminder), CancellationToken.None));
        Time.SetUtcNow(plan.ReportDue!.Value);
        Assert.Equal(0, await _steps.RemindAsync(new FollowUpReminderRequest(course.Id, FollowUpKind.Report, plan.ReportDue.Value.AddSeconds(-1)), CancellationToken.None));
    }

    [Fact]
    public async Task At_the_last_due_date_the_organisers_get_the_summary_once_and_the_course_is_completed()
    {
        var (course, people) = await CourseAsync();
        Time.SetUtcNow(LastEnd.AddMinutes(1));
        await _steps.StartAsync(course.Id, CancellationToken.None);
        await SendAsync(await TokenAsync(people.An, "Đề nghị đánh giá lớp học: "), "POST", Survey("5", "4", "3", "Rất bổ ích"));
        await SendAsync(await TokenAsync(people.Binh, "Đề nghị đánh giá lớp học: "), "POST", Survey("4", "4", "4", ""));
        await SendAsync(await TokenAsync(people.An, "Đề nghị nộp bài thu hoạch: "), "POST", Report("Bài thu hoạch", Pdf("an")));

        var close = FollowUpPlan.For(course).Close;
        Time.SetUtcNow(close.AddSeconds(-1));
        Assert.Equal(0, await _steps.CloseAsync(course.Id, CancellationToken.None));
        Time.SetUtcNow(close);
        Assert.Equal(2, await _steps.CloseAsync(course.Id, CancellationToken.None));
        Assert.Equal(0, await _steps.CloseAsync(course.Id, CancellationToken.None));

        foreach (var organiser in course.Definition.OrganiserEmails)
        {
            var summary = Assert.Single(await MailAsync(organiser, "Tổng hợp sau lớp học: "));
            Assert.Contains("Buổi 1 (", summary.Text, StringComparison.Ordinal);
            Assert.Contains("Có mặt 1, Vắng 2, Vắng có phép 0", summary.Text, StringComparison.Ordinal); // session 1
            Assert.Contains("Có mặt 2, Vắng 0, Vắng có phép 1", summary.Text, StringComparison.Ordinal); // session 2
            Assert.Contains("Nội dung: 4,5", summary.Text, StringComparison.Ordinal);
            Assert.Contains("Báo cáo viên: 4,0", summary.Text, StringComparison.Ordinal);
            Assert.Contains("Công tác tổ chức: 3,5", summary.Text, StringComparison.Ordinal);
            Assert.Contains("- Rất bổ ích", summary.Text, StringComparison.Ordinal);
            Assert.Contains("- Sở Nội vụ: Có mặt 1, Đã đánh giá 1, Đã nộp bài thu hoạch 1", summary.Text, StringComparison.Ordinal);
            Assert.Contains("- Đảng ủy xã Quảng Phú: Có mặt 1, Đã đánh giá 1, Đã nộp bài thu hoạch 0; Chưa nộp: Người 3", summary.Text, StringComparison.Ordinal);
            Assert.Contains("Đã nộp bài thu hoạch: 1/2", summary.Text, StringComparison.Ordinal);
        }

        var stored = await Courses.GetAsync(course.Id, CancellationToken.None);
        Assert.Equal(CoursePhase.Completed, stored!.Phase);
        // No follow-up milestone is left (the certificates milestone, due at the same instant and run before the close in
        // a real flow, has its own tests).
        Assert.DoesNotContain(CourseSchedule.For(stored), m => m.Kind is MilestoneKind.FollowUpStart or MilestoneKind.FollowUpReminder or MilestoneKind.FollowUpClose);
    }

    private sealed class NoFlows : IWorkflowClient
    {
        public Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default) => throw new InvalidOperationException("Pages of the follow-up start no flow.");

        public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default) => throw new InvalidOperationException("Pages of the follow-up raise no event.");

        public Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default) => throw new InvalidOperationException();

        public Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    }
}
