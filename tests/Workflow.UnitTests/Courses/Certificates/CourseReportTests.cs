using Workflow.Courses;
using Workflow.Courses.Reports;
using static Workflow.UnitTests.Courses.Certificates.CertificateTestData;

namespace Workflow.UnitTests.Courses.Certificates;

/// <summary>The follow-up summary as a pure function of the course and its invitees.</summary>
public sealed class CourseReportTests
{
    private static SurveyAnswer Answer(int content, int presenter, int organisation, string? comments = null) =>
        new(content, presenter, organisation, comments, FirstStart.AddDays(3));

    private static readonly Invitee[] People =
    [
        Person("a1", "Lê Văn An", "Sở Nội vụ", survey: Answer(4, 5, 4, "Rất bổ ích"), certificate: "BDNV-2027-000002"),
        Person("b2", "Trần Thị Ánh", "Sở Nội vụ", marks: [AttendanceStatus.Present, AttendanceStatus.Absent], report: false, survey: Answer(5, 5, 3, "  ")),
        Person("c3", "Đỗ Văn Cường", "Đảng ủy xã Quảng Phú", marks: [AttendanceStatus.Excused, null], report: false, survey: Answer(4, 4, 4)),
        Person("d4", "Phạm Thị Dung", null, survey: Answer(4, 5, 4, "Cần thêm tài liệu"), certificate: "BDNV-2027-000001"),
        Person("e5", "Hoàng Văn Em", "Sở Nội vụ", InviteeStatus.Declined, marks: []),
    ];

    [Fact]
    public void Attendance_is_counted_per_session_and_per_unit_over_accepted_people()
    {
        var report = CourseReports.For(Course(), People);

        Assert.Equal(4, report.Attendance.Expected);
        Assert.Equal(2, report.Attendance.PresentAtEverySession);
        Assert.Equal([(0, 3, 0, 1, 0), (1, 2, 1, 0, 1)], report.Attendance.Sessions.Select(s => (s.Session, s.Present, s.Absent, s.Excused, s.Unmarked)));
        Assert.Equal(["Sở Nội vụ", "Đảng ủy xã Quảng Phú", null], report.Attendance.Units.Select(u => u.Unit).OrderBy(u => u is null).ThenBy(u => u, StringComparer.Ordinal));
        var home = Assert.Single(report.Attendance.Units, u => u.Unit == "Sở Nội vụ");
        Assert.Equal((2, 1), (home.Expected, home.PresentAtEverySession));
        Assert.Equal([2, 1], home.Sessions.Select(s => s.Present));
    }

    [Fact]
    public void Survey_averages_have_one_decimal_and_comments_keep_only_what_was_written()
    {
        var report = CourseReports.For(Course(), People);

        Assert.Equal(4, report.Survey.Answers);
        // Content 4,5,4,4 = 4.25 → 4.3 (half away from zero); presenter 5,5,4,5 = 4.75 → 4.8; organisation 4,3,4,4 = 3.75 → 3.8.
        Assert.Equal(new SurveyAverages(4.3, 4.8, 3.8), report.Survey.Averages);
        Assert.Equal(["Rất bổ ích", "Cần thêm tài liệu"], report.Survey.Comments);
        Assert.Equal(new SurveyAverages(null, null, null), CourseReports.For(Course(), []).Survey.Averages);
    }

    [Fact]
    public void Reports_are_expected_from_those_present_once_and_the_missing_are_named_by_unit()
    {
        var report = CourseReports.For(Course(), People);

        // c3 was never present: not asked. b2 was present once and has not submitted.
        Assert.True(report.Reports.Required);
        Assert.Equal((3, 2, 1), (report.Reports.Expected, report.Reports.Submitted, report.Reports.Missing));
        var home = Assert.Single(report.Reports.Units, u => u.Unit == "Sở Nội vụ");
        Assert.Equal((2, 1), (home.Expected, home.Submitted));
        Assert.Equal(["Trần Thị Ánh"], home.Missing);
    }

    [Fact]
    public void Certificates_issued_are_listed_by_number()
    {
        var report = CourseReports.For(Course(), People);

        Assert.Equal(2, report.Certificates.Eligible);
        Assert.Equal(2, report.Certificates.Issued);
        Assert.Equal(["BDNV-2027-000001", "BDNV-2027-000002"], report.Certificates.Numbers.Select(n => n.Number));
        Assert.Equal("Phạm Thị Dung", report.Certificates.Numbers[0].Name);
    }
}
