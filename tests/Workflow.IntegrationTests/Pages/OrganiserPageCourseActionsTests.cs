using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Pages;

/// <summary>
/// The organiser page's course actions in Debian's Chromium on the local host (issue 10): offline replies in a dialog
/// (a full course waitlists the second accept), filters and an accent-free search, a reminder to the selected person,
/// units asked to nominate (the API's refusal beside the quota), a reschedule from the edit form, a cancellation that
/// asks first, and the English switch.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrganiserPageCourseActionsTests(AzuriteFixture azurite) : BrowserPageTests(azurite, LocalHostFixture.Development)
{
    /// <summary>A name typed as markup: the page must show it as text and run nothing.</summary>
    private const string Hostile = "Hồ Thị \"Én\" <img src=x onerror=\"window.__ran=1\"><script>window.__ran=2</script>";

    private async Task<string> StartedCourseAsync(string tag)
    {
        var now = DateTimeOffset.UtcNow;
        var created = await Host.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = $"Kỹ năng tiếp dân {tag}",
            venue = "Hội trường A",
            sessions = new[] { new { start = now.AddDays(3), end = now.AddDays(3).AddHours(3) }, new { start = now.AddDays(4), end = now.AddDays(4).AddHours(3) } },
            rsvpDeadline = now.AddDays(2),
            capacity = 1,
            organiserEmails = new[] { "bandanvan@tinh.example" },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/invitees", new[]
        {
            new { name = "Nguyễn Văn An", email = $"an.{tag}@sonoivu.tinh.example", unit = "Sở Nội vụ" },
            new { name = "Trần Thị Bình", email = $"binh.{tag}@sotuphap.tinh.example", unit = "Sở Tư pháp" },
            new { name = "Lê Văn Cường", email = $"cuong.{tag}@hnd.tinh.example", unit = "Hội Nông dân tỉnh" },
            new { name = "Phạm Thị Dung", email = $"dung.{tag}@sonoivu.tinh.example", unit = "Sở Nội vụ" },
            new { name = Hostile, email = $"en.{tag}@soyte.tinh.example", unit = "Sở Y tế <b>x</b>" },
        })).EnsureSuccessStatusCode();
        (await Host.Organiser.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await Host.WaitForLinkAsync($"dung.{tag}@sonoivu.tinh.example");
        return id;
    }

    private static async Task ReplyAsync(IPage page, string email, string answer, string? note = null)
    {
        await page.Locator($"tr[data-invitee='{email}']").GetByRole(AriaRole.Button, new() { Name = "Ghi trả lời…" }).ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.GetByLabel(answer, new() { Exact = true }).CheckAsync();
        if (note is not null)
        {
            await dialog.GetByLabel("Ghi chú (số công văn, lý do)").FillAsync(note);
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Ghi trả lời" }).ClickAsync();
        await Assertions.Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Replies_filters_reminders_units_reschedule_and_cancel_work_from_the_page()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await StartedCourseAsync(tag);
        var an = $"an.{tag}@sonoivu.tinh.example";
        var binh = $"binh.{tag}@sotuphap.tinh.example";
        var cuong = $"cuong.{tag}@hnd.tinh.example";
        var dung = $"dung.{tag}@sonoivu.tinh.example";

        var (context, page, errors) = await SignedInCourseAsync(id);
        await using var _ = context;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Kỹ năng tiếp dân {tag}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(5);

        // Typed text stays text: the name and unit show as written; no element was made from them, nothing ran.
        var hostileRow = page.Locator($"tr[data-invitee='en.{tag}@soyte.tinh.example']");
        await Assertions.Expect(hostileRow.Locator("th .name")).ToHaveTextAsync(Hostile);
        await Assertions.Expect(hostileRow).ToContainTextAsync("Sở Y tế <b>x</b>");
        Assert.Equal(0, await page.Locator("main img, main script, main b").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("window.__ran ?? null"));

        // Offline replies: a decline with its note, an accept, and a second accept that the full course waitlists.
        await ReplyAsync(page, binh, "Từ chối", "Công văn số 12/STP");
        await Assertions.Expect(page.Locator($"tr[data-invitee='{binh}']")).ToContainTextAsync("Từ chối");
        await Assertions.Expect(page.Locator($"tr[data-invitee='{binh}']")).ToContainTextAsync("Công văn số 12/STP");

        // Her history names who did what and when, in the organiser's words: the key's name (the author), never an id or an ISO date.
        var binhHistory = page.Locator($"tr[data-invitee='{binh}'] details.audit");
        await binhHistory.Locator("summary").ClickAsync();
        await Assertions.Expect(binhHistory.Locator("summary")).ToHaveTextAsync("Lịch sử (2)");
        await Assertions.Expect(binhHistory.Locator("li").First).ToHaveTextAsync(new Regex(@"^\d{2}/\d{2}/\d{4}, \d{2}:\d{2} · organiser-key · Từ chối: Công văn số 12/STP$"));
        await Assertions.Expect(binhHistory.Locator("li").Last).ToHaveTextAsync(new Regex(@" · organiser-key · Thêm vào danh sách$"));
        await ReplyAsync(page, an, "Nhận lời");
        await ReplyAsync(page, cuong, "Nhận lời");
        await Assertions.Expect(page.Locator($"tr[data-invitee='{cuong}'] .badge")).ToHaveTextAsync("Danh sách chờ (vị trí 1)");
        await Assertions.Expect(page.Locator("[data-count=waitlisted]")).ToHaveTextAsync("1", new() { Timeout = 10_000 });

        // Filters: by status, by unit; a search typed without diacritics finds "Lê Văn Cường".
        await page.GetByLabel("Lọc theo trạng thái").SelectOptionAsync("waitlisted");
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(1);
        await page.GetByLabel("Lọc theo trạng thái").SelectOptionAsync(string.Empty);
        await page.GetByLabel("Lọc theo đơn vị").SelectOptionAsync("Sở Nội vụ");
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(2);
        await page.GetByLabel("Lọc theo đơn vị").SelectOptionAsync(string.Empty);
        await page.GetByLabel("Tìm theo tên, email").FillAsync("le van cuong");
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToContainTextAsync("Lê Văn Cường");
        await page.GetByLabel("Tìm theo tên, email").FillAsync(string.Empty);

        // Remind the one selected person who has not replied: one reminder, to her only.
        await page.GetByLabel("Chọn Phạm Thị Dung").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhắc những người đã chọn" }).ClickAsync();
        // It goes as a scheduled batch (issue 19): the page says when it arrives.
        await Assertions.Expect(page.GetByText("Đã hẹn gửi nhắc cho 1 người: thư đến sau khoảng 15 phút")).ToBeVisibleAsync();
        await Eventually.WaitForAsync(
            async () => (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/dev/outbox?to={Uri.EscapeDataString(dung)}")) is { Count: 2 } mail ? mail : null,
            TimeSpan.FromSeconds(20));
        Assert.Single((await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/dev/outbox?to={Uri.EscapeDataString(binh)}"))!);

        // Units: quota 0 is refused beside the quota field; 2 is accepted and the unit shows it has named nobody yet.
        var units = page.Locator("form.units-form");
        await units.GetByLabel("Đơn vị", new() { Exact = true }).FillAsync("Hội Cựu chiến binh tỉnh");
        await units.GetByLabel("Email đầu mối").FillAsync($"vanphong.{tag}@hccb.tinh.example");
        await units.GetByLabel("Chỉ tiêu").FillAsync("0");
        await units.GetByRole(AriaRole.Button, new() { Name = "Mời các đơn vị" }).ClickAsync();
        await Assertions.Expect(units.Locator("[data-error-for='[0].quota']")).ToContainTextAsync("Chỉ tiêu là số nguyên từ 1 đến 1000");
        await units.GetByLabel("Chỉ tiêu").FillAsync("2");
        await units.GetByRole(AriaRole.Button, new() { Name = "Mời các đơn vị" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã mời 1 đơn vị mới, cập nhật 0.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr.warn", new() { HasText = "Hội Cựu chiến binh tỉnh" })).ToContainTextAsync("Chưa cử ai");

        // Reschedule: a started course locks the title; the venue changes.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sửa / dời lịch" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Tên khóa học")).ToBeDisabledAsync();

        // The form speaks the organiser's words: reminder offsets as a number and a unit, not the API's "P3D, P1D"; an
        // empty session time is named for its field ("Nhập giờ bắt đầu buổi 1"), not with the API's ISO example.
        await Assertions.Expect(page.GetByLabel("Nhắc trước hạn trả lời")).ToHaveValueAsync("3 ngày, 1 ngày");
        await Assertions.Expect(page.GetByLabel("Nhắc trước buổi đầu")).ToHaveValueAsync("1 ngày");
        var firstStart = page.Locator("li.session-row").First.GetByLabel("Bắt đầu");
        var startValue = await firstStart.InputValueAsync();
        await firstStart.FillAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        var sessionError = page.Locator("[data-error-for='sessions[0]']");
        await Assertions.Expect(sessionError).ToHaveTextAsync("Nhập giờ bắt đầu buổi 1.");
        Assert.DoesNotContain("2027-05-13T14:00", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Nhắc trước hạn trả lời").FillAsync("3 ngày, sớm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-for='reminders.beforeRsvpDeadline']")).ToContainTextAsync("Chưa hiểu “sớm”");
        await firstStart.FillAsync(startValue);

        // An offset the page reads but the API refuses as too long: the API's message beside the field says the limit in
        // words ("tối đa 365 ngày"), not as a duration code (P365D, P400D).
        await page.GetByLabel("Nhắc trước hạn trả lời").FillAsync("400 ngày, 1 ngày");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-for='reminders.beforeRsvpDeadline']")).ToHaveTextAsync("Khoảng thời gian quá dài: tối đa 365 ngày");
        Assert.DoesNotContain("P3", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("P4", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Nhắc trước hạn trả lời").FillAsync("3 ngày, 1 ngày");
        await page.GetByLabel("Địa điểm").FillAsync("Hội trường B, tầng 3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("Hội trường B, tầng 3");
        var course = await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{id}");
        Assert.Equal("Hội trường B, tầng 3", course!["venue"]!.GetValue<string>());

        // Cancel asks first; without a reason the API's message shows; with one the course is cancelled.
        await page.GetByRole(AriaRole.Button, new() { Name = "Hủy khóa học…" }).ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Hủy khóa học này?" })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Không hủy" }).ClickAsync();
        Assert.Equal("inviting", (await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["phase"]!.GetValue<string>());
        await page.GetByRole(AriaRole.Button, new() { Name = "Hủy khóa học…" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Hủy khóa học", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-error-for=reason]")).ToHaveTextAsync("Cần nêu lý do hủy");
        await dialog.GetByLabel("Lý do hủy").FillAsync("Trùng lịch hội nghị tỉnh");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("organiser-cancel.png") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Hủy khóa học", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".course-head .badge")).ToHaveTextAsync("Đã hủy");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hủy khóa học…" })).ToHaveCountAsync(0);
        Assert.Equal("cancelled", (await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["phase"]!.GetValue<string>());

        // The course's history, newest first: each change with its author and time, in words.
        var history = page.Locator("section[aria-labelledby=history-title] li");
        await Assertions.Expect(history.First).ToHaveTextAsync(new Regex(@"^(Thứ|Chủ) .+, \d{2}/\d{2}/\d{4}, \d{2}:\d{2} · organiser-key · Hủy khóa học\. Lý do: Trùng lịch hội nghị tỉnh$"));
        var lines = await history.AllInnerTextsAsync();
        Assert.Contains(lines, l => l.EndsWith(" · organiser-key · Mời 1 đơn vị cử người", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" · organiser-key · Sửa: ", StringComparison.Ordinal) && l.Contains("địa điểm", StringComparison.Ordinal));
        Assert.Equal(["Bắt đầu gửi thư mời", "Thêm 5 người vào danh sách", "Tạo khóa học"], lines.TakeLast(3).Select(l => l.Split(" · ")[^1]));
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}T", string.Join("\n", lines));

        // English: the same course in English words, dates with English weekdays.
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Progress" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".course-head .badge")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync(
            DateTimeOffset.UtcNow.AddDays(3).ToOffset(TimeSpan.FromHours(7)).DayOfWeek.ToString());
        await Assertions.Expect(page.Locator("section[aria-labelledby=history-title] li").First).ToContainTextAsync(" · organiser-key · Cancelled the course. Reason: Trùng lịch hội nghị tỉnh");
        await Assertions.Expect(page.Locator("section[aria-labelledby=history-title] li").Last).ToHaveTextAsync(new Regex(@" · organiser-key · Created the course$"));
        Assert.Empty(errors);
    }

    /// <summary>Issue 9: a hand-over shows the colleague by name (never his id) and leads to his row, even past a filter.</summary>
    [Fact]
    public async Task A_hand_over_names_the_colleague_and_leads_to_his_row_never_showing_an_id()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await StartedCourseAsync(tag);
        var an = $"an.{tag}@sonoivu.tinh.example";
        var giang = $"giang.{tag}@sonoivu.tinh.example";
        var handed = await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/replies", new
        {
            email = an, answer = "delegate", note = "Công văn số 7/SNV", delegateName = "Đinh Văn Giang", delegateEmail = giang,
        });
        handed.EnsureSuccessStatusCode();
        var invitees = (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!;
        var ids = invitees.Select(i => i!["id"]!.GetValue<string>()).ToList();
        var giangId = invitees.Single(i => i!["email"]!.GetValue<string>() == giang)!["id"]!.GetValue<string>();
        Assert.Equal(giangId, invitees.Single(i => i!["email"]!.GetValue<string>() == an)!["delegatedTo"]!.GetValue<string>());

        var (context, page, errors) = await SignedInCourseAsync(id);
        await using var _ = context;
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(6);

        var anRow = page.Locator($"tr[data-invitee='{an}']");
        await Assertions.Expect(anRow.Locator(".badge")).ToHaveTextAsync("Cử người khác");
        await Assertions.Expect(anRow.Locator(".handed-to")).ToHaveTextAsync("(cho Đinh Văn Giang)");
        var main = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(ids, i => main.Contains(i, StringComparison.Ordinal));

        // Only the handed-over are shown; the colleague's name leads to his row all the same (the filter is cleared).
        await page.GetByLabel("Lọc theo trạng thái").SelectOptionAsync("delegated");
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(1);
        await anRow.GetByRole(AriaRole.Button, new() { Name = "Đinh Văn Giang" }).ClickAsync();
        var giangRow = page.Locator($"tr[data-invitee='{giang}']");
        await Assertions.Expect(giangRow).ToBeVisibleAsync();
        await Assertions.Expect(giangRow).ToHaveClassAsync("target");
        await Assertions.Expect(giangRow.Locator("th")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(6);

        // English: the same, in English words.
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-invitee='{an}'] .badge")).ToHaveTextAsync("Handed over");
        await Assertions.Expect(page.Locator($"tr[data-invitee='{an}'] .handed-to")).ToHaveTextAsync("(to Đinh Văn Giang)");
        main = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(ids, i => main.Contains(i, StringComparison.Ordinal));
        Assert.Empty(errors);
    }

    /// <summary>
    /// Issue 8 on the page: a mark made from the page stays on its session when the edit form adds an earlier session,
    /// and taking the marked session off the schedule is refused with the API's words beside the sessions.
    /// </summary>
    [Fact]
    public async Task A_mark_stays_on_its_session_when_the_page_reschedules_and_a_marked_session_cannot_be_removed()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await StartedCourseAsync(tag);
        var an = $"an.{tag}@sonoivu.tinh.example";
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/replies", new { email = an, answer = "accept" })).EnsureSuccessStatusCode();

        var (context, page, errors) = await SignedInCourseAsync(id);
        await using var _ = context;
        await Assertions.Expect(page.Locator("tr[data-invitee]")).ToHaveCountAsync(5);

        // An will miss the second session: excused, from the page.
        await page.GetByLabel("Chọn Nguyễn Văn An").CheckAsync();
        await page.GetByLabel("Buổi", new() { Exact = true }).SelectOptionAsync("2");
        await page.GetByLabel("Điểm danh", new() { Exact = true }).SelectOptionAsync("excused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi điểm danh cho người đã chọn" }).ClickAsync();
        var anRow = page.Locator($"tr[data-invitee='{an}']");
        await Assertions.Expect(anRow.Locator("td[data-session='2']")).ToHaveTextAsync("Vắng có phép");

        // The edit form adds a session before the others (after the reply deadline, two days away).
        await page.GetByRole(AriaRole.Link, new() { Name = "Sửa / dời lịch" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Thêm buổi" }).ClickAsync();
        var earlier = DateTimeOffset.UtcNow.AddDays(2).AddHours(12).ToOffset(TimeSpan.FromHours(7));
        var added = page.Locator("li.session-row").Last;
        await added.GetByLabel("Bắt đầu").FillAsync(earlier.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await added.GetByLabel("Kết thúc").FillAsync(earlier.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        await Assertions.Expect(page.Locator(".facts ol li")).ToHaveCountAsync(3);

        // The mark went with its session, now the third.
        await Assertions.Expect(anRow.Locator("td[data-session='3']")).ToHaveTextAsync("Vắng có phép");
        await Assertions.Expect(anRow.Locator("td[data-session='2']")).Not.ToHaveTextAsync("Vắng có phép");
        await Assertions.Expect(anRow.Locator("td[data-session='1']")).Not.ToHaveTextAsync("Vắng có phép");
        var invitees = (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!;
        Assert.Equal("[null,null,\"excused\"]", invitees.Single(i => i!["email"]!.GetValue<string>() == an)!["attendance"]!.ToJsonString());

        // Taking the marked (third) session off is refused beside the sessions, in Vietnamese only; nothing changes.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sửa / dời lịch" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bỏ buổi 3" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        var refusal = page.Locator("[data-error-for='sessions']");
        await Assertions.Expect(refusal).ToContainTextAsync("Buổi 3 (");
        await Assertions.Expect(refusal).ToContainTextAsync("đã có điểm danh");
        Assert.DoesNotContain(" / ", await refusal.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(3, (await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["sessions"]!.AsArray().Count);
        Assert.Empty(errors);
    }

    /// <summary>The organiser's page of course <paramref name="id"/> on an office screen in Vietnamese, signed in with the
    /// organiser key; the page's script errors are collected (a test ends by asserting there were none).</summary>
    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> SignedInCourseAsync(string id)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "vi-VN" });
        var (page, errors) = await OpenOrganiserCourseAsync(context, id);
        return (context, page, errors);
    }
}
