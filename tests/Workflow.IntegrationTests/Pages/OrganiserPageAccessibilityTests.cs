using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>
/// The organiser page's views checked with axe-core (WCAG 2.1 A and AA rules and axe's best practices) in Debian's
/// Chromium: sign-in, the course list, the course form with the API's errors, a course with invitees, a dialog, the
/// complaint board; on an office screen, then the board and a course on a phone. Also: the whole sign-in with a
/// script's key (the development key form) works from the keyboard. The views people see when signed in as
/// themselves (a leader's, the people list, a refusal) are checked in OrganiserPageSignInTests.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrganiserPageAccessibilityTests(AzuriteFixture azurite) : BrowserPageTests(azurite, LocalHostFixture.Development)
{
    private static async Task AssertNoViolationsAsync(IPage page, string view)
    {
        var result = await page.RunAxe();
        var found = result.Violations.Select(v =>
            $"{view}: {v.Id} ({v.Impact}) {v.Help} → {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    [Fact]
    public async Task Every_view_passes_axe_and_sign_in_works_from_the_keyboard()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await Host.CreateCourseAsync("vi", start: true, ("Nguyễn Văn An", $"an.{tag}@sonoivu.tinh.example"), ("Trần Thị Bình", $"binh.{tag}@sotuphap.tinh.example"));
        (await Host.Organiser.PostAsJsonAsync("/api/complaints", new
        {
            code = $"KN-{tag}",
            kind = "firstComplaint",
            receivedOn = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).AddDays(-9).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            handlingUnit = "UBND phường Hoa Lư",
            officerEmails = new[] { "thanhtra@hoalu.tinh.example" },
        })).EnsureSuccessStatusCode();

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "vi-VN" });
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Host.Host.BaseUrl}/api/organiser");
        await Assertions.Expect(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Đăng nhập", Exact = true })).ToBeFocusedAsync();

        // The checker itself sees a field without a label (so a clean result below means something).
        await page.EvaluateAsync("() => { const i = document.createElement('input'); i.id = 'unlabelled'; document.querySelector('main').append(i); }");
        Assert.Contains((await page.RunAxe()).Violations, v => v.Id == "label");
        await page.EvaluateAsync("() => document.getElementById('unlabelled').remove()");

        // Sign in with the keyboard only: the field has the focus, Enter submits.
        await page.GetByLabel("Khóa chức năng").FocusAsync();
        await AssertNoViolationsAsync(page, "sign-in");
        await page.Keyboard.TypeAsync(LocalHostProcess.OrganiserKey);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Khóa học", Exact = true })).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("tbody tr").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "course list");

        await page.GotoAsync($"{Host.Host.BaseUrl}/api/organiser#/courses/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo khóa học" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "course form with errors");

        await page.GotoAsync($"{Host.Host.BaseUrl}/api/organiser#/courses/{id}");
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-count=invited]")).ToHaveTextAsync("2");
        await AssertNoViolationsAsync(page, "course");

        await page.Locator("tr[data-invitee]").First.GetByRole(AriaRole.Button, new() { Name = "Ghi trả lời…" }).ClickAsync();
        await Assertions.Expect(page.Locator("dialog[open]")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "reply dialog");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);

        await page.GotoAsync($"{Host.Host.BaseUrl}/api/organiser#/complaints");
        await Assertions.Expect(page.Locator($"tr[data-case='KN-{tag}']")).ToBeVisibleAsync();
        await page.GetByText("Đăng ký vụ việc").ClickAsync();
        await AssertNoViolationsAsync(page, "complaint board");

        // On a phone.
        await page.SetViewportSizeAsync(390, 844);
        await AssertNoViolationsAsync(page, "complaint board on a phone");
        await page.GotoAsync($"{Host.Host.BaseUrl}/api/organiser#/courses/{id}");
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(2);
        await AssertNoViolationsAsync(page, "course on a phone");
    }
}
