using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Http;
using Workflow.Storage;

namespace Workflow.Courses;

/// <summary>
/// Courses and their invitees in Table Storage, the source of truth that pages and the API read.
/// Courses: PK = course id, RK = "course". Invitees: PK = course id, RK = invitee id (derived from
/// the normalised email, so the same person can never be added twice to a course).
/// </summary>
public sealed partial class CourseRepository
{
    public const string CoursesTable = "Courses";
    public const string InviteesTable = "Invitees";
    private const string CourseRowKey = "course";

    /// <summary>The seat row in each course's invitee partition (invitee ids are hex, so it never meets one).</summary>
    public const string SeatRowKey = "~seats";

    /// <summary>Batches of 100 sent at once to one partition: the storage account takes them in parallel.</summary>
    private const int ParallelBatches = 4;

    private readonly TableClient _courses;
    private readonly TableClient _invitees;
    private readonly TableInitializer _init;

    /// <summary>Per course: the replies of this process waiting to be written together (<see cref="SeatLane"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SeatLane> _seatLanes = new(StringComparer.Ordinal);

    public CourseRepository(TableServiceClient service, TableInitializer init)
    {
        ArgumentNullException.ThrowIfNull(service);
        _courses = service.GetTableClient(CoursesTable);
        _invitees = service.GetTableClient(InviteesTable);
        _init = init;
    }

