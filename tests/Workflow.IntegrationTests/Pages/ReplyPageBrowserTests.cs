using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>The reply page in a real browser (Debian's Chromium), as an attendee opens it from the email on a phone.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplyPageBrowserTests(AzuriteFixture azurite) : BrowserPageTests(azurite)
{
    [Fact]
    public async Task An_attendee_declines_with_a_reason_then_changes_to_accept_on_a_phone()
    {
        var courseId = await Host.CreateCourseAsync("vi", start: true, ("Hoàng Thị Lan", "lan@sonoivu.tinh.example"));
        var link = await Host.WaitForLinkAsync("lan@sonoivu.tinh.example");

        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await page.GotoAsync(link);
        Assert.Equal("Trả lời thư mời", await page.TitleAsync());
        Assert.Contains("Đồng chí chưa trả lời thư mời này.", await page.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Bồi dưỡng kỹ năng dân vận", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        await page.GetByLabel("Từ chối tham dự").CheckAsync();
        await page.GetByLabel("Lý do từ chối").FillAsync("Trùng lịch họp HĐND");
        await SubmitAsync(page, "Gửi trả lời");
        Assert.Equal(
            "Đã ghi nhận: đồng chí từ chối tham dự. Lý do: Trùng lịch họp HĐND",
            (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal("declined", await StatusAsync(courseId));

        // Back on the link later: the page shows the recorded answer, and the person changes it.
        await page.GotoAsync(link);
        Assert.True(await page.GetByLabel("Từ chối tham dự").IsCheckedAsync());
        await page.GetByLabel("Nhận lời tham dự").CheckAsync();
        await SubmitAsync(page, "Gửi trả lời");
        Assert.Equal("Đã ghi nhận: đồng chí nhận lời tham dự.", (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal("accepted", await StatusAsync(courseId));

        var screenshots = Path.Combine(RepositoryRoot.Find(), "tests", "Workflow.IntegrationTests", "bin", "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "reply-page.png"), FullPage = true });
    }

    [Fact]
    public async Task An_english_course_speaks_english_for_accepting_and_handing_over()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var lan = $"lan.{tag}@sonoivu.tinh.example";
        var courseId = await Host.CreateCourseAsync("en", start: true, ("Hoàng Thị Lan", lan));
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 780 } });
        await page.GotoAsync(await Host.WaitForLinkAsync(lan));
        Assert.Equal("Reply to the invitation", await page.TitleAsync());
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        await page.GetByLabel("Accept").CheckAsync();
        await SubmitAsync(page, "Send reply");
        Assert.Equal("Recorded: you accepted the invitation.", (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Contains("You are registered: a seat is held for you.", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        await page.GetByLabel("Send a colleague instead").CheckAsync();
        await page.GetByLabel("Colleague's full name").FillAsync("Lê Thị Bình");
        await page.GetByLabel("Colleague's email").FillAsync($"binh.{tag}@sonoivu.tinh.example");
        await SubmitAsync(page, "Send reply");
        Assert.Equal($"Recorded: you sent Lê Thị Bình (binh.{tag}@sonoivu.tinh.example) in your place.", (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        var invitees = await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees");
        Assert.Equal("delegated", invitees!.Single(i => i!["email"]!.GetValue<string>() == lan)!["status"]!.GetValue<string>());
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"));
    }

    [Fact]
    public async Task A_tampered_link_shows_a_plain_not_valid_page()
    {
        await Host.CreateCourseAsync("vi", start: true, ("Đỗ Văn Minh", "minh@sotuphap.tinh.example"));
        var link = await Host.WaitForLinkAsync("minh@sotuphap.tinh.example");
        var page = await Browser.NewPageAsync();
        var response = await page.GotoAsync(link.Replace("/api/r/", "/api/r/x", StringComparison.Ordinal));
        Assert.Equal(404, response!.Status);
        Assert.Equal("Liên kết không hợp lệ", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator("form").CountAsync());
    }

    [Fact]
    public async Task After_a_cancellation_the_page_says_so_on_a_phone_and_offers_no_form()
    {
        var courseId = await Host.CreateCourseAsync("vi", start: true, ("Vũ Thị Hạnh", "hanh@sonoivu.tinh.example"));
        var link = await Host.WaitForLinkAsync("hanh@sonoivu.tinh.example");
        var cancel = await Host.Organiser.PostAsJsonAsync($"/api/courses/{courseId}/cancel", new { reason = "Trùng lịch Hội nghị Tỉnh ủy" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);

        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 740 } });
        var deadline = DateTime.UtcNow.AddSeconds(20); // the pages' course cache lives 5 s
        do
        {
            await page.GotoAsync(link);
        }
        while (!(await page.Locator("[role=status]").InnerTextAsync()).Contains("đã bị hủy", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal("Lớp học này đã bị hủy. Không cần trả lời thư mời.", (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator("form").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"), "no sideways scrolling at 360 px");
        Assert.Equal("pending", await StatusAsync(courseId));

        var screens = Path.Combine(RepositoryRoot.Find(), "docs", "screens");
        Directory.CreateDirectory(screens);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screens, "reply-page-cancelled.png"), FullPage = true });

        static async Task<bool> Delay()
        {
            await Task.Delay(500);
            return true;
        }
    }

    private async Task<string> StatusAsync(string courseId)
    {
        var invitees = await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees");
        return invitees![0]!["status"]!.GetValue<string>();
    }
}
