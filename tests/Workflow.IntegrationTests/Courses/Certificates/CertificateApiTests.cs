using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Certificates;
using Workflow.Courses.Storage;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses.Certificates;

/// <summary>
/// Through the running local host (issue 9): a course whose follow-up is over, its certificates issued by the
/// milestone's step, then the anonymous verification page, the report JSON and the roster as CSV and XLSX.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CertificateApiTests(AzuriteFixture azurite) : LocalHostTests(azurite)
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Start = new(2030, 3, 9, 8, 0, 0, Vn);
    private const string Hang = "Nguyễn Thị Hằng";
    private const string Formula = "=HYPERLINK(\"https://evil.example\",\"Bấm\")";

    [Fact]
    public async Task A_certificate_is_verified_at_its_page_and_the_report_and_roster_show_the_course()
    {
        var (courseId, emails) = await FollowedUpCourseAsync();
        Assert.Equal(1, await Services.GetRequiredService<CertificateSteps>().IssueAsync(courseId, CancellationToken.None));
        var invitees = await Services.GetRequiredService<InviteeStore>().ListInviteesAsync(courseId, CancellationToken.None);
        var number = invitees.Single(i => i.Email == emails[0]).CertificateNumber!;
        Assert.Matches("^BDNV-2030-[0-9]{6}$", number);

        // The verification page: anonymous, course, name and dates, nothing else about the person.
        using var anonymous = new HttpClient { BaseAddress = new Uri(LocalHost.Host.BaseUrl) };
        var page = await anonymous.GetAsync(new Uri("/api/certificates/" + number, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(Hang, html, StringComparison.Ordinal);
        Assert.Contains("Bồi dưỡng nghiệp vụ cán bộ phụ trách công tác dân vận", html, StringComparison.Ordinal);
        Assert.Contains("09/03/2030 – 10/03/2030", html, StringComparison.Ordinal);
        Assert.Contains(number, html, StringComparison.Ordinal);
        Assert.DoesNotContain(emails[0], html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sở Nội vụ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Chuyên viên", html, StringComparison.Ordinal);
        foreach (var unknown in new[] { "BDNV-2030-999999", "bdnv-2030-000001", "BDNV-2030-1", "hello", number + "0" })
        {
            var missing = await anonymous.GetAsync(new Uri("/api/certificates/" + unknown, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            var text = await missing.Content.ReadAsStringAsync();
            Assert.Contains("Không tìm thấy giấy chứng nhận", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Hang, text, StringComparison.Ordinal);
        }

        // The report: attendance per session and unit, survey averages and comments, reports, certificates.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"/api/courses/{courseId}/report", UriKind.Relative))).StatusCode);
        var report = (await LocalHost.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}/report"))!;
        Assert.Equal(3, report["attendance"]!["expected"]!.GetValue<int>());
        Assert.Equal([3, 2], report["attendance"]!["sessions"]!.AsArray().Select(s => s!["present"]!.GetValue<int>()));
        Assert.Equal(4.5, report["survey"]!["averages"]!["content"]!.GetValue<double>());
        Assert.Equal(3.5, report["survey"]!["averages"]!["organisation"]!.GetValue<double>());
        Assert.Equal(["Rất bổ ích"], report["survey"]!["comments"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal((3, 2, 1), (report["reports"]!["expected"]!.GetValue<int>(), report["reports"]!["submitted"]!.GetValue<int>(), report["reports"]!["missing"]!.GetValue<int>()));
        Assert.Equal(1, report["certificates"]!["issued"]!.GetValue<int>());
        Assert.Contains(number, report["certificates"]!["numbers"]!.AsArray().Select(n => n!["number"]!.GetValue<string>()));
        Assert.Equal("followUp", report["phase"]!.GetValue<string>());

        // The roster as CSV: BOM, Vietnamese, the formula neutralised, a file name.
        var csvAnswer = await LocalHost.Organiser.GetAsync(new Uri($"/api/courses/{courseId}/roster?format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csvAnswer.StatusCode);
        Assert.Equal("text/csv", csvAnswer.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"roster-{courseId}.csv", csvAnswer.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var csvBytes = await csvAnswer.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csvBytes[..3]);
        using (var reader = new StreamReader(new MemoryStream(csvBytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        using (var csv = new CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture))
        {
            var rows = new List<string[]>();
            while (csv.Read())
            {
                rows.Add(Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i)!).ToArray());
            }

            Assert.Equal("Họ và tên", rows[0][0]);
            Assert.Equal(4, rows.Count);
            var hang = rows.Single(r => r[1] == emails[0]);
            Assert.Equal(Hang, hang[0]);
            Assert.Equal(["Có mặt", "Có mặt"], hang[8..10]);
            Assert.Equal(number, hang[^1]);
            Assert.Equal("'" + Formula, rows.Single(r => r[1] == emails[1])[3]);
        }

        // The roster as XLSX, opened with MiniExcel.
        var xlsxAnswer = await LocalHost.Organiser.GetAsync(new Uri($"/api/courses/{courseId}/roster?format=xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsxAnswer.StatusCode);
        Assert.Equal($"roster-{courseId}.xlsx", xlsxAnswer.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        using (var xlsx = new MemoryStream(await xlsxAnswer.Content.ReadAsByteArrayAsync()))
        {
            var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? string.Empty).ToArray()).ToList();
            Assert.Equal("Họ và tên", rows[0][0]);
            Assert.Equal(Hang, rows.Single(r => r[1] == emails[0])[0]);
            Assert.Equal("'" + Formula, rows.Single(r => r[1] == emails[1])[3]);
            Assert.Equal(number, rows.Single(r => r[1] == emails[0])[^1]);
        }

        var bad = await LocalHost.Organiser.GetAsync(new Uri($"/api/courses/{courseId}/roster?format=pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["format"]);
    }

    /// <summary>Two sessions, report required: Hằng present twice with a report (the one certificate); Bình (position a formula) present twice without; Chi present once, with a report.</summary>
    private async Task<(string CourseId, string[] Emails)> FollowedUpCourseAsync()
    {
        var repository = Services.GetRequiredService<CourseStore>();
        var inviteeStore = Services.GetRequiredService<InviteeStore>();
        var emails = new[] { "hang." + Guid.NewGuid().ToString("N")[..8] + "@example.vn", "binh." + Guid.NewGuid().ToString("N")[..8] + "@example.vn", "chi." + Guid.NewGuid().ToString("N")[..8] + "@example.vn" };
        var course = await CourseStoreTests.FollowUpCourseAsync(repository, inviteeStore, Start, new FollowUpPolicy { ReportRequired = true },
        [
            new ValidInvitee(2, Hang, emails[0], CourseValidation.NormalizeEmail(emails[0]), "Sở Nội vụ", "Chuyên viên"),
            new ValidInvitee(3, "Lê Văn Bình", emails[1], CourseValidation.NormalizeEmail(emails[1]), "Sở Nội vụ", Formula),
            new ValidInvitee(4, "Trần Thị Chi", emails[2], CourseValidation.NormalizeEmail(emails[2]), "Đảng ủy xã Quảng Phú", null),
        ]);
        foreach (var invitee in await inviteeStore.ListInviteesAsync(course.Id, CancellationToken.None))
        {
            var who = Array.IndexOf(emails, invitee.Email);
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, i => i with { Status = InviteeStatus.Accepted, RepliedAt = Start.AddDays(-10) }, CancellationToken.None);
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.Attendance, i => i with
            {
                Attendance =
                [
                    new AttendanceMark("s1", AttendanceStatus.Present, Start, "link", i.Name),
                    new AttendanceMark("s2", who == 2 ? AttendanceStatus.Absent : AttendanceStatus.Present, Start.AddDays(1), "system", "system"),
                ],
            }, CancellationToken.None);
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.FollowUp, i => i with
            {
                Report = who == 1 ? null : new LearningReport("Bài thu hoạch", Start.AddDays(5)),
                Survey = who == 2 ? null : new SurveyAnswer(who == 0 ? 5 : 4, 5, who == 0 ? 4 : 3, who == 0 ? "Rất bổ ích" : null, Start.AddDays(3)),
            }, CancellationToken.None);
        }

        return (course.Id, emails);
    }
}
