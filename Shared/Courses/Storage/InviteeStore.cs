using Workflow.Courses.FollowUp;
using Workflow.Courses.Progress;

namespace Workflow.Courses.Storage;

/// <summary>
/// The invitee rows of the Invitees table (<see cref="InviteeRows"/>: PK = course id, RK = invitee id): adding and reading
/// them, their reply columns under the row's ETag, and the flow's marks on them (invitation, reminders, the outboxes of
/// promotions and confirmations, the course reminder, the follow-up, the organiser's change notices). Seats and the
/// waitlist are <see cref="SeatStore"/>'s, attendance <see cref="AttendanceWriter"/>'s; the columns are named in
/// <see cref="InviteeEntity"/> only.
/// </summary>
public sealed class InviteeStore(TableServiceClient service, TableInitializer init)
{
    private readonly TableClient _invitees = service.GetTableClient(InviteeRows.Table);
    private readonly TableInitializer _init = init;
    private readonly EmailStatusMarks _emailMarks = new(service.GetTableClient(InviteeRows.Table), init);

    /// <summary>Adds validated invitees in batches of 100 (<see cref="InviteeInserts"/>); people the course has already are reported as duplicates.</summary>
    /// <param name="addedBy">The first line of each new person's audit trail (who added him, when); null for none.</param>
    public async Task<(int Added, List<DuplicateRow> Duplicates)> AddInviteesAsync(
        string courseId, IReadOnlyList<ValidInvitee> invitees, CancellationToken cancellationToken, AuditEntry? addedBy = null)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        return await InviteeInserts.AddAsync(_invitees, courseId, invitees, addedBy, cancellationToken);
    }

    public async Task<HashSet<string>> GetEmailKeysAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _invitees.QueryAsync<TableEntity>(InviteeRows.RowsFilter(courseId), select: [nameof(InviteeEntity.EmailKey)], cancellationToken: cancellationToken))
        {
            keys.Add(e.GetString(nameof(InviteeEntity.EmailKey)));
        }

        return keys;
    }

    public async Task<List<Invitee>> ListInviteesAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var list = new List<Invitee>();
        await foreach (var e in _invitees.QueryAsync<InviteeEntity>(InviteeRows.RowsFilter(courseId), cancellationToken: cancellationToken))
        {
            list.Add(e.ToInvitee());
        }

        return list;
    }

    /// <summary>Invitees not yet sent their invitation.</summary>
    public Task<List<Invitee>> ListUninvitedAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.EmailStatus == nameof(EmailStatus.NotSent), cancellationToken, InviteeRows.MessageColumns);

    /// <summary>Invited people who have not answered.</summary>
    public Task<List<Invitee>> ListPendingAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.Status == nameof(InviteeStatus.Pending) && e.EmailStatus == nameof(EmailStatus.Sent), cancellationToken, InviteeRows.MessageColumns);

    /// <summary>The accepted people of a course (who get the course reminder).</summary>
    public Task<List<Invitee>> ListAcceptedAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.Status == nameof(InviteeStatus.Accepted), cancellationToken);

    public async Task<Invitee?> GetInviteeAsync(string courseId, string inviteeId, CancellationToken cancellationToken)
    {
        if (!ResourceIds.IsValid(courseId) || !ResourceIds.IsValid(inviteeId))
        {
            return null;
        }

        await _init.EnsureAsync(_invitees, cancellationToken);
        return await InviteeRows.GetAsync(_invitees, courseId, inviteeId, cancellationToken);
    }

    /// <summary>Marks invitees as invited (merge: touches only the email columns, so a reply arriving meanwhile is kept).</summary>
    public Task MarkInvitedAsync(string courseId, IEnumerable<string> inviteeIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        _emailMarks.MarkAsync(courseId, inviteeIds, EmailStatus.Sent, id => new TableEntity(courseId, id)
        {
            [nameof(InviteeEntity.EmailStatus)] = nameof(EmailStatus.Sent),
            [nameof(InviteeEntity.InvitedAt)] = at,
        }, cancellationToken);

    /// <summary>Writes which scheduled batch these invitees are about to be handed over in (the fact before the send).</summary>
    public Task MarkHandedOverAsync(string courseId, IEnumerable<string> inviteeIds, string handover, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id) { [nameof(InviteeEntity.Handover)] = handover }, cancellationToken);

    /// <summary>
    /// Marks invitees whose invitation failed for good (refused, or unconfirmed): emailStatus <c>Failed</c> with the
    /// reason. <see cref="ListUninvitedAsync"/> no longer returns them, so the flow does not try them again.
    /// </summary>
    public Task MarkInvitationFailedAsync(string courseId, IReadOnlyDictionary<string, EmailFailure> reasons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return _emailMarks.MarkAsync(courseId, reasons.Keys, EmailStatus.Failed, id => new TableEntity(courseId, id)
        {
            [nameof(InviteeEntity.EmailStatus)] = nameof(EmailStatus.Failed),
            [nameof(InviteeEntity.EmailError)] = InviteeRows.Bound(reasons[id].Stored),
        }, cancellationToken);
    }

    /// <summary>A reminder that failed for good: marked as done for that time (never resent) with the reason; the invitation stays sent.</summary>
    public Task MarkReminderFailedAsync(string courseId, IReadOnlyDictionary<string, EmailFailure> reasons, DateTimeOffset reminderFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return MergeAsync(courseId, reasons.Keys, id => new TableEntity(courseId, id)
        {
            [nameof(InviteeEntity.LastReminderFor)] = reminderFor,
            [nameof(InviteeEntity.EmailError)] = InviteeRows.Bound(reasons[id].Stored),
        }, cancellationToken);
    }

    public Task MarkRemindedAsync(string courseId, IEnumerable<string> inviteeIds, DateTimeOffset reminderFor, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id) { [nameof(InviteeEntity.LastReminderFor)] = reminderFor }, cancellationToken);

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
                           select: ["PartitionKey", "RowKey", nameof(InviteeEntity.Status)],
                           cancellationToken: cancellationToken))
        {
            pending.Add(e);
        }

        // Under each row's ETag, so the row is Pending (and sent) when written: the delta is exactly Pending → NoResponse.
        var delta = CourseTally.Delta(
            new TallyFacts(InviteeStatus.Pending, EmailStatus.Sent, [], false, false, null), new TallyFacts(InviteeStatus.NoResponse, EmailStatus.Sent, [], false, false, null));
        return await TallyRows.SubmitBatchesAsync(
            _invitees,
            courseId,
            pending,
            e => new TableTransactionAction(
                TableTransactionActionType.UpdateMerge,
                new TableEntity(courseId, e.RowKey) { [nameof(InviteeEntity.Status)] = nameof(InviteeStatus.NoResponse) },
                e.ETag),
            _ => delta,
            async (chunk, ct) =>
            {
                var marked = 0;
                foreach (var e in chunk)
                {
                    var changed = await UpdateInviteeAsync(courseId, e.RowKey, i => i.Status == InviteeStatus.Pending ? i with { Status = InviteeStatus.NoResponse } : null, ct);
                    marked += changed?.Status == InviteeStatus.NoResponse ? 1 : 0;
                }

                return marked;
            },
            cancellationToken);
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
        if (!ResourceIds.IsValid(courseId) || !ResourceIds.IsValid(inviteeId))
        {
            return null;
        }

        ArgumentNullException.ThrowIfNull(change);
        await _init.EnsureAsync(_invitees, cancellationToken);
        var current = read is { Version: not null } && read.CourseId == courseId && read.Id == inviteeId ? read : null;
        for (var attempt = 0; ; attempt++)
        {
            current ??= await InviteeRows.GetAsync(_invitees, courseId, inviteeId, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var changed = change(current);
            if (changed is null)
            {
                return current;
            }

            try
            {
                var write = new TableTransactionAction(TableTransactionActionType.UpdateMerge, InviteeEntity.Columns(columns, changed), new ETag(current.Version!));
                var result = await TallyRows.SubmitAsync(_invitees, courseId, [write], InviteeRows.Delta(columns, current, changed), inviteeId, cancellationToken);
                return changed with { Version = result[0].Headers.ETag?.ToString() };
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 20)
            {
                // Changed by someone else since the read: decide again on fresh data.
                current = null;
            }
        }
    }

    /// <summary>People promoted from the waitlist whose promotion email has not gone yet (the outbox the flow drains).</summary>
    public Task<List<Invitee>> ListPromotionPendingAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.PromotionPending == true, cancellationToken);

    /// <summary>Clears the outbox mark after the promotion email went (merge: a reply arriving meanwhile is kept).</summary>
    public Task MarkPromotionSentAsync(string courseId, IEnumerable<string> inviteeIds, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id) { [nameof(InviteeEntity.PromotionPending)] = false }, cancellationToken);

    /// <summary>People whose accept confirmation has not gone yet (the outbox the flow drains, like promotions).</summary>
    public Task<List<Invitee>> ListConfirmationPendingAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.ConfirmationPending == true, cancellationToken);

    /// <summary>
    /// Clears the confirmation mark of acceptance <paramref name="arrival"/> (under the row's ETag): if the person declined
    /// and accepted again since the read, the newer acceptance keeps its mark, so its own confirmation still goes.
    /// <paramref name="read"/>, the row as listed (with its ETag), saves reading it again; a row changed since is read anew.
    /// </summary>
    public Task<Invitee?> MarkConfirmationSentAsync(string courseId, string inviteeId, long? arrival, CancellationToken cancellationToken, Invitee? read = null) =>
        UpdateInviteeAsync(
            courseId,
            inviteeId,
            i => i.ConfirmationPending && (i.Arrival == arrival || i.Status != InviteeStatus.Accepted) ? i with { ConfirmationPending = false } : null,
            cancellationToken,
            read);

    /// <summary>Records that the course reminder for <paramref name="reminderFor"/> went to these people (or failed for good, with the reason).</summary>
    public Task MarkCourseRemindedAsync(string courseId, IEnumerable<string> inviteeIds, DateTimeOffset reminderFor, EmailFailure? error, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id =>
        {
            var row = new TableEntity(courseId, id) { [nameof(InviteeEntity.CourseReminderFor)] = reminderFor };
            if (error is not null)
            {
                row[nameof(InviteeEntity.EmailError)] = InviteeRows.Bound(error.Stored);
            }

            return row;
        }, cancellationToken);

    /// <summary>Every invitee of the course with the follow-up marks.</summary>
    public async Task<List<FollowUpInvitee>> ListFollowUpAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var list = new List<FollowUpInvitee>();
        await foreach (var e in _invitees.QueryAsync<InviteeEntity>(InviteeRows.RowsFilter(courseId), cancellationToken: cancellationToken))
        {
            list.Add(new FollowUpInvitee(e.ToInvitee(), e.FollowUpMarks()));
        }

        return list;
    }

    /// <summary>Marks that the <paramref name="kind"/> link went to these invitees (merge: only that column).</summary>
    public Task MarkFollowUpAskedAsync(string courseId, IEnumerable<string> inviteeIds, FollowUpKind kind, DateTimeOffset at, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id)
        {
            [kind == FollowUpKind.Survey ? nameof(InviteeEntity.SurveyAskedAt) : nameof(InviteeEntity.ReportAskedAt)] = at,
        }, cancellationToken);

    /// <summary>Marks that the <paramref name="kind"/> reminder of <paramref name="reminderFor"/> went to (or failed for good for) these invitees.</summary>
    public Task MarkFollowUpRemindedAsync(string courseId, IEnumerable<string> inviteeIds, FollowUpKind kind, DateTimeOffset reminderFor, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id)
        {
            [kind == FollowUpKind.Survey ? nameof(InviteeEntity.SurveyRemindedFor) : nameof(InviteeEntity.ReportRemindedFor)] = reminderFor,
        }, cancellationToken);

    /// <summary>One organiser's change mark of every invitee of the course (absent values are null).</summary>
    public async Task<Dictionary<string, object?>> ReadChangeMarksAsync(string courseId, ChangeMark mark, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var column = InviteeRows.Column(mark);
        var marks = new Dictionary<string, object?>(StringComparer.Ordinal);
        await foreach (var e in _invitees.QueryAsync<TableEntity>(InviteeRows.RowsFilter(courseId), select: ["RowKey", column], cancellationToken: cancellationToken))
        {
            marks[e.RowKey] = e.TryGetValue(column, out var value) ? value : null;
        }

        return marks;
    }

    /// <summary>Sets an organiser's change mark on invitees (merge: replies are untouched).</summary>
    public Task MarkChangeAsync(string courseId, IEnumerable<string> inviteeIds, ChangeMark mark, object value, CancellationToken cancellationToken) =>
        TableBatch.SubmitAsync(
            _invitees,
            inviteeIds.Select(id => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(courseId, id) { [InviteeRows.Column(mark)] = value }, ETag.All)),
            cancellationToken);

    /// <summary>Deletes a nominee who has not been sent an invitation yet; false when he was invited meanwhile (he stays).</summary>
    public async Task<bool> TryDeleteUninvitedAsync(string courseId, string inviteeId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var response = await _invitees.GetEntityIfExistsAsync<TableEntity>(courseId, inviteeId, select: InviteeRows.ProgressColumns, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return true;
        }

        if (response.Value!.GetString(nameof(InviteeEntity.EmailStatus)) != nameof(EmailStatus.NotSent))
        {
            return false;
        }

        try
        {
            var delete = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(courseId, inviteeId), response.Value.ETag);
            await TallyRows.SubmitAsync(_invitees, courseId, [delete], CourseTally.Delta(InviteeRows.Facts(response.Value), null), inviteeId, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return ex.Status == 404;
        }
    }

    /// <param name="sessionIds">The course's sessions in order (<see cref="Course.SessionIds"/>): attendance is counted per
    /// session by id; null counts no sessions (and every mark at the top level).</param>
    /// <param name="tallied">The course keeps tally rows (<see cref="Course.Tallied"/>): read them instead of scanning.</param>
    public async Task<CourseCounts> CountAsync(string courseId, CancellationToken cancellationToken, IReadOnlyList<string>? sessionIds = null, bool tallied = false)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        if (tallied)
        {
            return CourseTally.ToScan((await TallyRows.ReadAllAsync(_invitees, courseId, cancellationToken)).Bag, sessionIds).Counts;
        }

        return (await InviteeScanner.ScanAsync(_invitees, courseId, sessionIds, withReplies: false, cancellationToken)).Counts;
    }

    /// <summary>
    /// The course's counts and every reply's current status and time, from ONE projected scan of its invitee partition
    /// (the same scan <see cref="CountAsync"/> makes, plus the reply time column).
    /// </summary>
    /// <param name="sessionIds">The course's sessions in order (<see cref="Course.SessionIds"/>): attendance is counted per session by id.</param>
    /// <param name="tallied">The course keeps tally rows (<see cref="Course.Tallied"/>): the answer is their sum (at most
    /// <see cref="TallyRows.Shards"/> rows read, whatever the number of invitees; reply times to the minute); else one scan.</param>
    public async Task<InviteeScan> ReadProgressAsync(string courseId, IReadOnlyList<string> sessionIds, CancellationToken cancellationToken, bool tallied = false)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        return tallied
            ? CourseTally.ToScan((await TallyRows.ReadAllAsync(_invitees, courseId, cancellationToken)).Bag, sessionIds)
            : await InviteeScanner.ScanAsync(_invitees, courseId, sessionIds, withReplies: true, cancellationToken);
    }

    private async Task<List<Invitee>> QueryAsync(System.Linq.Expressions.Expression<Func<InviteeEntity, bool>> filter, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        return await InviteeRows.QueryAsync(_invitees, filter, cancellationToken, select);
    }

    private Task MergeAsync(string courseId, IEnumerable<string> ids, Func<string, TableEntity> patch, CancellationToken cancellationToken) =>
        TableBatch.SubmitAsync(
            _invitees,
            ids.Select(id => new TableTransactionAction(TableTransactionActionType.UpdateMerge, patch(id), ETag.All)),
            cancellationToken,
            InviteeRows.ParallelBatches);
}
