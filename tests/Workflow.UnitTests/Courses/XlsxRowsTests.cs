using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Workflow.Courses;
using Workflow.Courses.Import;
using Workflow.Testing.Xlsx;
using Workflow.UnitTests.Text;
using static Workflow.Testing.Xlsx.XlsxFiles;

namespace Workflow.UnitTests.Courses;

/// <summary>
/// The .xlsx reader and the one list pipeline behind it, on workbooks built part by part (each case exactly as named)
/// and on one written by a real writer (MiniExcel): what the organiser or the unit reads back is the rows as Excel shows
/// them, or one sentence saying what is wrong and what to do.
/// </summary>
public sealed class XlsxRowsTests
{
    private static NumberedRow Person(int row, string? name, string? email, string? unit = null, string? position = null) =>
        new(row, new InviteeInput(name, email, unit, position));

    private static (IReadOnlyList<NumberedRow> Rows, string? Error) Xlsx(byte[] file, ListClaim claim = ListClaim.Xlsx)
    {
        var (rows, error) = ListImport.FromFile(file, claim);
        return (rows, error is null ? null : error.En());
    }

    /// <summary>The reasons the validation gives each refused row, in English, by row.</summary>
    private static List<(int Row, string Reason)> Refused(IReadOnlyList<NumberedRow> rows) =>
        [.. InviteeImport.Validate(rows, new HashSet<string>()).Rejected.Select(r => (r.Row, r.Reason.En()))];

    [Fact]
    public void Shared_inline_and_rich_text_strings_read_as_Excel_shows_them()
    {
        var file = Workbook(
            Header() +
            $"<row r=\"2\">{Shared("A2", 0)}{Shared("B2", 1)}{Shared("C2", 2)}{Inline("D2", "Chuyên viên")}</row>" +
            $"<row r=\"3\">{Inline("A3", "Trần Thị Bình")}{Inline("B3", "binh.tran@example.vn")}{Shared("C3", 2)}</row>",
            sharedStrings: ["Nguyễn Văn An", "an.nguyen@example.vn", "<r><t>Sở</t></r>\n  <r><t xml:space=\"preserve\"> </t></r>\n  <r><rPr><b/></rPr><t>Nội vụ</t></r><rPh sb=\"0\" eb=\"1\"><t>X</t></rPh>"]);

        var (rows, error) = Xlsx(file);

        Assert.Null(error);
        Assert.Equal([Person(2, "Nguyễn Văn An", "an.nguyen@example.vn", "Sở Nội vụ", "Chuyên viên"), Person(3, "Trần Thị Bình", "binh.tran@example.vn", "Sở Nội vụ")], rows);
    }

    [Fact]
    public void Numbers_read_as_shown_text_keeps_leading_zeros_and_a_date_reads_as_a_date()
    {
        // Name, Email, then a third column "Đơn vị" holding a number, a zero-padded number, a text number, a date.
        var file = Workbook(
            Header() +
            $"<row r=\"2\">{Inline("A2", "An")}{Inline("B2", "an@example.vn")}{Number("C2", "912345678")}{Inline("D2", "0912345678")}</row>" +
            $"<row r=\"3\">{Inline("A3", "Bình")}{Inline("B3", "binh@example.vn")}{Number("C3", "912345678", style: 2)}{Number("D3", "1.5")}</row>" +
            $"<row r=\"4\">{Inline("A4", "Cường")}{Inline("B4", "cuong@example.vn")}{Number("C4", "46363", style: 1)}{Number("D4", "1E+20")}</row>");

        var (rows, error) = Xlsx(file);

        Assert.Null(error);
        Assert.Equal(
            [
                Person(2, "An", "an@example.vn", "912345678", "0912345678"),
                Person(3, "Bình", "binh@example.vn", "0912345678", "1.5"),
                Person(4, "Cường", "cuong@example.vn", "07/12/2026", "100000000000000000000"),
            ],
            rows);
    }

