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

    /// <summary>
    /// A new page in <paramref name="context"/> on the organiser's page of course <paramref name="courseId"/>, signed in
    /// with the organiser key; the page's script errors are collected in <c>Errors</c> (a test ends by asserting there
    /// were none).
    /// </summary>
    protected async Task<(IPage Page, List<string> Errors)> OpenOrganiserCourseAsync(IBrowserContext context, string courseId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{Host.Host.BaseUrl}/api/organiser#/courses/{courseId}");
        await page.GetByLabel("Khóa chức năng").FillAsync(LocalHostProcess.OrganiserKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        return (page, errors);
    }

    /// <summary>The path of a screenshot in docs/screens/ (re-rendered on each run, shown in docs/pages.md).</summary>
    protected static string Screen(string name)
    {
        var directory = Path.Combine(RepositoryRoot.Find(), "docs", "screens");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
