namespace Workflow.Courses.Storage;

/// <summary>
/// Seats (issue 8) at the price of replies (issue 11): a course with a capacity or quotas counts its accepted people in
/// one seat row, and every accept or freed seat must change that row under its ETag, so that the capacity holds on any
/// number of hosts. One write per reply would make every reply of a popular course race for that one row (20 concurrent
/// replies: most of the tries fail with 412 and start over). Instead each process keeps one lane per course: replies of
/// that course waiting while a write is under way are decided one after another on the seat state and written together
/// in the next ONE entity-group transaction (their invitee rows under their own ETags, the seat row under its ETag, the
/// course's guard check). The counting stays in storage: the lane only orders this process's replies and remembers the
/// seat row as it wrote it (with the ETag the service returned), which saves reading it again; if another host or
/// another writer changed it meanwhile the transaction fails on it (412) and the batch is decided again on a fresh read.
/// Courses without seats go through their lane too (no seat row, nothing to race for): one transaction for the replies
/// waiting together is fewer requests than one each.
/// </summary>
internal sealed class SeatLane(TableClient invitees, SeatStore store)
{
    /// <summary>Most replies written in one transaction (each at most two rows; with the seat and guard rows under 100).</summary>
    private const int MaxSeatBatch = 40;

    private readonly TableClient _invitees = invitees;
    private readonly SeatStore _store = store;
    private readonly Lock _gate = new();
    private readonly List<SeatRequest> _queue = [];
    private bool _draining;

    /// <summary>The seat row as this process last wrote or read it, with its ETag (a guess that storage checks).</summary>
    public SeatState? Known { get; set; }

    public Task<SeatVerdict> SubmitAsync(SeatRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _queue.Add(request);
            if (!_draining)
            {
                _draining = true;
                _ = Task.Run(DrainAsync, CancellationToken.None);
            }
        }

        return request.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes batches until nobody waits. The writes never take a caller's cancellation: a batch is everyone's.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            List<SeatRequest> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    return;
                }

                batch = Take();
            }

            try
            {
                await WriteBatchAsync(batch);
            }
