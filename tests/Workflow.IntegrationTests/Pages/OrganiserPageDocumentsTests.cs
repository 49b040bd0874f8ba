using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>
/// Issue 18 on the organiser's page in Debian's Chromium: a reschedule onto a Saturday is saved and the page shows the
/// API's warning in the course's words; the session's sign-in sheet downloads as a PDF naming the session's new day.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrganiserPageDocumentsTests(AzuriteFixture azurite) : BrowserPageTests(azurite, LocalHostFixture.Development)
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    [Fact]
    public async Task A_reschedule_onto_a_Saturday_shows_its_warning_and_the_sign_in_sheet_downloads()
    {
        var tuesday = new DateTimeOffset(2027, 3, 16, 8, 0, 0, Vn);
        var created = await Host.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Kỹ năng tiếp dân " + Guid.NewGuid().ToString("N")[..6],
            venue = "Hội trường A",
            sessions = new[] { new { start = tuesday, end = tuesday.AddHours(3) } },
            rsvpDeadline = tuesday.AddDays(-7),
            organiserEmails = new[] { "bandanvan@tinh.example" },
        });
        created.EnsureSuccessStatusCode();
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Empty(body["warnings"]!.AsArray());
        var id = body["id"]!.GetValue<string>();
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/invitees", new[]
        {
            new { name = "Nguyễn Thị Hằng", email = $"hang.{id}@sonoivu.tinh.example", unit = "Sở Nội vụ" },
        })).EnsureSuccessStatusCode();

        var (context, page, errors) = await SignedInCourseAsync(id);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sửa / dời lịch" }).ClickAsync();
        var session = page.Locator("li.session-row").First;
        await session.GetByLabel("Bắt đầu").FillAsync("2027-03-13T08:00");
        await session.GetByLabel("Kết thúc").FillAsync("2027-03-13T11:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();

        var warning = page.Locator(".schedule-warnings");
        await Assertions.Expect(warning).ToContainTextAsync("Buổi 1 (Thứ Bảy, 13/03/2027) rơi vào ngày nghỉ cuối tuần.");
        var course = await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{id}");
        Assert.Equal(new DateTimeOffset(2027, 3, 13, 1, 0, 0, TimeSpan.Zero), course!["sessions"]![0]!["start"]!.GetValue<DateTimeOffset>());

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Danh sách ký nhận buổi 1 (PDF)" }).ClickAsync());
        using (var document = PdfDocument.Open(await File.ReadAllBytesAsync((await download.PathAsync())!)))
        {
            var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("DANH SÁCH KÝ NHẬN", text, StringComparison.Ordinal);
            Assert.Contains("Buổi 1/1: Thứ Bảy, 13/03/2027, 08:00 – 11:00", text, StringComparison.Ordinal);
        }

        // Shown once: the course view opened again (through the list) has no warning; the report's PDF is offered.
        await page.EvaluateAsync("() => { location.hash = '#/courses'; }");
        await page.EvaluateAsync($"() => {{ location.hash = '#/courses/{id}'; }}");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Báo cáo kết quả (PDF)" })).ToBeVisibleAsync();
        await Assertions.Expect(warning).ToHaveCountAsync(0);
        Assert.Empty(errors);
        await context.CloseAsync();
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> SignedInCourseAsync(string id)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "vi-VN", AcceptDownloads = true });
        var (page, errors) = await OpenOrganiserCourseAsync(context, id);
        return (context, page, errors);
    }
}
