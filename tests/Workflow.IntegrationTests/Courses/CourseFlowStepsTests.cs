using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Links;
using Workflow.Courses.Storage;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses;

/// <summary>The course flow's steps as the activities run them: real repository, real templates, the real dev outbox, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CourseFlowStepsTests : DevOutboxCourseTests
{
    private static readonly DateTimeOffset Now = new(2027, 4, 21, 2, 0, 0, TimeSpan.Zero);

    private readonly CourseFlowSteps _steps;

    public CourseFlowStepsTests(AzuriteFixture azurite)
        : base(azurite, new FakeTimeProvider(Now))
    {
        _steps = Get<CourseFlowSteps>();
    }

    private async Task<Course> StartedCourseAsync(params string[] emails)
    {
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft);
        course = course with { Definition = course.Definition with { OrganiserEmails = ["bandanvan@example.vn", "vanphong@example.vn"] } };
        await Courses.CreateAsync(course, CancellationToken.None);
        await AddAsync(course, emails);
        Assert.True(await Courses.TryStartAsync(course.Id, Now, Author.System, CancellationToken.None));
        return (await Courses.GetAsync(course.Id, CancellationToken.None))!;
    }

    private async Task AddAsync(Course course, params string[] emails)
    {
        var rows = emails.Select((e, i) => CourseStoreTests.Valid(i + 2, e, unit: i % 2 == 0 ? "Sở Nội vụ" : "Đảng ủy xã Quảng Phú")).ToList();
        await Invitees.AddInviteesAsync(course.Id, rows, CancellationToken.None);
    }

    /// <summary>Unique addresses per test, so outbox queries by recipient see only this test's mail.</summary>
    private static string[] People(int count) =>
        Enumerable.Range(0, count).Select(i => $"nguoi{i}.{Guid.NewGuid():N}@example.vn").ToArray();

    private async Task<List<DevOutboxItem>> MailToAsync(IEnumerable<string> emails, string subjectStart)
    {
        var items = new List<DevOutboxItem>();
        foreach (var email in emails)
        {
            items.AddRange((await Outbox.ListAsync(email)).Where(i => i.Subject.StartsWith(subjectStart, StringComparison.Ordinal)));
        }

        return items;
    }

    private Task<Invitee?> ReplyAsync(Course course, string email, InviteeStatus status) =>
        Invitees.UpdateInviteeAsync(
            course.Id,
            Invitee.IdFor(course.Id, CourseValidation.NormalizeEmail(email)),
            i => i with { Status = status, RepliedAt = Time.GetUtcNow(), Reason = status == InviteeStatus.Declined ? "Trùng lịch công tác" : null },
            CancellationToken.None);

    [Fact]
    public async Task Inviting_twice_sends_each_invitation_once_and_later_additions_once_too()
    {
        var people = People(3);
        var course = await StartedCourseAsync(people);

        Assert.Equal(3, await _steps.InviteAsync(course.Id, CancellationToken.None));
        Assert.Equal(0, await _steps.InviteAsync(course.Id, CancellationToken.None));

        var invitations = await MailToAsync(people, "Thư mời tham dự: ");
        Assert.Equal(people, invitations.Select(i => i.To.Single()));
        var tokens = Services.GetRequiredService<LinkTokens>();
        foreach (var mail in invitations)
        {
            var link = Assert.Single(mail.Links);
            Assert.StartsWith("https://dieuhanh.example.vn/api/r/", link, StringComparison.Ordinal);
            Assert.Equal(LinkCheck.Valid, tokens.Verify(link.Split("/api/r/")[1], LinkPurpose.Rsvp, out var claims));
            Assert.Equal(Invitee.IdFor(course.Id, mail.To.Single()), claims!.InviteeId);
            Assert.Equal(course.Id, claims.CourseId);
        }

        var counts = await Invitees.CountAsync(course.Id, CancellationToken.None);
        Assert.Equal((3, 3, 3), (counts.Invited, counts.EmailsSent, counts.Pending));

        // A newcomer (nomination, late addition) gets his invitation, the others nothing more.
        var newcomer = People(1);
        await AddAsync(course, newcomer);
        Assert.Equal(1, await _steps.InviteAsync(course.Id, CancellationToken.None));
        Assert.Single(await MailToAsync(newcomer, "Thư mời tham dự: "));
        Assert.Equal(3, (await MailToAsync(people, "Thư mời tham dự: ")).Count);
    }

    [Fact]
    public async Task An_invitation_sent_but_not_marked_is_not_kept_twice_when_the_step_runs_again()
    {
        // The activity sent the batch, then died before marking: the retry sends the same message ids.
        var people = People(2);
        var course = await StartedCourseAsync(people);
        var emails = Services.GetRequiredService<CourseEmails>();
        var sender = Services.GetRequiredService<IEmailSender>();
        await sender.SendAsync(emails.Invitation(course, await Invitees.ListUninvitedAsync(course.Id, CancellationToken.None)));

        Assert.Equal(2, await _steps.InviteAsync(course.Id, CancellationToken.None));

        Assert.Equal(2, (await MailToAsync(people, "Thư mời tham dự: ")).Count);
    }

    [Fact]
    public async Task A_draft_course_sends_no_invitations()
    {
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft);
        await Courses.CreateAsync(course, CancellationToken.None);
        var people = People(1);
        await AddAsync(course, people);

        Assert.Equal(0, await _steps.InviteAsync(course.Id, CancellationToken.None));
        Assert.Empty(await MailToAsync(people, string.Empty));
    }

    [Fact]
    public async Task Reminders_skip_those_who_replied_and_those_already_reminded_for_that_time()
    {
        var people = People(5);
        var course = await StartedCourseAsync(people);
        await _steps.InviteAsync(course.Id, CancellationToken.None);
        await ReplyAsync(course, people[0], InviteeStatus.Accepted);
        await ReplyAsync(course, people[1], InviteeStatus.Declined);
        var notYetInvited = People(1);
        await AddAsync(course, notYetInvited); // added after the invitations: reminded only once invited

        var first = new DateTimeOffset(2027, 5, 3, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(3, await _steps.RemindAsync(new ReminderRequest(course.Id, first), CancellationToken.None));
        Assert.Equal(0, await _steps.RemindAsync(new ReminderRequest(course.Id, first), CancellationToken.None));

        var reminders = await MailToAsync(people.Concat(notYetInvited), "Nhắc trả lời thư mời: ");
        Assert.Equal(people[2..], reminders.Select(r => r.To.Single()));

        // One more answers; the next reminder time reaches only the two still silent.
        await ReplyAsync(course, people[2], InviteeStatus.Accepted);
        Assert.Equal(2, await _steps.RemindAsync(new ReminderRequest(course.Id, first.AddDays(2)), CancellationToken.None));
        reminders = await MailToAsync(people, "Nhắc trả lời thư mời: ");
        Assert.Equal(5, reminders.Count);
        Assert.Equal(2, reminders.Count(r => r.To.Single() == people[3]));
        Assert.Single(reminders, r => r.To.Single() == people[2]);
    }

    [Fact]
    public async Task Closing_marks_the_silent_as_no_response_moves_the_phase_and_sends_one_summary_to_each_organiser()
    {
        var people = People(4);
        var course = await StartedCourseAsync(people);
        await _steps.InviteAsync(course.Id, CancellationToken.None);
        await _steps.RemindAsync(new ReminderRequest(course.Id, new DateTimeOffset(2027, 5, 5, 10, 0, 0, TimeSpan.Zero)), CancellationToken.None);
        // A reply recorded after the last reminder and before the deadline is kept.
        await ReplyAsync(course, people[0], InviteeStatus.Accepted);
        await ReplyAsync(course, people[3], InviteeStatus.Declined);

        Assert.Equal(2, await _steps.CloseRsvpAsync(course.Id, CancellationToken.None));

        Assert.Equal(CoursePhase.RsvpClosed, (await Courses.GetAsync(course.Id, CancellationToken.None))!.Phase);
        var invitees = (await Invitees.ListInviteesAsync(course.Id, CancellationToken.None)).ToDictionary(i => i.Email, StringComparer.Ordinal);
        Assert.Equal(InviteeStatus.Accepted, invitees[people[0]].Status);
        Assert.Equal(InviteeStatus.NoResponse, invitees[people[1]].Status);
        Assert.Equal(InviteeStatus.NoResponse, invitees[people[2]].Status);
        Assert.Equal(InviteeStatus.Declined, invitees[people[3]].Status);
        Assert.Equal("Trùng lịch công tác", invitees[people[3]].Reason);
        Assert.Null(invitees[people[1]].RepliedAt);

        // Running the step again (an activity retry) changes nothing and sends no second summary.
        Assert.Equal(0, await _steps.CloseRsvpAsync(course.Id, CancellationToken.None));

        foreach (var organiser in course.Definition.OrganiserEmails)
        {
            var summary = Assert.Single(await Outbox.ListAsync(organiser), m => m.Subject.EndsWith(course.Definition.Title, StringComparison.Ordinal));
            Assert.StartsWith("Tổng hợp trả lời thư mời: ", summary.Subject, StringComparison.Ordinal);
            // people 0 and 2 are in Sở Nội vụ, 1 and 3 in Đảng ủy xã Quảng Phú.
            Assert.Contains("- Sở Nội vụ: Được mời 2, Nhận lời 1, Từ chối 0, Không trả lời 1", summary.Text, StringComparison.Ordinal);
            Assert.Contains("- Đảng ủy xã Quảng Phú: Được mời 2, Nhận lời 0, Từ chối 1, Không trả lời 1", summary.Text, StringComparison.Ordinal);
            foreach (var person in people)
            {
                Assert.DoesNotContain(person, summary.Text + summary.Html, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The flow's later steps do nothing for a closed course: no reminder after the deadline.
        Assert.Equal(0, await _steps.RemindAsync(new ReminderRequest(course.Id, Now), CancellationToken.None));
    }

    [Fact]
    public async Task Replies_racing_with_the_close_are_never_lost()
    {
        var people = People(40);
        var course = await StartedCourseAsync(people);
        await _steps.InviteAsync(course.Id, CancellationToken.None);
        var replying = people.Where((_, i) => i % 2 == 0).ToList();

        var close = Task.Run(() => _steps.CloseRsvpAsync(course.Id, CancellationToken.None));
        // Late replies are taken until the course starts: whatever the close did, the reply wins.
        await Task.WhenAll(replying.Select(p => Task.Run(() => ReplyAsync(course, p, InviteeStatus.Accepted))));
        var silent = await close;

        var invitees = await Invitees.ListInviteesAsync(course.Id, CancellationToken.None);
        Assert.All(invitees.Where(i => replying.Contains(i.Email)), i => Assert.Equal(InviteeStatus.Accepted, i.Status));
        Assert.All(invitees.Where(i => !replying.Contains(i.Email)), i => Assert.Equal(InviteeStatus.NoResponse, i.Status));
        Assert.InRange(silent, 20, 40); // those who replied after being marked count as silent at the close
    }

    [Fact]
    public async Task The_plan_turns_the_reminder_policy_into_times_before_the_deadline()
    {
        var course = await StartedCourseAsync(People(1));

        var plan = await _steps.GetPlanAsync(course.Id, CancellationToken.None);

        var deadline = course.RsvpDeadline;
        Assert.Equal(CoursePhase.Inviting, plan.Phase);
        var early = plan.Milestones.Where(m => m.Kind <= MilestoneKind.RemindNow).ToList(); // the later phases' kinds have their own tests
        Assert.Equal([deadline.AddDays(-3), deadline.AddSeconds(-30), deadline], early.Select(m => m.At));
        Assert.Equal([MilestoneKind.Reminder, MilestoneKind.Reminder, MilestoneKind.RsvpDeadline], early.Select(m => m.Kind));
        Assert.Equal(early, plan.Milestones.Take(3)); // the course's own milestones come after its RSVP deadline
    }
}
