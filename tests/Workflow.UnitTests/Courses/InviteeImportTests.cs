using System.Text;
using Workflow.Courses;
using Workflow.Http;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Courses;

public sealed class InviteeImportTests
{
    private static Task<(IReadOnlyList<NumberedRow> Rows, string? Error)> Csv(string text, bool bom = false)
    {
        var (rows, error) = InviteeImport.ParseCsv(bom ? "\uFEFF" + text : text);
        return Task.FromResult<(IReadOnlyList<NumberedRow>, string?)>((rows, error?.En()));
    }

    /// <summary>Refused rows as a reader sees them in each language: "Vietnamese / English".</summary>
    private static List<(int Row, string Reason)> Said(IEnumerable<RejectedRow> rejected) =>
        [.. rejected.Select(r => (r.Row, $"{r.Reason.Vi()} / {r.Reason.En()}"))];

    /// <summary>As the API reads a JSON body: parsed by the request reader, shape-checked, then numbered.</summary>
    private static Task<(IReadOnlyList<NumberedRow> Rows, string? Error)> Json(string json)
    {
        var (document, problem) = RequestReader.ParseJson(Encoding.UTF8.GetBytes(json));
        if (problem is not null)
        {
            return Task.FromResult<(IReadOnlyList<NumberedRow>, string?)>(([], "not valid JSON"));
        }

        using (document)
        {
            var (items, shape) = RequestReader.Bind<List<InviteeInput?>>(document!.RootElement);
            if (shape is not null)
            {
                return Task.FromResult<(IReadOnlyList<NumberedRow>, string?)>(([], "not a JSON array of invitees"));
            }

            var (rows, error) = InviteeImport.FromJson(items!);
            return Task.FromResult<(IReadOnlyList<NumberedRow>, string?)>((rows, error?.En()));
        }
    }

    private static NumberedRow Row(int row, string? name, string? email, string? unit = null, string? position = null) =>
        new(row, new InviteeInput(name, email, unit, position));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Vietnamese_headers_with_semicolons_as_Excel_saves_them(bool bom)
    {
        var (rows, error) = await Csv(
            "Họ và tên;Email;Đơn vị;Chức vụ\r\n" +
            "Nguyễn Văn An;an.nguyen@example.vn;Sở Nội vụ;Chuyên viên\r\n" +
            "Trần Thị Bình;binh.tran@example.vn;UBND phường Hạc Thành;Phó Chủ tịch\r\n",
            bom);

        Assert.Null(error);
        Assert.Equal(
            [
                Row(2, "Nguyễn Văn An", "an.nguyen@example.vn", "Sở Nội vụ", "Chuyên viên"),
                Row(3, "Trần Thị Bình", "binh.tran@example.vn", "UBND phường Hạc Thành", "Phó Chủ tịch"),
            ],
            rows);
    }

    [Fact]
    public async Task Bom_before_a_comma_separated_english_header_is_not_part_of_the_first_column()
    {
        var (rows, error) = await Csv("name,email,unit,position\nLê Văn Cường,cuong.le@example.vn,Hội Nông dân tỉnh,Trưởng ban\n", bom: true);

        Assert.Null(error);
        Assert.Equal([Row(2, "Lê Văn Cường", "cuong.le@example.vn", "Hội Nông dân tỉnh", "Trưởng ban")], rows);
    }

    [Fact]
    public async Task Quoted_fields_keep_their_commas_and_quotes()
    {
        var (rows, error) = await Csv(
            "Họ và tên,Email,Đơn vị,Chức vụ\n" +
            "\"Phạm Thị Dung\",dung.pham@example.vn,\"Văn phòng UBND tỉnh, Phòng Tổng hợp\",\"Trưởng phòng, \"\"kiêm nhiệm\"\"\"\n");

        Assert.Null(error);
        Assert.Equal([Row(2, "Phạm Thị Dung", "dung.pham@example.vn", "Văn phòng UBND tỉnh, Phòng Tổng hợp", "Trưởng phòng, \"kiêm nhiệm\"")], rows);
    }