    [Fact]
    public void A_formula_gives_its_cached_value_and_one_without_a_value_refuses_its_row_naming_the_cell()
    {
        var file = Workbook(
            Header() +
            $"<row r=\"2\">{Inline("A2", "An")}<c r=\"B2\" t=\"str\"><f>LOWER(\"AN@EXAMPLE.VN\")</f><v>an@example.vn</v></c></row>" +
            $"<row r=\"3\">{Inline("A3", "Bình")}<c r=\"B3\" t=\"str\"><f>LOWER(\"BINH@EXAMPLE.VN\")</f></c></row>" +
            $"<row r=\"4\">{Inline("A4", "Cường")}<c r=\"B4\" t=\"e\"><f>VLOOKUP(A4,X!A:B,2,0)</f><v>#N/A</v></c></row>" +
            $"<row r=\"5\">{Inline("A5", "Dung")}{Inline("B5", "dung@example.vn")}<c r=\"F5\"><f>1/0</f></c></row>");

        var (rows, error) = Xlsx(file);

        Assert.Null(error);
        Assert.Equal("an@example.vn", rows[0].Input.Email);
        Assert.Equal(
            [
                (3, "Cell B3 is a formula without a computed value. Open the file in Excel, save it and upload it again, or paste the values instead of the formula."),
                (4, "Cell B4 holds the error #N/A from a formula. Fix the formula or type the value."),
            ],
            Refused(rows));
        Assert.Equal(5, rows[3].Row); // a formula without a value in a column the list does not read refuses nothing
        Assert.Null(rows[3].Problem);
    }

    [Fact]
    public void A_hidden_or_very_hidden_first_sheet_is_skipped_the_first_visible_sheet_is_read()
    {
        var file = Workbook(
            [
                new TestSheet("Tra cứu", Row(1, "Họ và tên", "Email") + Row(2, "Ẩn", "an@example.vn"), "hidden"),
                new TestSheet("Mã", Row(1, "Họ và tên", "Email") + Row(2, "Rất ẩn", "ratan@example.vn"), "veryHidden"),
                new TestSheet("Danh sách", Header() + Row(2, "Lê Văn Cường", "cuong@example.vn")),
                new TestSheet("Khác", Header() + Row(2, "Sau", "sau@example.vn")),
            ]);

        var (rows, error) = Xlsx(file);

        Assert.Null(error);
        Assert.Equal([Person(2, "Lê Văn Cường", "cuong@example.vn")], rows);
    }

    [Fact]
    public void A_workbook_whose_sheets_are_all_hidden_is_refused()
    {
        var (_, error) = Xlsx(Workbook([new TestSheet("A", Header(), "hidden"), new TestSheet("B", Header(), "veryHidden")]));

        Assert.Equal("The workbook has no visible sheet. Unhide the list's sheet and save again.", error);
    }

    [Fact]
    public void The_header_may_sit_below_a_merged_title_rows_are_numbered_as_Excel_shows_them()
    {
        var file = Workbook(
            Row(1, "DANH SÁCH CÁN BỘ ĐƯỢC CỬ ĐI HỌC") + Row(2, "Đơn vị: Sở Tư pháp") + Header(4) +
            Row(5, "Phạm Thị Dung", "dung@example.vn", "Sở Tư pháp", "Chuyên viên"),
            merges: "<mergeCells count=\"1\"><mergeCell ref=\"A1:D1\"/></mergeCells>");

        var (rows, error) = Xlsx(file);

        Assert.Null(error);
        Assert.Equal([Person(5, "Phạm Thị Dung", "dung@example.vn", "Sở Tư pháp", "Chuyên viên")], rows);
    }

    [Fact]
    public void A_sheet_without_a_header_in_its_first_rows_is_refused_naming_the_sheet()
    {
        var (_, error) = Xlsx(Workbook(string.Concat(Enumerable.Range(1, 25).Select(i => Row(i, "x" + i))) + Header(26)));

        Assert.Equal("No header row naming a Name and an Email column in the first 20 rows of the sheet \"Danh sách\" (the first visible sheet).", error);
    }

    [Fact]
    public void Merged_header_cells_are_refused_naming_the_header_row()
    {
        var file = Workbook(
            Row(3, "Họ và tên", "Email", "Đơn vị", null) + Row(4, "An", "an@example.vn", "Sở Nội vụ"),
            merges: "<mergeCells count=\"1\"><mergeCell ref=\"C3:D3\"/></mergeCells>");

        var (_, error) = Xlsx(file);

        Assert.Equal("The header row (row 3) has merged cells C3:D3. Unmerge them so that each column has its own header on one row.", error);
    }

