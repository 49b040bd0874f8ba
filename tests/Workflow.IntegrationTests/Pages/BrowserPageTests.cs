using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>
/// What every page test in a real browser needs: the local host on the collection's Azurite (<see cref="Host"/>) and
/// Debian's Chromium through Playwright (<see cref="Browser"/>), started before the class's tests and stopped after.
/// </summary>
public abstract class BrowserPageTests(AzuriteFixture azurite, LocalHostOptions? hostOptions = null) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    /// <summary>The collection's Azurite, for a test that reads or writes the tables directly.</summary>
    protected AzuriteFixture Azurite { get; } = azurite;

    protected LocalHostFixture Host { get; } = new(azurite, hostOptions);

    protected IBrowser Browser { get; private set; } = null!;

    /// <summary>A desktop browser as an official in Vietnam has it: 1366×768, vi-VN, Asia/Ho_Chi_Minh, downloads taken.</summary>
    protected Task<IBrowserContext> NewDesktopContextAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
            AcceptDownloads = true,
        });

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();

        // The suite runs page tests beside storage-heavy ones on two cores: an answer can take seconds, not milliseconds.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>
    /// Presses a form's submit button and returns once the browser shows the page that answers it: the navigation the
    /// click starts has reached DOMContentLoaded. Waiting for the old page's load state could return before the answer
    /// arrived; the answer's own page is what the test reads next. A minute allows for a loaded two-core machine.
    /// </summary>
    protected static async Task SubmitAsync(IPage page, string buttonName)
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAnswer(object? sender, IPage loaded) => answered.TrySetResult();
        page.DOMContentLoaded += OnAnswer;
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = buttonName }).ClickAsync(new() { Timeout = 60_000 });
            await answered.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            page.DOMContentLoaded -= OnAnswer;
        }
    }

    /// <summary>The path of a screenshot in docs/screens/ (re-rendered on each run, shown in docs/pages.md).</summary>
    protected static string Screen(string name)
    {
        var directory = Path.Combine(RepositoryRoot.Find(), "docs", "screens");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
