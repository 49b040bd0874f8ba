using Workflow.Access;

namespace Workflow.Courses;

/// <summary>Through which channel a change of an invitee came (SPEC §2): the person's link, the organiser, or the flow itself.</summary>
public enum ReplyChannel
{
    Link,
    Organiser,
    System,
}

/// <summary>One line of an invitee's audit trail: who did what, when, through which channel.</summary>
/// <param name="Channel"><c>link</c> (the person himself), <c>organiser</c> or <c>system</c> (the flow: promotions, absences).</param>
/// <param name="By">Who, as a name: the person's own for his link, the organiser's (<see cref="Author"/>'s name), <c>system</c>.</param>
/// <param name="What">The new status or action in camelCase (<c>accepted</c>, <c>waitlisted</c>, <c>declined</c>, <c>promoted</c>, <c>delegated</c>, <c>added</c>).</param>
/// <param name="Author">The signed-in person (or key) who made an organiser's change: id and name; null for the person's own
/// link and for the flow (and for lines written before authors were kept, whose <paramref name="By"/> reads <c>organiser</c>).</param>
public sealed record AuditEntry(DateTimeOffset At, string Channel, string By, string What, string? Note = null, Author? Author = null);

/// <summary>Who changes an invitee: the person himself through his link, an organiser (the signed-in author), or the flow.</summary>
public sealed record AuditActor(ReplyChannel Channel, string By, Author? Author = null)
{
    /// <summary>The person himself, through his personal link (<paramref name="name"/>: his name as listed).</summary>
    public static AuditActor Link(string name) => new(ReplyChannel.Link, name);

    /// <summary>An organiser's change: the audit line names him (id and name).</summary>
    public static AuditActor Organiser(Author author)
    {
        ArgumentNullException.ThrowIfNull(author);
        return new(ReplyChannel.Organiser, author.Name, author);
    }

    /// <summary>The flow itself (a promotion from the waitlist, an absence after a session).</summary>
    public static AuditActor System { get; } = new(ReplyChannel.System, "system");

    /// <summary>The audit line of this actor.</summary>
    public AuditEntry Entry(DateTimeOffset at, string what, string? note = null) => new(at, InviteeRules.Name(Channel), By, what, note, Author);
}

/// <summary>
/// The seats of a course as stored in its seat row: accepted people in total and per unit, and the arrival
/// sequence that orders the waitlist. <see cref="Version"/> is the row's ETag when read (null: no row yet).
/// </summary>
public sealed record SeatState(int Accepted, IReadOnlyDictionary<string, int> ByUnit, long Sequence, string? Version = null)
{
    public static SeatState Empty { get; } = new(0, new Dictionary<string, int>(StringComparer.Ordinal), 0);

    /// <summary>The key a unit is counted under (units are compared trimmed, case-insensitively).</summary>
    public static string UnitKey(string? unit) => (unit ?? string.Empty).Trim().ToUpperInvariant();

    public int AcceptedIn(string? unit) => ByUnit.GetValueOrDefault(UnitKey(unit));

    /// <summary>Whether one more person of <paramref name="unit"/> fits the capacity and the unit's quota.</summary>
    public bool HasRoom(CourseDefinition course, string? unit)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Capacity is { } capacity && Accepted >= capacity)
        {
            return false;
        }

        var quota = course.UnitQuotas?.FirstOrDefault(q => UnitKey(q.Unit) == UnitKey(unit));
        return quota is null || AcceptedIn(unit) < quota.Quota;
    }

    public SeatState Take(string? unit) => Change(unit, +1);

    public SeatState Release(string? unit) => Change(unit, -1);

    public SeatState NextArrival() => this with { Sequence = Sequence + 1 };

    private SeatState Change(string? unit, int delta)
    {
        var byUnit = new Dictionary<string, int>(ByUnit, StringComparer.Ordinal);
        var key = UnitKey(unit);
        byUnit[key] = Math.Max(0, byUnit.GetValueOrDefault(key) + delta);
        return this with { Accepted = Math.Max(0, Accepted + delta), ByUnit = byUnit };
    }
}

/// <summary>An answer to an invitation, from the link page or recorded by the organiser.</summary>
/// <param name="Answer"><c>accept</c> or <c>decline</c> (delegation has its own transition).</param>
/// <param name="Reason">Why not; required for a decline.</param>
public sealed record ReplyRequest(string? Answer, string? Reason);

/// <summary>A hand-over of the invitation (and the seat, if one is held) to a colleague.</summary>
public sealed record DelegateRequest(string? Name, string? Email, string? Unit);

