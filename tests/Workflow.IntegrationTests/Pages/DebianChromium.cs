using Microsoft.Playwright;

namespace Workflow.IntegrationTests.Pages;

/// <summary>Launches Debian's chromium the way these machines need it (shared/notes/browser-tests.md): no browser download, no background networking.</summary>
internal static class DebianChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }
}
