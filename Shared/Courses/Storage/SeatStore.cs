namespace Workflow.Courses.Storage;

/// <summary>
/// Seats and the waitlist in the course's invitee partition (issue 8): the seat row (<see cref="SeatColumns"/>), replies
/// that may take or free a seat (written with the seat row and the course's guard check in one entity-group transaction,
/// through the course's <see cref="SeatLane"/> in this process), hand-overs to a colleague, and waitlist places.
/// </summary>
public sealed partial class SeatStore(TableServiceClient service, TableInitializer init, CourseStore courses, ILogger<SeatStore> logger)
{
    /// <summary>The meter of seat writes (<c>Workflow.Seats</c>): <c>workflow.seats.conflicts</c> counts transactions that lost a race (tag <c>row</c>).</summary>
    public const string MeterName = "Workflow.Seats";

    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);
    private static readonly System.Diagnostics.Metrics.Counter<long> Conflicts = Meter.CreateCounter<long>("workflow.seats.conflicts", description: "Seat transactions refused by storage (ETag or guard) and decided again");

    /// <summary>Tries before a seat change gives up; each failed try means another reply of the same course went through.</summary>
    internal const int MaxSeatAttempts = 1000;

    private readonly TableClient _invitees = service.GetTableClient(InviteeRows.Table);
    private readonly CourseStore _courses = courses;
    private readonly TableInitializer _init = init;

    /// <summary>Per course: the replies of this process waiting to be written together (<see cref="SeatLane"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SeatLane> _seatLanes = new(StringComparer.Ordinal);

    /// <summary>The course's seat state as stored (empty before the first accept).</summary>
    public async Task<SeatState> GetSeatsAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var response = await _invitees.GetEntityIfExistsAsync<TableEntity>(courseId, InviteeRows.SeatRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? SeatColumns.Read(response.Value!) : SeatState.Empty;
    }

    /// <summary>
    /// A waitlisted person's 1-based place among those waiting (as <see cref="InviteeRules.WaitlistPosition"/>), null
    /// when not waiting. Reads only the keys of those who arrived earlier, not the whole waitlist.
    /// </summary>
    public async Task<int?> WaitlistPositionAsync(Invitee invitee, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        if (invitee.Status != InviteeStatus.Waitlisted)
        {
            return null;
        }

        if (invitee.Arrival is not { } arrival)
        {
            return InviteeRules.WaitlistPosition(invitee, await ListWaitingAsync(invitee.CourseId, cancellationToken));
        }

        await _init.EnsureAsync(_invitees, cancellationToken);
        var before = 0;
        await foreach (var e in _invitees.QueryAsync<TableEntity>(InviteeRows.WaitingBeforeFilter(invitee.CourseId, arrival), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            before += e.RowKey == invitee.Id ? 0 : 1;
        }

        return before + 1;
    }

    /// <summary>Waitlisted people of a course in arrival order.</summary>
    public async Task<List<Invitee>> ListWaitingAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var waiting = await InviteeRows.QueryAsync(_invitees, e => e.PartitionKey == courseId && e.Status == nameof(InviteeStatus.Waitlisted), cancellationToken);
        return [.. waiting.OrderBy(w => w.Arrival ?? long.MaxValue).ThenBy(w => w.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Applies an invitee transition atomically with the course's seats and its guard. <paramref name="decide"/> (an
    /// <see cref="InviteeRules"/> function) decides on the course, the invitee, the seat row (only when the course
    /// counts seats: <see cref="CourseDefinition.CountsSeats"/>; otherwise empty) and, when the invitee holds a seat, the
    /// waitlist. The change goes through the course's lane in this process (<see cref="SeatLane"/>): the invitee, the seat
    /// row and a promoted person are written in ONE entity-group transaction, each under the ETag it was read with,
    /// together with the check of the course's guard row (<see cref="Course.Guard"/>) and the other replies of the course
    /// waiting at that moment. If the invitee changed meanwhile it is read again and decided again; a changed seat row is
    /// read again by the lane, so the capacity and quotas hold under any number of concurrent replies on any number of
    /// hosts. If the course changed after <paramref name="course"/> was read (a cached copy: its guard row is gone),
    /// nothing is written and it decides again on the course as stored, which the result carries. A refusal or an
    /// unchanged answer decided on a copy that is no longer current is decided again the same way.
    /// <paramref name="read"/>, the invitee read just before with its <see cref="Invitee.Version"/>, saves the first
    /// read. Null = no such invitee.
    /// </summary>
    public async Task<InviteeChangeResult?> ChangeInviteeAsync(
        Course course,
        string inviteeId,
        Func<Course, Invitee, SeatState, IReadOnlyList<Invitee>, Outcome<InviteeChange>> decide,
        CancellationToken cancellationToken,
        Invitee? read = null)
    {
        if (!await CanChangeAsync(course, inviteeId, decide, cancellationToken))
        {
            return null;
        }

        var courseId = course.Id;
        var current = read is { Version: not null } && read.CourseId == courseId && read.Id == inviteeId ? read : null;
        for (var attempt = 1; ; attempt++)
        {
            current ??= await InviteeRows.GetAsync(_invitees, courseId, inviteeId, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var verdict = await _seatLanes.GetOrAdd(courseId, _ => new SeatLane(_invitees, this)).SubmitAsync(new SeatRequest(course, current, decide), cancellationToken);
            switch (verdict.Kind)
            {
                case SeatVerdictKind.Written:
                    return new InviteeChangeResult(verdict.Outcome!, course);
                case SeatVerdictKind.NoWrite:
                    if (await StoredIfStaleAsync(course, verdict.Outcome!.Kind, cancellationToken) is not { } stored)
                    {
                        return new InviteeChangeResult(verdict.Outcome, course);
                    }

                    course = stored;
                    break;
                case SeatVerdictKind.CourseChanged:
                    // The guard row of the version decided on is gone: the course changed. Decide again on the course as stored.
                    course = await _courses.RefreshAfterGuardAsync(course, cancellationToken) ?? course;
                    break;
                default:
                    // Someone changed the invitee (or the person it would promote) since the read: read again, decide again.
                    current = null;
                    break;
            }

            if (attempt >= MaxSeatAttempts)
            {
                throw new InvalidOperationException($"Invitee {inviteeId} of course {courseId} could not be changed in {MaxSeatAttempts} tries.");
            }
        }
    }

    /// <summary>
    /// Hands an invitation to a colleague atomically: reads the invitee, the seat row (when the course counts seats) and
    /// whether the colleague is already a row of the course, lets <paramref name="decide"/>
    /// (<see cref="InviteeRules.Delegate"/>) decide, and writes the original (under its ETag), the colleague (an
    /// insert: it fails if the colleague appeared meanwhile), when the seat moves between units the seat row, and the check
    /// of the course's guard row (<see cref="Course.Guard"/>) in ONE entity-group transaction. On any conflict it reads and
    /// decides again (on the course as stored when <paramref name="course"/> was an older copy), so the colleague is added
    /// exactly once, the seats stay exact and no hand-over lands in a course that changed. Null = no such invitee.
    /// </summary>
    public async Task<DelegationResult?> DelegateAsync(
        Course course,
        string inviteeId,
        string colleagueEmail,
        Func<Course, Invitee, SeatState, bool, Outcome<DelegationChange>> decide,
        CancellationToken cancellationToken)
    {
        if (!await CanChangeAsync(course, inviteeId, decide, cancellationToken))
        {
            return null;
        }

        var courseId = course.Id;
        var colleagueId = Invitee.IdFor(courseId, CourseValidation.NormalizeEmail(colleagueEmail ?? string.Empty));
        for (var attempt = 1; ; attempt++)
        {
            var current = await InviteeRows.GetAsync(_invitees, courseId, inviteeId, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var counted = course.Definition.CountsSeats;
            var seats = counted ? await GetSeatsAsync(courseId, cancellationToken) : SeatState.Empty;
            var exists = (await _invitees.GetEntityIfExistsAsync<TableEntity>(courseId, colleagueId, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;
            var outcome = decide(course, current, seats, exists);
            if (!outcome.IsDone)
            {
                if (await StoredIfStaleAsync(course, outcome.Kind, cancellationToken) is not { } stored)
                {
                    return new DelegationResult(outcome, course);
                }

                course = stored;
                continue;
            }

            var change = outcome.Value!;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateMerge, InviteeEntity.ReplyColumns(change.Original), new ETag(current.Version!)),
                new(TableTransactionActionType.Add, InviteeEntity.Added(change.Colleague)),
                CourseGuard.Check(course),
            };
            if (counted && !SeatColumns.SameCounts(seats, change.Seats))
            {
                actions.Add(SeatColumns.Action(courseId, seats, change.Seats));
            }

            try
            {
                // The counts: the original's reply columns as merged under his ETag, and the colleague's new row.
                var delta = InviteeRows.Delta(InviteeColumns.Reply, current, change.Original);
                Progress.CourseTally.Add(delta, Progress.CourseTally.Of(InviteeRows.Facts(InviteeEntity.Added(change.Colleague))));
                await TallyRows.SubmitAsync(_invitees, courseId, actions, delta, inviteeId, cancellationToken);
                return new DelegationResult(outcome, course);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404 && attempt < MaxSeatAttempts)
            {
                // The course changed after the copy decided on: decide again on the course as stored.
                course = await _courses.RefreshAfterGuardAsync(course, cancellationToken) ?? course;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409 && attempt < MaxSeatAttempts)
            {
                Conflict(courseId, "handover", attempt);
                // The original, the seats changed, or the colleague was added meanwhile: decide again on fresh data.
                await Task.Delay(Random.Shared.Next(1, Math.Min(5 + attempt, 50)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// What both changes check first: the course and the decision are given (else it throws), and both ids can be table
    /// keys (else there is no such invitee: false); the table then exists.
    /// </summary>
    private async Task<bool> CanChangeAsync(Course course, string inviteeId, Delegate decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(decide);
        if (!ResourceIds.IsValid(course.Id) || !ResourceIds.IsValid(inviteeId))
        {
            return false;
        }

        await _init.EnsureAsync(_invitees, cancellationToken);
        return true;
    }

    /// <summary>
    /// Nothing to write (a refusal, or the same answer again) must still be about the course as it is now: null when the
    /// outcome stands (a field error, or <paramref name="course"/> is still current), else the course as stored, to decide
    /// again on.
    /// </summary>
    private async Task<Course?> StoredIfStaleAsync(Course course, OutcomeKind kind, CancellationToken cancellationToken) =>
        kind is OutcomeKind.Invalid || await _courses.IsCurrentAsync(course, cancellationToken)
            ? null
            : await _courses.GetAsync(course.Id, cancellationToken) ?? course;

    /// <summary>
    /// A seat transaction storage refused (another writer changed a row it carried under an ETag, or the course's guard):
    /// counted on <see cref="MeterName"/> and logged, so the price of contention on one course's seat row can be read
    /// (docs/scale.md). <paramref name="row"/>: <c>seat</c>, <c>invitee</c>, <c>course</c> or <c>handover</c>.
    /// </summary>
    internal void Conflict(string courseId, string row, int attempt)
    {
        Conflicts.Add(1, new KeyValuePair<string, object?>("row", row));
        LogConflict(logger, courseId, row, attempt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seat write of course {CourseId} refused by storage ({Row} changed), attempt {Attempt}: deciding again")]
    private static partial void LogConflict(ILogger logger, string courseId, string row, int attempt);
}
