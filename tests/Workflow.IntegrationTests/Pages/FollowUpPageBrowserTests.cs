using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Playwright;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Storage;

namespace Workflow.IntegrationTests.Pages;

/// <summary>The follow-up pages in Debian's Chromium on a 360 px phone, through the local host's real flow: a course of a few
/// seconds ends, the person marked present gets the survey and report links, answers the survey and sends a report with a file.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FollowUpPageBrowserTests(AzuriteFixture azurite) : BrowserPageTests(azurite)
{
    /// <summary>Waits for the email to <paramref name="email"/> whose subject starts so, and returns its first link.</summary>
    private async Task<string> WaitForLinkAsync(string email, string subjectStart)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var items = await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/dev/outbox?to={Uri.EscapeDataString(email)}");
            var item = items?.FirstOrDefault(i => i!["subject"]!.GetValue<string>().StartsWith(subjectStart, StringComparison.Ordinal));
            if (item is not null)
            {
                return item["links"]![0]!.GetValue<string>();
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No '{subjectStart}' email to {email}.\n{Host.Host.Output}");
            }

            await Task.Delay(300);
        }
    }

    [Fact]
    public async Task After_the_course_a_person_present_answers_the_survey_and_sends_a_report_with_a_file()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var lan = $"lan.{tag}@sonoivu.tinh.example";
        var now = DateTimeOffset.UtcNow;
        var created = await Host.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng kỹ năng dân vận",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = now.AddSeconds(6), end = now.AddSeconds(9) } },
            rsvpDeadline = now.AddSeconds(5),
            organiserEmails = new[] { "bandanvan@tinh.example" },
            followUp = new { surveyDue = "PT10M", reportRequired = true, reportDue = "PT20M", remindersBeforeDue = new[] { "PT1M" } },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/invitees", new[] { new { name = "Hoàng Thị Lan", email = lan, unit = "Sở Nội vụ" } })).EnsureSuccessStatusCode();
        (await Host.Organiser.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();

        // Attendance is the attendance part's: marked here as its check-in would, before the session ends.
        var inviteeStore = new InviteeStore(new TableServiceClient(Azurite.ConnectionString), new TableInitializer());
        await inviteeStore.UpdateInviteeAsync(id, Invitee.IdFor(id, lan), InviteeColumns.Attendance, i => i with
        {
            Attendance = [new AttendanceMark("s1", AttendanceStatus.Present, DateTimeOffset.UtcNow, "link", i.Name)],
        }, CancellationToken.None);

        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 780 } });
        await page.GotoAsync(await WaitForLinkAsync(lan, "Đề nghị đánh giá lớp học: "));
        Assert.Equal("Đánh giá lớp học", (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.GetByLabel("Nội dung: 5").CheckAsync();
        await page.GetByLabel("Báo cáo viên: 4").CheckAsync();
        await page.GetByLabel("Công tác tổ chức: 4").CheckAsync();
        await page.GetByLabel("Ý kiến góp ý").FillAsync("Chuyên đề điểm nóng rất thiết thực.\nĐề nghị gửi tài liệu trước.");
        await SubmitAsync(page, "Gửi đánh giá");
        Assert.Equal("Đã ghi nhận đánh giá của đồng chí. Xin cảm ơn.", (await page.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.True(await page.GetByLabel("Nội dung: 5").IsCheckedAsync());
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("survey.png"), FullPage = true });

        var pdf = Path.Combine(Path.GetTempPath(), $"bai-thu-hoach-{tag}.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.7\n% Bài thu hoạch\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
        try
        {
            await page.GotoAsync(await WaitForLinkAsync(lan, "Đề nghị nộp bài thu hoạch: "));
            Assert.Equal("Nộp bài thu hoạch", (await page.Locator("h1").InnerTextAsync()).Trim());
            await page.GetByLabel("Nội dung bài thu hoạch").FillAsync("Qua lớp bồi dưỡng, tôi nắm rõ hơn cách phòng ngừa và xử lý điểm nóng ở cơ sở.");
            await page.GetByLabel("Tệp đính kèm").SetInputFilesAsync(pdf);
            await SubmitAsync(page, "Nộp bài thu hoạch");
            Assert.Equal("Đã nhận bài thu hoạch của đồng chí. Xin cảm ơn.", (await page.Locator("[role=status]").InnerTextAsync()).Trim());
            Assert.Contains($"Tệp đã nộp: bai-thu-hoach-{tag}.pdf", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.Contains("Qua lớp bồi dưỡng", await page.GetByLabel("Nội dung bài thu hoạch").InputValueAsync(), StringComparison.Ordinal);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("report.png"), FullPage = true });
        }
        finally
        {
            File.Delete(pdf);
        }

        var course = await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{id}");
        Assert.Equal("followUp", course!["phase"]!.GetValue<string>());
        Assert.Equal((1, 1), (course["counts"]!["surveyed"]!.GetValue<int>(), course["counts"]!["reported"]!.GetValue<int>()));
        var invitee = (await Host.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!.Single()!;
        Assert.True(invitee["surveyed"]!.GetValue<bool>());
        Assert.True(invitee["reported"]!.GetValue<bool>());
        var stored = await inviteeStore.GetInviteeAsync(id, Invitee.IdFor(id, lan), CancellationToken.None);
        Assert.Equal(("application/pdf", $"bai-thu-hoach-{tag}.pdf"), (stored!.Report!.File!.ContentType, stored.Report.File.Name));
    }

}
