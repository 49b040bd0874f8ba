using Workflow.Courses;

namespace Workflow.UnitTests.Courses;

/// <summary>Invitee transitions as pure domain rules: accept, waitlist, decline, promotion, idempotence, closed courses.</summary>
public sealed class InviteeRulesTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Deadline = new(2027, 5, 10, 17, 0, 0, Vn);
    private static readonly DateTimeOffset Start = new(2027, 5, 13, 14, 0, 0, Vn);
    private static readonly DateTimeOffset Before = Deadline.AddDays(-1);

    private static Course Course(int? capacity = 2, CoursePhase phase = CoursePhase.Inviting, params UnitQuota[] quotas) => new(
        "c0ffee0000000001",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = [new CourseSession(Start, Start.AddHours(3))],
            RsvpDeadline = Deadline,
            Capacity = capacity,
            OrganiserEmails = ["bandanvan@example.vn"],
            UnitQuotas = quotas.Length == 0 ? null : quotas,
        },
        phase,
        Deadline.AddDays(-30),
        Deadline.AddDays(-20));

    private static Invitee Person(string id, InviteeStatus status = InviteeStatus.Pending, string? unit = "Sở Nội vụ", long? arrival = null) =>
        new("c0ffee0000000001", id, "Người " + id, id + "@example.vn", unit, null, status, null, false, null, EmailStatus.Sent, Before, null, "v" + id)
        {
            Arrival = arrival,
        };

    private static Outcome<InviteeChange> Reply(Course course, Invitee who, SeatState seats, string answer, string? reason = null, IReadOnlyList<Invitee>? waiting = null, DateTimeOffset? at = null) =>
        InviteeRules.Reply(course, who, seats, waiting ?? [], new ReplyRequest(answer, reason), at ?? Before, AuditActor.Link(who.Name));

    [Fact]
    public void An_accept_with_room_takes_a_seat_counted_in_total_and_unit_with_an_arrival_and_an_audit_line()
    {
        var outcome = Reply(Course(), Person("a"), SeatState.Empty, "accept");

        Assert.True(outcome.IsDone);
        var change = outcome.Value!;
        Assert.Equal(InviteeStatus.Accepted, change.Invitee.Status);
        Assert.Equal(1, change.Seats.Accepted);
        Assert.Equal(1, change.Seats.AcceptedIn("sở nội vụ "));
        Assert.Equal(1, change.Invitee.Arrival);
        Assert.Equal(Before, change.Invitee.RepliedAt);
        Assert.False(change.Invitee.Late);
        var audit = Assert.Single(change.Invitee.Audit);
        Assert.Equal(("link", "Người a", "accepted"), (audit.Channel, audit.By, audit.What));
    }

    [Fact]
    public void An_accept_into_a_full_course_is_waitlisted_and_takes_no_seat()
    {
        var full = new SeatState(2, new Dictionary<string, int> { ["SỞ NỘI VỤ"] = 2 }, 2, "v");

        var change = Reply(Course(), Person("c"), full, "accept").Value!;

        Assert.Equal(InviteeStatus.Waitlisted, change.Invitee.Status);
        Assert.Equal(2, change.Seats.Accepted);
        Assert.Equal(3, change.Seats.Sequence);
        Assert.Equal(3, change.Invitee.Arrival);
        Assert.Equal("waitlisted", change.Invitee.Audit[^1].What);
    }

    [Fact]
    public void A_unit_over_its_quota_waits_while_another_unit_still_gets_a_seat()
    {
        var course = Course(10, CoursePhase.Inviting, new UnitQuota("Sở Nội vụ", 1));
        var seats = new SeatState(1, new Dictionary<string, int> { ["SỞ NỘI VỤ"] = 1 }, 1, "v");

        Assert.Equal(InviteeStatus.Waitlisted, Reply(course, Person("b"), seats, "accept").Value!.Invitee.Status);
        Assert.Equal(InviteeStatus.Accepted, Reply(course, Person("c", unit: "Sở Tư pháp"), seats, "accept").Value!.Invitee.Status);
    }

    [Fact]
    public void No_capacity_means_no_limit()
    {
        var seats = new SeatState(5000, new Dictionary<string, int>(), 5000, "v");
        Assert.Equal(InviteeStatus.Accepted, Reply(Course(capacity: null), Person("a"), seats, "accept").Value!.Invitee.Status);
    }

    [Fact]
    public void The_same_answer_twice_changes_nothing()
    {
        var seats = new SeatState(1, new Dictionary<string, int>(), 1, "v");
        Assert.True(Reply(Course(), Person("a", InviteeStatus.Accepted, arrival: 1), seats, "accept").Value!.Unchanged);
        Assert.True(Reply(Course(), Person("w", InviteeStatus.Waitlisted, arrival: 4), seats, "accept").Value!.Unchanged);
        var declined = Person("d", InviteeStatus.Declined) with { Reason = "Đi công tác" };
        Assert.True(Reply(Course(), declined, seats, "decline", " Đi công tác ").Value!.Unchanged);
        Assert.False(Reply(Course(), declined, seats, "decline", "Ốm").Value!.Unchanged);
    }

    [Fact]
    public void A_decline_of_an_accepted_person_frees_the_seat_and_promotes_the_first_waiting_in_arrival_order()
    {
        var seats = new SeatState(2, new Dictionary<string, int> { ["SỞ NỘI VỤ"] = 2 }, 5, "v");
        var waiting = new[] { Person("late", InviteeStatus.Waitlisted, arrival: 5), Person("early", InviteeStatus.Waitlisted, arrival: 3) };

        var change = Reply(Course(), Person("a", InviteeStatus.Accepted, arrival: 1), seats, "decline", "Đi công tác", waiting).Value!;

        Assert.Equal(InviteeStatus.Declined, change.Invitee.Status);
        Assert.Equal("Đi công tác", change.Invitee.Reason);
        Assert.Null(change.Invitee.Arrival);
        Assert.Equal("early", change.Promoted!.Id);
        Assert.Equal(InviteeStatus.Accepted, change.Promoted.Status);
        Assert.True(change.Promoted.PromotionPending);
        Assert.Equal(("system", "promoted"), (change.Promoted.Audit[^1].Channel, change.Promoted.Audit[^1].What));
        Assert.Equal(2, change.Seats.Accepted);
        Assert.Equal("Đi công tác", change.Invitee.Audit[^1].Note);
    }

    [Fact]
    public void A_freed_seat_goes_to_the_first_waiting_person_whose_unit_has_room()
    {
        var course = Course(3, CoursePhase.Inviting, new UnitQuota("Sở Tư pháp", 1));
        var seats = new SeatState(3, new Dictionary<string, int> { ["SỞ NỘI VỤ"] = 2, ["SỞ TƯ PHÁP"] = 1 }, 6, "v");
        var waiting = new[] { Person("tp", InviteeStatus.Waitlisted, "Sở Tư pháp", 4), Person("nv", InviteeStatus.Waitlisted, arrival: 5) };

        var change = Reply(course, Person("a", InviteeStatus.Accepted, arrival: 1), seats, "decline", "Ốm", waiting).Value!;

        Assert.Equal("nv", change.Promoted!.Id);
    }

    [Fact]
    public void A_decline_of_someone_without_a_seat_promotes_nobody()
    {
        var seats = new SeatState(2, new Dictionary<string, int>(), 3, "v");
        var change = Reply(Course(), Person("w", InviteeStatus.Waitlisted, arrival: 3), seats, "decline", "Ốm", [Person("x", InviteeStatus.Waitlisted, arrival: 4)]).Value!;

        Assert.Null(change.Promoted);
        Assert.Equal(seats, change.Seats);
    }

    [Fact]
    public void Answers_after_the_deadline_are_late_and_after_the_start_refused()
    {
        Assert.True(Reply(Course(phase: CoursePhase.RsvpClosed), Person("a", InviteeStatus.NoResponse), SeatState.Empty, "accept", at: Deadline.AddSeconds(1)).Value!.Invitee.Late);
        Assert.Equal(OutcomeKind.Conflict, Reply(Course(phase: CoursePhase.RsvpClosed), Person("a"), SeatState.Empty, "accept", at: Start).Kind);
        Assert.Equal(OutcomeKind.Conflict, Reply(Course(phase: CoursePhase.Cancelled), Person("a"), SeatState.Empty, "accept").Kind);
        Assert.Equal(OutcomeKind.Conflict, Reply(Course(phase: CoursePhase.Draft), Person("a"), SeatState.Empty, "accept").Kind);
        Assert.Equal(OutcomeKind.Conflict, Reply(Course(), Person("a", InviteeStatus.Delegated), SeatState.Empty, "accept").Kind);
        Assert.Equal(OutcomeKind.Conflict, Reply(Course(), Person("a", InviteeStatus.Cancelled), SeatState.Empty, "decline", "x").Kind);
    }

    [Theory]
    [InlineData("maybe", null, "answer")]
    [InlineData("", null, "answer")]
    [InlineData("decline", null, "reason")]
    [InlineData("decline", "   ", "reason")]
    [InlineData("decline", "a\u0007b", "reason")]
    public void Bad_fields_are_named(string answer, string? reason, string field)
    {
        var outcome = Reply(Course(), Person("a"), SeatState.Empty, answer, reason);
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(field, Assert.Single(outcome.Errors).Field);
    }

    [Fact]
    public void A_too_long_reason_is_refused()
    {
        Assert.Equal("reason", Reply(Course(), Person("a"), SeatState.Empty, "decline", new string('x', CourseValidation.MaxReason + 1)).Errors[0].Field);
    }

    [Fact]
    public void The_waitlist_position_counts_those_who_arrived_earlier()
    {
        var everyone = new[]
        {
            Person("a", InviteeStatus.Accepted, arrival: 1),
            Person("w1", InviteeStatus.Waitlisted, arrival: 3),
            Person("w2", InviteeStatus.Waitlisted, arrival: 7),
            Person("w3", InviteeStatus.Waitlisted, arrival: 9),
        };

        Assert.Equal(3, InviteeRules.WaitlistPosition(everyone[3], everyone));
        Assert.Equal(1, InviteeRules.WaitlistPosition(everyone[1], everyone));
        Assert.Null(InviteeRules.WaitlistPosition(everyone[0], everyone));
    }
}