#pragma warning disable CA1031 // The failure belongs to the waiting replies: each of them gets it (and its HTTP answer fails as it would alone).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Known = null;
                foreach (var request in batch)
                {
                    request.Done.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>The next batch, in arrival order: one person who holds a seat alone, else up to <see cref="MaxSeatBatch"/>
    /// others decided on the same version of the course, each invitee once.</summary>
    private List<SeatRequest> Take()
    {
        var first = _queue[0];
        var batch = new List<SeatRequest> { first };
        if (!first.Alone)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal) { first.Current.Id };
            foreach (var next in _queue.Skip(1))
            {
                if (batch.Count == MaxSeatBatch)
                {
                    break;
                }

                if (!next.Alone && next.Course.Guard == first.Course.Guard && ids.Add(next.Current.Id))
                {
                    batch.Add(next);
                }
            }
        }

        foreach (var taken in batch)
        {
            _queue.Remove(taken);
        }

        return batch;
    }

    /// <summary>
    /// Decides the batch's replies one after another on the seat state and writes them in one transaction; on a conflict
    /// of the seat row decides them again on a fresh read, on a conflict of one invitee sends that reply back to be read
    /// again and writes the others, on a changed course sends them all back.
    /// </summary>
    private async Task WriteBatchAsync(List<SeatRequest> batch)
    {
        var course = batch[0].Course;
        var counted = course.Definition.CountsSeats;
        for (var attempt = 1; batch.Count > 0; attempt++)
        {
            var start = counted ? Known ?? await _store.GetSeatsAsync(course.Id, CancellationToken.None) : SeatState.Empty;
            var waiting = counted && batch is [{ Alone: true }] ? await _store.ListWaitingAsync(course.Id, CancellationToken.None) : [];
            var seats = start;
            var actions = new List<TableTransactionAction> { CourseGuard.Check(course) };
            var owners = new List<SeatRequest?> { null };
            var written = new List<(SeatRequest Request, Outcome<InviteeChange> Outcome)>();
            var delta = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var request in batch)
            {
                var outcome = request.Decide(course, request.Current, seats, waiting);
                if (!outcome.IsDone || outcome.Value!.Unchanged)
                {
                    request.Done.TrySetResult(new SeatVerdict(SeatVerdictKind.NoWrite, outcome));
                    continue;
                }

                var change = outcome.Value;
                seats = change.Seats;
                actions.Add(new(TableTransactionActionType.UpdateMerge, InviteeEntity.ReplyColumns(change.Invitee), new ETag(request.Current.Version!)));
                owners.Add(request);
                Progress.CourseTally.Add(delta, InviteeRows.Delta(InviteeColumns.Reply, request.Current, change.Invitee));
                if (change.Promoted is { } promoted)
                {
                    actions.Add(new(TableTransactionActionType.UpdateMerge, InviteeEntity.ReplyColumns(promoted), new ETag(promoted.Version!)));
                    owners.Add(request);
                    // Promotion changes the waiting person's status only (InviteeRules.Promote), under his row's ETag.
                    Progress.CourseTally.Add(delta, InviteeRows.Delta(InviteeColumns.Reply, promoted with { Status = InviteeStatus.Waitlisted }, promoted));
                }

                written.Add((request, outcome));
            }

            if (written.Count == 0)
            {
                return;
            }

            var seatAction = -1;
            if (counted && !SeatColumns.SameCounts(start, seats))
            {
                seatAction = actions.Count;
                actions.Add(SeatColumns.Action(course.Id, start, seats));
                owners.Add(null);
            }

            try
            {
                // The counts' delta goes with the replies (TallyRows retries its own row's conflicts).
                var responses = await TallyRows.SubmitAsync(_invitees, course.Id, actions, delta, written[0].Request.Current.Id, CancellationToken.None);
                Known = seatAction < 0 ? start : seats with { Version = responses[seatAction].Headers.ETag?.ToString() };
                if (Known.Version is null)
                {
                    Known = null;
                }

                foreach (var (request, outcome) in written)
                {
                    request.Done.TrySetResult(new SeatVerdict(SeatVerdictKind.Written, outcome));
                }

                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < SeatStore.MaxSeatAttempts)
            {
                var failed = ex.FailedTransactionActionIndex;
                batch = [.. written.Select(w => w.Request)];
                if (failed == 0 || ex.Status == 404)
                {
                    _store.Conflict(course.Id, "course", attempt);
                    // The guard: the course changed after the copy these were decided on.
                    Finish(batch, SeatVerdictKind.CourseChanged);
                    return;
                }

                if (failed is { } index && index != seatAction && index < owners.Count && owners[index] is { } owner)
                {
                    _store.Conflict(course.Id, "invitee", attempt);
                    // One person changed meanwhile: that reply reads again; the others are written without it.
                    owner.Done.TrySetResult(new SeatVerdict(SeatVerdictKind.InviteeChanged, null));
                    batch.Remove(owner);
                    continue;
                }

                if (failed is null)
                {
                    _store.Conflict(course.Id, "unknown", attempt);
                    // The service did not say which row: everyone reads again.
                    Known = null;
                    Finish(batch, SeatVerdictKind.InviteeChanged);
                    return;
                }

                // The seat row changed (another host, a hand-over) or was created meanwhile: read it and decide again.
                _store.Conflict(course.Id, "seat", attempt);
                Known = null;
            }
        }
    }

    private static void Finish(IEnumerable<SeatRequest> requests, SeatVerdictKind kind)
    {
        foreach (var request in requests)
        {
            request.Done.TrySetResult(new SeatVerdict(kind, null));
        }
    }
}

internal enum SeatVerdictKind
{
    /// <summary>Written with the seats; <see cref="SeatVerdict.Outcome"/> is what was written.</summary>
    Written,

    /// <summary>Decided, nothing to write (a refusal or the same answer again).</summary>
    NoWrite,

    /// <summary>The invitee (or the person it would promote) changed since it was read.</summary>
    InviteeChanged,

    /// <summary>The course changed since the copy decided on (its guard row is gone).</summary>
    CourseChanged,
}

internal sealed record SeatVerdict(SeatVerdictKind Kind, Outcome<InviteeChange>? Outcome);

internal sealed class SeatRequest(Course course, Invitee current, Func<Course, Invitee, SeatState, IReadOnlyList<Invitee>, Outcome<InviteeChange>> decide)
{
    public Course Course { get; } = course;

    public Invitee Current { get; } = current;

    public Func<Course, Invitee, SeatState, IReadOnlyList<Invitee>, Outcome<InviteeChange>> Decide { get; } = decide;

    public TaskCompletionSource<SeatVerdict> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A person holding a seat may free it and promote someone waiting: decided alone, on a fresh waitlist.</summary>
    public bool Alone => Course.Definition.CountsSeats && Current.Status == InviteeStatus.Accepted;
}

