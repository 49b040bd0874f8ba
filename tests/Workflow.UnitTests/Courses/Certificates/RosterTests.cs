using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;
using Workflow.Courses;
using Workflow.Courses.Reports;
using Workflow.Templates;
using static Workflow.UnitTests.Courses.Certificates.CertificateTestData;

namespace Workflow.UnitTests.Courses.Certificates;

/// <summary>The roster files: read back with CsvHelper and MiniExcel, Vietnamese intact, formulas neutralised.</summary>
public sealed class RosterTests
{
    private static readonly IReadOnlyDictionary<string, string> Vi = new TemplateRenderer().Strings("vi");

    private static readonly Invitee[] People =
    [
        Person("a1", "Nguyễn Thị Hằng", "Sở Nội vụ", survey: new SurveyAnswer(5, 4, 3, "Rất bổ ích", FirstStart.AddDays(3)), certificate: "BDNV-2027-000007"),
        Person("b2", "=HYPERLINK(\"https://evil.example\",\"x\")", "+Phòng", marks: [AttendanceStatus.Present, AttendanceStatus.Absent], report: false) with { Position = "@SUM(A1)" },
        Person("c3", "Đỗ Văn Cường", "-Ban", InviteeStatus.Declined, marks: [], report: false) with { Reason = "\tTrùng lịch" },
    ];

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+84912", "'+84912")]
    [InlineData("-2", "'-2")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("Lê Văn An", "Lê Văn An")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Cells_a_spreadsheet_reads_as_formulas_get_an_apostrophe(string cell, string shown) =>
        Assert.Equal(shown, Roster.Neutralise(cell));

    [Fact]
    public void One_row_per_invitee_with_status_reply_attendance_survey_report_and_certificate()
    {
        var table = Roster.Build(Course(), People, Vi);

        Assert.Equal(["Họ và tên", "Email", "Đơn vị", "Chức vụ", "Trạng thái", "Trả lời lúc", "Trả lời sau hạn", "Lý do / ghi chú", "Buổi 1", "Buổi 2",
            "Khảo sát: nội dung", "Khảo sát: báo cáo viên", "Khảo sát: tổ chức", "Khảo sát: ý kiến", "Bài thu hoạch", "Xếp loại bài thu hoạch", "Nhận xét", "Thời điểm chấm", "Người chấm", "Số giấy chứng nhận"], table.Header);
        Assert.Equal(3, table.Rows.Count);
        var hang = Assert.Single(table.Rows, r => r[0] == "Nguyễn Thị Hằng");
        Assert.Equal(["Nhận lời", "03/05/2027 08:00"], hang.Skip(4).Take(2));
        Assert.Equal(["Có mặt", "Có mặt", "5", "4", "3", "Rất bổ ích", "Đã nộp 18/05/2027 08:00", "", "", "", "", "BDNV-2027-000007"], hang.Skip(8));
        var hostile = Assert.Single(table.Rows, r => r[1] == "b2@example.vn");
        Assert.Equal("'=HYPERLINK(\"https://evil.example\",\"x\")", hostile[0]);
        Assert.Equal(["'+Phòng", "'@SUM(A1)"], hostile.Skip(2).Take(2));
        Assert.Equal(["Có mặt", "Vắng"], hostile.Skip(8).Take(2));
        var declined = Assert.Single(table.Rows, r => r[1] == "c3@example.vn");
        Assert.Equal(["'-Ban", "Chuyên viên", "Từ chối"], declined.Skip(2).Take(3));
        Assert.Equal("'\tTrùng lịch", declined[7]);
    }

    [Fact]
    public void The_csv_starts_with_a_BOM_and_reads_back_the_same_cells()
    {
        var table = Roster.Build(Course(), People, Vi);
        var bytes = Roster.ToCsv(table);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i)!).ToArray());
        }

        Assert.Equal([table.Header, .. table.Rows], rows.Select(r => (IReadOnlyList<string>)r), new CellsComparer());
        Assert.Contains(rows, r => r[0] == "Nguyễn Thị Hằng");
        Assert.Contains(rows, r => r[0] == "'=HYPERLINK(\"https://evil.example\",\"x\")");
    }

    [Fact]
    public void The_xlsx_reads_back_the_same_cells()
    {
        var table = Roster.Build(Course(), People, Vi);
        using var stream = new MemoryStream(Roster.ToXlsx(table));

        var rows = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .Select(r => (IReadOnlyList<string>)r.Values.Select(v => v?.ToString() ?? string.Empty).ToList())
            .ToList();
        Assert.Equal([table.Header, .. table.Rows], rows, new CellsComparer());
        Assert.Equal("'=HYPERLINK(\"https://evil.example\",\"x\")", rows.Single(r => r[1] == "b2@example.vn")[0]);
        Assert.Equal("Nguyễn Thị Hằng", rows.Single(r => r[1] == "a1@example.vn")[0]);
    }

    private sealed class CellsComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) => x!.SequenceEqual(y!);

        public int GetHashCode(IReadOnlyList<string> obj) => obj.Count;
    }
}
