using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.Email;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// Seats counted in storage (issue 8): concurrent replies against the real seat row on Azurite, and the promotion
/// outbox sent through the SendGrid sender to the fake Mail Send server (which, like SendGrid, does not dedupe).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SeatTests(AzuriteFixture azurite) : FakeMailCourseTests(azurite, Now)
{
    private static readonly DateTimeOffset Now = new(2027, 4, 21, 2, 0, 0, TimeSpan.Zero);

    private Task<(Course Course, List<string> Ids)> InvitingCourseAsync(int capacity, int people) =>
        CourseStoreTests.InvitingCourseAsync(Courses, Invitees, capacity, people, Now);

    private async Task<Outcome<InviteeChange>?> ReplyAsync(Course course, string inviteeId, string answer, string? reason = null) =>
        (await Seats.ChangeInviteeAsync(
            course,
            inviteeId,
            (c, current, seats, waiting) => InviteeRules.Reply(c, current, seats, waiting, new ReplyRequest(answer, reason), Now, AuditActor.Link(current.Name)),
            CancellationToken.None))?.Outcome;

    /// <summary>The seat row agrees with the invitee rows, and the capacity holds.</summary>
    private async Task<List<Invitee>> AssertConsistentAsync(Course course)
    {
        var everyone = await Invitees.ListInviteesAsync(course.Id, CancellationToken.None);
        var seats = await Seats.GetSeatsAsync(course.Id, CancellationToken.None);
        var accepted = everyone.Count(i => i.Status == InviteeStatus.Accepted);
        Assert.Equal(accepted, seats.Accepted);
        Assert.Equal(accepted, seats.AcceptedIn("Sở Nội vụ"));
        Assert.True(accepted <= course.Definition.Capacity);
        var counts = await Invitees.CountAsync(course.Id, CancellationToken.None);
        Assert.Equal(accepted, counts.Accepted);
        Assert.Equal(everyone.Count(i => i.Status == InviteeStatus.Waitlisted), counts.Waitlisted);
        Assert.Equal(everyone.Count, counts.Invited); // the seat row is no invitee
        return everyone;
    }

    [Fact]
    public async Task Two_hundred_concurrent_accepts_for_a_hundred_seats_give_a_hundred_accepted_and_a_hundred_waiting_in_arrival_order()
    {
        var (course, ids) = await InvitingCourseAsync(capacity: 100, people: 200);

        var outcomes = await Task.WhenAll(ids.Select(id => Task.Run(() => ReplyAsync(course, id, "accept"))));

        Assert.All(outcomes, o => Assert.True(o!.IsDone && !o.Value!.Unchanged));
        var everyone = await AssertConsistentAsync(course);
        var accepted = everyone.Where(i => i.Status == InviteeStatus.Accepted).ToList();
        var waiting = everyone.Where(i => i.Status == InviteeStatus.Waitlisted).ToList();
        Assert.Equal((100, 100), (accepted.Count, waiting.Count));

        // Every reply got its own place in one arrival order, and the first hundred arrivals hold the seats.
        Assert.Equal(Enumerable.Range(1, 200).Select(n => (long)n), everyone.Select(i => i.Arrival!.Value).Order());
        Assert.True(accepted.Max(i => i.Arrival) < waiting.Min(i => i.Arrival));
        Assert.Equal(200, (await Seats.GetSeatsAsync(course.Id, CancellationToken.None)).Sequence);

        // Positions on the waitlist follow the arrival order: 1..100.
        var inOrder = waiting.OrderBy(i => i.Arrival).ToList();
        Assert.Equal(Enumerable.Range(1, 100), inOrder.Select(i => InviteeRules.WaitlistPosition(i, everyone)!.Value));

        // Each outcome reported what was stored.
        Assert.Equal(100, outcomes.Count(o => o!.Value!.Invitee.Status == InviteeStatus.Accepted));
    }

    [Fact]
    public async Task Accept_and_decline_racing_on_one_invitee_keep_the_seats_equal_to_the_accepted_rows()
    {
        var (course, ids) = await InvitingCourseAsync(capacity: 2, people: 5);
        foreach (var other in ids.Skip(1))
        {
            await ReplyAsync(course, other, "accept");
        }

        for (var round = 0; round < 15; round++)
        {
            var tasks = Enumerable.Range(0, 6).Select(i => Task.Run(() => i % 2 == 0
                ? ReplyAsync(course, ids[0], "accept")
                : ReplyAsync(course, ids[0], "decline", "Trùng lịch " + round.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            var outcomes = await Task.WhenAll(tasks);
            Assert.All(outcomes, o => Assert.True(o!.IsDone));
            await AssertConsistentAsync(course);

            // Between rounds a freed seat is taken by the first waiting person of the others.
            await ReplyAsync(course, ids[(round % 4) + 1], "decline", "Bận");
            await AssertConsistentAsync(course);
            await ReplyAsync(course, ids[(round % 4) + 1], "accept");
            var everyone = await AssertConsistentAsync(course);
            Assert.Equal(2, everyone.Count(i => i.Status == InviteeStatus.Accepted));
        }
    }

    [Fact]
    public async Task A_promotion_after_a_decline_is_emailed_exactly_once_even_when_the_send_step_runs_twice()
    {
        var (course, ids) = await InvitingCourseAsync(capacity: 1, people: 3);
        await ReplyAsync(course, ids[0], "accept");
        await ReplyAsync(course, ids[1], "accept");
        await ReplyAsync(course, ids[2], "accept");
        var declined = await ReplyAsync(course, ids[0], "decline", "Đi công tác");

        Assert.Equal(ids[1], declined!.Value!.Promoted!.Id);
        var promoted = (await Invitees.GetInviteeAsync(course.Id, ids[1], CancellationToken.None))!;
        Assert.Equal((InviteeStatus.Accepted, true), (promoted.Status, promoted.PromotionPending));
        Assert.Equal("promoted", promoted.Audit[^1].What);

        var steps = Services.GetRequiredService<CourseFlowSteps>();
        Assert.Equal(1, await steps.NotifyPromotedAsync(course.Id, CancellationToken.None));
        Assert.Equal(0, await steps.NotifyPromotedAsync(course.Id, CancellationToken.None));

        var request = Assert.Single(Mail.Requests);
        using var json = JsonDocument.Parse(request.Body);
        var personalization = Assert.Single(json.RootElement.GetProperty("personalizations").EnumerateArray());
        Assert.Equal("nguoi1@example.vn", Assert.Single(personalization.GetProperty("to").EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal($"promoted:{course.Id}:{ids[1]}", personalization.GetProperty("custom_args").GetProperty("messageId").GetString());
        Assert.StartsWith("Đã có chỗ cho đồng chí: ", json.RootElement.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.False((await Invitees.GetInviteeAsync(course.Id, ids[1], CancellationToken.None))!.PromotionPending);
        var everyone = await AssertConsistentAsync(course);
        Assert.Equal(1, InviteeRules.WaitlistPosition(everyone.Single(i => i.Id == ids[2]), everyone));
    }

    private async Task<Outcome<DelegationChange>?> DelegateAsync(Course course, string inviteeId, string name, string email) =>
        (await Seats.DelegateAsync(
            course,
            inviteeId,
            email,
            (c, current, seats, exists) => InviteeRules.Delegate(c, current, seats, new DelegateRequest(name, email, null), exists, Now, AuditActor.Link(current.Name)),
            CancellationToken.None))?.Outcome;

    [Fact]
    public async Task A_hand_over_keeps_the_seat_for_the_colleague_who_is_added_once_and_not_yet_invited()
    {
        var (course, ids) = await InvitingCourseAsync(capacity: 2, people: 3);
        await Invitees.MarkInvitedAsync(course.Id, ids, Now, CancellationToken.None);
        foreach (var id in ids)
        {
            await ReplyAsync(course, id, "accept");
        }

        // Ten concurrent hand-overs of the same seat (a double click, two devices): exactly one goes through.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => DelegateAsync(course, ids[0], "Lê Thị Bình", "binh@example.vn"))));

        Assert.Equal(1, outcomes.Count(o => o!.IsDone));
        Assert.All(outcomes.Where(o => !o!.IsDone), o => Assert.Equal(OutcomeKind.Conflict, o!.Kind));
        var everyone = await AssertConsistentAsync(course);
        Assert.Equal(4, everyone.Count);
        var original = everyone.Single(i => i.Id == ids[0]);
        var colleague = everyone.Single(i => i.Email == "binh@example.vn");
        Assert.Equal((InviteeStatus.Delegated, colleague.Id), (original.Status, original.DelegatedTo));
        Assert.Equal((InviteeStatus.Accepted, EmailStatus.NotSent, "Sở Nội vụ"), (colleague.Status, colleague.EmailStatus, colleague.Unit));
        Assert.Equal("delegated", original.Audit[^1].What);
        Assert.Equal("added", Assert.Single(colleague.Audit).What);
        Assert.Equal(2, everyone.Count(i => i.Status == InviteeStatus.Accepted));
        Assert.Equal(1, everyone.Count(i => i.Status == InviteeStatus.Waitlisted));
        Assert.Equal(1, (await Invitees.CountAsync(course.Id, CancellationToken.None)).Delegated);

        // The colleague is invited by the same mechanism as everyone else: the uninvited list holds exactly him.
        Assert.Equal([colleague.Id], (await Invitees.ListUninvitedAsync(course.Id, CancellationToken.None)).Select(i => i.Id));

        // Handing to someone already invited is refused and changes nothing.
        var again = await DelegateAsync(course, ids[1], "Người 2", "nguoi2@example.vn");
        Assert.Equal(OutcomeKind.Conflict, again!.Kind);
        Assert.Equal(InviteeStatus.Accepted, (await Invitees.GetInviteeAsync(course.Id, ids[1], CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Accepts_and_declines_through_two_processes_written_in_batches_keep_the_capacity_and_the_arrival_order()
    {
        // Two processes (two repositories, two lanes per course) on one seat row: each writes its waiting replies together,
        // the seat row's ETag orders the two. Issue 11: the batches must count exactly what one reply at a time did.
        var (course, ids) = await InvitingCourseAsync(capacity: 30, people: 120);
        await using var other = BuildServices();
        var second = other.GetRequiredService<SeatStore>();
        Task<InviteeChangeResult?> On(SeatStore seats, string id, string answer, string? reason = null) =>
            seats.ChangeInviteeAsync(
                course,
                id,
                (c, current, seats, waiting) => InviteeRules.Reply(c, current, seats, waiting, new ReplyRequest(answer, reason), Now, AuditActor.Link(current.Name)),
                CancellationToken.None);

        var accepts = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => On(i % 2 == 0 ? Seats : second, id, "accept"))));
        Assert.All(accepts, r => Assert.True(r!.Outcome.IsDone && !r.Outcome.Value!.Unchanged));
        var everyone = await AssertConsistentAsync(course);
        Assert.Equal((30, 90), (everyone.Count(i => i.Status == InviteeStatus.Accepted), everyone.Count(i => i.Status == InviteeStatus.Waitlisted)));
        Assert.Equal(Enumerable.Range(1, 120).Select(n => (long)n), everyone.Select(i => i.Arrival!.Value).Order());
        Assert.True(everyone.Where(i => i.Status == InviteeStatus.Accepted).Max(i => i.Arrival) < everyone.Where(i => i.Status == InviteeStatus.Waitlisted).Min(i => i.Arrival));
        foreach (var person in everyone.Where(i => i.Status == InviteeStatus.Waitlisted).Take(12))
        {
            // The page's position read (keys of those who arrived earlier) agrees with the whole waitlist.
            Assert.Equal(InviteeRules.WaitlistPosition(person, everyone), await second.WaitlistPositionAsync(person, CancellationToken.None));
        }

        // Ten of the seated decline on both processes while the waiting keep answering again: ten promoted, in arrival order.
        var seated = everyone.Where(i => i.Status == InviteeStatus.Accepted).Take(10).Select(i => i.Id).ToList();
        var firstWaiting = everyone.Where(i => i.Status == InviteeStatus.Waitlisted).OrderBy(i => i.Arrival).Take(10).Select(i => i.Id).ToHashSet();
        var waitingAgain = everyone.Where(i => i.Status == InviteeStatus.Waitlisted).Skip(40).Select(i => i.Id).ToList();
        await Task.WhenAll(
            seated.Select((id, i) => Task.Run(() => On(i % 2 == 0 ? second : Seats, id, "decline", "Trùng lịch")))
                .Concat(waitingAgain.Select((id, i) => Task.Run(() => On(i % 2 == 0 ? Seats : second, id, "accept")))));
        everyone = await AssertConsistentAsync(course);
        Assert.Equal(30, everyone.Count(i => i.Status == InviteeStatus.Accepted));
        Assert.Equal(firstWaiting, everyone.Where(i => i.PromotionPending).Select(i => i.Id).ToHashSet());
    }
}