/// <summary>What a hand-over changes: the original (now delegated), the colleague (a new invitee, to be invited by the flow), the seats.</summary>
public sealed record DelegationChange(Invitee Original, Invitee Colleague, SeatState Seats);

/// <summary>What a transition changes: the invitee, the seats, and at most one waiting person promoted into a freed seat.</summary>
/// <param name="Unchanged">The same answer again: nothing to write (replies are idempotent).</param>
public sealed record InviteeChange(Invitee Invitee, SeatState Seats, Invitee? Promoted, bool Unchanged)
{
    /// <summary>The flow has an email to send from an outbox mark written with this change (a promotion, a confirmation).</summary>
    public bool WakesFlow => !Unchanged && (Promoted is not null || Invitee.ConfirmationPending);
}

/// <summary>What <see cref="Storage.SeatStore.ChangeInviteeAsync"/> did, and the course it decided on: the caller's copy, or
/// the course as stored when that copy had become stale (its guard row was gone).</summary>
public sealed record InviteeChangeResult(Outcome<InviteeChange> Outcome, Course Course);

/// <summary>What <see cref="Storage.SeatStore.DelegateAsync"/> did, and the course it decided on (as <see cref="InviteeChangeResult"/>).</summary>
public sealed record DelegationResult(Outcome<DelegationChange> Outcome, Course Course);

/// <summary>
/// What may happen to an invitee before the course (SPEC §2 steps 3–5): accept (or be waitlisted when the hall or
/// the unit's quota is full), decline, be promoted into a freed seat. Pure functions of the invitee, the course, the
/// seat state and the time; no HTTP, no storage. The seat store applies the change, the seat row and the promoted
/// person in one entity-group transaction under their ETags (<see cref="Storage.SeatStore.ChangeInviteeAsync"/>).
/// Wrong state → Conflict (409), a bad field → Invalid (400).
/// </summary>
public static class InviteeRules
{
    public const int MaxAudit = 50;

    /// <summary>Answers may be given or changed while the course invites or has closed its RSVP, until it starts.</summary>
    public static Phrase? WhyClosed(Course course, Invitee invitee, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        if (course.Phase is not (CoursePhase.Inviting or CoursePhase.RsvpClosed) || now >= course.FirstSessionStart)
        {
            return Phrase.Of("error.theCourseNoLongerTakesAnswers");
        }

        return invitee.Status switch
        {
            InviteeStatus.Cancelled => Phrase.Of("error.thisInvitationWasCancelled"),
            InviteeStatus.Delegated => Phrase.Of("error.thisInvitationWasHandedToAColleague"),
            _ => null,
        };
    }

    /// <summary>
    /// An accept or a decline. <paramref name="waiting"/> are the waitlisted people in arrival order; they matter only
    /// when an accepted person declines (the first one who fits is promoted into the freed seat).
    /// </summary>
    public static Outcome<InviteeChange> Reply(
        Course course, Invitee current, SeatState seats, IReadOnlyList<Invitee> waiting, ReplyRequest request,
        DateTimeOffset now, AuditActor by)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(seats);
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(request);
        var reason = request.Reason?.Trim() ?? string.Empty;
        switch (request.Answer)
        {
            case "accept":
                break;
            case "decline" when reason.Length == 0 || reason.Length > CourseValidation.MaxReason || !TextRules.IsMultiLine(reason):
                return Outcome<InviteeChange>.Invalid("reason", Phrase.Of("error.aReasonIsNeededToDeclineAt", ("maxReason", CourseValidation.MaxReason)));
            case "decline":
                break;
            default:
                return Outcome<InviteeChange>.Invalid("answer", Phrase.Of("error.theAnswerIsAcceptDeclineOrDelegate"));
        }

        if (WhyClosed(course, current, now) is { } closed)
        {
            return Outcome<InviteeChange>.Conflict(closed);
        }

        var late = now > course.RsvpDeadline;
        if (request.Answer == "accept")
        {
            if (current.Status is InviteeStatus.Accepted or InviteeStatus.Waitlisted)
            {
                return Outcome<InviteeChange>.Done(new InviteeChange(current, seats, null, Unchanged: true));
            }

            // Seats are counted only with a capacity or quotas (then the seat row's sequence orders the waitlist); otherwise
            // nobody waits, no row is shared, and the arrival only names this acceptance (its confirmation's id).
            var counted = course.Definition.CountsSeats;
            var arrived = counted ? seats.NextArrival() : seats;
            var fits = !counted || seats.HasRoom(course.Definition, current.Unit);
            var status = fits ? InviteeStatus.Accepted : InviteeStatus.Waitlisted;
            // Calendar: a seat's accept confirmation (with the .ics) is pending until the flow sends it.
            var accepted = Answered(current, status, now, late, by.Entry(now, Name(status)), counted ? arrived.Sequence : Stamp(current, now), confirmationPending: fits)
                with { Reason = null };
            return Outcome<InviteeChange>.Done(new InviteeChange(accepted, fits && counted ? arrived.Take(current.Unit) : arrived, null, Unchanged: false));
        }

