using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>
/// Issue 10's journey through the organiser's page in Debian's Chromium, on the real local host (Development, where
/// the page offers the key form for scripts' keys; people sign in in OrganiserPageSignInTests) and Azurite: sign in
/// with the organiser key, create a course (the API's messages beside the fields first), upload invitees with one bad
/// row, start, answer from a personal link in a second browser and watch the counts and the chart change without a
/// reload, mark attendance, download the roster and open it, then the complaint board: order and colours by days
/// left, register a case, extend one (the API's refusal shown, then accepted).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class OrganiserPageJourneyTests(AzuriteFixture azurite) : BrowserPageTests(azurite, LocalHostFixture.Development)
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static string LocalInput(DateTimeOffset instant) =>
        instant.ToOffset(Vietnam).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string DateInput(DateTimeOffset instant) =>
        instant.ToOffset(Vietnam).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors, List<string> Urls)> OrganiserAsync()
    {
        var context = await NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        var urls = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Request += (_, r) => urls.Add(r.Url);
        await page.GotoAsync($"{Host.Host.BaseUrl}/api/organiser");
        return (context, page, errors, urls);
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GetByLabel("Khóa chức năng").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
    }

    [Fact]
    public async Task An_organiser_runs_a_course_and_the_complaint_board_from_the_page()
    {
        var (context, page, errors, urls) = await OrganiserAsync();
        await using var _ = context;

        // Sign in: a wrong key is refused in words; the right one is kept in sessionStorage, never in a URL.
        await SignInAsync(page, "not-the-key");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Khóa không đúng hoặc đã bị thu hồi.");
        await SignInAsync(page, LocalHostProcess.OrganiserKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Khóa học", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(LocalHostProcess.OrganiserKey, await page.EvaluateAsync<string>("sessionStorage.getItem('workflow.organiser.key')"));

        // Create: the API's validation messages appear beside their fields, in Vietnamese.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var title = $"Bồi dưỡng nghiệp vụ dân vận {tag}";
        await page.GetByRole(AriaRole.Link, new() { Name = "Tạo khóa học" }).ClickAsync();
        await page.GetByLabel("Tên khóa học").FillAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo khóa học" }).ClickAsync();
        await Expect(page.Locator("[data-error-for=venue]")).ToHaveTextAsync("Cần nhập địa điểm");
        await Expect(page.GetByLabel("Địa điểm")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-error-for=rsvpDeadline]")).ToHaveTextAsync("Cần nhập hạn trả lời");
        await Expect(page.Locator("[data-error-for=organiserEmails]")).ToContainTextAsync("Cần ít nhất một email người tổ chức");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-course-form-errors.png") });

        // The session opens for check-in now (default PT60M before its start), so attendance can be marked later.
        var now = DateTimeOffset.UtcNow;
        var sessionStart = now.AddMinutes(40);
        await page.GetByLabel("Địa điểm").FillAsync("Hội trường Ban Dân vận Tỉnh ủy");
        await page.GetByLabel("Báo cáo viên").FillAsync("Nguyễn Thế Trung");
        await page.GetByLabel("Bắt đầu", new() { Exact = true }).FillAsync(LocalInput(sessionStart));
        await page.GetByLabel("Kết thúc", new() { Exact = true }).FillAsync(LocalInput(sessionStart.AddHours(3)));
        await page.GetByLabel("Hạn trả lời", new() { Exact = true }).FillAsync(LocalInput(now.AddMinutes(30)));
        await page.GetByLabel("Số chỗ").FillAsync("30");
        await page.GetByLabel("Email người tổ chức").FillAsync("bandanvan@tinh.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo khóa học" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        var courseId = CourseIdPattern().Match(page.Url).Groups[1].Value;
        Assert.NotEmpty(courseId);

        // Dates as Vietnamese people write them: "Thứ Năm, 13/05/2027, 14:00" in Vietnam time.
        var deadline = now.AddMinutes(30).ToOffset(Vietnam);
        var expectedDeadline = $"{Weekday(deadline.DayOfWeek)}, {deadline:dd'/'MM'/'yyyy}, {deadline:HH':'mm}";
        await Expect(page.Locator(".facts")).ToContainTextAsync(expectedDeadline);

        // Upload with one bad row: the row's error is shown; the good rows are added.
        var an = $"an.{tag}@sonoivu.tinh.example";
        var cuong = $"cuong.{tag}@hnd.tinh.example";
        var csv = $"Họ và tên;Email;Đơn vị;Chức vụ\nNguyễn Văn An;{an};Sở Nội vụ;Chuyên viên\nTrần Thị Bình;khong-phai-email;Sở Tư pháp;Phó phòng\nLê Văn Cường;{cuong};Hội Nông dân tỉnh;Chuyên viên\n";
        await page.GetByLabel("Nhập danh sách từ tệp Excel (.xlsx) hoặc CSV").SetInputFilesAsync(new FilePayload
        {
            Name = "danh-sach.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tải lên" }).ClickAsync();
        await Expect(page.Locator("ul.row-errors")).ToHaveTextAsync("Dòng 3: Email không hợp lệ");
        await Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-count=invited]")).ToHaveTextAsync("2");

        // Start: the phase moves to inviting and the invitations go out.
        await page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu gửi thư mời" }).ClickAsync();
        await Expect(page.Locator(".course-head .badge")).ToHaveTextAsync("Đang mời");
        var link = await Host.WaitForLinkAsync(an);
        await Expect(page.Locator("[data-count=pending]")).ToHaveTextAsync("2", new() { Timeout = 15_000 });
        await Expect(page.Locator(".chart-box")).ToHaveAttributeAsync("data-replied", "0");

        // A reply from the personal link in another browser: the counts and the chart change on the open page, no reload.
        await page.EvaluateAsync("window.__stillTheSamePage = true");
        var phone = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 360, Height = 780 } });
        await using (phone)
        {
            var reply = await phone.NewPageAsync();
            await reply.GotoAsync(link);
            await reply.GetByLabel("Nhận lời tham dự").CheckAsync();
            await reply.GetByRole(AriaRole.Button, new() { Name = "Gửi trả lời" }).ClickAsync();
            await Expect(reply.Locator("[role=status]")).ToContainTextAsync("nhận lời tham dự");
        }

        await Expect(page.Locator("[data-count=accepted]")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Expect(page.Locator("[data-count=pending]")).ToHaveTextAsync("1");
        await Expect(page.Locator(".chart-box")).ToHaveAttributeAsync("data-replied", "1");
        await Expect(page.Locator(".chart-box path[data-series=accepted]")).ToHaveCountAsync(1);
        await Expect(page.Locator($"tr[data-invitee='{an}'] .badge")).ToHaveTextAsync("Nhận lời");
        Assert.True(await page.EvaluateAsync<bool>("window.__stillTheSamePage === true"));

        // Attendance for session 1: select the person, record "present".
        await page.GetByLabel("Chọn Nguyễn Văn An").CheckAsync();
        await page.GetByLabel("Buổi", new() { Exact = true }).SelectOptionAsync("1");
        await page.GetByLabel("Điểm danh", new() { Exact = true }).SelectOptionAsync("present");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi điểm danh cho người đã chọn" }).ClickAsync();
        await Expect(page.Locator(".action-status").Last).ToContainTextAsync("Đã ghi 1 điểm danh");
        await Expect(page.Locator($"tr[data-invitee='{an}'] td[data-session='1']")).ToHaveTextAsync("Có mặt");
        await Expect(page.Locator("[data-count=present]")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-course.png"), FullPage = true });

        // The roster: downloaded with the key in a header, opened as the CSV Excel reads (BOM, Vietnamese, the marks).
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Danh sách (CSV)" }).ClickAsync());
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        var anRow = Assert.Single(rows, r => r.StartsWith("Nguyễn Văn An,", StringComparison.Ordinal));
        Assert.Contains("Nhận lời", anRow, StringComparison.Ordinal);
        Assert.Contains("Có mặt", anRow, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);

        // The same page on a phone: nothing wider than the screen (the table scrolls in its own box).
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-course-phone.png") });
        await page.SetViewportSizeAsync(1366, 768);

        // The course list shows the course with its phase and counts (found by a search typed without diacritics).
        await page.GetByRole(AriaRole.Link, new() { Name = "Khóa học", Exact = true }).ClickAsync();
        await page.GetByLabel("Tìm theo tên khóa học, địa điểm").FillAsync($"boi duong dan van {tag}");
        await page.GetByLabel("Tìm theo tên khóa học, địa điểm").PressAsync("Enter");
        await Expect(page.GetByText("1 khóa học", new() { Exact = true })).ToBeVisibleAsync();
        var listed = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = title }) });
        await Expect(listed).ToContainTextAsync("Đang mời");
        await Expect(listed.Locator("td.num").Nth(1)).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-courses.png") });

        // The complaint board.
        var code = $"TC-{tag}";
        var nearCode = $"KN-{tag}";
        var today = DateTimeOffset.UtcNow.ToOffset(Vietnam);
        (await Host.Organiser.PostAsJsonAsync("/api/complaints", new
        {
            code = nearCode,
            kind = "firstComplaint",
            receivedOn = DateInput(today.AddDays(-8)),
            handlingUnit = "UBND phường Hoa Lư",
            officerEmails = new[] { "thanhtra@hoalu.tinh.example" },
            subject = "Khiếu nại quyết định thu hồi đất",
        })).EnsureSuccessStatusCode();

        await page.GetByRole(AriaRole.Link, new() { Name = "Đơn thư" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đơn thư: hạn xử lý" })).ToBeVisibleAsync();
        await page.GetByText("Đăng ký vụ việc").ClickAsync();
        await page.GetByLabel("Số hồ sơ", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("Loại").SelectOptionAsync("denunciation");
        await page.GetByLabel("Ngày nhận").FillAsync(DateInput(today.AddDays(-20)));
        await page.GetByLabel("Ngày thụ lý (nếu đã thụ lý)").FillAsync(DateInput(today.AddDays(-15)));
        await page.GetByLabel("Vụ việc phức tạp").CheckAsync();
        await page.GetByLabel("Đơn vị xử lý", new() { Exact = true }).FillAsync("Thanh tra tỉnh");
        await page.GetByLabel("Email cán bộ xử lý").FillAsync("thanhtra@tinh.example");
        await page.GetByLabel("Nội dung tóm tắt").FillAsync("Tố cáo việc thu phí sai quy định");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký", Exact = true }).ClickAsync();
        await Expect(page.Locator($"tr[data-case='{code}']")).ToBeVisibleAsync();

        // Sorted by days left, each row coloured by its alert threshold, with the words beside the colour.
        var open = await Host.Organiser.GetFromJsonAsync<JsonArray>("/api/complaints?status=open");
        var shown = await page.Locator("tr[data-case]").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.case, r.dataset.band, r.querySelector('[data-left]').dataset.left])");
        var lefts = shown.Select(r => int.Parse(r[2], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(lefts.Order().ToList(), lefts);
        foreach (var row in shown.Where(r => r[0] == code || r[0] == nearCode))
        {
            var left = NextDaysLeft(open!.Single(c => c!["code"]!.GetValue<string>() == row[0])!);
            Assert.Equal(left.ToString(CultureInfo.InvariantCulture), row[2]);
            Assert.Equal(Band(left), row[1]);
        }

        var nearRow = page.Locator($"tr[data-case='{nearCode}']");
        await Expect(nearRow).ToContainTextAsync($"Còn {NextDaysLeft(open!.Single(c => c!["code"]!.GetValue<string>() == nearCode)!)} ngày");
        Assert.Equal(0, await nearRow.GetByRole(AriaRole.Button, new() { Name = "Gia hạn" }).CountAsync());

        // Extend: 45 days is refused by the API (the message beside the field), 30 days is recorded.
        var caseRow = page.Locator($"tr[data-case='{code}']");
        await caseRow.GetByRole(AriaRole.Button, new() { Name = "Gia hạn" }).ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.GetByLabel("Số quyết định").FillAsync($"12/QĐ-{tag}");
        await dialog.GetByLabel("Số ngày gia hạn").FillAsync("45");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận" }).ClickAsync();
        await Expect(dialog.Locator("[data-error-for=days]")).ToContainTextAsync("Mỗi lần gia hạn từ 1 đến 30 ngày");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-complaint-extend-refused.png") });
        await dialog.GetByLabel("Số ngày gia hạn").FillAsync("30");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận" }).ClickAsync();
        await Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
        await Expect(caseRow).ToContainTextAsync("Đã gia hạn 1 lần");
        var extended = await Host.Organiser.GetFromJsonAsync<JsonArray>("/api/complaints?status=open");
        var stored = extended!.Single(c => c!["code"]!.GetValue<string>() == code)!;
        Assert.Equal(30, stored["extensions"]![0]!["days"]!.GetValue<int>());

        // The case's history under it: who registered it and who extended it, when, in words (newest first).
        var caseHistory = caseRow.Locator("details.history");
        await caseHistory.Locator("summary").ClickAsync();
        await Expect(caseHistory.Locator("li")).ToHaveCountAsync(2);
        await Expect(caseHistory.Locator("li").First).ToHaveTextAsync(new Regex(@"^(Thứ|Chủ) .+, \d{2}/\d{2}/\d{4}, \d{2}:\d{2} · organiser-key · Gia hạn giải quyết$"));
        await Expect(caseHistory.Locator("li").Last).ToHaveTextAsync(new Regex(@" · organiser-key · Đăng ký$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-complaints.png"), FullPage = true });

        // The English switch.
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Complaints: deadlines" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(caseRow).ToContainTextAsync("Extended once");
        await Expect(caseRow.Locator("details.history li").First).ToHaveTextAsync(new Regex(@" · organiser-key · Extended the resolution$"));

        Assert.Empty(errors);
        Assert.DoesNotContain(urls, u => u.Contains(LocalHostProcess.OrganiserKey, StringComparison.Ordinal) || u.Contains("code=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_that_stops_working_returns_the_organiser_to_sign_in_and_is_forgotten()
    {
        var (context, page, errors, _) = await OrganiserAsync();
        await using var _ = context;
        await SignInAsync(page, LocalHostProcess.OrganiserKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Khóa học", Exact = true })).ToBeVisibleAsync();

        // As if the key were rotated: the next call is refused, the page forgets it and asks again.
        await page.EvaluateAsync("sessionStorage.setItem('workflow.organiser.key', 'rotated-away')");
        await page.GetByRole(AriaRole.Link, new() { Name = "Đơn thư" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Phiên đăng nhập đã hết hoặc khóa không còn hiệu lực. Vui lòng đăng nhập lại.");
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('workflow.organiser.key')"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-sign-in.png") });
        Assert.Empty(errors);
    }

    private static int NextDaysLeft(JsonNode c)
    {
        var accepted = c["acceptedOn"] is not null;
        return c["deadlines"]!.AsArray()
            .Where(d => accepted ? d!["stage"]!.GetValue<string>() is not ("accept" or "classify") : true)
            .Min(d => d!["daysLeft"]!.GetValue<int>());
    }

    private static string Band(int daysLeft) => daysLeft switch
    {
        < 0 => "overdue",
        0 => "0",
        1 => "1",
        <= 3 => "3",
        <= 7 => "7",
        _ => "later",
    };

    private static string Weekday(DayOfWeek day) => day switch
    {
        DayOfWeek.Sunday => "Chủ Nhật",
        DayOfWeek.Monday => "Thứ Hai",
        DayOfWeek.Tuesday => "Thứ Ba",
        DayOfWeek.Wednesday => "Thứ Tư",
        DayOfWeek.Thursday => "Thứ Năm",
        DayOfWeek.Friday => "Thứ Sáu",
        _ => "Thứ Bảy",
    };

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex("#/courses/([0-9a-f]{16})")]
    private static partial Regex CourseIdPattern();
}
