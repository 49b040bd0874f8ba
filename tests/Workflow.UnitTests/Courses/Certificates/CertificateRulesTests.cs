using Workflow.Courses;
using Workflow.Courses.Certificates;
using static Workflow.UnitTests.Courses.Certificates.CertificateTestData;

namespace Workflow.UnitTests.Courses.Certificates;

/// <summary>Who earns a certificate, how its number reads, and when the milestone comes.</summary>
public sealed class CertificateRulesTests
{
    public static TheoryData<string, InviteeStatus, AttendanceStatus?[], bool, bool, bool> Cases => new()
    {
        { "accepted, present twice, report in", InviteeStatus.Accepted, [AttendanceStatus.Present, AttendanceStatus.Present], true, true, true },
        { "absent at the second session", InviteeStatus.Accepted, [AttendanceStatus.Present, AttendanceStatus.Absent], true, true, false },
        { "excused at the first session", InviteeStatus.Accepted, [AttendanceStatus.Excused, AttendanceStatus.Present], true, true, false },
        { "second session unmarked", InviteeStatus.Accepted, [AttendanceStatus.Present, null], true, true, false },
        { "report required, not in", InviteeStatus.Accepted, [AttendanceStatus.Present, AttendanceStatus.Present], false, true, false },
        { "report not required, not in", InviteeStatus.Accepted, [AttendanceStatus.Present, AttendanceStatus.Present], false, false, true },
        { "declined (marks do not count)", InviteeStatus.Declined, [AttendanceStatus.Present, AttendanceStatus.Present], true, true, false },
        { "waitlisted", InviteeStatus.Waitlisted, [AttendanceStatus.Present, AttendanceStatus.Present], true, true, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eligible_means_accepted_present_at_every_session_and_the_required_report_in(
        string why, InviteeStatus status, AttendanceStatus?[] marks, bool report, bool required, bool eligible)
    {
        var course = Course(reportRequired: required);
        Assert.True(eligible == CertificateRules.IsEligible(course, Person("a1", "Lê Văn An", "Sở Nội vụ", status, marks, report)), why);
    }

    [Fact]
    public void Eligible_people_come_in_Vietnamese_name_order()
    {
        var course = Course();
        var list = CertificateRules.Eligible(course,
        [
            Person("b2", "Trần Thị Ánh", "Sở Nội vụ"),
            Person("c3", "Đỗ Văn Cường", "Sở Nội vụ", marks: [AttendanceStatus.Present, AttendanceStatus.Absent]),
            Person("a1", "Lê Văn An", "Sở Nội vụ"),
        ]);
        Assert.Equal(["a1", "b2"], list.Select(i => i.Id));
    }

    [Fact]
    public void The_year_is_the_first_session_year_in_Vietnam_time()
    {
        var course = Course();
        var newYear = course with
        {
            Definition = course.Definition with
            {
                // 31/12/2027 18:00 UTC is 01/01/2028 01:00 in Hà Nội.
                Sessions = [new CourseSession(new DateTimeOffset(2027, 12, 31, 18, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 12, 31, 21, 0, 0, TimeSpan.Zero))],
            },
        };
        Assert.Equal(2027, CertificateRules.YearOf(course));
        Assert.Equal(2028, CertificateRules.YearOf(newYear));
    }

    [Fact]
    public void Numbers_read_BDNV_year_six_digits_and_only_such_text_parses()
    {
        Assert.Equal("BDNV-2027-000123", CertificateRules.FormatNumber("BDNV", 2027, 123));
        Assert.Equal("BDNV-2027-1234567", CertificateRules.FormatNumber("BDNV", 2027, 1_234_567));
        Assert.True(CertificateRules.TryParseNumber("BDNV-2027-000123", out var year, out var sequence));
        Assert.Equal((2027, 123L), (year, sequence));
        foreach (var bad in new[] { null, "", "bdnv-2027-000123", "BDNV-2027-123", "BDNV-27-000123", "BDNV-2027-000000", "BDNV-2027-000123\n", "BDNV-2027-000123 ", "B-2027-000123", "BDNV_2027_000123", "BDNV-2027-0001234567", "../BDNV-2027-000123", "BDNV-١٢٣٤-000123", new string('A', 50) })
        {
            Assert.False(CertificateRules.TryParseNumber(bad, out _, out _), bad);
        }
    }

    [Fact]
    public void The_last_due_date_is_the_later_of_survey_and_required_report_after_the_last_session()
    {
        var lastEnd = FirstStart.AddDays(1).AddHours(3);
        Assert.Equal(lastEnd.AddDays(14), CertificateRules.LastDueDate(Course(reportRequired: true)));
        Assert.Equal(lastEnd.AddDays(7), CertificateRules.LastDueDate(Course(reportRequired: false)));
        Assert.Equal(lastEnd.AddSeconds(40), CertificateRules.LastDueDate(Course(followUp: new FollowUpPolicy { SurveyDue = "PT40S", ReportRequired = true, ReportDue = "PT20S" })));
        Assert.Equal(lastEnd.AddDays(7), CertificateRules.LastDueDate(Course(followUp: new FollowUpPolicy())));
    }

    [Fact]
    public void The_milestone_comes_at_the_last_due_date_runs_if_late_and_leaves_once_done()
    {
        var course = Course(followUp: new FollowUpPolicy { SurveyDue = "PT40S", ReportRequired = true, ReportDue = "PT60S" });
        var due = FirstStart.AddDays(1).AddHours(3).AddSeconds(60);
        var milestone = Assert.Single(CourseSchedule.For(course), m => m.Kind == MilestoneKind.Certificates);
        Assert.Equal(new Milestone(due, MilestoneKind.Certificates, "certificates", RunsIfLate: true), milestone);

        // Late (the flow's mark is past it): still next.
        Assert.Equal(milestone, CourseSchedule.Next([milestone], new MilestoneMark(due.AddDays(3), "x")));

        // At the same instant it runs before the follow-up closes (ordinal key order).
        var close = new Milestone(due, MilestoneKind.RsvpDeadline, "followUpClose", RunsIfLate: true);
        Assert.Equal(milestone, CourseSchedule.Next([close, milestone], new MilestoneMark(due.AddSeconds(-1), "x")));

        Assert.DoesNotContain(CourseSchedule.For(course with { Progress = course.Progress.With("certificates") }), m => m.Kind == MilestoneKind.Certificates);
        Assert.DoesNotContain(CourseSchedule.For(course with { Phase = CoursePhase.Cancelled }), m => m.Kind == MilestoneKind.Certificates);
        Assert.Contains(CourseSchedule.For(course with { Phase = CoursePhase.Inviting }), m => m.Kind == MilestoneKind.Certificates);
    }
}