    [Fact]
    public void A_unit_merged_down_its_column_belongs_to_each_row_a_merge_across_columns_refuses_its_rows()
    {
        var file = Workbook(
            Header() +
            Row(2, "An", "an@example.vn", "Sở Nội vụ") + Row(3, "Bình", "binh@example.vn") + Row(4, "Cường", "cuong@example.vn") +
            Row(5, "Dung dung@example.vn"),
            merges: "<mergeCells count=\"2\"><mergeCell ref=\"C2:C4\"/><mergeCell ref=\"A5:B5\"/></mergeCells>");

        var (rows, error) = Xlsx(file);

        Assert.Null(error);
        Assert.Equal(["Sở Nội vụ", "Sở Nội vụ", "Sở Nội vụ"], rows.Take(3).Select(r => r.Input.Unit));
        Assert.Equal(
            [(5, "Cells A5:B5 are merged across columns. Unmerge them so that name, email, unit and position are in columns of their own.")],
            Refused(rows));
    }

    [Fact]
    public void Empty_and_formatted_empty_rows_are_skipped_wherever_they_are()
    {
        var file = Workbook(
            Header() + Row(2, "An", "an@example.vn") + "<row r=\"3\"/>" + Row(4, "Bình", "binh@example.vn") +
            string.Concat(Enumerable.Range(5, 500).Select(i => $"<row r=\"{i}\" s=\"1\" customFormat=\"1\"><c r=\"A{i}\" s=\"1\"/>{Inline($"B{i}", "  ")}</row>")));

        var (rows, error) = Xlsx(file);

        Assert.Null(error);
        Assert.Equal([2, 4], rows.Select(r => r.Row));
    }

    [Fact]
    public void More_rows_than_the_limit_are_refused_and_the_reader_stops_early()
    {
        var (sheet, _) = XlsxRows.Read(Workbook(string.Concat(Enumerable.Range(1, 50).Select(i => Row(i, "x", "y")))), maxRows: 10);
        Assert.True(sheet!.Truncated);
        Assert.Equal(10, sheet.Rows.Count);

        var rows = new StringBuilder(Header());
        for (var i = 2; i <= InviteeImport.MaxRows + 2; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"<row r=\"{i}\"><c r=\"A{i}\" t=\"inlineStr\"><is><t>Người {i}</t></is></c><c r=\"B{i}\" t=\"inlineStr\"><is><t>n{i}@example.vn</t></is></c></row>");
        }

