using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Testing.Qr;

namespace Workflow.IntegrationTests.Pages;

/// <summary>The attendee's check-in page in a real browser (Debian's Chromium) on a 360 px phone: inside and outside the window, and its QR code.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CheckInPageBrowserTests(AzuriteFixture azurite) : BrowserPageTests(azurite)
{
    [Fact]
    public async Task Inside_the_window_the_attendee_checks_in_once_and_the_qr_code_on_the_page_is_his_link()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"hanh.{tag}@sotuphap.tinh.example";
        var now = DateTimeOffset.UtcNow;
        var created = await Host.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng kỹ năng dân vận",
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = now.AddMinutes(30), end = now.AddHours(3) }, new { start = now.AddDays(1), end = now.AddDays(1).AddHours(3) } },
            rsvpDeadline = now.AddMinutes(20),
            organiserEmails = new[] { "bandanvan@tinh.example" },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var link = await CheckInLinkAsync(id, email);

        var page = await PhoneAsync();
        await page.GotoAsync(link);
        Assert.Equal("Điểm danh", await page.TitleAsync());
        Assert.Contains("Đang mở điểm danh buổi 1", await page.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Nguyễn Thị Hạnh", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // The QR code drawn on the page decodes back to this very link.
        Assert.Equal(link, await ShownQrAsync(page));

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("checkin-open.png"), FullPage = true });

        await SubmitAsync(page, "Điểm danh");
        Assert.Matches(RecordedRegex(), (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Điểm danh" }).CountAsync());
        Assert.Contains("có mặt", await page.Locator("ol li").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("checkin-done.png"), FullPage = true });

        // Opening the link again (a scanner, a reload) changes nothing and says he is checked in.
        await page.GotoAsync(link);
        Assert.Contains("Đồng chí đã điểm danh buổi 1", await page.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        var invitee = (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!.Single()!;
        Assert.Equal("""["present",null]""", invitee["attendance"]!.ToJsonString());
        Assert.Single(invitee["audit"]!.AsArray(), a => a!["what"]!.GetValue<string>() == "present");
    }

    [Fact]
    public async Task Outside_the_window_there_is_no_button_and_the_page_says_when_check_in_opens()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"viet.{tag}@sotuphap.tinh.example";
        var id = await Host.CreateCourseAsync("vi", start: false); // the session is three days away
        var link = await CheckInLinkAsync(id, email);

        var page = await PhoneAsync();
        await page.GotoAsync(link);
        Assert.StartsWith("Chưa đến giờ điểm danh: buổi 1 mở điểm danh lúc", (await page.Locator("[role=status]").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Điểm danh" }).CountAsync());
        Assert.Equal(link, await ShownQrAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("checkin-not-yet.png"), FullPage = true });

        // A crafted POST is refused the same way; nothing is recorded.
        using var client = new HttpClient();
        var response = await client.PostAsync(new Uri(link), new FormUrlEncodedContent([new("answer", "checkin")]));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Chưa đến giờ điểm danh", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("[null]", (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!.Single()!["attendance"]!.ToJsonString());
    }

    /// <summary>Adds one person, starts the course, accepts for him, and reads his check-in link off his reply page.</summary>
    private async Task<string> CheckInLinkAsync(string id, string email)
    {
        var name = email.StartsWith("hanh", StringComparison.Ordinal) ? "Nguyễn Thị Hạnh" : "Trần Quốc Việt";
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/invitees", new[] { new { name, email, unit = "Sở Tư pháp" } })).EnsureSuccessStatusCode();
        (await Host.Organiser.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var reply = await Host.WaitForLinkAsync(email);
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/replies", new { email, answer = "accept" })).EnsureSuccessStatusCode();
        var page = await PhoneAsync();
        await page.GotoAsync(reply);
        var link = await page.Locator("#checkin-qr + p a").GetAttributeAsync("href");
        Assert.Equal(link, await ShownQrAsync(page)); // the accepted person's reply page shows the same code
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("reply-accepted-checkin.png"), FullPage = true });
        await page.CloseAsync();
        return link!;
    }

    /// <summary>
    /// What the QR code the page shows decodes to: the image has loaded in the page (the phone drew it), and the same
    /// image, fetched again at its address, is a PNG the phone may keep.
    /// </summary>
    private static async Task<string?> ShownQrAsync(IPage page)
    {
        var image = page.Locator("#checkin-qr");
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 100);
        var response = await page.APIRequest.GetAsync((await image.GetAttributeAsync("src"))!);
        Assert.Equal((200, "image/png"), (response.Status, response.Headers["content-type"]));
        Assert.Contains("immutable", response.Headers["cache-control"], StringComparison.Ordinal);
        return QrDecoding.Decode(await response.BodyAsync());
    }

    private async Task<IPage> PhoneAsync() =>
        await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 740 } });


    [GeneratedRegex(@"^Đã điểm danh buổi 1 lúc .+\d\d:\d\d\. Cảm ơn đồng chí\.$")]
    private static partial Regex RecordedRegex();
}
