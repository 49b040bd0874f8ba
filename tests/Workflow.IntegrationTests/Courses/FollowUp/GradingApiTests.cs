using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Certificates;
using Workflow.Courses.FollowUp;
using Workflow.Courses.Storage;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses.FollowUp;

/// <summary>
/// Issue 18 item 4 through the running local host: the organiser reads the learning reports (text and file), grades and
/// regrades them, gets clear answers for a bad grade and for someone who sent nothing, downloads them all as one ZIP, and
/// reads the grades in the course report and the roster; with the course's setting on, the certificate follows the grade.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GradingApiTests(AzuriteFixture azurite) : LocalHostTests(azurite)
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Start = new(2030, 3, 9, 8, 0, 0, Vn);
    private const string Hang = "Nguyễn Thị Hằng";
    private const string Unit = "Sở Nội vụ";
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% a learning report\n%%EOF\n");

    [Fact]
    public async Task The_organiser_reads_grades_regrades_and_downloads_the_reports_and_the_grades_reach_report_roster_and_certificate()
    {
        var (courseId, ids) = await GradedCourseAsync();
        var api = LocalHost.Organiser;

        // The list: the scale in Vietnamese, the two reports (not Bình, who sent nothing), text and file as sent.
        var list = (await api.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}/reports"))!;
        Assert.True(list["requiresPassingGrade"]!.GetValue<bool>());
        Assert.Equal(["Xuất sắc", "Khá", "Đạt", "Chưa đạt"], list["scale"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
        var reports = list["reports"]!.AsArray();
        Assert.Equal(new[] { ids[0], ids[1] }.Order(StringComparer.Ordinal), reports.Select(r => r!["inviteeId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var first = reports.Single(r => r!["inviteeId"]!.GetValue<string>() == ids[0])!;
        Assert.Equal("<script>alert(1)</script>\nBài học kinh nghiệm", first["text"]!.GetValue<string>());
        Assert.Equal("bài thu hoạch.pdf", first["file"]!["name"]!.GetValue<string>());
        Assert.True(first["heldForGrade"]!.GetValue<bool>());

        // The file: inline with the stored type, nosniff, the UTF-8 name; ?download=1 makes it an attachment.
        var inline = await api.GetAsync(new Uri($"/api/courses/{courseId}/reports/{ids[0]}/file", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
        Assert.Equal("application/pdf", inline.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", inline.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("bài thu hoạch.pdf", inline.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(["nosniff"], inline.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(Pdf, await inline.Content.ReadAsByteArrayAsync());
        var attachment = await api.GetAsync(new Uri($"/api/courses/{courseId}/reports/{ids[0]}/file?download=1", UriKind.Relative));
        Assert.Equal("attachment", attachment.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(new Uri($"/api/courses/{courseId}/reports/{ids[1]}/file", UriKind.Relative))).StatusCode);

        // Bad grades: 422 naming the field; nothing submitted: 409 saying so. Nothing is written.
        var bad = await api.PutAsJsonAsync($"/api/courses/{courseId}/reports/{ids[0]}/grade", new { grade = "Xuất sắc" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("xuatSac", (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["grade"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var longComment = await api.PutAsJsonAsync($"/api/courses/{courseId}/reports/{ids[0]}/grade", new { grade = "dat", comment = new string('x', GradingRules.MaxComment + 1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, longComment.StatusCode);
        Assert.NotNull((await longComment.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["comment"]);
        var nothing = await api.PutAsJsonAsync($"/api/courses/{courseId}/reports/{ids[2]}/grade", new { grade = "dat" });
        Assert.Equal(HttpStatusCode.Conflict, nothing.StatusCode);
        Assert.Contains("chưa nộp bài thu hoạch", (await nothing.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var store = Services.GetRequiredService<InviteeStore>();
        Assert.Null((await store.GetInviteeAsync(courseId, ids[0], CancellationToken.None))!.Grade);

        // Grade "Chưa đạt", then regrade "Đạt": the grade, its author and time, one audit line each.
        var failed = await api.PutAsJsonAsync($"/api/courses/{courseId}/reports/{ids[0]}/grade", new { grade = "chuaDat", comment = "Thiếu phần liên hệ thực tế <b>đơn vị</b>" });
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal("Chưa đạt", (await failed.Content.ReadFromJsonAsync<JsonObject>())!["grade"]!["name"]!.GetValue<string>());
        Assert.Equal(0, await new CertificateStepsRunner(Services).IssueAsync(courseId));
        Assert.Null((await store.GetInviteeAsync(courseId, ids[0], CancellationToken.None))!.CertificateNumber);

        var passed = await api.PutAsJsonAsync($"/api/courses/{courseId}/reports/{ids[0]}/grade", new { grade = "dat", comment = "Đã bổ sung" });
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        var grade = (await passed.Content.ReadFromJsonAsync<JsonObject>())!["grade"]!;
        Assert.Equal(("dat", "Đạt", true, "Đã bổ sung"), (grade["grade"]!.GetValue<string>(), grade["name"]!.GetValue<string>(), grade["passing"]!.GetValue<bool>(), grade["comment"]!.GetValue<string>()));
        var row = (await store.GetInviteeAsync(courseId, ids[0], CancellationToken.None))!;
        Assert.Equal(["graded", "regraded"], row.Audit.Select(a => a.What));
        Assert.Equal(["chuaDat", "dat"], row.Audit.Select(a => a.Note));
        Assert.All(row.Audit, a => Assert.False(string.IsNullOrEmpty(a.Author?.Id)));
        Assert.Equal(row.Audit[^1].Author, row.Grade!.By);
        Assert.Equal("Đã bổ sung", row.Grade.Comment);

        // The certificate follows the grade: a new round was recorded, and its step issues Hằng's certificate (only hers).
        var course = (await Services.GetRequiredService<CourseStore>().GetAsync(courseId, CancellationToken.None))!;
        var milestone = Assert.Single(CourseSchedule.For(course), m => m.Kind == MilestoneKind.CertificatesGraded);
        Assert.Equal(1, await Services.GetRequiredService<CertificateSteps>().IssueAfterGradeAsync(courseId, milestone.Key, CancellationToken.None));
        var invitees = await store.ListInviteesAsync(courseId, CancellationToken.None);
        var number = invitees.Single(i => i.Id == ids[0]).CertificateNumber;
        Assert.Matches("^BDNV-2030-[0-9]{6}$", number);
        Assert.Null(invitees.Single(i => i.Id == ids[1]).CertificateNumber);
        course = (await Services.GetRequiredService<CourseStore>().GetAsync(courseId, CancellationToken.None))!;
        Assert.DoesNotContain(CourseSchedule.For(course), m => m.Kind == MilestoneKind.CertificatesGraded);

        // The course report counts the grades; the roster shows them.
        var report = (await api.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}/report"))!["reports"]!;
        Assert.Equal(1, report["graded"]!.GetValue<int>());
        Assert.Equal(1, report["heldForGrade"]!.GetValue<int>());
        var counted = Assert.Single(report["grades"]!.AsArray())!;
        Assert.Equal(("dat", true, 1), (counted["grade"]!.GetValue<string>(), counted["passing"]!.GetValue<bool>(), counted["count"]!.GetValue<int>()));
        var csv = await api.GetByteArrayAsync(new Uri($"/api/courses/{courseId}/roster?format=csv", UriKind.Relative));
        using (var reader = new StreamReader(new MemoryStream(csv), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        using (var parser = new CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture))
        {
            var rows = new List<string[]>();
            while (parser.Read())
            {
                rows.Add(Enumerable.Range(0, parser.Parser.Count).Select(i => parser.GetField(i)!).ToArray());
            }

            var column = Array.IndexOf(rows[0], "Xếp loại bài thu hoạch");
            Assert.True(column > 0);
            Assert.Equal(["Nhận xét", "Thời điểm chấm", "Người chấm"], rows[0][(column + 1)..(column + 4)]);
            var hang = rows.Single(r => r[0] == Hang && r[^1] == number);
            Assert.Equal(["Đạt", "Đã bổ sung"], hang[column..(column + 2)]);
            Assert.Equal(row.Grade.By.Name, hang[column + 3]);
            Assert.Equal(string.Empty, rows.Single(r => r[0] == Hang && r[^1] != number)[column]);
        }

        // The ZIP: one folder per unit, files named by person (the second Hằng numbered), the text as .txt with a BOM.
        var zipAnswer = await api.GetAsync(new Uri($"/api/courses/{courseId}/reports/archive", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, zipAnswer.StatusCode);
        Assert.Equal("application/zip", zipAnswer.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"reports-{courseId}.zip", zipAnswer.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        using var zip = new ZipArchive(new MemoryStream(await zipAnswer.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        // Same unit, same name: the first by invitee id keeps the name, the other is "(2)".
        var (withFile, textOnly) = string.CompareOrdinal(ids[0], ids[1]) < 0 ? (Hang, $"{Hang} (2)") : ($"{Hang} (2)", Hang);
        Assert.Equal(
            [$"{Unit}/{Hang}.txt", .. string.CompareOrdinal(ids[0], ids[1]) < 0 ? new[] { $"{Unit}/{Hang}.pdf", $"{Unit}/{Hang} (2).txt" } : [$"{Unit}/{Hang} (2).txt", $"{Unit}/{Hang} (2).pdf"]],
            zip.Entries.Select(e => e.FullName));
        using (var pdf = new MemoryStream())
        {
            await using var entry = await zip.GetEntry($"{Unit}/{withFile}.pdf")!.OpenAsync();
            await entry.CopyToAsync(pdf);
            Assert.Equal(Pdf, pdf.ToArray());
        }

        using var text = new MemoryStream();
        await using (var entry = await zip.GetEntry($"{Unit}/{textOnly}.txt")!.OpenAsync())
        {
            await entry.CopyToAsync(text);
        }

        Assert.Equal([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("Báo cáo của người thứ hai")], text.ToArray());
    }

    /// <summary>Runs the certificates milestone's step as the flow would.</summary>
    private sealed class CertificateStepsRunner(IServiceProvider services)
    {
        public Task<int> IssueAsync(string courseId) => services.GetRequiredService<CertificateSteps>().IssueAsync(courseId, CancellationToken.None);
    }

    /// <summary>
    /// Two sessions, reports required, certificates need a passing grade: two people named Nguyễn Thị Hằng of one unit,
    /// present twice, each with a report (the first with a PDF and a hostile line), and Bình, present twice, no report.
    /// </summary>
    private async Task<(string CourseId, string[] Ids)> GradedCourseAsync()
    {
        var repository = Services.GetRequiredService<CourseStore>();
        var inviteeStore = Services.GetRequiredService<InviteeStore>();
        var emails = new[] { "hang." + Guid.NewGuid().ToString("N")[..8] + "@example.vn", "hang2." + Guid.NewGuid().ToString("N")[..8] + "@example.vn", "binh." + Guid.NewGuid().ToString("N")[..8] + "@example.vn" };
        var course = await CourseStoreTests.FollowUpCourseAsync(repository, inviteeStore, Start, new FollowUpPolicy { ReportRequired = true, CertificateRequiresPassingGrade = true },
        [
            new ValidInvitee(2, Hang, emails[0], CourseValidation.NormalizeEmail(emails[0]), Unit, "Chuyên viên"),
            new ValidInvitee(3, Hang, emails[1], CourseValidation.NormalizeEmail(emails[1]), Unit, "Chuyên viên"),
            new ValidInvitee(4, "Lê Văn Bình", emails[2], CourseValidation.NormalizeEmail(emails[2]), "Đảng ủy xã Quảng Phú", null),
        ]);
        var file = await Services.GetRequiredService<ReportFileStore>().SaveAsync(course.Id, new CheckedFile("bài thu hoạch.pdf", "application/pdf", ".pdf", Pdf), CancellationToken.None);
        var ids = new string[3];
        foreach (var invitee in await inviteeStore.ListInviteesAsync(course.Id, CancellationToken.None))
        {
            var who = Array.IndexOf(emails, invitee.Email);
            ids[who] = invitee.Id;
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, i => i with { Status = InviteeStatus.Accepted, RepliedAt = Start.AddDays(-10) }, CancellationToken.None);
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.Attendance, i => i with
            {
                Attendance = [new AttendanceMark("s1", AttendanceStatus.Present, Start, "link", i.Name), new AttendanceMark("s2", AttendanceStatus.Present, Start.AddDays(1), "link", i.Name)],
            }, CancellationToken.None);
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.FollowUp, i => i with
            {
                Report = who switch
                {
                    0 => new LearningReport("<script>alert(1)</script>\nBài học kinh nghiệm", Start.AddDays(5), file),
                    1 => new LearningReport("Báo cáo của người thứ hai", Start.AddDays(6)),
                    _ => null,
                },
            }, CancellationToken.None);
        }

        return (course.Id, ids);
    }
}
