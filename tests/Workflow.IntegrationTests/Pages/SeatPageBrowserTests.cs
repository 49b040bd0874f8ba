using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>Seats on the reply page in Debian's Chromium (issue 8): a full course puts the person on the waitlist with
/// the position shown; when someone declines, the first waiting person's page says he is registered.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SeatPageBrowserTests(AzuriteFixture azurite) : BrowserPageTests(azurite)
{
    private async Task<string> FullCourseAsync(int capacity, params (string Name, string Email)[] people)
    {
        var now = DateTimeOffset.UtcNow;
        var created = await Host.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng kỹ năng dân vận",
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = now.AddDays(3), end = now.AddDays(3).AddHours(3) } },
            rsvpDeadline = now.AddDays(2),
            capacity,
            organiserEmails = new[] { "bandanvan@tinh.example" },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/invitees", people.Select(p => new { name = p.Name, email = p.Email, unit = "Sở Nội vụ" }))).EnsureSuccessStatusCode();
        (await Host.Organiser.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<IPage> PhoneAsync(string link)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 780 } });
        await page.GotoAsync(link);
        return page;
    }

    private static async Task AnswerAsync(IPage page, string label, string? reason = null)
    {
        await page.GetByLabel(label).CheckAsync();
        if (reason is not null)
        {
            await page.GetByLabel("Lý do từ chối").FillAsync(reason);
        }

        await SubmitAsync(page, "Gửi trả lời");
    }

    [Fact]
    public async Task Accepting_a_full_course_shows_the_waitlist_position_and_a_decline_promotes_the_first_waiting()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var lan = $"lan.{tag}@sonoivu.tinh.example";
        var minh = $"minh.{tag}@sonoivu.tinh.example";
        var hoa = $"hoa.{tag}@sonoivu.tinh.example";
        await FullCourseAsync(1, ("Hoàng Thị Lan", lan), ("Đỗ Văn Minh", minh), ("Vũ Thị Hoa", hoa));

        var lanPage = await PhoneAsync(await Host.WaitForLinkAsync(lan));
        await AnswerAsync(lanPage, "Nhận lời tham dự");
        Assert.Equal("Đã ghi nhận: đồng chí nhận lời tham dự.", (await lanPage.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Contains("Đồng chí đã đăng ký", await lanPage.InnerTextAsync("main"), StringComparison.Ordinal);

        var minhLink = await Host.WaitForLinkAsync(minh);
        var minhPage = await PhoneAsync(minhLink);
        await AnswerAsync(minhPage, "Nhận lời tham dự");
        Assert.Equal(
            "Đã ghi nhận: lớp học đã đủ chỗ, đồng chí đang trong danh sách chờ, vị trí 1. Khi có chỗ trống, đồng chí sẽ được báo qua email.",
            (await minhPage.Locator("[role=status]").InnerTextAsync()).Trim());

        var hoaPage = await PhoneAsync(await Host.WaitForLinkAsync(hoa));
        await AnswerAsync(hoaPage, "Nhận lời tham dự");
        Assert.Contains("vị trí 2", await hoaPage.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        await hoaPage.GotoAsync(hoaPage.Url);
        Assert.Equal("Lớp học đã đủ chỗ: đồng chí đang trong danh sách chờ, vị trí 2.", (await hoaPage.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.True(await hoaPage.GetByLabel("Nhận lời tham dự").IsCheckedAsync());
        Assert.True(await hoaPage.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"));
        await hoaPage.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("reply-waitlisted.png"), FullPage = true });

        // Lan declines: Minh, first waiting, gets the seat; Hoa moves up to position 1.
        await lanPage.GotoAsync(lanPage.Url);
        await AnswerAsync(lanPage, "Từ chối tham dự", "Trùng lịch họp HĐND");
        await minhPage.GotoAsync(minhLink);
        Assert.Equal("Đồng chí đã nhận lời tham dự.", (await minhPage.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Contains("Đồng chí đã đăng ký: chỗ ngồi đã được giữ cho đồng chí.", await minhPage.InnerTextAsync("main"), StringComparison.Ordinal);
        await hoaPage.GotoAsync(hoaPage.Url);
        Assert.Contains("vị trí 1.", await hoaPage.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        await minhPage.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("reply-promoted.png"), FullPage = true });
    }

    [Fact]
    public async Task Handing_the_seat_to_a_colleague_invites_him_with_the_seat_kept_and_closes_the_original_link()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var lan = $"lan.{tag}@sonoivu.tinh.example";
        var binh = $"binh.{tag}@sonoivu.tinh.example";
        await FullCourseAsync(1, ("Hoàng Thị Lan", lan));
        var lanLink = await Host.WaitForLinkAsync(lan);
        var lanPage = await PhoneAsync(lanLink);
        await AnswerAsync(lanPage, "Nhận lời tham dự");

        // Handing to oneself is refused; what was typed stays in the form.
        await lanPage.GetByLabel("Cử đồng chí khác tham dự thay").CheckAsync();
        await lanPage.GetByLabel("Họ và tên người tham dự thay").FillAsync("Hoàng Thị Lan");
        await lanPage.GetByLabel("Email người tham dự thay").FillAsync(lan.ToUpperInvariant());
        await SubmitAsync(lanPage, "Gửi trả lời");
        Assert.Equal("Không thể cử chính mình tham dự thay.", (await lanPage.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal("Hoàng Thị Lan", await lanPage.GetByLabel("Họ và tên người tham dự thay").InputValueAsync());

        await lanPage.GetByLabel("Họ và tên người tham dự thay").FillAsync("Lê Thị Bình");
        await lanPage.GetByLabel("Email người tham dự thay").FillAsync(binh);
        await lanPage.GetByLabel("Đơn vị (để trống nếu cùng đơn vị)").FillAsync("Sở Nội vụ");
        Assert.True(await lanPage.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"));
        await lanPage.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("reply-delegate.png"), FullPage = true });
        await SubmitAsync(lanPage, "Gửi trả lời");
        Assert.Equal($"Đã ghi nhận: đồng chí cử đồng chí Lê Thị Bình ({binh}) tham dự thay.", (await lanPage.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(0, await lanPage.Locator("form").CountAsync());

        // The original link now says whom the invitation went to, and offers no form.
        await lanPage.GotoAsync(lanLink);
        Assert.Equal("Đồng chí đã cử đồng chí Lê Thị Bình tham dự thay.", (await lanPage.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(0, await lanPage.Locator("form").CountAsync());

        // The colleague gets his own invitation; his page says the seat is kept for him.
        var binhPage = await PhoneAsync(await Host.WaitForLinkAsync(binh));
        Assert.Contains("Đồng chí đã đăng ký: chỗ ngồi đã được giữ cho đồng chí.", await binhPage.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.True(await binhPage.GetByLabel("Nhận lời tham dự").IsCheckedAsync());
    }

}