    [Fact]
    public async Task Semicolon_file_whose_values_contain_commas_is_read_with_semicolons()
    {
        // Vietnamese unit names often carry commas; Excel (vi-VN) saves with ';' and quotes nothing it needn't.
        var (rows, error) = await Csv(
            "Họ và tên;Email;Đơn vị;Chức vụ\n" +
            "Nguyễn Văn An;an.nguyen@example.vn;Sở Nội vụ, tỉnh Thanh Hóa;Phó Giám đốc, phụ trách\n" +
            "Trần Thị Bình;binh.tran@example.vn;Ban Dân vận, Đảng ủy xã Quảng Phú;Chuyên viên\n");

        Assert.Null(error);
        Assert.Equal(
            [
                Row(2, "Nguyễn Văn An", "an.nguyen@example.vn", "Sở Nội vụ, tỉnh Thanh Hóa", "Phó Giám đốc, phụ trách"),
                Row(3, "Trần Thị Bình", "binh.tran@example.vn", "Ban Dân vận, Đảng ủy xã Quảng Phú", "Chuyên viên"),
            ],
            rows);
    }

    [Fact]
    public async Task Header_aliases_ignore_case_diacritics_spaces_and_column_order()
    {
        var (rows, error) = await Csv("CHỨC VỤ;Thư điện tử;HỌ TÊN;Cơ quan\nGiám đốc;an@example.vn;An;Sở Tư pháp\n");

        Assert.Null(error);
        Assert.Equal([Row(2, "An", "an@example.vn", "Sở Tư pháp", "Giám đốc")], rows);
    }

    [Fact]
    public async Task Fields_are_trimmed_and_missing_trailing_fields_are_null()
    {
        var (rows, error) = await Csv("name,email,unit,position\n  An  ,  an@example.vn ,\nBình,binh@example.vn\n");

        Assert.Null(error);
        Assert.Equal("An", rows[0].Input.Name);
        Assert.Equal("an@example.vn", rows[0].Input.Email);
        Assert.True(string.IsNullOrEmpty(rows[0].Input.Unit));
        Assert.Null(rows[1].Input.Unit);
        Assert.Null(rows[1].Input.Position);
    }

