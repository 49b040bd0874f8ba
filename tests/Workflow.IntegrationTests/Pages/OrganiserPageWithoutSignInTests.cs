using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>
/// The organiser's page on a host where nobody can sign in as a person (the local host outside Development: no
/// development sign-in, and Easy Auth's headers are never read there), as on Azure with authentication off: the page
/// says sign-in is not turned on and offers neither a sign-in button nor the key form (scripts' keys are typed into
/// the page in Development only; on Azure the form is gone).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrganiserPageWithoutSignInTests(AzuriteFixture azurite) : BrowserPageTests(azurite)
{
    [Fact]
    public async Task The_page_offers_no_key_form_and_no_sign_in_where_nobody_can_sign_in()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN" });
        await using var _ = context;
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{Host.Host.BaseUrl}/api/organiser");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đăng nhập" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Máy chủ này chưa bật đăng nhập");
        await Assertions.Expect(page.GetByLabel("Khóa chức năng")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main a, main button, main input")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-key-form", "false");
        Assert.Null(await page.Locator("body").GetAttributeAsync("data-sign-in"));
        Assert.Empty(errors);
    }
}
