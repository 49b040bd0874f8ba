using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Playwright;
using QRCoder;
using Workflow.Courses;
using Workflow.Courses.FollowUp;
using Workflow.Courses.Storage;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Storage;
using Workflow.Testing;

namespace Workflow.IntegrationTests.Pages;

/// <summary>
/// Issue 18 item 4 in Debian's Chromium on the local host's real flow: a course of a few seconds whose certificates need a
/// passing grade ends; Hằng, accepted and present, sent a report with an image; the certificates milestone holds hers. The
/// organiser opens the course, reads the report (the text as text, the image shown), grades it "Chưa đạt" (still no
/// certificate once the flow looked again) and then "Đạt": the flow issues her certificate, which the page then shows.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GradingPageBrowserTests(AzuriteFixture azurite) : BrowserPageTests(azurite, LocalHostFixture.Development)
{
    private const string Hang = "Nguyễn Thị Hằng";
    private const string Text = "Qua lớp học, tôi rút ra ba bài học.\n<img src=x onerror=\"window.__ran=1\"> giữ nguyên là chữ.";

    [Fact]
    public async Task The_organiser_reads_a_report_grades_it_Chua_dat_then_Dat_and_the_certificate_follows_the_grade()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"hang.{tag}@sonoivu.tinh.example";
        var now = DateTimeOffset.UtcNow;
        var created = await Host.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = $"Bồi dưỡng công tác dân vận {tag}",
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = now.AddSeconds(8), end = now.AddSeconds(11) } },
            rsvpDeadline = now.AddSeconds(7),
            organiserEmails = new[] { "bandanvan@tinh.example" },
            followUp = new { surveyDue = "PT15S", reportRequired = true, reportDue = "PT25S", certificateRequiresPassingGrade = true },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await Host.Organiser.PostAsJsonAsync($"/api/courses/{id}/invitees", new[] { new { name = Hang, email, unit = "Sở Nội vụ" } })).EnsureSuccessStatusCode();
        (await Host.Organiser.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();

        // Her reply, her check-in and her report, as the reply, check-in and report pages write them (tested there).
        var inviteeId = Invitee.IdFor(id, CourseValidation.NormalizeEmail(email));
        var invitees = new InviteeStore(new TableServiceClient(Azurite.ConnectionString), new TableInitializer());
        var files = new ReportFileStore(new BlobServiceClient(Azurite.ConnectionString));
        using var qr = QRCodeGenerator.GenerateQrCode("Bài thu hoạch của " + Hang, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(qr).GetGraphic(6);
        var file = await files.SaveAsync(id, new CheckedFile("sơ đồ bài học.png", "image/png", ".png", png), CancellationToken.None);
        await invitees.UpdateInviteeAsync(id, inviteeId, i => i with { Status = InviteeStatus.Accepted, RepliedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
        await invitees.UpdateInviteeAsync(id, inviteeId, InviteeColumns.Attendance, i => i with
        {
            Attendance = [new AttendanceMark("s1", AttendanceStatus.Present, DateTimeOffset.UtcNow, "link", i.Name)],
        }, CancellationToken.None);
        await invitees.UpdateInviteeAsync(id, inviteeId, InviteeColumns.FollowUp, i => i with { Report = new LearningReport(Text, DateTimeOffset.UtcNow, file) }, CancellationToken.None);

        // The course ends and its certificates milestone runs: hers is held, the report not graded yet.
        await Eventually.WaitForAsync(
            async () => (await Host.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["phase"]!.GetValue<string>() == "completed" ? "done" : null,
            TimeSpan.FromSeconds(90));
        Assert.Null((await invitees.GetInviteeAsync(id, inviteeId, CancellationToken.None))!.CertificateNumber);

        await using var context = await NewDesktopContextAsync();
        var (page, errors) = await OpenOrganiserCourseAsync(context, id);

        var section = page.Locator("section[aria-labelledby=reports-title]");
        var row = section.Locator($"tr[data-invitee='{inviteeId}']");
        await Assertions.Expect(row).ToContainTextAsync("Chưa chấm");
        await Assertions.Expect(row.Locator("[data-certificate]")).ToHaveTextAsync("Chờ chấm bài");
        await Assertions.Expect(section).ToContainTextAsync("chỉ cấp giấy chứng nhận khi bài thu hoạch đạt yêu cầu");

        // Read: the text as sent (markup stays text, nothing runs), the image shown in the page.
        await row.GetByRole(AriaRole.Button, new() { Name = "Đọc và chấm" }).ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await Assertions.Expect(dialog.Locator(".report-text")).ToHaveTextAsync(Text);
        Assert.Equal(0, await dialog.Locator(".report-text *").CountAsync());
        await Assertions.Expect(dialog).ToContainTextAsync("Tệp đính kèm: sơ đồ bài học.png");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Xem tệp" }).ClickAsync();
        var image = dialog.Locator(".report-file img");
        await Assertions.Expect(image).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('dialog[open] .report-file img'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.Null(await page.EvaluateAsync<int?>("window.__ran ?? null"));

        // Grade "Chưa đạt" with a comment: shown in the row; the flow looks again and issues nothing.
        await dialog.GetByLabel("Xếp loại").SelectOptionAsync(new SelectOptionValue { Label = "Chưa đạt" });
        await dialog.GetByLabel("Nhận xét").FillAsync("Cần liên hệ thực tiễn ở đơn vị.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screen("grading.png") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Lưu xếp loại" }).ClickAsync();
        await Assertions.Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText($"Đã lưu xếp loại Chưa đạt cho {Hang}.")).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-grade]")).ToHaveTextAsync("Chưa đạt");
        var courses = new CourseStore(new TableServiceClient(Azurite.ConnectionString), new TableInitializer());
        await Eventually.WaitForAsync(
            async () => (await courses.GetAsync(id, CancellationToken.None))!.Progress.IsDone("certificatesGraded:1") ? "looked" : null,
            TimeSpan.FromSeconds(60));
        Assert.Null((await invitees.GetInviteeAsync(id, inviteeId, CancellationToken.None))!.CertificateNumber);

        // Regrade "Đạt": the flow issues her certificate; the page shows its number and who graded, when.
        await row.GetByRole(AriaRole.Button, new() { Name = "Đọc và chấm" }).ClickAsync();
        await Assertions.Expect(dialog.Locator(".graded-by")).ToContainTextAsync("Chấm: Chưa đạt · organiser-key · ");
        await Assertions.Expect(dialog.GetByLabel("Nhận xét")).ToHaveValueAsync("Cần liên hệ thực tiễn ở đơn vị.");
        await dialog.GetByLabel("Xếp loại").SelectOptionAsync(new SelectOptionValue { Label = "Đạt" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Lưu xếp loại" }).ClickAsync();
        await Assertions.Expect(row.Locator("[data-grade]")).ToHaveTextAsync("Đạt");
        var number = await Eventually.WaitForAsync(
            async () => (await invitees.GetInviteeAsync(id, inviteeId, CancellationToken.None))!.CertificateNumber,
            TimeSpan.FromSeconds(60));
        await page.ReloadAsync();
        await Assertions.Expect(row.Locator("[data-certificate]")).ToHaveTextAsync(number);
        var stored = (await invitees.GetInviteeAsync(id, inviteeId, CancellationToken.None))!;
        Assert.Equal(["graded", "regraded"], stored.Audit.Where(a => a.What.EndsWith("graded", StringComparison.Ordinal)).Select(a => a.What));
        Assert.Empty(errors);
    }
}
