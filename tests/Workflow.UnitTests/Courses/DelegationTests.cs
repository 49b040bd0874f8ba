using Workflow.Courses;

namespace Workflow.UnitTests.Courses;

/// <summary>Handing an invitation to a colleague as a pure domain rule: what the original and the colleague become, the seat, refusals.</summary>
public sealed class DelegationTests
{
    private const string CourseId = "c0ffee0000000001";
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Deadline = new(2027, 5, 10, 17, 0, 0, Vn);
    private static readonly DateTimeOffset Start = new(2027, 5, 13, 14, 0, 0, Vn);
    private static readonly DateTimeOffset Before = Deadline.AddDays(-1);

    private static Course Course(CoursePhase phase = CoursePhase.Inviting, params UnitQuota[] quotas) => new(
        CourseId,
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = [new CourseSession(Start, Start.AddHours(3))],
            RsvpDeadline = Deadline,
            Capacity = 3,
            OrganiserEmails = ["bandanvan@example.vn"],
            UnitQuotas = quotas.Length == 0 ? null : quotas,
        },
        phase,
        Deadline.AddDays(-30),
        Deadline.AddDays(-20));

    private static Invitee Person(InviteeStatus status, string unit = "Sở Nội vụ", long? arrival = null) =>
        new(CourseId, "a1", "Trần Văn An", "an@example.vn", unit, "Chuyên viên", status, null, false, null, EmailStatus.Sent, Before, null, "v1")
        {
            Arrival = arrival,
        };

    private static SeatState Seats(int accepted, string unit = "SỞ NỘI VỤ") =>
        new(accepted, new Dictionary<string, int> { [unit] = accepted }, 5, "s1");

    private static Outcome<DelegationChange> Delegate(
        Invitee who, SeatState seats, string? name = "Lê Thị Bình", string? email = "Binh@Example.vn ", string? unit = null,
        bool exists = false, Course? course = null, DateTimeOffset? at = null, ReplyChannel channel = ReplyChannel.Link) =>
        InviteeRules.Delegate(course ?? Course(), who, seats, new DelegateRequest(name, email, unit), exists, at ?? Before, channel == ReplyChannel.Link ? AuditActor.Link(who.Name) : AuditActor.Organiser(TestAuthors.Organiser));

    [Fact]
    public void An_accepted_person_hands_the_seat_the_colleague_is_accepted_with_the_same_arrival_and_the_seats_do_not_change()
    {
        var seats = Seats(3);
        var change = Delegate(Person(InviteeStatus.Accepted, arrival: 2), seats).Value!;

        Assert.Equal(InviteeStatus.Delegated, change.Original.Status);
        Assert.Equal(Invitee.IdFor(CourseId, "binh@example.vn"), change.Original.DelegatedTo);
        Assert.Null(change.Original.Arrival);
        Assert.Equal(change.Original.DelegatedTo, change.Colleague.Id);
        Assert.Equal(("Lê Thị Bình", "Binh@Example.vn", "Sở Nội vụ"), (change.Colleague.Name, change.Colleague.Email, change.Colleague.Unit));
        Assert.Equal(InviteeStatus.Accepted, change.Colleague.Status);
        Assert.Equal(2, change.Colleague.Arrival);
        Assert.Equal(EmailStatus.NotSent, change.Colleague.EmailStatus);
        Assert.True(change.Colleague.ConfirmationPending);
        Assert.Same(seats, change.Seats);

        var handed = Assert.Single(change.Original.Audit);
        Assert.Equal(("link", "Trần Văn An", "delegated", "Lê Thị Bình <Binh@Example.vn>"), (handed.Channel, handed.By, handed.What, handed.Note));
        var added = Assert.Single(change.Colleague.Audit);
        Assert.Equal(("link", "Trần Văn An", "added", "Trần Văn An <an@example.vn>"), (added.Channel, added.By, added.What, added.Note));
    }

    [Theory]
    [InlineData(InviteeStatus.Waitlisted, InviteeStatus.Waitlisted)]
    [InlineData(InviteeStatus.Pending, InviteeStatus.Pending)]
    [InlineData(InviteeStatus.Declined, InviteeStatus.Pending)]
    [InlineData(InviteeStatus.NoResponse, InviteeStatus.Pending)]
    public void The_colleague_takes_over_the_place_the_original_held(InviteeStatus from, InviteeStatus colleague)
    {
        var change = Delegate(Person(from, arrival: from == InviteeStatus.Waitlisted ? 7 : null), Seats(3)).Value!;

        Assert.Equal(colleague, change.Colleague.Status);
        Assert.Equal(from == InviteeStatus.Waitlisted ? 7 : null, change.Colleague.Arrival);
        Assert.Equal(3, change.Seats.Accepted);
    }

    [Fact]
    public void A_seat_handed_to_another_unit_moves_between_the_units()
    {
        var change = Delegate(Person(InviteeStatus.Accepted, arrival: 1), Seats(2), unit: "Sở Tư pháp").Value!;

        Assert.Equal(2, change.Seats.Accepted);
        Assert.Equal(1, change.Seats.AcceptedIn("Sở Nội vụ"));
        Assert.Equal(1, change.Seats.AcceptedIn("Sở Tư pháp"));
    }

    [Fact]
    public void A_seat_handed_to_a_unit_whose_quota_is_full_is_refused()
    {
        var course = Course(CoursePhase.Inviting, new UnitQuota("Sở Tư pháp", 1));
        var seats = new SeatState(2, new Dictionary<string, int> { ["SỞ NỘI VỤ"] = 1, ["SỞ TƯ PHÁP"] = 1 }, 2, "s");

        var outcome = Delegate(Person(InviteeStatus.Accepted, arrival: 1), seats, unit: "Sở Tư pháp", course: course);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
    }

    [Theory]
    [InlineData(null, "b@example.vn", null, "delegateName")]
    [InlineData("  ", "b@example.vn", null, "delegateName")]
    [InlineData("Lê\nBình", "b@example.vn", null, "delegateName")]
    [InlineData("Lê Bình", null, null, "delegateEmail")]
    [InlineData("Lê Bình", "not an address", null, "delegateEmail")]
    [InlineData("Lê Bình", "b@example.vn", "Sở\r\nTư pháp", "delegateUnit")]
    [InlineData("Lê Bình", " AN@example.VN ", null, "delegateEmail")]
    public void Bad_or_self_hand_overs_name_the_field(string? name, string? email, string? unit, string field)
    {
        var outcome = Delegate(Person(InviteeStatus.Pending), Seats(0), name, email, unit);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(field, outcome.Errors[0].Field);
    }

    [Fact]
    public void Handing_to_someone_already_invited_is_refused()
    {
        Assert.Equal(OutcomeKind.Conflict, Delegate(Person(InviteeStatus.Accepted), Seats(1), exists: true).Kind);
    }

    [Fact]
    public void Handing_after_the_course_started_or_when_cancelled_or_already_handed_is_refused()
    {
        Assert.Equal(OutcomeKind.Conflict, Delegate(Person(InviteeStatus.Accepted), Seats(1), at: Start).Kind);
        Assert.Equal(OutcomeKind.Conflict, Delegate(Person(InviteeStatus.Accepted), Seats(1), course: Course(CoursePhase.Cancelled)).Kind);
        Assert.Equal(OutcomeKind.Conflict, Delegate(Person(InviteeStatus.Delegated), Seats(1)).Kind);
    }

    [Fact]
    public void A_hand_over_after_the_rsvp_deadline_is_marked_late_and_one_recorded_by_the_organiser_names_him()
    {
        var change = Delegate(Person(InviteeStatus.Accepted), Seats(1), at: Deadline.AddHours(1), channel: ReplyChannel.Organiser).Value!;

        Assert.True(change.Original.Late);
        var line = change.Original.Audit[^1];
        Assert.Equal(("organiser", TestAuthors.Organiser.Name, TestAuthors.Organiser), (line.Channel, line.By, line.Author));

        // The colleague's first line names the organiser who recorded the hand-over too.
        Assert.Equal(("added", TestAuthors.Organiser), (change.Colleague.Audit[0].What, change.Colleague.Audit[0].Author));
    }
}
