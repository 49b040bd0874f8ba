using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses.Reports;

/// <summary>
/// Through the running local host (issue 18 items 3, 6, 7): the sign-in sheet of a session and the report for leadership
/// as PDFs read back with PdfPig (names with diacritics, unit order, the session's day in Vietnam time, the report's
/// numbers equal to the JSON report's), and the schedule's warnings when a course is created on Tết and rescheduled.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CourseDocumentsApiTests(AzuriteFixture azurite) : LocalHostTests(azurite)
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    // Saturday 09/03/2030 08:00 and Sunday 10/03/2030 08:00 in Viet Nam (01:00 UTC).
    private static readonly DateTimeOffset Start = new(2030, 3, 9, 8, 0, 0, Vn);

    [Fact]
    public async Task The_sign_in_sheet_lists_accepted_people_by_unit_then_the_waitlist_with_the_session_in_Vietnam_time()
    {
        var courseId = await CourseAsync();

        var answer = await LocalHost.Organiser.GetAsync(new Uri($"/api/courses/{courseId}/sessions/2/sign-in-sheet", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/pdf", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"sign-in-{courseId}-session-2.pdf", answer.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        using var document = PdfDocument.Open(await answer.Content.ReadAsByteArrayAsync());
        var text = Text(document);

        Assert.Contains("DANH SÁCH KÝ NHẬN", text, StringComparison.Ordinal);
        Assert.Contains("Buổi 2/2: Chủ Nhật, 10/03/2030, 08:00 – 11:00", text, StringComparison.Ordinal);
        Assert.Contains("Địa điểm: Hội trường Ban Dân vận Tỉnh ủy", text, StringComparison.Ordinal);
        // Units in Vietnamese order: "Đảng ủy…" (Đ after D) before "Sở Nội vụ"; in a unit by given name: Bình before Hằng.
        var order = new[] { "Trần Thị Chi", "Lê Văn Bình", "Nguyễn Thị Hằng", "DANH SÁCH CHỜ", "Đỗ Quỳnh Như" }
            .Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(order, at => Assert.True(at >= 0, text));
        Assert.Equal(order.Order(), order);
        Assert.DoesNotContain("Phạm Văn Từ", text, StringComparison.Ordinal);

        // Session 3 does not exist: 400 naming the field, nothing drawn.
        var bad = await LocalHost.Organiser.GetAsync(new Uri($"/api/courses/{courseId}/sessions/3/sign-in-sheet", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["session"]);
    }

    [Fact]
    public async Task The_report_pdf_says_the_numbers_of_the_json_report_and_is_signed_off()
    {
        var courseId = await CourseAsync();
        var json = (await LocalHost.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}/report?format=json"))!;
        var plain = (await LocalHost.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}/report"))!;
        Assert.Equal(json.ToJsonString(), plain.ToJsonString());

        var answer = await LocalHost.Organiser.GetAsync(new Uri($"/api/courses/{courseId}/report?format=pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/pdf", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"report-{courseId}.pdf", answer.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        using var document = PdfDocument.Open(await answer.Content.ReadAsByteArrayAsync());
        var text = Text(document);

        int N(JsonNode? node) => node!.GetValue<int>();
        var a = json["attendance"]!;
        Assert.Equal((5, 3, 2), (N(a["invited"]), N(a["expected"]), N(a["presentAtEverySession"])));
        Assert.Contains($"Số người được mời: {N(a["invited"])}; nhận lời tham dự: {N(a["expected"])}; có mặt đủ các buổi: {N(a["presentAtEverySession"])}.", text, StringComparison.Ordinal);
        var sessions = a["sessions"]!.AsArray();
        Assert.Contains(string.Join("; ", sessions.Select(s => $"Buổi {N(s!["session"]) + 1}: {N(s!["present"])}")), text, StringComparison.Ordinal);
        foreach (var s in sessions)
        {
            Assert.Contains($"{N(s!["present"])} {N(s["absent"])} {N(s["excused"])} {N(s["unmarked"])}", text, StringComparison.Ordinal);
        }

        Assert.Contains("Chủ Nhật, 10/03/2030, 08:00 – 11:00", text, StringComparison.Ordinal);
        var units = a["units"]!.AsArray().Select(u => u!["unit"]!.GetValue<string>()).ToList();
        Assert.Equal(["Đảng ủy xã Quảng Phú", "Sở Nội vụ"], units);
        Assert.True(text.IndexOf("Đảng ủy xã Quảng Phú", StringComparison.Ordinal) < text.IndexOf("Sở Nội vụ", StringComparison.Ordinal));

        var survey = json["survey"]!;
        Assert.Contains($"Số phiếu trả lời: {N(survey["answers"])}.", text, StringComparison.Ordinal);
        var content = survey["averages"]!["content"]!.GetValue<double>();
        Assert.Contains("Nội dung bồi dưỡng " + content.ToString("0.0", CultureInfo.GetCultureInfo("vi-VN")), text, StringComparison.Ordinal);
        Assert.Contains("Rất bổ ích", text, StringComparison.Ordinal);

        var reports = json["reports"]!;
        Assert.Contains($"Phải nộp: {N(reports["expected"])}; đã nộp: {N(reports["submitted"])}; đã chấm: {N(reports["graded"])}; chưa nộp: {N(reports["missing"])}.", text, StringComparison.Ordinal);
        var certificates = json["certificates"]!;
        Assert.Contains($"Đủ điều kiện: {N(certificates["eligible"])}; đã cấp: {N(certificates["issued"])}.", text, StringComparison.Ordinal);

        var absences = json["absences"]!.AsArray();
        Assert.Equal(["Phạm Văn Từ", "Trần Thị Chi"], absences.Select(x => x!["name"]!.GetValue<string>()));
        Assert.Contains("Trùng lịch tiếp công dân", text, StringComparison.Ordinal);
        Assert.Contains("Vắng buổi 2", text, StringComparison.Ordinal);
        Assert.Contains("NGƯỜI BÁO CÁO", text, StringComparison.Ordinal);
        Assert.Contains($"Trang 1/{document.NumberOfPages}", text, StringComparison.Ordinal);

        var bad = await LocalHost.Organiser.GetAsync(new Uri($"/api/courses/{courseId}/report?format=docx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["format"]);
    }

    [Fact]
    public async Task A_course_on_Tet_is_created_with_a_warning_and_rescheduling_to_a_Saturday_warns_and_to_a_Tuesday_does_not()
    {
        var tet = new DateTimeOffset(2027, 2, 8, 8, 0, 0, Vn);
        var created = await LocalHost.Organiser.PostAsJsonAsync(new Uri("/api/courses", UriKind.Relative), new
        {
            title = "Kỹ năng tiếp công dân",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường",
            sessions = new[] { new { start = tet, end = tet.AddHours(3) } },
            rsvpDeadline = tet.AddDays(-14),
            organiserEmails = new[] { "bandanvan@tinh.example" },
            language = "vi",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var course = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var warning = Assert.Single(course["warnings"]!.AsArray())!;
        Assert.Equal("warnings.sessionOnHoliday", warning["code"]!.GetValue<string>());
        Assert.Equal("2027-02-08", warning["date"]!.GetValue<string>());
        Assert.StartsWith("Buổi 1 (Thứ Hai, 08/02/2027) rơi vào ngày lễ, tết: Tết Âm lịch", warning["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var id = course["id"]!.GetValue<string>();
        Assert.Null((await LocalHost.Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["warnings"]);

        var saturday = new DateTimeOffset(2027, 3, 13, 8, 0, 0, Vn);
        var moved = await Patch(id, new { sessions = new[] { new { id = "s1", start = saturday, end = saturday.AddHours(3) } }, rsvpDeadline = saturday.AddDays(-7) });
        Assert.Equal(["warnings.sessionOnWeekend"], moved["warnings"]!.AsArray().Select(w => w!["code"]!.GetValue<string>()));

        var tuesday = saturday.AddDays(3);
        var clear = await Patch(id, new { sessions = new[] { new { id = "s1", start = tuesday, end = tuesday.AddHours(3) } } });
        Assert.Empty(clear["warnings"]!.AsArray());
        Assert.Null((await Patch(id, new { venue = "Hội trường B" }))["warnings"]);
    }

    private async Task<JsonObject> Patch(string id, object body)
    {
        var answer = await LocalHost.Organiser.PatchAsJsonAsync(new Uri($"/api/courses/{id}", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string Text(PdfDocument document) => string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

    /// <summary>
    /// Two sessions: Hằng and Bình (Sở Nội vụ) present twice, Chi (Đảng ủy xã Quảng Phú) absent at the second; Như on the
    /// waitlist; Từ declined with a reason.
    /// </summary>
    private async Task<string> CourseAsync()
    {
        var repository = Services.GetRequiredService<CourseStore>();
        var inviteeStore = Services.GetRequiredService<InviteeStore>();
        string Email(string who) => who + "." + Guid.NewGuid().ToString("N")[..8] + "@example.vn";
        var people = new (string Name, string Unit, InviteeStatus Status)[]
        {
            ("Nguyễn Thị Hằng", "Sở Nội vụ", InviteeStatus.Accepted),
            ("Lê Văn Bình", "Sở Nội vụ", InviteeStatus.Accepted),
            ("Trần Thị Chi", "Đảng ủy xã Quảng Phú", InviteeStatus.Accepted),
            ("Đỗ Quỳnh Như", "Sở Nội vụ", InviteeStatus.Waitlisted),
            ("Phạm Văn Từ", "Sở Nội vụ", InviteeStatus.Declined),
        };
        var emails = people.Select(p => Email("p")).ToArray();
        var course = await CourseStoreTests.FollowUpCourseAsync(repository, inviteeStore, Start, new FollowUpPolicy { ReportRequired = true },
            [.. people.Select((p, n) => new ValidInvitee(n + 2, p.Name, emails[n], CourseValidation.NormalizeEmail(emails[n]), p.Unit, "Chuyên viên"))]);
        foreach (var invitee in await inviteeStore.ListInviteesAsync(course.Id, CancellationToken.None))
        {
            var (name, _, status) = people[Array.IndexOf(emails, invitee.Email)];
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, i => i with
            {
                Status = status,
                RepliedAt = Start.AddDays(-10),
                Reason = status == InviteeStatus.Declined ? "Trùng lịch tiếp công dân" : null,
                Arrival = status == InviteeStatus.Waitlisted ? 99 : null,
            }, CancellationToken.None);
            if (status != InviteeStatus.Accepted)
            {
                continue;
            }

            var chi = name == "Trần Thị Chi";
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.Attendance, i => i with
            {
                Attendance =
                [
                    new AttendanceMark("s1", AttendanceStatus.Present, Start, "link", i.Name),
                    new AttendanceMark("s2", chi ? AttendanceStatus.Absent : AttendanceStatus.Present, Start.AddDays(1), "system", "system"),
                ],
            }, CancellationToken.None);
            await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.FollowUp, i => i with
            {
                Report = name == "Lê Văn Bình" ? null : new LearningReport("Bài thu hoạch", Start.AddDays(5)),
                Survey = chi ? null : new SurveyAnswer(name == "Nguyễn Thị Hằng" ? 5 : 4, 5, 4, name == "Nguyễn Thị Hằng" ? "Rất bổ ích" : null, Start.AddDays(3)),
            }, CancellationToken.None);
        }

        return course.Id;
    }
}
