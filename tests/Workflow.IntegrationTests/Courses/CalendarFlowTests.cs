using System.Text;
using System.Text.Json;
using IcalCalendar = Ical.Net.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Calendar;
using Workflow.Courses.Storage;
using Workflow.Email;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// Calendar (issue 9) on Azurite through the SendGrid sender to the fake Mail Send server, which, like SendGrid, keeps
/// every message it is given: the accept confirmation goes once per acceptance, the course reminder once per time, the
/// reschedule notice to accepted people carries the updated .ics; every step run twice sends nothing more.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CalendarFlowTests(AzuriteFixture azurite) : FakeMailCourseTests(azurite, Now)
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Now = new(2027, 4, 21, 2, 0, 0, TimeSpan.Zero);

    private CourseFlowSteps _flow = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _flow = Get<CourseFlowSteps>();
    }

    /// <summary>A started course with <paramref name="people"/> invitees, invitations sent, the Mail Send log then cleared.</summary>
    private async Task<(Course Course, List<string> Ids)> StartedCourseAsync(int people)
    {
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft);
        await Courses.CreateAsync(course, CancellationToken.None);
        var rows = Enumerable.Range(0, people).Select(i => CourseStoreTests.Valid(i + 2, $"nguoi{i}@example.vn", unit: "Sở Nội vụ")).ToList();
        await Invitees.AddInviteesAsync(course.Id, rows, CancellationToken.None);
        Assert.True(await Courses.TryStartAsync(course.Id, Now, Author.System, CancellationToken.None));
        Assert.Equal(people, await _flow.InviteAsync(course.Id, CancellationToken.None));
        Mail.Reset();
        return ((await Courses.GetAsync(course.Id, CancellationToken.None))!, rows.Select(r => Invitee.IdFor(course.Id, r.EmailKey)).ToList());
    }

    private async Task<Outcome<InviteeChange>?> ReplyAsync(Course course, string inviteeId, string answer, ReplyChannel channel = ReplyChannel.Link) =>
        (await Seats.ChangeInviteeAsync(
            course,
            inviteeId,
            (c, current, seats, waiting) => InviteeRules.Reply(c, current, seats, waiting, new ReplyRequest(answer, answer == "decline" ? "Bận" : null), Now, new AuditActor(channel, "x")),
            CancellationToken.None))?.Outcome;

    /// <summary>What SendGrid was given: per request its message id, recipient, subject and the .ics it carries (parsed).</summary>
    private List<(string MessageId, string To, string Subject, IcalCalendar? Calendar)> Sent() =>
        Mail.Requests.OrderBy(r => r.StartTimestamp).Select(r =>
        {
            using var json = JsonDocument.Parse(r.Body);
            var root = json.RootElement;
            var p = Assert.Single(root.GetProperty("personalizations").EnumerateArray());
            IcalCalendar? calendar = null;
            if (root.TryGetProperty("attachments", out var attachments))
            {
                var a = Assert.Single(attachments.EnumerateArray());
                Assert.Equal(("lich-hoc.ics", "text/calendar"), (a.GetProperty("filename").GetString(), a.GetProperty("type").GetString()));
                calendar = IcalCalendar.Load(Encoding.UTF8.GetString(Convert.FromBase64String(a.GetProperty("content").GetString()!)));
            }

            return (p.GetProperty("custom_args").GetProperty("messageId").GetString()!, p.GetProperty("to")[0].GetProperty("email").GetString()!, root.GetProperty("subject").GetString()!, calendar);
        }).ToList();

    [Fact]
    public async Task An_acceptance_by_link_or_by_the_organiser_is_confirmed_once_with_the_ics_and_a_new_acceptance_again()
    {
        var (course, ids) = await StartedCourseAsync(4);
        await ReplyAsync(course, ids[0], "accept");
        await ReplyAsync(course, ids[1], "accept", ReplyChannel.Organiser);
        await ReplyAsync(course, ids[2], "accept");
        await ReplyAsync(course, ids[2], "decline"); // declined before the flow ran: no confirmation
        var arrival = (await Invitees.GetInviteeAsync(course.Id, ids[0], CancellationToken.None))!.Arrival;

        Assert.Equal(2, await _flow.InviteAsync(course.Id, CancellationToken.None));
        Assert.Equal(0, await _flow.InviteAsync(course.Id, CancellationToken.None)); // the flow's next generation

        var sent = Sent();
        string[] expected = [$"confirmation:{course.Id}:{ids[0]}:{arrival}", $"confirmation:{course.Id}:{ids[1]}:{arrival + 1}"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), sent.Select(s => s.MessageId).Order(StringComparer.Ordinal));
        Assert.All(sent, s => Assert.StartsWith("Xác nhận đăng ký tham dự: ", s.Subject, StringComparison.Ordinal));
        foreach (var (_, _, _, calendar) in sent)
        {
            var e = Assert.Single(calendar!.Events);
            Assert.Equal(("PUBLISH", $"{course.Id}-0@workflow", 0), (calendar.Method, e.Uid, e.Sequence));
            Assert.Equal(course.Definition.Sessions[0].Start.UtcDateTime, e.Start!.AsUtc);
            Assert.Equal(course.Definition.Venue, e.Location);
            Assert.Contains("https://dieuhanh.example.vn/api/r/", e.Description, StringComparison.Ordinal);
        }

        var rows = await Invitees.ListInviteesAsync(course.Id, CancellationToken.None);
        Assert.DoesNotContain(rows, i => i.ConfirmationPending);

        // Declining and accepting again is a new acceptance: its own confirmation, once.
        await ReplyAsync(course, ids[0], "decline");
        await ReplyAsync(course, ids[0], "accept");
        Mail.Reset();
        Assert.Equal(1, await _flow.InviteAsync(course.Id, CancellationToken.None));
        Assert.Equal(0, await _flow.InviteAsync(course.Id, CancellationToken.None));
        var again = Assert.Single(Sent());
        Assert.Equal($"confirmation:{course.Id}:{ids[0]}:{arrival + 3}", again.MessageId);
    }

    [Fact]
    public async Task A_promotion_from_the_waitlist_is_the_confirmation_and_carries_the_ics()
    {
        var (course, ids) = await StartedCourseAsync(2);
        course = course with { Definition = course.Definition with { Capacity = 1 } };
        await Courses.UpdateCourseAsync(course.Id, c => Outcome<Course>.Done(c with { Definition = course.Definition }), CancellationToken.None);
        await ReplyAsync(course, ids[0], "accept");
        await ReplyAsync(course, ids[1], "accept"); // waitlisted: no confirmation
        Assert.Equal(1, await _flow.InviteAsync(course.Id, CancellationToken.None));
        await ReplyAsync(course, ids[0], "decline");
        Mail.Reset();

        Assert.Equal(1, await _flow.InviteAsync(course.Id, CancellationToken.None));
        Assert.Equal(0, await _flow.InviteAsync(course.Id, CancellationToken.None));

        var promotion = Assert.Single(Sent());
        Assert.Equal(($"promoted:{course.Id}:{ids[1]}", "nguoi1@example.vn"), (promotion.MessageId, promotion.To));
        Assert.Equal($"{course.Id}-0@workflow", Assert.Single(promotion.Calendar!.Events).Uid);
    }

    [Fact]
    public async Task The_course_reminder_reaches_the_accepted_once_with_the_ics_and_leaves_the_schedule()
    {
        var (course, ids) = await StartedCourseAsync(3);
        await ReplyAsync(course, ids[0], "accept");
        await ReplyAsync(course, ids[1], "decline");
        await _flow.InviteAsync(course.Id, CancellationToken.None);
        Mail.Reset();
        var milestone = Assert.Single(CourseSchedule.For((await Courses.GetAsync(course.Id, CancellationToken.None))!), m => m.Kind == MilestoneKind.CourseReminder);
        Assert.Equal(course.FirstSessionStart.AddDays(-1), milestone.At);
        var steps = Services.GetRequiredService<CalendarSteps>();
        var request = new CourseReminderRequest(course.Id, milestone.At, milestone.Key);

        Assert.Equal(1, await steps.SendCourseReminderAsync(request, CancellationToken.None));
        Assert.Equal(0, await steps.SendCourseReminderAsync(request, CancellationToken.None)); // an activity retried

        var reminder = Assert.Single(Sent());
        Assert.Equal(($"courseReminder:{course.Id}:{ids[0]}:{milestone.At.UtcTicks}", "nguoi0@example.vn"), (reminder.MessageId, reminder.To));
        Assert.StartsWith("Nhắc lịch học: ", reminder.Subject, StringComparison.Ordinal);
        Assert.Equal(course.Definition.Sessions[0].End.UtcDateTime, Assert.Single(reminder.Calendar!.Events).End!.AsUtc);
        Assert.Equal(milestone.At, (await Invitees.GetInviteeAsync(course.Id, ids[0], CancellationToken.None))!.CourseReminderFor);
        Assert.DoesNotContain(CourseSchedule.For((await Courses.GetAsync(course.Id, CancellationToken.None))!), m => m.Kind == MilestoneKind.CourseReminder);
    }

    [Fact]
    public async Task The_reschedule_notice_gives_accepted_people_the_updated_ics_with_a_higher_sequence()
    {
        var (course, ids) = await StartedCourseAsync(3);
        await ReplyAsync(course, ids[0], "accept");
        await ReplyAsync(course, ids[1], "accept");
        await _flow.InviteAsync(course.Id, CancellationToken.None);
        Mail.Reset();
        var moved = new CourseSession(new DateTimeOffset(2027, 5, 20, 8, 0, 0, Vn), new DateTimeOffset(2027, 5, 20, 11, 0, 0, Vn));
        var edited = await Courses.UpdateCourseAsync(
            course.Id,
            c => CourseChangeRules.Edit(c, ["sessions", "venue"], c.Definition with { Sessions = [moved], Venue = "Hội trường B" }, Now, TestAuthors.Organiser),
            CancellationToken.None);
        Assert.Equal(1, edited.Value!.State.Version);
        var changes = Services.GetRequiredService<CourseChangeSteps>();

        Assert.Equal(3, await changes.SendRescheduleNoticeAsync(course.Id, CancellationToken.None));
        Assert.Equal(0, await changes.SendRescheduleNoticeAsync(course.Id, CancellationToken.None));

        var sent = Sent();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.StartsWith("Thay đổi thời gian, địa điểm: ", s.Subject, StringComparison.Ordinal));
        Assert.Null(Assert.Single(sent, s => s.To == "nguoi2@example.vn").Calendar); // pending: no seat, no calendar entry
        foreach (var s in sent.Where(s => s.To != "nguoi2@example.vn"))
        {
            Assert.EndsWith(":1", s.MessageId, StringComparison.Ordinal);
            var e = Assert.Single(s.Calendar!.Events);
            Assert.Equal(($"{course.Id}-0@workflow", 1, "Hội trường B"), (e.Uid, e.Sequence, e.Location));
            Assert.Equal((moved.Start.UtcDateTime, moved.End.UtcDateTime), (e.Start!.AsUtc, e.End!.AsUtc));
        }
    }
}
