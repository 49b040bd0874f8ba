using Workflow.Courses;

namespace Workflow.UnitTests.Courses.Calendar;

/// <summary>The confirmation's outbox mark is part of the acceptance itself (one write), and wakes the flow once.</summary>
public sealed class ConfirmationOutboxTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Now = new(2027, 5, 9, 17, 0, 0, Vn);

    private static readonly Course Course = new(
        "c0ffee0000000001",
        new CourseDefinition
        {
            Title = "Lớp",
            Venue = "Hội trường",
            Sessions = [new CourseSession(new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn), new DateTimeOffset(2027, 5, 13, 17, 0, 0, Vn))],
            RsvpDeadline = new DateTimeOffset(2027, 5, 10, 17, 0, 0, Vn),
            Capacity = 1,
            OrganiserEmails = ["bandanvan@example.vn"],
        },
        CoursePhase.Inviting,
        Now.AddDays(-30),
        Now.AddDays(-29));

    private static Invitee Person(string id, InviteeStatus status = InviteeStatus.Pending, long? arrival = null) =>
        new(Course.Id, id, "Người " + id, id + "@example.vn", "Sở Nội vụ", null, status, null, false, null, EmailStatus.Sent, null, null, "v") { Arrival = arrival };

    private static InviteeChange Reply(Invitee who, SeatState seats, string answer, ReplyChannel channel = ReplyChannel.Link, IReadOnlyList<Invitee>? waiting = null) =>
        InviteeRules.Reply(Course, who, seats, waiting ?? [], new ReplyRequest(answer, answer == "decline" ? "Bận" : null), Now, new AuditActor(channel, "x")).Value!;

    [Theory]
    [InlineData(ReplyChannel.Link)]
    [InlineData(ReplyChannel.Organiser)]
    public void An_accept_with_a_seat_marks_its_confirmation_and_wakes_the_flow(ReplyChannel channel)
    {
        var change = Reply(Person("a"), SeatState.Empty, "accept", channel);

        Assert.Equal(InviteeStatus.Accepted, change.Invitee.Status);
        Assert.True(change.Invitee.ConfirmationPending);
        Assert.True(change.WakesFlow);
    }

    [Fact]
    public void A_waitlisted_accept_has_no_confirmation_and_the_same_answer_again_wakes_nothing()
    {
        var full = new SeatState(1, new Dictionary<string, int> { ["SỞ NỘI VỤ"] = 1 }, 1, "v");
        var waitlisted = Reply(Person("b"), full, "accept");
        Assert.Equal(InviteeStatus.Waitlisted, waitlisted.Invitee.Status);
        Assert.False(waitlisted.Invitee.ConfirmationPending);
        Assert.False(waitlisted.WakesFlow);

        var again = Reply(Person("a", InviteeStatus.Accepted, 1) with { ConfirmationPending = true }, full, "accept");
        Assert.True(again.Unchanged);
        Assert.False(again.WakesFlow);
    }

    [Fact]
    public void A_decline_withdraws_an_unsent_confirmation_and_a_new_accept_is_a_new_acceptance()
    {
        var accepted = Reply(Person("a"), SeatState.Empty, "accept");
        var declined = Reply(accepted.Invitee with { Version = "v2" }, accepted.Seats with { Version = "s" }, "decline");
        Assert.False(declined.Invitee.ConfirmationPending);
        Assert.False(declined.WakesFlow);

        var again = Reply(declined.Invitee, declined.Seats, "accept");
        Assert.True(again.Invitee.ConfirmationPending);
        Assert.True(again.Invitee.Arrival > accepted.Invitee.Arrival); // the confirmation's id names the acceptance: a new one
    }

    [Fact]
    public void A_promotion_has_its_own_email_with_the_file_not_a_confirmation()
    {
        var seats = new SeatState(1, new Dictionary<string, int> { ["SỞ NỘI VỤ"] = 1 }, 2, "v");
        var change = Reply(Person("a", InviteeStatus.Accepted, 1), seats, "decline", waiting: [Person("w", InviteeStatus.Waitlisted, 2)]);

        Assert.True(change.Promoted!.PromotionPending);
        Assert.False(change.Promoted.ConfirmationPending);
        Assert.True(change.WakesFlow);
    }
}
