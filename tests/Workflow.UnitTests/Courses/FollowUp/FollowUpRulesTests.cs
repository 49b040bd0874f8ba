using System.IO.Compression;
using Workflow.Courses;
using Workflow.Courses.FollowUp;

namespace Workflow.UnitTests.Courses.FollowUp;

/// <summary>The follow-up rules: due dates from the last session's end, who is asked, what a survey and a report may hold,
/// corrections until the due date and a polite refusal after it, and what a report's file may be (by its bytes).</summary>
public sealed class FollowUpRulesTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset LastEnd = new(2027, 5, 14, 17, 0, 0, Vn);

    internal static Course Course(FollowUpPolicy? policy = null, CoursePhase phase = CoursePhase.FollowUp) => new(
        "c0ffee0000000009",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions =
            [
                new CourseSession(LastEnd.AddHours(-3), LastEnd), // given first, but the last to end
                new CourseSession(LastEnd.AddDays(-1).AddHours(-3), LastEnd.AddDays(-1)),
            ],
            RsvpDeadline = LastEnd.AddDays(-5),
            OrganiserEmails = ["bandanvan@example.vn"],
            FollowUp = policy,
        },
        phase,
        LastEnd.AddDays(-30),
        LastEnd.AddDays(-29));

    internal static Invitee Person(params AttendanceStatus[] marks) => new(
        "c0ffee0000000009", "a1b2c3d4e5f6a7b8c9d0", "Nguyễn Văn An", "an@example.vn", "Sở Nội vụ", null,
        InviteeStatus.Accepted, LastEnd.AddDays(-10), false, null, EmailStatus.Sent, LastEnd.AddDays(-20), null)
    {
        Attendance = [.. marks.Select((m, n) => new AttendanceMark(CourseSessions.PositionalId(n), m, LastEnd.AddDays(-1), "organiser", "organiser"))],
    };

    private static readonly FollowUpPolicy WithReport = new() { ReportRequired = true };

    [Fact]
    public void Defaults_count_seven_and_fourteen_days_and_one_reminder_two_days_before_from_the_last_sessions_end()
    {
        var plan = FollowUpPlan.For(Course());
        Assert.Equal(LastEnd, plan.Start);
        Assert.Equal(LastEnd.AddDays(7), plan.SurveyDue);
        Assert.Null(plan.ReportDue);
        Assert.Equal(LastEnd.AddDays(7), plan.Close);
        Assert.Equal([LastEnd.AddDays(5)], plan.RemindersOf(FollowUpKind.Survey));
        Assert.Empty(plan.RemindersOf(FollowUpKind.Report));

        var withReport = FollowUpPlan.For(Course(WithReport));
        Assert.Equal(LastEnd.AddDays(14), withReport.ReportDue);
        Assert.Equal(LastEnd.AddDays(14), withReport.Close);
        Assert.Equal([LastEnd.AddDays(12)], withReport.RemindersOf(FollowUpKind.Report));
    }

    [Fact]
    public void Given_durations_are_used_and_reminders_before_the_start_are_dropped()
    {
        var plan = FollowUpPlan.For(Course(new FollowUpPolicy { SurveyDue = "PT30S", ReportRequired = true, ReportDue = "PT20S", RemindersBeforeDue = ["PT10S", "PT40S", "PT10S"] }));
        Assert.Equal(LastEnd.AddSeconds(30), plan.SurveyDue);
        Assert.Equal(LastEnd.AddSeconds(20), plan.ReportDue);
        Assert.Equal(LastEnd.AddSeconds(30), plan.Close); // the later of the two
        Assert.Equal([LastEnd.AddSeconds(20)], plan.RemindersOf(FollowUpKind.Survey));
        Assert.Equal([LastEnd.AddSeconds(10)], plan.RemindersOf(FollowUpKind.Report));
        Assert.Empty(FollowUpPlan.For(Course(new FollowUpPolicy { RemindersBeforeDue = [] })).RemindersOf(FollowUpKind.Survey));
    }

    [Fact]
    public void The_schedule_starts_at_the_last_end_reminds_before_each_due_date_and_closes_at_the_last_one()
    {
        var course = Course(new FollowUpPolicy { ReportRequired = true, RemindersBeforeDue = ["P2D", "P1D"] }, CoursePhase.RsvpClosed);
        var schedule = FollowUpSchedule.For(course);
        Assert.Equal(
            [
                (LastEnd, MilestoneKind.FollowUpStart, "followUpStart", true),
                (LastEnd.AddDays(5), MilestoneKind.FollowUpReminder, "followUpReminder:survey:2027-05-19T10:00:00.0000000Z", false),
                (LastEnd.AddDays(6), MilestoneKind.FollowUpReminder, "followUpReminder:survey:2027-05-20T10:00:00.0000000Z", false),
                (LastEnd.AddDays(12), MilestoneKind.FollowUpReminder, "followUpReminder:report:2027-05-26T10:00:00.0000000Z", false),
                (LastEnd.AddDays(13), MilestoneKind.FollowUpReminder, "followUpReminder:report:2027-05-27T10:00:00.0000000Z", false),
                (LastEnd.AddDays(14), MilestoneKind.FollowUpClose, "followUpClose", true),
            ],
            schedule.OrderBy(m => m.At).Select(m => (m.At, m.Kind, m.Key, m.RunsIfLate)));
        Assert.Equal(new FollowUpReminderRequest(course.Id, FollowUpKind.Report, LastEnd.AddDays(12)), FollowUpSchedule.ReminderOf(course.Id, schedule.Single(m => m.At == LastEnd.AddDays(12))));
        Assert.Equal(FollowUpKind.Survey, FollowUpSchedule.ReminderOf(course.Id, schedule[1]).Kind);

        // In the course's schedule too, after the RSVP deadline; done milestones leave it; nothing for a cancelled or completed course.
        Assert.Contains(CourseSchedule.For(course), m => m.Key == "followUpStart");
        var started = course with { Progress = course.Progress.With("followUpStart") };
        Assert.DoesNotContain(FollowUpSchedule.For(started), m => m.Kind == MilestoneKind.FollowUpStart);
        Assert.DoesNotContain(FollowUpSchedule.For(started with { Progress = started.Progress.With("followUpClose") }), m => m.RunsIfLate);
        Assert.Empty(FollowUpSchedule.For(course with { Phase = CoursePhase.Completed }));
        Assert.Empty(CourseSchedule.For(course with { Phase = CoursePhase.Cancelled }));
        Assert.Empty(FollowUpSchedule.For(course with { Phase = CoursePhase.Draft }));
    }

    [Fact]
    public void Only_people_present_at_a_session_are_asked()
    {
        Assert.True(FollowUpRules.IsAsked(Person(AttendanceStatus.Absent, AttendanceStatus.Present)));
        Assert.False(FollowUpRules.IsAsked(Person(AttendanceStatus.Absent, AttendanceStatus.Excused)));
        Assert.False(FollowUpRules.IsAsked(Person()));
        Assert.Equal("followUpNotAsked", FollowUpRules.WhyClosed(Course(), Person(AttendanceStatus.Excused), FollowUpKind.Survey, LastEnd.AddHours(1)));
    }

    [Fact]
    public void A_survey_has_three_ratings_from_1_to_5_and_comments_of_at_most_2000_characters()
    {
        var person = Person(AttendanceStatus.Present);
        var at = LastEnd.AddHours(1);
        var done = FollowUpRules.Survey(Course(), person, new SurveyInput("5", " 4", "3", "  Nội dung thiết thực.\nCần thêm tài liệu.  "), at);
        Assert.True(done.IsDone);
        Assert.Equal(new SurveyAnswer(5, 4, 3, "Nội dung thiết thực.\nCần thêm tài liệu.", at), done.Value!.Invitee.Survey);
        Assert.False(done.Value.Corrected);

        Assert.Equal(["contentRating", "presenterRating", "organisationRating"], FollowUpRules.Survey(Course(), person, new SurveyInput("0", "6", "", null), at).Errors.Select(e => e.Field));
        Assert.Equal(["contentRating"], FollowUpRules.Survey(Course(), person, new SurveyInput("4.5", "4", "4", null), at).Errors.Select(e => e.Field));
        Assert.Equal(["comments"], FollowUpRules.Survey(Course(), person, new SurveyInput("4", "4", "4", new string('x', 2001)), at).Errors.Select(e => e.Field));
        Assert.Equal(["comments"], FollowUpRules.Survey(Course(), person, new SurveyInput("4", "4", "4", "a\u0007b"), at).Errors.Select(e => e.Field));
        Assert.True(FollowUpRules.Survey(Course(), person, new SurveyInput("4", "4", "4", new string('x', 2000)), at).IsDone);
        Assert.Null(FollowUpRules.Survey(Course(), person, new SurveyInput("4", "4", "4", "   "), at).Value!.Invitee.Survey!.Comments);
    }

    [Fact]
    public void A_survey_may_be_corrected_until_its_due_date_the_same_answer_changes_nothing_and_after_it_is_refused()
    {
        var course = Course();
        var first = FollowUpRules.Survey(course, Person(AttendanceStatus.Present), new SurveyInput("3", "3", "3", null), LastEnd.AddDays(1)).Value!.Invitee;

        var same = FollowUpRules.Survey(course, first, new SurveyInput("3", "3", "3", ""), LastEnd.AddDays(2)).Value!;
        Assert.True(same.Unchanged);
        Assert.Same(first, same.Invitee);

        var dueAt = FollowUpPlan.For(course).SurveyDue;
        var corrected = FollowUpRules.Survey(course, first, new SurveyInput("5", "3", "3", null), dueAt.AddSeconds(-1)).Value!;
        Assert.True(corrected.Corrected);
        Assert.Equal(5, corrected.Invitee.Survey!.Content);

        var late = FollowUpRules.Survey(course, corrected.Invitee, new SurveyInput("1", "1", "1", null), dueAt);
        Assert.Equal(OutcomeKind.Conflict, late.Kind);
        Assert.Equal("followUpPastDue", late.Message?.Key);
        Assert.Equal("followUpNotStarted", FollowUpRules.Survey(course, first, new SurveyInput("1", "1", "1", null), LastEnd.AddSeconds(-1)).Message?.Key);
        Assert.Equal("followUpClosed", FollowUpRules.Survey(course with { Phase = CoursePhase.Cancelled }, first, new SurveyInput("1", "1", "1", null), LastEnd.AddDays(1)).Message?.Key);
    }

    [Fact]
    public void A_report_needs_text_or_a_file_keeps_the_previous_file_and_is_refused_when_not_required_or_past_due()
    {
        var course = Course(WithReport);
        var person = Person(AttendanceStatus.Present);
        var at = LastEnd.AddDays(3);
        var file = new ReportFile("bai-thu-hoach.pdf", "application/pdf", 1234, "c0ffee0000000009/0011.pdf");

        Assert.Equal(["report"], FollowUpRules.Report(course, person, "  ", null, at).Errors.Select(e => e.Field));
        Assert.Equal(["report"], FollowUpRules.Report(course, person, new string('x', 20_001), file, at).Errors.Select(e => e.Field));
        Assert.Equal(["report"], FollowUpRules.Report(course, person, "a\u0000b", null, at).Errors.Select(e => e.Field));
        var withFile = FollowUpRules.Report(course, person, "", file, at).Value!.Invitee;
        Assert.Equal(new LearningReport(string.Empty, at, file), withFile.Report);

        // A correction of the text keeps the file; a new file replaces it; the same text again changes nothing.
        var text = FollowUpRules.Report(course, withFile, "Bài thu hoạch\n" + new string('x', 19_000), null, at.AddDays(1)).Value!;
        Assert.True(text.Corrected);
        Assert.Equal(file, text.Invitee.Report!.File);
        Assert.True(FollowUpRules.Report(course, text.Invitee, text.Invitee.Report.Text, null, at.AddDays(2)).Value!.Unchanged);
        var other = file with { Blob = "c0ffee0000000009/0022.png", Name = "anh.png", ContentType = "image/png" };
        Assert.Equal(other, FollowUpRules.Report(course, text.Invitee, text.Invitee.Report.Text, other, at.AddDays(2)).Value!.Invitee.Report!.File);

        Assert.Equal("followUpPastDue", FollowUpRules.Report(course, text.Invitee, "Sửa", null, FollowUpPlan.For(course).ReportDue!.Value).Message?.Key);
        Assert.Equal("followUpNotRequired", FollowUpRules.Report(Course(), person, "Bài", null, at).Message?.Key);
    }

    public static TheoryData<string, byte[], string?> Files => new()
    {
        { "bai.pdf", "%PDF-1.7\n1 0 obj"u8.ToArray(), "application/pdf" },
        { "BAI.PDF", "%PDF-1.4"u8.ToArray(), "application/pdf" },
        { "anh.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "image/png" },
        { "anh.jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg" },
        { "anh.jpg", [0xFF, 0xD8, 0xFF, 0xE1], "image/jpeg" },
        { "anh.gif", "GIF89a\x01\x00"u8.ToArray(), "image/gif" },
        { "anh.webp", "RIFF\x10\x00\x00\x00WEBPVP8 "u8.ToArray(), "image/webp" },
        { "bai.docx", Docx(word: true), "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "bai.docx", Docx(word: false), null }, // a ZIP, but not a Word document
        { "bai.pdf", "<html><script>alert(1)</script>"u8.ToArray(), null }, // the name says PDF, the bytes say otherwise
        { "bai.pdf", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], null }, // a real PNG named .pdf
        { "bai.exe", "MZ\x90\x00"u8.ToArray(), null },
        { "bai.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray(), null },
        { "bai", "%PDF-1.7"u8.ToArray(), null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_files_kind_is_decided_by_its_bytes_and_its_name_must_agree(string name, byte[] content, string? contentType)
    {
        var (file, error) = ReportFileRules.Check(new UploadedFile(name, content));
        Assert.Equal(contentType, file?.ContentType);
        Assert.Equal(contentType is null ? "reportFileKind" : null, error);
    }

    [Fact]
    public void A_file_over_5_MB_or_with_a_bad_name_is_refused_and_a_path_is_dropped_from_the_name()
    {
        var big = new byte[ReportFileRules.MaxBytes + 1];
        "%PDF-"u8.CopyTo(big);
        Assert.Equal("reportFileTooLarge", ReportFileRules.Check(new UploadedFile("bai.pdf", big)).Error);
        Assert.NotNull(ReportFileRules.Check(new UploadedFile("bai.pdf", big.AsMemory(0, ReportFileRules.MaxBytes))).File);
        Assert.Equal("reportFileName", ReportFileRules.Check(new UploadedFile("bai\n.pdf", "%PDF-1"u8.ToArray())).Error);
        Assert.Equal("reportFileName", ReportFileRules.Check(new UploadedFile(new string('a', 201) + ".pdf", "%PDF-1"u8.ToArray())).Error);
        Assert.Equal("Bài thu hoạch.pdf", ReportFileRules.Check(new UploadedFile(@"C:\Users\an\Bài thu hoạch.pdf", "%PDF-1"u8.ToArray())).File!.Name);
        Assert.Equal("x.pdf", ReportFileRules.Check(new UploadedFile("../../x.pdf", "%PDF-1"u8.ToArray())).File!.Name);
    }

    internal static byte[] Docx(bool word)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                writer.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }

            using (var writer = new StreamWriter(zip.CreateEntry(word ? "word/document.xml" : "xl/workbook.xml").Open()))
            {
                writer.Write("<?xml version=\"1.0\"?><document/>");
            }
        }

        return stream.ToArray();
    }
}