        if (current.Status == InviteeStatus.Declined && current.Reason == reason)
        {
            return Outcome<InviteeChange>.Done(new InviteeChange(current, seats, null, Unchanged: true));
        }

        var declined = Answered(current, InviteeStatus.Declined, now, late, by.Entry(now, Name(InviteeStatus.Declined), reason)) with { Reason = reason };
        if (current.Status != InviteeStatus.Accepted)
        {
            return Outcome<InviteeChange>.Done(new InviteeChange(declined, seats, null, Unchanged: false));
        }

        if (!course.Definition.CountsSeats)
        {
            return Outcome<InviteeChange>.Done(new InviteeChange(declined, seats, null, Unchanged: false));
        }

        var freed = seats.Release(current.Unit);
        var (promoted, after) = Promote(course, freed, waiting.Where(w => w.Id != current.Id).ToList(), now);
        return Outcome<InviteeChange>.Done(new InviteeChange(declined, after, promoted, Unchanged: false));
    }

    /// <summary>
    /// Hands the invitation to a colleague (SPEC §2 step 3): the original becomes <c>delegated</c> with
    /// <see cref="Invitee.DelegatedTo"/>; the colleague is a new invitee (invited by the flow like everyone else) who takes
    /// over the original's place: the seat if one was held (moved to the colleague's unit, which must have room in its
    /// quota), the place on the waitlist, or a pending invitation. Refused: a colleague already invited
    /// (<paramref name="colleagueExists"/>), oneself, a closed course (started, cancelled) or an invitation already handed on.
    /// </summary>
    public static Outcome<DelegationChange> Delegate(
        Course course, Invitee current, SeatState seats, DelegateRequest request, bool colleagueExists,
        DateTimeOffset now, AuditActor by)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(seats);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        var name = request.Name?.Trim() ?? string.Empty;
        var email = request.Email?.Trim() ?? string.Empty;
        var unit = string.IsNullOrWhiteSpace(request.Unit) ? current.Unit : request.Unit.Trim();
        var errors = new ValidationErrors();
        errors.Require(name.Length is > 0 and <= CourseValidation.MaxName && TextRules.IsSingleLine(name), "delegateName", Phrase.Of("error.theColleagueSNameIsNeededOne", ("maxName", CourseValidation.MaxName)));
        errors.Require(email.Length > 0 && CourseValidation.IsEmail(email), "delegateEmail", Phrase.Of("error.aValidEmailAddressOfTheColleague"));
        errors.Require((unit?.Length ?? 0) <= CourseValidation.MaxName && TextRules.IsSingleLine(unit), "delegateUnit", Phrase.Of("error.unitOneLineAtMostCharacters", ("maxName", CourseValidation.MaxName)));
        if (errors.Count > 0)
        {
            return Outcome<DelegationChange>.Invalid(errors.ToList());
        }

        var emailKey = CourseValidation.NormalizeEmail(email);
        if (emailKey == CourseValidation.NormalizeEmail(current.Email))
        {
            return Outcome<DelegationChange>.Invalid("delegateEmail", Phrase.Of("error.youCannotHandTheInvitationToYourself"));
        }

        if (WhyClosed(course, current, now) is { } closed)
        {
            return Outcome<DelegationChange>.Conflict(closed);
        }

        if (colleagueExists)
        {
            return Outcome<DelegationChange>.Conflict(Phrase.Of("error.thisPersonIsAlreadyInvitedToThe"));
        }

        var colleagueStatus = current.Status switch
        {
            InviteeStatus.Accepted => InviteeStatus.Accepted,
            InviteeStatus.Waitlisted => InviteeStatus.Waitlisted,
            _ => InviteeStatus.Pending,
        };
        var after = seats;
        if (course.Definition.CountsSeats && colleagueStatus == InviteeStatus.Accepted && SeatState.UnitKey(unit) != SeatState.UnitKey(current.Unit))
        {
            // The seat moves with the person: out of the original's unit, into the colleague's, within its quota.
            var released = seats.Release(current.Unit);
            if (!released.HasRoom(course.Definition, unit))
            {
                return Outcome<DelegationChange>.Conflict(Phrase.Of("error.theColleagueSUnitHasNoSeats"));
            }

            after = released.Take(unit);
        }

        var colleagueId = Invitee.IdFor(course.Id, emailKey);
        var original = Answered(current, InviteeStatus.Delegated, now, now > course.RsvpDeadline, by.Entry(now, Name(InviteeStatus.Delegated), $"{name} <{email}>"))
            with { DelegatedTo = colleagueId };
        var colleague = new Invitee(
            course.Id, colleagueId, name, email, unit, null, colleagueStatus, null, false, null, EmailStatus.NotSent, null, null)
        {
            Arrival = colleagueStatus is InviteeStatus.Accepted or InviteeStatus.Waitlisted ? current.Arrival : null,
            ConfirmationPending = colleagueStatus == InviteeStatus.Accepted, // calendar: his seat's confirmation with the .ics
            Audit = [by.Entry(now, Added, $"{current.Name} <{current.Email}>")],
        };
        return Outcome<DelegationChange>.Done(new DelegationChange(original, colleague, after));
    }

    /// <summary>
    /// The first waiting person (arrival order) who fits the seats moves to accepted, with a promotion email pending
    /// (the flow sends it and clears the mark). Null when nobody waits or nobody fits.
    /// </summary>
    public static (Invitee? Promoted, SeatState Seats) Promote(Course course, SeatState seats, IReadOnlyList<Invitee> waiting, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(seats);
        ArgumentNullException.ThrowIfNull(waiting);
        var first = waiting
            .Where(w => w.Status == InviteeStatus.Waitlisted)
            .OrderBy(w => w.Arrival ?? long.MaxValue)
            .ThenBy(w => w.Id, StringComparer.Ordinal)
            .FirstOrDefault(w => seats.HasRoom(course.Definition, w.Unit));
        if (first is null)
        {
            return (null, seats);
        }

        var promoted = first with
        {
            Status = InviteeStatus.Accepted,
            PromotionPending = true,
            Audit = Append(first.Audit, AuditActor.System.Entry(now, "promoted")),
        };
        return (promoted, seats.Take(first.Unit));
    }

    /// <summary>The 1-based place of a waitlisted person among those waiting (arrival order), or null when not waiting.</summary>
    public static int? WaitlistPosition(Invitee invitee, IEnumerable<Invitee> everyone)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        ArgumentNullException.ThrowIfNull(everyone);
        if (invitee.Status != InviteeStatus.Waitlisted)
        {
            return null;
        }

        var mine = invitee.Arrival ?? long.MaxValue;
        return 1 + everyone.Count(o => o.Status == InviteeStatus.Waitlisted && o.Id != invitee.Id && (o.Arrival ?? long.MaxValue) < mine);
    }

    /// <summary>
    /// A person's answer (accept, decline, hand-over) as every reply writes it: the new status, when it came, whether after the
    /// RSVP deadline, its audit line; the arrival it holds (an accepted or waitlisted person's; none otherwise), and the
    /// outbox marks reset: a promotion email is no longer due, a confirmation only when the answer took a seat.
    /// </summary>
    private static Invitee Answered(
        Invitee current, InviteeStatus status, DateTimeOffset now, bool late, AuditEntry line, long? arrival = null, bool confirmationPending = false) =>
        current with
        {
            Status = status,
            RepliedAt = now,
            Late = late,
            Arrival = arrival,
            PromotionPending = false,
            ConfirmationPending = confirmationPending,
            Audit = Append(current.Audit, line),
        };

    /// <summary>The arrival of an acceptance in a course without seats: its time in ticks, after every earlier change of the
    /// person (so two acceptances of one person never share it, even on a clock that did not move).</summary>
    private static long Stamp(Invitee current, DateTimeOffset now) =>
        Math.Max(now.UtcTicks, (current.Audit.Count > 0 ? current.Audit[^1].At.UtcTicks : 0) + 1);

    /// <summary>The audit line of a person added to a course (by an organiser's list, or as a colleague handed an invitation).</summary>
    public const string Added = "added";

    /// <summary>The first audit line of the people an organiser adds to a course: who added them, and when.</summary>
    public static AuditEntry AddedBy(Author author, DateTimeOffset at) => AuditActor.Organiser(author).Entry(at, Added);

    public static string Name(ReplyChannel channel) => channel switch
    {
        ReplyChannel.Link => "link",
        ReplyChannel.Organiser => "organiser",
        _ => "system",
    };

    public static string Name(InviteeStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    public static string Name(AttendanceStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    internal static List<AuditEntry> Append(IReadOnlyList<AuditEntry> audit, AuditEntry entry) =>
        [.. audit.Skip(Math.Max(0, audit.Count - MaxAudit + 1)), entry];
}