    public static string NewCourseId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string InviteeIdFor(string courseId, string emailKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(courseId + "\n" + emailKey)).AsSpan(0, 10));

    public async Task CreateAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        await _init.EnsureAsync(_courses, cancellationToken);
        await _courses.AddEntityAsync(CourseEntity.From(course), cancellationToken);
    }

    public async Task<Course?> GetAsync(string courseId, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(courseId, cancellationToken);
        return entity?.ToCourse();
    }

    /// <summary>Moves a draft course to inviting, exactly once even under concurrent starts (ETag).</summary>
    public async Task<bool> TryStartAsync(string courseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(courseId, cancellationToken);
        if (entity is null || entity.Phase != nameof(CoursePhase.Draft))
        {
            return false;
        }

        entity.Phase = nameof(CoursePhase.Inviting);
        entity.StartedAt = now;
        entity.Guard++;
        try
        {
            await _courses.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            await SyncGuardAsync(courseId, entity.Guard, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Course ids in a phase (courses are few: hundreds a year).</summary>
    public async Task<List<string>> ListIdsInPhaseAsync(CoursePhase phase, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_courses, cancellationToken);
        var name = phase.ToString();
        var ids = new List<string>();
        await foreach (var e in _courses.QueryAsync<CourseEntity>(e => e.Phase == name, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            ids.Add(e.PartitionKey);
        }

        return ids;
    }

    /// <summary>Undoes <see cref="TryStartAsync"/> when the flow could not be scheduled, so the organiser can try again.</summary>
    public async Task RevertStartAsync(string courseId, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(courseId, cancellationToken);
        if (entity is { Phase: nameof(CoursePhase.Inviting) })
        {
            entity.Phase = nameof(CoursePhase.Draft);
            entity.StartedAt = null;
            entity.Guard++;
            await _courses.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            await SyncGuardAsync(courseId, entity.Guard, cancellationToken);
        }
    }

    /// <summary>Sets the phase if the course is currently in <paramref name="from"/>; returns whether it changed.</summary>
    public async Task<bool> TryMovePhaseAsync(string courseId, CoursePhase from, CoursePhase to, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(courseId, cancellationToken);
        if (entity is null || entity.Phase != from.ToString())
        {
            return false;
        }

        entity.Phase = to.ToString();
        entity.Guard++;
        try
        {
            await _courses.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            await SyncGuardAsync(courseId, entity.Guard, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return await TryMovePhaseAsync(courseId, from, to, cancellationToken);
        }
    }

    /// <summary>
    /// Changes the course row under optimistic concurrency: <paramref name="change"/> decides on the current course
    /// (definition, phase and <see cref="CourseChanges"/>) and the result is written with the row's ETag; on a
    /// conflict it decides again on a fresh read. A refusal is returned as is and nothing is written; so is a change that
    /// answers the very course it was given (nothing to change). A change of the phase or the definition raises the
    /// course's guard (see <see cref="Course.Guard"/>), so replies decided on an older copy fail.
    /// </summary>
    public async Task<Outcome<Course>> UpdateCourseAsync(string courseId, Func<Course, Outcome<Course>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await GetEntityAsync(courseId, cancellationToken);
            if (entity is null)
            {
                return Outcome<Course>.NotFound(Phrase.Of("error.noCourse", ("courseId", ResourceIds.Shown(courseId))));
            }

            var current = entity.ToCourse();
            var outcome = change(current);
            if (!outcome.IsDone || ReferenceEquals(outcome.Value, current))
            {
                // Refused, or nothing to change (the change answered the course it was given): nothing is written, so
                // idempotent repeats (a retried request, clients racing with one Idempotency-Key) never contend for the ETag.
                return outcome;
            }

            var updated = CourseEntity.From(outcome.Value!);
            var guarded = updated.Phase != entity.Phase || updated.Definition != entity.Definition;
            updated.Guard = entity.Guard + (guarded ? 1 : 0);
            try
            {
                await _courses.UpdateEntityAsync(updated, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                if (guarded)
                {
                    await SyncGuardAsync(courseId, updated.Guard, cancellationToken);
                }

                return Outcome<Course>.Done(outcome.Value! with { Guard = updated.Guard });
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 10)
            {
                // Changed meanwhile (a phase move, another change): decide again on fresh data, after a short random
                // pause so that writers racing for the row do not meet again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * (attempt + 1))), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Records that milestone <paramref name="key"/> is done and, when <paramref name="phase"/> is given, moves the course to
    /// it in the same write (unless the course was cancelled meanwhile). Idempotent; returns the course as stored after.
    /// </summary>
    public async Task<Course?> MarkMilestoneDoneAsync(string courseId, string key, CoursePhase? phase, CancellationToken cancellationToken)
    {
        var outcome = await UpdateCourseAsync(
            courseId,
            c => c.Progress.IsDone(key) && (phase is null || c.Phase == phase || c.Phase == CoursePhase.Cancelled)
                ? Outcome<Course>.Conflict(Phrase.Of("error.alreadyDone"))
                : Outcome<Course>.Done(c with
                {
                    Progress = c.Progress.With(key),
                    Phase = phase is { } p && c.Phase != CoursePhase.Cancelled ? p : c.Phase,
                }),
            cancellationToken);
        return outcome.IsDone ? outcome.Value : await GetAsync(courseId, cancellationToken);
    }

    /// <summary>Adds validated invitees in batches of 100 (one partition). A row that appeared meanwhile is reported as a duplicate.</summary>
    public async Task<(int Added, List<DuplicateRow> Duplicates)> AddInviteesAsync(
        string courseId, IReadOnlyList<ValidInvitee> invitees, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invitees);
        await _init.EnsureAsync(_invitees, cancellationToken);
        var added = 0;
        var duplicates = new System.Collections.Concurrent.ConcurrentBag<DuplicateRow>();
        await Parallel.ForEachAsync(
            invitees.Chunk(100),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                var entities = chunk.Select(v => InviteeEntity.New(courseId, v)).ToList();
                try
                {
                    await _invitees.SubmitTransactionAsync(entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct);
                    Interlocked.Add(ref added, entities.Count);
                }
                catch (TableTransactionFailedException)
                {
                    // Someone added one of these meanwhile: add one by one and report the ones that exist.
                    for (var i = 0; i < entities.Count; i++)
                    {
                        try
                        {
                            await _invitees.AddEntityAsync(entities[i], ct);
                            Interlocked.Increment(ref added);
                        }
                        catch (RequestFailedException ex) when (ex.Status == 409)
                        {
                            duplicates.Add(new DuplicateRow(chunk[i].Row, chunk[i].Email));
                        }
                    }
                }
            });

        return (added, duplicates.OrderBy(d => d.Row).ToList());
    }

    public async Task<HashSet<string>> GetEmailKeysAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _invitees.QueryAsync<TableEntity>(InviteeRowsFilter(courseId), select: ["EmailKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e.GetString("EmailKey"));
        }

        return keys;
    }

    public async Task<List<Invitee>> ListInviteesAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var list = new List<Invitee>();
        await foreach (var e in _invitees.QueryAsync<InviteeEntity>(InviteeRowsFilter(courseId), cancellationToken: cancellationToken))
        {
            list.Add(e.ToInvitee());
        }

        return list;
    }

    /// <summary>Invitees not yet sent their invitation.</summary>
    public Task<List<Invitee>> ListUninvitedAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.EmailStatus == nameof(EmailStatus.NotSent), cancellationToken, MessageColumns);

    /// <summary>What an email to an invitee needs; the other columns keep their defaults in the result.</summary>
    private static readonly string[] MessageColumns = ["PartitionKey", "RowKey", "Name", "Email", "Status", "EmailStatus", "LastReminderFor"];

    /// <summary>Longest <see cref="Invitee.EmailError"/> kept.</summary>
    private const int MaxEmailErrorLength = 1000;

    /// <summary>Invited people who have not answered.</summary>
    public Task<List<Invitee>> ListPendingAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.Status == nameof(InviteeStatus.Pending) && e.EmailStatus == nameof(EmailStatus.Sent), cancellationToken, MessageColumns);

    public async Task<Invitee?> GetInviteeAsync(string courseId, string inviteeId, CancellationToken cancellationToken)
    {
        if (!IsValidKey(courseId) || !IsValidKey(inviteeId))
        {
            return null;
        }

        await _init.EnsureAsync(_invitees, cancellationToken);
        var response = await _invitees.GetEntityIfExistsAsync<InviteeEntity>(courseId, inviteeId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.ToInvitee() : null;
    }

    /// <summary>Marks invitees as invited (merge: touches only the email columns, so a reply arriving meanwhile is kept).</summary>
    public Task MarkInvitedAsync(string courseId, IEnumerable<string> inviteeIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id)
        {
            ["EmailStatus"] = nameof(EmailStatus.Sent),
            ["InvitedAt"] = at,
        }, cancellationToken);

    /// <summary>
    /// Marks invitees whose invitation failed for good (refused, or unconfirmed): emailStatus <c>Failed</c> with the
    /// reason. <see cref="ListUninvitedAsync"/> no longer returns them, so the flow does not try them again.
    /// </summary>
    public Task MarkInvitationFailedAsync(string courseId, IReadOnlyDictionary<string, string> reasons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return MergeAsync(courseId, reasons.Keys, id => new TableEntity(courseId, id)
        {
            ["EmailStatus"] = nameof(EmailStatus.Failed),
            ["EmailError"] = Bound(reasons[id]),
        }, cancellationToken);
    }

    /// <summary>A reminder that failed for good: marked as done for that time (never resent) with the reason; the invitation stays sent.</summary>
    public Task MarkReminderFailedAsync(string courseId, IReadOnlyDictionary<string, string> reasons, DateTimeOffset reminderFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return MergeAsync(courseId, reasons.Keys, id => new TableEntity(courseId, id)
        {
            ["LastReminderFor"] = reminderFor,
            ["EmailError"] = Bound(reasons[id]),
        }, cancellationToken);
    }

    private static string Bound(string reason) => reason.Length <= MaxEmailErrorLength ? reason : reason[..MaxEmailErrorLength];

    public Task MarkRemindedAsync(string courseId, IEnumerable<string> inviteeIds, DateTimeOffset reminderFor, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id) { ["LastReminderFor"] = reminderFor }, cancellationToken);

    /// <summary>
    /// At the RSVP deadline: every invited person still pending becomes "no response". Batches of 100
    /// carry each row's ETag, so a reply that lands meanwhile fails its batch, which is then redone one
    /// by one from fresh reads (the reply wins). Returns how many were marked.
    /// </summary>
    public async Task<int> MarkSilentAsNoResponseAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var pending = new List<InviteeEntity>();
        await foreach (var e in _invitees.QueryAsync<InviteeEntity>(
                           e => e.PartitionKey == courseId && e.Status == nameof(InviteeStatus.Pending) && e.EmailStatus == nameof(Courses.EmailStatus.Sent),
                           select: ["PartitionKey", "RowKey", "Status"],
                           cancellationToken: cancellationToken))
        {
            pending.Add(e);
        }

        var marked = 0;
        foreach (var chunk in pending.Chunk(100))
        {
            try
            {
                await _invitees.SubmitTransactionAsync(
                    chunk.Select(e => new TableTransactionAction(
                        TableTransactionActionType.UpdateMerge,
                        new TableEntity(courseId, e.RowKey) { ["Status"] = nameof(InviteeStatus.NoResponse) },
                        e.ETag)),
                    cancellationToken);
                marked += chunk.Length;
            }
            catch (TableTransactionFailedException)
            {
                foreach (var e in chunk)
                {
                    var changed = await UpdateInviteeAsync(courseId, e.RowKey, i => i.Status == InviteeStatus.Pending ? i with { Status = InviteeStatus.NoResponse } : null, cancellationToken);
                    marked += changed?.Status == InviteeStatus.NoResponse ? 1 : 0;
                }
            }
        }

        return marked;
    }

    /// <summary>
    /// Changes one invitee under optimistic concurrency: lets <paramref name="change"/> decide on the
    /// current row (null = nothing to change) and writes only the reply columns with the row's ETag; on a
    /// conflict it decides again on a fresh read. <paramref name="read"/>, a row read just before with its
    /// <see cref="Invitee.Version"/>, saves the first read.
    /// </summary>
    public Task<Invitee?> UpdateInviteeAsync(
        string courseId, string inviteeId, Func<Invitee, Invitee?> change, CancellationToken cancellationToken, Invitee? read = null) =>
        UpdateInviteeAsync(courseId, inviteeId, InviteeColumns.Reply, change, cancellationToken, read);

    /// <summary>As <see cref="UpdateInviteeAsync(string, string, Func{Invitee, Invitee?}, CancellationToken, Invitee?)"/>,
    /// writing only the <paramref name="columns"/> group (reply, attendance or follow-up), so writers of different groups
    /// never undo each other; the ETag still orders writers of the same row.</summary>
    public async Task<Invitee?> UpdateInviteeAsync(
        string courseId, string inviteeId, InviteeColumns columns, Func<Invitee, Invitee?> change, CancellationToken cancellationToken, Invitee? read = null)
    {
        if (!IsValidKey(courseId) || !IsValidKey(inviteeId))
        {
            return null;
        }

        ArgumentNullException.ThrowIfNull(change);
        await _init.EnsureAsync(_invitees, cancellationToken);
        var current = read is { Version: not null } && read.CourseId == courseId && read.Id == inviteeId ? read : null;
        for (var attempt = 0; ; attempt++)
        {
            if (current is null)
            {
                var response = await _invitees.GetEntityIfExistsAsync<InviteeEntity>(courseId, inviteeId, cancellationToken: cancellationToken);
                if (!response.HasValue)
                {
                    return null;
                }

                current = response.Value!.ToInvitee();
            }

            var changed = change(current);
            if (changed is null)
            {
                return current;
            }

            try
            {
                var row = columns switch
                {
                    InviteeColumns.Attendance => InviteeEntity.AttendanceColumns(changed),
                    InviteeColumns.FollowUp => InviteeEntity.FollowUpColumns(changed),
                    _ => InviteeEntity.ReplyColumns(changed),
                };
                var result = await _invitees.UpdateEntityAsync(row, new ETag(current.Version!), TableUpdateMode.Merge, cancellationToken);
                return changed with { Version = result.Headers.ETag?.ToString() };
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 20)
            {
                // Changed by someone else since the read: decide again on fresh data.
                current = null;
            }
        }
    }

    /// <summary>The course's seat state as stored (empty before the first accept).</summary>
    public async Task<SeatState> GetSeatsAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var response = await _invitees.GetEntityIfExistsAsync<TableEntity>(courseId, SeatRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? SeatColumns.Read(response.Value!) : SeatState.Empty;
    }

    /// <summary>
    /// A waitlisted person's 1-based place among those waiting (as <see cref="InviteeTransitions.WaitlistPosition"/>), null
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
            return InviteeTransitions.WaitlistPosition(invitee, await ListWaitingAsync(invitee.CourseId, cancellationToken));
        }

        await _init.EnsureAsync(_invitees, cancellationToken);
        var waiting = nameof(InviteeStatus.Waitlisted);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {invitee.CourseId} and Status eq {waiting} and Arrival lt {arrival}");
        var before = 0;
        await foreach (var e in _invitees.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            before += e.RowKey == invitee.Id ? 0 : 1;
        }

        return before + 1;
    }

    /// <summary>Waitlisted people of a course in arrival order.</summary>
    public async Task<List<Invitee>> ListWaitingAsync(string courseId, CancellationToken cancellationToken)
    {
        var waiting = await QueryAsync(e => e.PartitionKey == courseId && e.Status == nameof(InviteeStatus.Waitlisted), cancellationToken);
        return [.. waiting.OrderBy(w => w.Arrival ?? long.MaxValue).ThenBy(w => w.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Applies an invitee transition atomically with the course's seats and its guard. <paramref name="decide"/> (an
    /// <see cref="InviteeTransitions"/> function) decides on the course, the invitee, the seat row (only when the course
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
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(decide);
        if (!IsValidKey(course.Id) || !IsValidKey(inviteeId))
        {
            return null;
        }

        await _init.EnsureAsync(_invitees, cancellationToken);
        var courseId = course.Id;
        var current = read is { Version: not null } && read.CourseId == courseId && read.Id == inviteeId ? read : null;
        for (var attempt = 1; ; attempt++)
        {
            if (current is null)
            {
                var response = await _invitees.GetEntityIfExistsAsync<InviteeEntity>(courseId, inviteeId, cancellationToken: cancellationToken);
                if (!response.HasValue)
                {
                    return null;
                }

                current = response.Value!.ToInvitee();
            }

            var verdict = await _seatLanes.GetOrAdd(courseId, _ => new SeatLane()).SubmitAsync(this, new SeatRequest(course, current, decide), cancellationToken);
            switch (verdict.Kind)
            {
                case SeatVerdictKind.Written:
                    return new InviteeChangeResult(verdict.Outcome!, course);
                case SeatVerdictKind.NoWrite:
                    // Nothing to write: a refusal or the same answer again must still be about the course as it is now.
                    if (verdict.Outcome!.Kind is OutcomeKind.Invalid || await IsCurrentAsync(course, cancellationToken))
                    {
                        return new InviteeChangeResult(verdict.Outcome, course);
                    }

                    course = await GetAsync(courseId, cancellationToken) ?? course;
                    break;
                case SeatVerdictKind.CourseChanged:
                    // The guard row of the version decided on is gone: the course changed. Decide again on the course as stored.
                    course = await RefreshAfterGuardAsync(course, cancellationToken) ?? course;
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

    /// <summary>Tries before a seat change gives up; each failed try means another reply of the same course went through.</summary>
    private const int MaxSeatAttempts = 1000;

    /// <summary>People promoted from the waitlist whose promotion email has not gone yet (the outbox the flow drains).</summary>
    public Task<List<Invitee>> ListPromotionPendingAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.PromotionPending == true, cancellationToken);

    /// <summary>Clears the outbox mark after the promotion email went (merge: a reply arriving meanwhile is kept).</summary>
    public Task MarkPromotionSentAsync(string courseId, IEnumerable<string> inviteeIds, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id) { ["PromotionPending"] = false }, cancellationToken);

    /// <param name="sessionIds">The course's sessions in order (<see cref="Course.SessionIds"/>): attendance is counted per
    /// session by id; null counts no sessions (and every mark at the top level).</param>
    public async Task<CourseCounts> CountAsync(string courseId, CancellationToken cancellationToken, IReadOnlyList<string>? sessionIds = null) =>
        (await ScanInviteesAsync(courseId, sessionIds, withReplies: false, cancellationToken)).Counts;

    /// <summary>
    /// The ids of the sessions any invitee of the course holds an attendance mark for (one projected scan of the
    /// partition's attendance column): a reschedule may not take such a session off the schedule.
    /// </summary>
    public async Task<HashSet<string>> ListMarkedSessionIdsAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _invitees.QueryAsync<TableEntity>(InviteeRowsFilter(courseId), select: ["Attendance"], cancellationToken: cancellationToken))
        {
            ids.UnionWith(AttendanceMarks.Read(e.GetString("Attendance")).Select(m => m.SessionId));
        }

        return ids;
    }

    private async Task<CourseEntity?> GetEntityAsync(string courseId, CancellationToken cancellationToken)
    {
        if (!IsValidKey(courseId))
        {
            return null;
        }

        await _init.EnsureAsync(_courses, cancellationToken);
        var response = await _courses.GetEntityIfExistsAsync<CourseEntity>(courseId, CourseRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private async Task<List<Invitee>> QueryAsync(System.Linq.Expressions.Expression<Func<InviteeEntity, bool>> filter, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var list = new List<Invitee>();
        await foreach (var e in _invitees.QueryAsync(filter, select: select, cancellationToken: cancellationToken))
        {
            list.Add(e.ToInvitee());
        }

        return list;
    }

    private Task MergeAsync(string courseId, IEnumerable<string> ids, Func<string, TableEntity> patch, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            ids.Chunk(100),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = cancellationToken },
            async (chunk, ct) => await _invitees.SubmitTransactionAsync(
                chunk.Select(id => new TableTransactionAction(TableTransactionActionType.UpdateMerge, patch(id), ETag.All)),
                ct));

    /// <summary>Ids come from URLs and links: only the characters our ids use may reach a table key.</summary>
    public static bool IsValidKey(string? id) => ResourceIds.IsValid(id);

    private sealed class CourseEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;
        public string RowKey { get; set; } = CourseRowKey;
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Title { get; set; } = string.Empty;
        public string Phase { get; set; } = nameof(CoursePhase.Draft);
        public string Definition { get; set; } = "{}";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }

        /// <summary>The organiser's changes and their progress (<see cref="CourseChanges"/>, JSON; empty for none).</summary>
        public string? Changes { get; set; }

        /// <summary>Milestones of the course's later phases that are done (<see cref="CourseProgress"/>, JSON; empty for none).</summary>
        public string? Progress { get; set; }

        /// <summary>The version of the course's guard row (<see cref="Course.Guard"/>).</summary>
        public long Guard { get; set; }

        public static CourseEntity From(Course c) => new()
        {
            PartitionKey = c.Id,
            Title = c.Definition.Title,
            Phase = c.Phase.ToString(),
            Definition = JsonSerializer.Serialize(c.Definition, WorkflowJson.Options),
            CreatedAt = c.CreatedAt,
            StartedAt = c.StartedAt,
            Changes = c.Changes is null ? null : JsonSerializer.Serialize(c.Changes, WorkflowJson.Options),
            Progress = c.Progress.Done.Count == 0 ? null : JsonSerializer.Serialize(c.Progress, WorkflowJson.Options),
            Guard = c.Guard,
        };

        public Course ToCourse() => new(
            PartitionKey,
            CourseSessions.WithIds(JsonSerializer.Deserialize<CourseDefinition>(Definition, WorkflowJson.Options) ?? new CourseDefinition()),
            Enum.Parse<CoursePhase>(Phase),
            CreatedAt,
            StartedAt,
            string.IsNullOrEmpty(Changes) ? null : JsonSerializer.Deserialize<CourseChanges>(Changes, WorkflowJson.Options))
        {
            Progress = string.IsNullOrEmpty(Progress) ? CourseProgress.None : JsonSerializer.Deserialize<CourseProgress>(Progress, WorkflowJson.Options) ?? CourseProgress.None,
            Guard = Guard,
        };
    }

    private sealed partial class InviteeEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;
        public string RowKey { get; set; } = string.Empty;
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Name { get; set; } = string.Empty;
        public string Email { get; set; } = string.Empty;
        public string EmailKey { get; set; } = string.Empty;
        public string? Unit { get; set; }
        public string? Position { get; set; }
        public string Status { get; set; } = nameof(InviteeStatus.Pending);
        public DateTimeOffset? RepliedAt { get; set; }
        public bool Late { get; set; }
        public string? Reason { get; set; }
        public string EmailStatus { get; set; } = nameof(Courses.EmailStatus.NotSent);
        public DateTimeOffset? InvitedAt { get; set; }
        public DateTimeOffset? LastReminderFor { get; set; }
        public string? EmailError { get; set; }
        public long? Arrival { get; set; }
        public string? DelegatedTo { get; set; }
        public string? Audit { get; set; }
        public bool PromotionPending { get; set; }

        /// <summary>Attendance marks (JSON list of <see cref="AttendanceMark"/>; empty for none).</summary>
        public string? Attendance { get; set; }

        /// <summary>The survey answer (JSON <see cref="SurveyAnswer"/>; empty for none).</summary>
        public string? Survey { get; set; }

        /// <summary>The learning report (JSON <see cref="LearningReport"/>; empty for none).</summary>
        public string? Report { get; set; }

        public string? CertificateNumber { get; set; }

        public static InviteeEntity New(string courseId, ValidInvitee v) => new()
        {
            PartitionKey = courseId,
            RowKey = InviteeIdFor(courseId, v.EmailKey),
            Name = v.Name,
            Email = v.Email,
            EmailKey = v.EmailKey,
            Unit = v.Unit,
            Position = v.Position,
        };

        public Invitee ToInvitee() => new(
            PartitionKey, RowKey, Name, Email, Unit, Position,
            Enum.Parse<InviteeStatus>(Status), RepliedAt, Late, string.IsNullOrEmpty(Reason) ? null : Reason,
            Enum.Parse<Courses.EmailStatus>(EmailStatus), InvitedAt, LastReminderFor, ETag.ToString(),
            string.IsNullOrEmpty(EmailError) ? null : EmailError)
        {
            Arrival = Arrival is > 0 ? Arrival : null,
            DelegatedTo = string.IsNullOrEmpty(DelegatedTo) ? null : DelegatedTo,
            Audit = string.IsNullOrEmpty(Audit) ? [] : JsonSerializer.Deserialize<List<AuditEntry>>(Audit, WorkflowJson.Options) ?? [],
            PromotionPending = PromotionPending,
            ConfirmationPending = ConfirmationPending,
            CourseReminderFor = CourseReminderFor,
            Attendance = AttendanceMarks.Read(Attendance),
            Survey = string.IsNullOrEmpty(Survey) ? null : JsonSerializer.Deserialize<SurveyAnswer>(Survey, WorkflowJson.Options),
            Report = string.IsNullOrEmpty(Report) ? null : JsonSerializer.Deserialize<LearningReport>(Report, WorkflowJson.Options),
            CertificateNumber = string.IsNullOrEmpty(CertificateNumber) ? null : CertificateNumber,
        };

        /// <summary>The columns attendance changes, for a merge: the marks and the audit trail line that records each
        /// change (same row, same ETag, so the append-only trail cannot lose a reply's line written meanwhile).</summary>
        public static TableEntity AttendanceColumns(Invitee i) => new(i.CourseId, i.Id)
        {
            [nameof(Attendance)] = AttendanceMarks.Write(i.Attendance),
            [nameof(Audit)] = JsonSerializer.Serialize(i.Audit, WorkflowJson.Options),
        };

        /// <summary>The columns the follow-up changes (survey, report, certificate), for a merge (empty clears).</summary>
        public static TableEntity FollowUpColumns(Invitee i) => new(i.CourseId, i.Id)
        {
            [nameof(Survey)] = i.Survey is null ? string.Empty : JsonSerializer.Serialize(i.Survey, WorkflowJson.Options),
            [nameof(Report)] = i.Report is null ? string.Empty : JsonSerializer.Serialize(i.Report, WorkflowJson.Options),
            [nameof(CertificateNumber)] = i.CertificateNumber ?? string.Empty,
        };

        /// <summary>The columns a reply changes, for a merge (an empty reason clears it: merges skip nulls).</summary>
        public static TableEntity ReplyColumns(Invitee i) => new(i.CourseId, i.Id)
        {
            [nameof(Status)] = i.Status.ToString(),
            [nameof(RepliedAt)] = i.RepliedAt,
            [nameof(Late)] = i.Late,
            [nameof(Reason)] = i.Reason ?? string.Empty,
            [nameof(Arrival)] = i.Arrival ?? 0L,
            [nameof(DelegatedTo)] = i.DelegatedTo ?? string.Empty,
            [nameof(Audit)] = JsonSerializer.Serialize(i.Audit, WorkflowJson.Options),
            [nameof(PromotionPending)] = i.PromotionPending,
            [nameof(ConfirmationPending)] = i.ConfirmationPending,
        };
    }

    /// <summary>The seat row's columns: accepted in total, per unit (JSON), and the arrival sequence.</summary>
    private static class SeatColumns
    {
        public static SeatState Read(TableEntity e) => new(
            e.GetInt32("Accepted") ?? 0,
            JsonSerializer.Deserialize<Dictionary<string, int>>(e.GetString("ByUnit") ?? "{}") ?? [],
            e.GetInt64("Sequence") ?? 0,
            e.ETag.ToString());

        public static TableEntity Write(string courseId, SeatState seats) => new(courseId, SeatRowKey)
        {
            ["Accepted"] = seats.Accepted,
            ["ByUnit"] = JsonSerializer.Serialize(seats.ByUnit.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)),
            ["Sequence"] = seats.Sequence,
        };

        public static bool SameCounts(SeatState a, SeatState b) =>
            a.Version is not null && a.Accepted == b.Accepted && a.Sequence == b.Sequence &&
            a.ByUnit.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .SequenceEqual(b.ByUnit.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }
}
