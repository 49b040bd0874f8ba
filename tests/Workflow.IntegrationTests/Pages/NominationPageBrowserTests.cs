using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;
using static Workflow.Testing.Xlsx.XlsxFiles;

namespace Workflow.IntegrationTests.Pages;

/// <summary>The unit contact's nomination page in a real browser (Debian's Chromium) on a 360 px phone.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NominationPageBrowserTests(AzuriteFixture azurite) : BrowserPageTests(azurite)
{
    [Fact]
    public async Task A_unit_contact_names_two_of_three_on_a_phone_and_is_refused_over_the_quota()
    {
        var (tag, courseId, link, page) = await NominationPageOnPhoneAsync();
        Assert.Equal("Cử cán bộ tham dự lớp học", await page.TitleAsync());
        Assert.Contains("được cử tối đa 3 người, hiện đã cử 0", await page.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("fieldset").CountAsync());

        var names = page.GetByLabel("Họ và tên");
        var emails = page.GetByLabel("Email");
        var positions = page.GetByLabel("Chức vụ");
        await names.Nth(0).FillAsync("Nguyễn Thị Hạnh");
        await emails.Nth(0).FillAsync($"hanh.{tag}@sotuphap.tinh.example");
        await positions.Nth(0).FillAsync("Phó Chánh Văn phòng");
        await names.Nth(1).FillAsync("Trần Quốc Việt");
        await emails.Nth(1).FillAsync($"viet.{tag}@sotuphap.tinh.example");
        await positions.Nth(1).FillAsync("Chuyên viên");
        await SubmitAsync(page, "Gửi danh sách");
        Assert.StartsWith("Đã ghi nhận danh sách: 2/3 người.", (await page.Locator("[role=status]").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Contains("Trần Quốc Việt, Chuyên viên", await page.Locator("ul.people").InnerTextAsync(), StringComparison.Ordinal);
        var invitees = await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees");
        Assert.Equal(2, invitees!.Count);
        Assert.All(invitees, i => Assert.Equal("Sở Tư pháp", i!["unit"]!.GetValue<string>()));

        // Nothing overflows a 360 px screen.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        var screens = Path.Combine(RepositoryRoot.Find(), "docs", "screens");
        Directory.CreateDirectory(screens);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screens, "nomination.png"), FullPage = true });

        // A browser cannot add a fourth row, but a crafted form can: refused, nothing changes.
        using var client = new HttpClient();
        using var crafted = new FormUrlEncodedContent(
        [
            new("answer", "nominate"), new("name", "A"), new("email", $"a.{tag}@x.example"), new("name", "B"), new("email", $"b.{tag}@x.example"),
            new("name", "C"), new("email", $"c.{tag}@x.example"), new("name", "D"), new("email", $"d.{tag}@x.example"),
        ]);
        var response = await client.PostAsync(new Uri(link), crafted);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("tối đa 3 người", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!.Count);
    }

    /// <summary>Issue 18 item 5: the unit sends its list as an .xlsx from a phone; a renamed .xls gets a plain sentence.</summary>
    [Fact]
    public async Task A_unit_uploads_an_xlsx_list_on_a_phone_and_a_renamed_xls_is_refused_in_a_plain_sentence()
    {
        var (tag, courseId, _, page) = await NominationPageOnPhoneAsync();
        var file = page.GetByLabel("Tệp danh sách");

        // An old Excel file renamed .xlsx: refused, in words, nothing changes.
        var xls = new byte[2048];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(xls, 0);
        await file.SetInputFilesAsync(new FilePayload { Name = "danh-sach.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = xls });
        await SubmitAsync(page, "Tải tệp lên");
        var refusal = (await page.Locator("[role=status]").InnerTextAsync()).Trim();
        Assert.StartsWith("Chưa ghi nhận tệp danh-sach.xlsx: Tệp là bảng tính Excel 97-2003 (.xls)", refusal, StringComparison.Ordinal);
        Assert.Contains("Lưu thành (Save As) → Excel Workbook (.xlsx) hoặc CSV UTF-8", refusal, StringComparison.Ordinal);
        Assert.Empty((await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!);

        // A list with a bad row: nothing changes, the row is named as Excel shows it.
        var bad = Workbook(
            Row(1, "DANH SÁCH CÁN BỘ ĐƯỢC CỬ") + Row(2, "Họ và tên", "Email", "Chức vụ") +
            Row(3, "Nguyễn Thị Hạnh", $"hanh.{tag}@sotuphap.tinh.example", "Phó Chánh Văn phòng") + Row(4, "Trần Quốc Việt", "viet@", "Chuyên viên"));
        await file.SetInputFilesAsync(new FilePayload { Name = "cu-can-bo.xlsx", MimeType = "application/octet-stream", Buffer = bad });
        await SubmitAsync(page, "Tải tệp lên");
        Assert.StartsWith("Chưa có thay đổi nào", (await page.Locator("[role=status]").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.StartsWith("Dòng 4 trong tệp: ", (await page.Locator("p.notice").Nth(1).InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Empty((await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!);

        // The list fixed: the unit's nominees, with the unit's name whatever the file says.
        var good = Workbook(
            Row(1, "DANH SÁCH CÁN BỘ ĐƯỢC CỬ") + Row(2, "Họ và tên", "Email", "Chức vụ", "Đơn vị") +
            Row(3, "Nguyễn Thị Hạnh", $"hanh.{tag}@sotuphap.tinh.example", "Phó Chánh Văn phòng", "Khác") +
            Row(4, "Trần Quốc Việt", $"viet.{tag}@sotuphap.tinh.example", "Chuyên viên"));
        await file.SetInputFilesAsync(new FilePayload { Name = "cu-can-bo.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = good });
        await SubmitAsync(page, "Tải tệp lên");
        Assert.StartsWith("Đã ghi nhận danh sách: 2/3 người.", (await page.Locator("[role=status]").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Contains("Trần Quốc Việt, Chuyên viên", await page.Locator("ul.people").InnerTextAsync(), StringComparison.Ordinal);
        var invitees = (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!;
        Assert.Equal(2, invitees.Count);
        Assert.All(invitees, i => Assert.Equal("Sở Tư pháp", i!["unit"]!.GetValue<string>()));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("nomination-upload.png"), FullPage = true });
    }

    /// <summary>
    /// A course with one unit, Sở Tư pháp (quota 3), whose contact (<c>vanphong.{tag}@…</c>) gets the nomination link when
    /// the course starts; the link opened on a 360 px phone.
    /// </summary>
    private async Task<(string Tag, string CourseId, string Link, IPage Page)> NominationPageOnPhoneAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var contact = $"vanphong.{tag}@sotuphap.tinh.example";
        var courseId = await Host.CreateCourseAsync("vi", start: false);
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{courseId}/units", new[] { new { unit = "Sở Tư pháp", contactEmail = contact, quota = 3 } }))
            .EnsureSuccessStatusCode();
        (await Host.Organiser.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var link = await Host.WaitForLinkAsync(contact);
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 740 } });
        await page.GotoAsync(link);
        return (tag, courseId, link, page);
    }
}