    [Theory]
    [InlineData("Đơn vị;Email\nSở Nội vụ;an@example.vn\n")]
    [InlineData("Họ và tên;Đơn vị\nAn;Sở Nội vụ\n")]
    [InlineData("a;b;c\n1;2;3\n")]
    [InlineData("")]
    public async Task A_header_without_name_and_email_columns_is_an_error(string csv)
    {
        var (rows, error) = await Csv(csv);

        Assert.Empty(rows);
        Assert.NotNull(error);
        Assert.Contains("name", error, StringComparison.Ordinal);
        Assert.Contains("email", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_rows_carry_the_row_number_of_the_file_header_being_row_1()
    {
        var (rows, error) = await Csv(
            "Họ và tên;Email;Đơn vị;Chức vụ\n" +         // 1
            "Nguyễn Văn An;an.nguyen@example.vn;;\n" +   // 2 ok
            ";khong-ten@example.vn;;\n" +                // 3 no name
            "Trần Thị Bình;;;\n" +                        // 4 no email
            "Lê Văn Cường;cuong.le@@example;;\n" +        // 5 bad email
            "Phạm Thị Dung;dung@example.vn;;\n");         // 6 ok
        Assert.Null(error);

        var (valid, duplicates, rejected) = InviteeImport.Validate(rows, new HashSet<string>(StringComparer.Ordinal));

        Assert.Equal([2, 6], valid.Select(v => v.Row));
        Assert.Empty(duplicates);
        Assert.Equal(
            [(3, "Thiếu họ và tên (name) / name is required"), (4, "Thiếu email / email is required"), (5, "Email không hợp lệ / email is not a valid address")],
            Said(rejected));
    }

    [Fact]
    public async Task Row_numbers_stay_those_of_the_file_after_a_blank_line()
    {
        // Excel shows a blank line as an empty row: the organiser looks for the rejected row by its number.
        var (rows, error) = await Csv(
            "name;email\n" +            // 1
            "An;an@example.vn\n" +      // 2
            "\n" +                      // 3 blank
            "Bình;not-an-email\n");     // 4
        Assert.Null(error);

        var (_, _, rejected) = InviteeImport.Validate(rows, new HashSet<string>(StringComparer.Ordinal));

        Assert.Equal([2, 4], rows.Select(r => r.Row));
        Assert.Equal([(4, "Email không hợp lệ / email is not a valid address")], Said(rejected));
    }

    [Fact]
    public void Duplicates_are_found_case_insensitively_and_trimmed_within_the_list_and_against_existing()
    {
        var rows = new[]
        {
            Row(2, "An", "an.nguyen@example.vn"),
            Row(3, "An (lần 2)", "  AN.Nguyen@Example.VN "),
            Row(4, "Bình", "binh.tran@example.vn"),
            Row(5, "Cường", "Cuong.Le@example.vn"),
        };
        var existing = new HashSet<string>(["cuong.le@example.vn"], StringComparer.Ordinal);

        var (valid, duplicates, rejected) = InviteeImport.Validate(rows, existing);

        Assert.Empty(rejected);
        Assert.Equal([("An", "an.nguyen@example.vn", "an.nguyen@example.vn"), ("Bình", "binh.tran@example.vn", "binh.tran@example.vn")], valid.Select(v => (v.Name, v.Email, v.EmailKey)));
        Assert.Equal([new DuplicateRow(3, "AN.Nguyen@Example.VN"), new DuplicateRow(5, "Cuong.Le@example.vn")], duplicates);
        Assert.Equal(["cuong.le@example.vn"], existing); // the caller's set is not changed
    }

    [Fact]
    public void Valid_rows_are_trimmed_and_blank_unit_or_position_become_null()
    {
        var (valid, _, _) = InviteeImport.Validate([Row(1, "  Nguyễn Văn An ", "an@example.vn", "   ", " Chuyên viên ")], new HashSet<string>());

        var v = Assert.Single(valid);
        Assert.Equal("Nguyễn Văn An", v.Name);
        Assert.Null(v.Unit);
        Assert.Equal("Chuyên viên", v.Position);
    }

    [Fact]
    public void Over_long_fields_are_rejected_with_the_field_named()
    {
        var longText = new string('x', CourseValidation.MaxName + 1);
        var (valid, _, rejected) = InviteeImport.Validate(
            [Row(1, longText, "a@example.vn"), Row(2, "B", "b@example.vn", unit: longText), Row(3, "C", "c@example.vn", position: longText)],
            new HashSet<string>());

        Assert.Empty(valid);
        Assert.Equal(
            [(1, "Họ và tên (name) dài quá 200 ký tự / name is longer than 200 characters"), (2, "Đơn vị (unit) dài quá 200 ký tự / unit is longer than 200 characters"), (3, "Chức vụ (position) dài quá 200 ký tự / position is longer than 200 characters")],
            Said(rejected));
    }

    [Fact]
    public async Task A_json_array_is_numbered_from_1_and_null_items_are_rejected_rows()
    {
        var (rows, error) = await Json("""
            [
              {"name": "Nguyễn Văn An", "email": "an@example.vn", "unit": "Sở Nội vụ", "position": "Chuyên viên"},
              null,
              {"name": null, "email": "b@example.vn"},
              {"Name": "Lê Văn Cường", "Email": "cuong@example.vn"}
            ]
            """);

        Assert.Null(error);
        Assert.Equal(
            [
                Row(1, "Nguyễn Văn An", "an@example.vn", "Sở Nội vụ", "Chuyên viên"),
                Row(2, null, null),
                Row(3, null, "b@example.vn"),
                Row(4, "Lê Văn Cường", "cuong@example.vn"),
            ],
            rows);

        var (valid, _, rejected) = InviteeImport.Validate(rows, new HashSet<string>());
        Assert.Equal([1, 4], valid.Select(v => v.Row));
        Assert.Equal([(2, "Thiếu họ và tên (name) / name is required"), (3, "Thiếu họ và tên (name) / name is required")], Said(rejected));
    }

    [Theory]
    [InlineData("[{\"name\": \"An\", \"email\": ")]
    [InlineData("{\"name\": \"An\", \"email\": \"an@example.vn\"}")]
    [InlineData("\"an@example.vn\"")]
    [InlineData("not json")]
    [InlineData("null")]
    public async Task Invalid_json_is_one_error_and_no_rows(string json)
    {
        var (rows, error) = await Json(json);

        Assert.Empty(rows);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
