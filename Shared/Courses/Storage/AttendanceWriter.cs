using Workflow.Courses.Attendance;

namespace Workflow.Courses.Storage;

/// <summary>Attendance on the invitee rows (SPEC §2 step 8): marks and their audit line go together in the attendance column group.</summary>
public sealed class AttendanceWriter(TableServiceClient service, TableInitializer init, InviteeStore store)
{
    private readonly TableClient _invitees = service.GetTableClient(InviteeRows.Table);
    private readonly InviteeStore _store = store;
    private readonly TableInitializer _init = init;

    /// <summary>One invitee's attendance change under optimistic concurrency (see <see cref="AttendanceRules"/>); null = no such invitee.</summary>
    public Task<Invitee?> UpdateAttendanceAsync(string courseId, string inviteeId, Func<Invitee, Invitee?> change, CancellationToken cancellationToken, Invitee? read = null) =>
        _store.UpdateInviteeAsync(courseId, inviteeId, InviteeColumns.Attendance, change, cancellationToken, read);

    /// <summary>
    /// After session <paramref name="session"/> (0-based) ended: every accepted person without a mark for it becomes absent.
    /// Batches of 100 carry each row's ETag; a batch that meets a change (a late check-in, an organiser's mark) is redone
    /// one by one from fresh reads, where the rule sees the new mark and leaves it. Idempotent; returns how many were marked.
    /// </summary>
    public async Task<int> MarkAbsentAfterSessionAsync(Course course, int session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        await _init.EnsureAsync(_invitees, cancellationToken);
        var courseId = course.Id;
        var due = new List<(Invitee Before, Invitee After)>();
        await foreach (var e in _invitees.QueryAsync<InviteeEntity>(e => e.PartitionKey == courseId && e.Status == nameof(InviteeStatus.Accepted), cancellationToken: cancellationToken))
        {
            if (AttendanceRules.MarkAbsentAfterSession(course, e.ToInvitee(), session, now) is { } absent)
            {
                due.Add((e.ToInvitee(), absent));
            }
        }

        return await TallyRows.SubmitBatchesAsync(
            _invitees,
            courseId,
            due,
            d => new TableTransactionAction(TableTransactionActionType.UpdateMerge, InviteeEntity.AttendanceColumns(d.After), new ETag(d.After.Version!)),
            d => InviteeRows.Delta(InviteeColumns.Attendance, d.Before, d.After),
            async (chunk, ct) =>
            {
                var marked = 0;
                foreach (var (i, _) in chunk)
                {
                    Invitee? changed = null;
                    await UpdateAttendanceAsync(courseId, i.Id, current => changed = AttendanceRules.MarkAbsentAfterSession(course, current, session, now), ct);
                    marked += changed is null ? 0 : 1;
                }

                return marked;
            },
            cancellationToken);
    }

    /// <summary>
    /// The ids of the sessions any invitee of the course holds an attendance mark for (one projected scan of the
    /// partition's attendance column): a reschedule may not take such a session off the schedule.
    /// </summary>
    public async Task<HashSet<string>> ListMarkedSessionIdsAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _invitees.QueryAsync<TableEntity>(InviteeRows.RowsFilter(courseId), select: [nameof(InviteeEntity.Attendance)], cancellationToken: cancellationToken))
        {
            ids.UnionWith(AttendanceMarks.Read(e.GetString(nameof(InviteeEntity.Attendance))).Select(m => m.SessionId));
        }

        return ids;
    }
}
