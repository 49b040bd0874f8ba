using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;
using static Workflow.Testing.Xlsx.XlsxFiles;

namespace Workflow.IntegrationTests.Pages;

/// <summary>Issue 18 item 5 on the organiser's page in Chromium: an .xlsx list uploads like a CSV; an .xls is refused in words.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrganiserPageXlsxUploadTests(AzuriteFixture azurite) : BrowserPageTests(azurite, LocalHostFixture.Development)
{
    [Fact]
    public async Task An_organiser_uploads_an_xlsx_list_the_bad_row_is_named_and_an_old_xls_is_refused()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await Host.CreateCourseAsync("vi", start: false);
        var context = await NewDesktopContextAsync();
        await using var _ = context;
        var (page, errors) = await OpenOrganiserCourseAsync(context, id);
        var upload = page.GetByLabel("Nhập danh sách từ tệp Excel (.xlsx) hoặc CSV");

        var xls = new byte[1024];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(xls, 0);
        await upload.SetInputFilesAsync(new FilePayload { Name = "danh-sach.xls", MimeType = "application/vnd.ms-excel", Buffer = xls });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tải lên" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice, [role=alert]").Filter(new() { HasText = "Excel 97-2003" })).ToContainTextAsync("Excel Workbook (.xlsx) hoặc CSV UTF-8");

        var file = Workbook(
            Row(1, "DANH SÁCH ĐẠI BIỂU") + Header(3) +
            Row(4, "Nguyễn Văn An", $"an.{tag}@sonoivu.tinh.example", "Sở Nội vụ", "Chuyên viên") +
            Row(5, "Trần Thị Bình", "khong-phai-email", "Sở Tư pháp", "Phó phòng") +
            Row(6, "Lê Văn Cường", $"cuong.{tag}@hnd.tinh.example", "Hội Nông dân tỉnh", "Chuyên viên") +
            Row(7, "Nguyễn Văn An", $"an.{tag}@sonoivu.tinh.example", "Sở Nội vụ", "Chuyên viên"));
        await upload.SetInputFilesAsync(new FilePayload { Name = "danh-sach.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = file });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tải lên" }).ClickAsync();
        await Assertions.Expect(page.Locator("ul.row-errors li")).ToHaveTextAsync(["Dòng 5: Email không hợp lệ", $"Dòng 7: an.{tag}@sonoivu.tinh.example đã có trong danh sách"]);
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(2);
        Assert.Equal(2, (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!.Count);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-xlsx-upload.png") });
        Assert.Empty(errors);
    }
}
