using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>
/// Issue 17's journeys through the organiser's page in Debian's Chromium, signed in as people through the local host's
/// development sign-in (Development, loopback, the demo people of LocalHost/demo-people.json): an organiser runs a
/// course and signs out; an officer of one unit sees and acts on that unit's cases only (the other unit's case is
/// absent from the board and answers 404 to his session); a leader reads courses and the whole board with no action
/// offered; an administrator adds a person from the page, and that person, removed mid-session, is refused on the next
/// load with words that name whom to ask. Each view is checked with axe-core.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class OrganiserPageSignInTests(AzuriteFixture azurite) : BrowserPageTests(azurite, Options)
{
    private const string Administrator = "quantri@demo.local";
    private const string HaiChau = "UBND phường Hải Châu";
    private const string Inspectorate = "Thanh tra tỉnh";

    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static readonly LocalHostOptions Options = LocalHostFixture.Development with
    {
        Environment = new Dictionary<string, string>(LocalHostFixture.Development.Environment!, StringComparer.Ordinal)
        {
            ["Workflow__Access__Administrators"] = Administrator,
        },
    };

    private string BaseUrl => Host.Host.BaseUrl;

    [Fact]
    public async Task An_organiser_signs_in_as_herself_runs_a_course_and_signs_out()
    {
        var (context, page, errors) = await SignedInAsync("Nguyễn Thu Hà");
        await using var _ = context;

        // Her name and role in the header, the courses and no complaint board; the key form is not shown once signed in.
        await Expect(page.Locator("[data-who]")).ToHaveTextAsync("Nguyễn Thu Hà · người tổ chức");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Khóa học", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Đơn thư" })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Khóa chức năng")).ToHaveCountAsync(0);
        await AssertNoViolationsAsync(page, "course list, organiser");
        await page.Locator("header.top").ScreenshotAsync(new LocatorScreenshotOptions { Path = Screen("organiser-signed-in.png") });

        // Create, add an invitee, start: every change from the cookie session passes the cross-site check.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var title = $"Kỹ năng vận động quần chúng {tag}";
        var now = DateTimeOffset.UtcNow;
        await page.GetByRole(AriaRole.Link, new() { Name = "Tạo khóa học" }).ClickAsync();
        await page.GetByLabel("Tên khóa học").FillAsync(title);
        await page.GetByLabel("Địa điểm").FillAsync("Hội trường Ban Dân vận Tỉnh ủy");
        await page.GetByLabel("Bắt đầu", new() { Exact = true }).FillAsync(LocalInput(now.AddDays(3)));
        await page.GetByLabel("Kết thúc", new() { Exact = true }).FillAsync(LocalInput(now.AddDays(3).AddHours(3)));
        await page.GetByLabel("Hạn trả lời", new() { Exact = true }).FillAsync(LocalInput(now.AddDays(2)));
        await page.GetByLabel("Email người tổ chức").FillAsync("bandanvan@tinh.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo khóa học" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        var courseId = CourseIdPattern().Match(page.Url).Groups[1].Value;

        var an = $"an.{tag}@sonoivu.tinh.example";
        await page.GetByLabel("Họ và tên").FillAsync("Nguyễn Văn An");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(an);
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm", Exact = true }).ClickAsync();
        await Expect(page.Locator($"tr[data-invitee='{an}']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu gửi thư mời" }).ClickAsync();
        await Expect(page.Locator(".course-head .badge")).ToHaveTextAsync("Đang mời");
        await Host.WaitForLinkAsync(an);
        var course = await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}");
        Assert.Equal("inviting", course!["phase"]!.GetValue<string>());

        // The same change with her cookie from another site is refused (the page's own calls carry its origin).
        var forged = await page.APIRequest.PostAsync($"{BaseUrl}/api/courses/{courseId}/cancel", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["Origin"] = "https://evil.example" },
            DataObject = new { reason = "x" },
        });
        Assert.Equal(403, forged.Status);
        Assert.Equal("inviting", (await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}"))!["phase"]!.GetValue<string>());

        // Sign out: the development sign-out, then the page asks to sign in again with the host's own sign-in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/api/dev/signin$"));
        await page.GotoAsync($"{BaseUrl}/api/organiser");
        var signIn = page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Đăng nhập", Exact = true });
        await Expect(signIn).ToHaveAttributeAsync("href", "/api/dev/signin");
        await Expect(signIn).ToBeFocusedAsync();
        await Expect(page.Locator("[data-who]")).ToHaveCountAsync(0);
        // Development: the key form for scripts' keys is offered too.
        await Expect(page.GetByLabel("Khóa chức năng")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "sign-in");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_officer_sees_and_acts_on_his_own_units_cases_only()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var own = await RegisterCaseAsync($"HC-{tag}", HaiChau);
        var other = await RegisterCaseAsync($"TT-{tag}", Inspectorate);

        var (context, page, errors) = await SignedInAsync("Lê Văn Minh");
        await using var _ = context;
        await Expect(page.Locator("[data-who]")).ToHaveTextAsync("Lê Văn Minh · cán bộ xử lý đơn");

        // His first view is the board (no courses for an officer); his unit's case is there, the other unit's is not.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đơn thư: hạn xử lý" })).ToBeVisibleAsync();
        await Expect(page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Khóa học" })).ToHaveCountAsync(0);
        var row = page.Locator($"tr[data-case='HC-{tag}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-case='TT-{tag}']")).ToHaveCountAsync(0);
        var units = await page.Locator("tr[data-case] td:nth-of-type(5)").AllInnerTextsAsync();
        // Every case shown is of his unit, however its register wrote the name (other tests share the tables).
        Assert.All(units, u => Assert.Equal(Workflow.Units.UnitKeys.Normalize(HaiChau), Workflow.Units.UnitKeys.Normalize(u)));
        await AssertNoViolationsAsync(page, "complaint board, officer");

        // He accepts his case from the page.
        await row.GetByRole(AriaRole.Button, new() { Name = "Thụ lý" }).ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận" }).ClickAsync();
        await Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
        await Expect(page.Locator(".action-status")).ToContainTextAsync($"Đã ghi nhận cho vụ việc HC-{tag}.");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Thụ lý" })).ToHaveCountAsync(0);
        var accepted = await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/complaints/{own}");
        Assert.NotNull(accepted!["acceptedOn"]);

        // The other unit's case answers 404 to his session, as if it did not exist; his own answers 200.
        Assert.Equal(404, await page.EvaluateAsync<int>("id => fetch(`/api/complaints/${id}`).then(r => r.status)", other));
        Assert.Equal(200, await page.EvaluateAsync<int>("id => fetch(`/api/complaints/${id}`).then(r => r.status)", own));
        var byRequest = await page.APIRequest.GetAsync($"{BaseUrl}/api/complaints/{other}");
        Assert.Equal(404, byRequest.Status);

        // Courses are not his: the address of the list says so instead of showing it.
        await page.GotoAsync($"{BaseUrl}/api/organiser#/courses");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Không có quyền xem mục này" })).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_leader_reads_courses_and_the_whole_board_and_is_offered_no_action()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var courseId = await Host.CreateCourseAsync("vi", start: true, ("Nguyễn Văn An", $"an.{tag}@sonoivu.tinh.example"), ("Trần Thị Bình", $"binh.{tag}@sotuphap.tinh.example"));
        await RegisterCaseAsync($"HC-{tag}", HaiChau);
        await RegisterCaseAsync($"TT-{tag}", Inspectorate, kind: "denunciation");

        var (context, page, errors) = await SignedInAsync("Hoàng Văn Sơn");
        await using var _ = context;
        await Expect(page.Locator("[data-who]")).ToHaveTextAsync("Hoàng Văn Sơn · lãnh đạo");

        // The course list without "create".
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Khóa học", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tạo khóa học" })).ToHaveCountAsync(0);

        // A course: its facts, progress, invitees and downloads (reports), and nothing that changes it.
        await page.GotoAsync($"{BaseUrl}/api/organiser#/courses/{courseId}");
        await Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-count=invited]")).ToHaveTextAsync("2");
        await Expect(page.Locator("#units-title")).ToBeVisibleAsync();
        await Expect(page.Locator("main form")).ToHaveCountAsync(0);
        await Expect(page.Locator("main input[type=checkbox], main input[type=file]")).ToHaveCountAsync(0);
        foreach (var action in new[] { "Bắt đầu gửi thư mời", "Hủy khóa học…", "Nhắc những người đã chọn", "Ghi điểm danh cho người đã chọn", "Ghi trả lời…", "Mời các đơn vị", "Thêm", "Tải lên" })
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = action, Exact = true })).ToHaveCountAsync(0);
        }

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sửa / dời lịch" })).ToHaveCountAsync(0);
        var buttons = await page.Locator("main button").AllInnerTextsAsync();
        // A leader reads: the downloads only (the papers to print are reads too: the report for leadership, the sign-in sheets).
        Assert.All(buttons, b => Assert.Contains(b, new[] { "Danh sách (CSV)", "Danh sách (Excel)", "Báo cáo (JSON)", "Báo cáo kết quả (PDF)", "Danh sách ký nhận buổi 1 (PDF)" }));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Báo cáo (JSON)" }).ClickAsync());
        Assert.EndsWith(".json", download.SuggestedFilename, StringComparison.Ordinal);
        await AssertNoViolationsAsync(page, "course, leader");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-leader-course.png"), FullPage = true });

        // On a phone the table drops the reply time (not the session, as it would by counting the organiser's columns).
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Trả lời lúc" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Buổi 1" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"));
        await page.SetViewportSizeAsync(1366, 768);

        // The editing addresses say they are not his.
        await page.GotoAsync($"{BaseUrl}/api/organiser#/courses/{courseId}/edit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Không có quyền xem mục này" })).ToBeVisibleAsync();

        // The whole board: both units' cases, no register form, no action column, no button at all.
        // (The cases' and invitees' histories fold open and shut: reading, not acting.)
        await page.GotoAsync($"{BaseUrl}/api/organiser#/complaints");
        await Expect(page.Locator($"tr[data-case='HC-{tag}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-case='TT-{tag}']")).ToBeVisibleAsync();
        await Expect(page.GetByText("Đăng ký vụ việc")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Thao tác" })).ToHaveCountAsync(0);
        await Expect(page.Locator("main button, main form, main details:not(.history):not(.audit)")).ToHaveCountAsync(0);
        await AssertNoViolationsAsync(page, "complaint board, leader");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-leader-board.png") });

        // Were he to try, the API would refuse: the page only leaves out what would be refused anyway.
        var refused = await page.EvaluateAsync<int>(
            "id => fetch(`/api/courses/${id}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{\"reason\":\"x\"}', referrerPolicy: 'same-origin' }).then(r => r.status)",
            courseId);
        Assert.Equal(403, refused);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_administrator_adds_a_person_who_removed_mid_session_is_refused_on_the_next_load()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var signIn = $"canbo.{tag}@haichau.tinh.example";
        var (adminContext, admin, adminErrors) = await SignedInAsync("Đỗ Quang Huy");
        await using var _ = adminContext;
        await Expect(admin.Locator("[data-who]")).ToHaveTextAsync("Đỗ Quang Huy · quản trị viên");

        // An administrator only: the people, no courses, no board.
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Người dùng và vai trò" })).ToBeVisibleAsync();
        await Expect(admin.Locator("#nav a")).ToHaveTextAsync(["Người dùng"]);
        await Expect(admin.Locator("tr[data-person='tochuc@demo.local']")).ToContainTextAsync("người tổ chức");

        // An officer needs a unit: the API's words beside the field; then saved.
        await admin.GetByLabel("Tên đăng nhập").FillAsync(signIn);
        await admin.GetByLabel("Họ và tên").FillAsync("Vũ Thị Mai");
        await admin.GetByLabel("cán bộ xử lý đơn").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Expect(admin.Locator("[data-error-for=units]")).Not.ToBeEmptyAsync();
        await Expect(admin.GetByLabel("Đơn vị xử lý đơn")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertNoViolationsAsync(admin, "people, a refused save");
        await admin.GetByLabel("Đơn vị xử lý đơn").FillAsync(HaiChau);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        var added = admin.Locator($"tr[data-person='{signIn}']");
        await Expect(added).ToContainTextAsync("Vũ Thị Mai");
        await Expect(added).ToContainTextAsync("Đỗ Quang Huy");

        // Edited: a second role.
        await added.GetByRole(AriaRole.Button, new() { Name = "Sửa Vũ Thị Mai" }).ClickAsync();
        await Expect(admin.GetByLabel("Tên đăng nhập")).ToHaveAttributeAsync("readonly", "");
        await admin.GetByLabel("lãnh đạo").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Expect(added).ToContainTextAsync("cán bộ xử lý đơn, lãnh đạo");
        using var master = Master();
        var person = (await master.GetFromJsonAsync<JsonArray>("/api/people"))!.Single(p => p!["signIn"]!.GetValue<string>() == signIn)!;
        Assert.Equal(new[] { "leader", "officer" }, person["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal));
        await AssertNoViolationsAsync(admin, "people");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-people.png"), FullPage = true });

        // She signs in and uses the board.
        var (context, page, errors) = await SignedInAsync("Vũ Thị Mai");
        await using var __ = context;
        await Expect(page.Locator("[data-who]")).ToHaveTextAsync("Vũ Thị Mai · cán bộ xử lý đơn, lãnh đạo");

        // Removed while her page is open (the master key, as a script would): the next load says so and names whom to ask.
        using (var removed = await master.DeleteAsync(new Uri($"/api/people/{Uri.EscapeDataString(signIn)}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Chưa vào được trang" })).ToBeVisibleAsync();
        await Expect(page.Locator(".refused .notice")).ToContainTextAsync(Administrator);
        await Expect(page.Locator("[data-who]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#nav a")).ToHaveCountAsync(0);
        await Expect(page.Locator(".refused").GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "refused");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-refused.png") });

        // The administrator's list no longer has her; removing from the page asks first.
        await admin.ReloadAsync();
        await Expect(admin.Locator($"tr[data-person='{signIn}']")).ToHaveCountAsync(0);
        Assert.Empty(errors);
        Assert.Empty(adminErrors);
    }

    /// <summary>A new browser signed in as the demo person <paramref name="name"/> through the development sign-in page.</summary>
    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> SignedInAsync(string name)
    {
        var context = await NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{BaseUrl}/api/dev/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/api/organiser"));
        await Expect(page.Locator("[data-who]")).ToContainTextAsync(name);
        return (context, page, errors);
    }

    /// <summary>Registers an open case with the organiser key (every unit) and returns its id.</summary>
    private async Task<string> RegisterCaseAsync(string code, string unit, string kind = "firstComplaint")
    {
        var today = DateTimeOffset.UtcNow.ToOffset(Vietnam);
        using var response = await Host.Organiser.PostAsJsonAsync("/api/complaints", new
        {
            code,
            kind,
            receivedOn = today.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            handlingUnit = unit,
            officerEmails = new[] { "canbo@tinh.example" },
            subject = "Khiếu nại việc cấp giấy chứng nhận",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private HttpClient Master()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-functions-key", LocalHostProcess.MasterKey);
        return client;
    }

    private static async Task AssertNoViolationsAsync(IPage page, string view)
    {
        var result = await page.RunAxe();
        var found = result.Violations.Select(v =>
            $"{view}: {v.Id} ({v.Impact}) {v.Help} → {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    private static string LocalInput(DateTimeOffset instant) =>
        instant.ToOffset(Vietnam).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex("#/courses/([0-9a-f]{16})")]
    private static partial Regex CourseIdPattern();
}
