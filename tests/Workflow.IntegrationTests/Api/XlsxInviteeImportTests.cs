using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;
using static Workflow.Testing.Xlsx.XlsxFiles;

namespace Workflow.IntegrationTests.Api;

/// <summary>
/// Issue 18 item 5 on the running local host: the organiser posts an .xlsx list of invitees; the rows come through the
/// same pipeline as a CSV (per-row refusals with the row number Excel shows, duplicates, limits), and files that are
/// not what they claim are refused with a sentence naming the body, changing nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class XlsxInviteeImportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private readonly LocalHostFixture _host = new(azurite);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private Uri Url(string path) => new(_host.Host.BaseUrl + path);

    private async Task<HttpResponseMessage> PostAsync(string courseId, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await _host.Organiser.PostAsync(Url($"/api/courses/{courseId}/invitees"), content);
    }

    [Fact]
    public async Task An_xlsx_list_with_one_bad_row_imports_the_others_and_names_the_row_as_Excel_shows_it()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await _host.CreateCourseAsync("vi", start: false);
        var file = Workbook(
            Row(1, "DANH SÁCH ĐẠI BIỂU DỰ LỚP BỒI DƯỠNG") + Header(3) +
            Row(4, "Nguyễn Văn An", $"an.{tag}@sonoivu.tinh.example", "Sở Nội vụ", "Chuyên viên") +
            $"<row r=\"5\">{Inline("A5", "Trần Thị Bình")}{Inline("B5", $"binh.{tag}@sotuphap.tinh.example")}{Inline("C5", "Sở Tư pháp")}{Number("D5", "912345678", style: 2)}</row>" +
            Row(6, "Lê Văn Cường", "cuong@", "Hội Nông dân tỉnh", "Trưởng ban") +
            Row(7, "Phạm Thị Dung", $"dung.{tag}@tinhdoan.tinh.example", "Tỉnh đoàn", "Phó Bí thư") +
            Row(8, "Nguyễn Văn An", $"AN.{tag}@sonoivu.tinh.example", "Sở Nội vụ", "Chuyên viên"),
            merges: "<mergeCells count=\"1\"><mergeCell ref=\"A1:D1\"/></mergeCells>");

        var response = await PostAsync(id, file, XlsxType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(3, body["added"]!.GetValue<int>());
        var rejected = Assert.Single(body["rejected"]!.AsArray());
        Assert.Equal(6, rejected!["row"]!.GetValue<int>());
        Assert.Contains("Email", rejected["reason"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var duplicate = Assert.Single(body["duplicates"]!.AsArray());
        Assert.Equal(8, duplicate!["row"]!.GetValue<int>());

        var invitees = (await _host.Organiser.GetFromJsonAsync<JsonArray>(Url($"/api/courses/{id}/invitees")))!;
        Assert.Equal(["Nguyễn Văn An", "Phạm Thị Dung", "Trần Thị Bình"], invitees.Select(i => i!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("0912345678", invitees.Single(i => i!["name"]!.GetValue<string>() == "Trần Thị Bình")!["position"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_list_as_xlsx_and_as_csv_gets_the_same_answer_duplicates_and_refusals_included()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        (string, string, string, string)[] people =
        [
            ("Vũ Thị Hoa", $"hoa.{tag}@sokhoahoc.tinh.example", "Sở Khoa học và Công nghệ", "Chuyên viên"),
            ("Đỗ Minh Tuấn", $"tuan.{tag}@", "Sở Y tế", "Phó Giám đốc"),
            ("Vũ Thị Hoa", $" HOA.{tag}@sokhoahoc.tinh.example", "Sở Khoa học và Công nghệ", "Chuyên viên"),
            ("Hoàng Văn Nam", $"nam.{tag}@soyte.tinh.example", "Sở Y tế", "Trưởng phòng"),
        ];
        var csv = "Họ và tên;Email;Đơn vị;Chức vụ\r\n" + string.Concat(people.Select(p => $"{p.Item1};{p.Item2};{p.Item3};{p.Item4}\r\n"));
        var csvCourse = await _host.CreateCourseAsync("vi", start: false);
        var xlsxCourse = await _host.CreateCourseAsync("vi", start: false);

        var fromCsv = await (await PostAsync(csvCourse, Encoding.UTF8.GetBytes(csv), "text/csv")).Content.ReadAsStringAsync();
        var fromXlsx = await (await PostAsync(xlsxCourse, People(people), XlsxType)).Content.ReadAsStringAsync();

        Assert.Equal(fromCsv, fromXlsx);
        var answer = JsonNode.Parse(fromXlsx)!;
        Assert.Equal(2, answer["added"]!.GetValue<int>());
        Assert.Equal([4], answer["duplicates"]!.AsArray().Select(d => d!["row"]!.GetValue<int>()));
        Assert.Equal([3], answer["rejected"]!.AsArray().Select(d => d!["row"]!.GetValue<int>()));

        // The list again: everyone is a duplicate of the course's invitees now, as with CSV.
        var again = JsonNode.Parse(await (await PostAsync(xlsxCourse, People(people), XlsxType)).Content.ReadAsStringAsync())!;
        Assert.Equal(0, again["added"]!.GetValue<int>());
        Assert.Equal([2, 4, 5], again["duplicates"]!.AsArray().Select(d => d!["row"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("xls", XlsxType, "Excel 97-2003 (.xls)")]
    [InlineData("xls", "application/vnd.ms-excel", "Lưu thành (Save As) → Excel Workbook (.xlsx) hoặc CSV UTF-8")]
    [InlineData("csv", XlsxType, "nội dung là văn bản (CSV)")]
    [InlineData("zip", XlsxType, "không phải bảng tính Excel (.xlsx) đọc được")]
    [InlineData("bomb", XlsxType, "lớn hơn 32 MB")]
    [InlineData("xlsx", "text/csv", "Hãy đổi đuôi tệp thành .xlsx")]
    [InlineData("merged", XlsxType, "Dòng tiêu đề (dòng 1) có ô gộp A1:B1")]
    public async Task A_file_that_is_not_what_it_claims_is_refused_naming_the_body_and_nothing_changes(string kind, string contentType, string says)
    {
        var id = await _host.CreateCourseAsync("vi", start: false);
        var body = kind switch
        {
            "xls" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
            "csv" => Encoding.UTF8.GetBytes("Họ và tên,Email\nAn,an@sonoivu.tinh.example\n"),
            "zip" => Zip(("docProps/app.xml", "<Properties/>")),
            "bomb" => Workbook([new Workflow.Testing.Xlsx.TestSheet("Danh sách", Header() + "<row r=\"2\">" + new string(' ', 40 * 1024 * 1024) + "</row>")]),
            "merged" => Workbook(Row(1, "Họ và tên", null, "Email") + Row(2, "An", "an@sonoivu.tinh.example"), "<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"),
            _ => People(("Nguyễn Văn An", "an@sonoivu.tinh.example", "Sở Nội vụ", "Chuyên viên")),
        };

        var response = await PostAsync(id, body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(says, problem["errors"]!["body"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await _host.Organiser.GetFromJsonAsync<JsonArray>(Url($"/api/courses/{id}/invitees")))!);
    }

    private static byte[] Zip((string Name, string Text) part)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            Put(zip, part.Name, part.Text);
        }

        return buffer.ToArray();
    }
}
