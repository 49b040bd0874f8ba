using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using Workflow.Courses;
using Workflow.Courses.Certificates;
using Workflow.Courses.Reports;
using Workflow.Hosting;
using Workflow.Templates;
using static Workflow.UnitTests.Courses.Certificates.CertificateTestData;

namespace Workflow.UnitTests.Courses.Reports;

/// <summary>The report for leadership (issue 18 item 6): the PDF of the same <see cref="CourseReport"/> the JSON route answers.</summary>
public sealed class CourseReportPdfTests
{
    private static SurveyAnswer Answer(int content, int presenter, int organisation, string? comments = null) =>
        new(content, presenter, organisation, comments, FirstStart.AddDays(3));

    internal static readonly Invitee[] People =
    [
        Person("a1", "Lê Văn An", "Sở Nội vụ", survey: Answer(4, 5, 4, "Rất bổ ích"), certificate: "BDNV-2027-000002"),
        Person("b2", "Trần Thị Ánh", "Sở Nội vụ", marks: [AttendanceStatus.Present, AttendanceStatus.Absent], report: false, survey: Answer(5, 5, 3)),
        Person("c3", "Đỗ Văn Cường", "Đảng ủy xã Quảng Phú", marks: [AttendanceStatus.Excused, null], report: false, survey: Answer(4, 4, 4)),
        Person("d4", "Phạm Thị Dung", null, survey: Answer(4, 5, 4, "Cần thêm tài liệu"), certificate: "BDNV-2027-000001"),
        Person("e5", "Hoàng Văn Em", "Sở Nội vụ", InviteeStatus.Declined, marks: []) with { Reason = "Trùng lịch tiếp dân" },
    ];

    [Fact]
    public void Absences_list_declined_people_with_their_reason_then_absent_and_excused_with_their_sessions()
    {
        var report = CourseReports.For(Course(), People);

        Assert.Equal(
            [("Hoàng Văn Em", "declined", "", "Trùng lịch tiếp dân"), ("Đỗ Văn Cường", "excused", "1", null), ("Trần Thị Ánh", "absent", "2", null)],
            report.Absences.Select(a => (a.Name, a.Status, string.Join(",", a.Sessions), a.Reason)));
        Assert.Equal(5, report.Attendance.Invited);
        Assert.Equal(3, Assert.Single(report.Attendance.Units, u => u.Unit == "Sở Nội vụ").Invited);
        Assert.Equal(0, report.Reports.Graded);
    }

    [Fact]
    public void The_pdf_says_the_numbers_of_the_report_and_is_signed_off_by_the_organiser()
    {
        var course = Course();
        var report = CourseReports.For(course, People);
        var bytes = Pdf().Render(course, report, "Nguyễn Thế Trung", new DateOnly(2027, 6, 1));
        SignInSheetTests.Save("course-report", bytes);

        using var document = PdfDocument.Open(bytes);
        var text = string.Join(" ", document.GetPages().Select(SignInSheetTests.Text));
        Assert.Contains("BÁO CÁO", text, StringComparison.Ordinal);
        Assert.Contains("Kết quả lớp bồi dưỡng “Bồi dưỡng nghiệp vụ công tác dân vận”", text, StringComparison.Ordinal);
        Assert.Contains($"Số người được mời: {report.Attendance.Invited}; nhận lời tham dự: {report.Attendance.Expected}; có mặt đủ các buổi: {report.Attendance.PresentAtEverySession}.", text, StringComparison.Ordinal);
        Assert.Contains("Buổi 1: 3; Buổi 2: 2", text, StringComparison.Ordinal);
        Assert.Contains("Từ chối tham dự Trùng lịch tiếp dân", text, StringComparison.Ordinal);
        Assert.Contains("Vắng buổi 2", text, StringComparison.Ordinal);
        Assert.Contains("Vắng có phép buổi 1", text, StringComparison.Ordinal);
        Assert.Contains($"Số phiếu trả lời: {report.Survey.Answers}.", text, StringComparison.Ordinal);
        Assert.Contains("Nội dung bồi dưỡng 4,3", text, StringComparison.Ordinal);
        Assert.Contains("Rất bổ ích", text, StringComparison.Ordinal);
        Assert.Contains($"Phải nộp: {report.Reports.Expected}; đã nộp: {report.Reports.Submitted}; đã chấm: {report.Reports.Graded}; chưa nộp: {report.Reports.Missing}.", text, StringComparison.Ordinal);
        Assert.Contains($"Đủ điều kiện: {report.Certificates.Eligible}; đã cấp: {report.Certificates.Issued}.", text, StringComparison.Ordinal);
        Assert.Contains("BDNV-2027-000001", text, StringComparison.Ordinal);
        Assert.Contains("NGƯỜI BÁO CÁO", text, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Thế Trung", text, StringComparison.Ordinal);
        Assert.Contains("Nơi nhận:", text, StringComparison.Ordinal);
        Assert.Contains("ngày 01 tháng 06 năm 2027", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_english_course_reads_in_english_with_a_decimal_point()
    {
        var course = Course(language: "en");
        using var document = PdfDocument.Open(Pdf().Render(course, CourseReports.For(course, People), null, new DateOnly(2027, 6, 1)));
        var text = string.Join(" ", document.GetPages().Select(SignInSheetTests.Text));

        Assert.Contains("REPORT", text, StringComparison.Ordinal);
        Assert.Contains("Content 4.3", text, StringComparison.Ordinal);
        Assert.Contains("Declined", text, StringComparison.Ordinal);
    }

    internal static CourseReportPdf Pdf() => new(new TemplateRenderer(), Options.Create(new CertificateOptions()), Options.Create(new Workflow.Documents.Letters.LetterOptions { Issuer = "BAN DÂN VẬN", IssuerParent = "TỈNH ỦY NINH BÌNH", Place = "Ninh Bình" }));
}