        var (_, error) = Xlsx(Workbook(rows.ToString()));
        Assert.Equal("At most 20000 rows per request.", error);
    }

    [Theory]
    [InlineData(ListClaim.Xlsx, "The file is named .xlsx but holds text (CSV), not an Excel workbook. Rename it to .csv, or open it in Excel and save it as an Excel Workbook (.xlsx).")]
    [InlineData(ListClaim.Unknown, null)]
    public void Csv_text_named_xlsx_is_refused_csv_of_no_stated_kind_is_read(ListClaim claim, string? expected)
    {
        var (rows, error) = Xlsx(Encoding.UTF8.GetBytes("Họ và tên,Email\nAn,an@example.vn\n"), claim);

        Assert.Equal(expected, error);
        Assert.Equal(expected is null ? 1 : 0, rows.Count);
    }

    [Theory]
    [InlineData(ListClaim.Xlsx)]
    [InlineData(ListClaim.Unknown)]
    [InlineData(ListClaim.Csv)]
    public void Old_binary_excel_is_refused_saying_to_save_as_xlsx_or_csv(ListClaim claim)
    {
        var xls = new byte[1024];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(xls, 0);

        var (_, error) = Xlsx(xls, claim);

        Assert.StartsWith("The file is an Excel 97-2003 workbook (.xls) or a password-protected Excel file", error, StringComparison.Ordinal);
        Assert.Contains("Save As → Excel Workbook (.xlsx) or CSV UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_opendocument_spreadsheet_a_zip_that_is_no_workbook_html_and_garbage_are_refused()
    {
        static byte[] Zip(params (string Name, string Text)[] parts)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, text) in parts)
                {
                    Put(zip, name, text);
                }
            }

            return buffer.ToArray();
        }

        Assert.Equal("The file is an OpenDocument spreadsheet (.ods). Save it as an Excel Workbook (.xlsx) or CSV UTF-8 and upload it again.",
            Xlsx(Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>"))).Error);
        var notWorkbook = "The file is not a readable Excel workbook (.xlsx). Open the list in Excel, choose Save As → Excel Workbook (.xlsx) or CSV UTF-8, and upload it again.";
        Assert.Equal(notWorkbook, Xlsx(Zip(("word/document.xml", "<w/>"), ("readme.txt", "hello"))).Error);
        Assert.Equal(notWorkbook, Xlsx([0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5]).Error);
        Assert.Equal(notWorkbook, Xlsx([0x00, 0xFF, 0x00, 0x17, 0x80]).Error);
        Assert.StartsWith("The file is a web page (HTML or XML)", Xlsx(Encoding.UTF8.GetBytes("<html><table><tr><td>Họ và tên</td></tr></table></html>"), ListClaim.Unknown).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workbook_sent_as_csv_is_refused_saying_to_rename_it()
    {
        var (_, error) = Xlsx(People(("An", "an@example.vn", "Sở Nội vụ", "Chuyên viên")), ListClaim.Csv);

        Assert.Equal("The file is named CSV but holds an Excel workbook (.xlsx). Rename it to .xlsx and upload it again.", error);
    }

    [Fact]
    public void A_zip_bomb_stops_at_the_uncompressed_limit_and_too_many_entries_are_refused()
    {
        // 40 MB of one repeated row: about 100 KB compressed.
        var filler = new string(' ', 40 * 1024 * 1024);
        var bomb = Workbook([new TestSheet("Danh sách", Header() + "<row r=\"2\">" + filler + "</row>")]);
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes");
        var tooBig = "Unpacked, the workbook is larger than 32 MB or has too many parts. Keep only the list's sheet and save again, or save it as CSV UTF-8.";
        Assert.Equal(tooBig, Xlsx(bomb).Error);

        var many = Workbook([new TestSheet("Danh sách", Header())], more: zip =>
        {
            for (var i = 0; i < XlsxRows.MaxEntries; i++)
            {
                Put(zip, $"xl/media/x{i}.txt", "x");
            }
        });
        Assert.Equal(tooBig, Xlsx(many).Error);
    }

    [Fact]
    public void A_part_with_a_dtd_is_refused_and_nothing_is_resolved()
    {
        var dtd = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><sst xmlns=\"" + Main + "\"><si><t>&x;</t></si></sst>";
        var rels = Workbook([new TestSheet("Danh sách", Header())], sharedStrings: ["x"], replace: new Dictionary<string, string> { ["xl/sharedStrings.xml"] = dtd });

        Assert.StartsWith("The file is not a readable Excel workbook (.xlsx).", Xlsx(rels).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workbook_written_by_MiniExcel_reads_back_and_validates_like_the_same_csv()
    {
        var people = new List<Dictionary<string, object>>
        {
            new() { ["Họ và tên"] = "Nguyễn Văn An", ["Email"] = "an.nguyen@example.vn", ["Đơn vị"] = "Sở Nội vụ", ["Chức vụ"] = "Chuyên viên" },
            new() { ["Họ và tên"] = "Trần Thị Bình", ["Email"] = "binh@", ["Đơn vị"] = "Sở Tư pháp", ["Chức vụ"] = "Phó Giám đốc" },
            new() { ["Họ và tên"] = "Nguyễn Văn An", ["Email"] = "AN.NGUYEN@example.vn ", ["Đơn vị"] = "Sở Nội vụ", ["Chức vụ"] = "Chuyên viên" },
        };
        using var stream = new MemoryStream();
        stream.SaveAs(people, sheetName: "Danh sách");

        var (rows, error) = ListImport.FromFile(stream.ToArray(), ListClaim.Xlsx);
        var (csvRows, csvError) = InviteeImport.ParseCsv(
            "Họ và tên,Email,Đơn vị,Chức vụ\nNguyễn Văn An,an.nguyen@example.vn,Sở Nội vụ,Chuyên viên\nTrần Thị Bình,binh@,Sở Tư pháp,Phó Giám đốc\nNguyễn Văn An,AN.NGUYEN@example.vn ,Sở Nội vụ,Chuyên viên\n");

        Assert.Null(error);
        Assert.Null(csvError);
        var fromXlsx = InviteeImport.Validate(rows, new HashSet<string>());
        var fromCsv = InviteeImport.Validate(csvRows, new HashSet<string>());
        Assert.Equal(fromCsv.Valid, fromXlsx.Valid);
        Assert.Equal(fromCsv.Duplicates, fromXlsx.Duplicates);
        Assert.Equal(fromCsv.Rejected, fromXlsx.Rejected);
        Assert.Equal([3], fromXlsx.Rejected.Select(r => r.Row));
        Assert.Equal([4], fromXlsx.Duplicates.Select(d => d.Row));
    }
}
