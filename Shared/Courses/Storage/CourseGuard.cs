namespace Workflow.Courses.Storage;

/// <summary>
/// The course guard (issue 11): reply pages decide on <see cref="CourseCache"/>, a copy of the course up to 5 s old per
/// instance, which storage cannot re-check when the answer is written (the course row is in another table). So every
/// change of the course's phase or definition (whatever <see cref="CourseStore"/> writes that raises
/// <see cref="Course.Guard"/>) replaces the guard row <c>~guard-{version}</c> in the course's invitee partition by the one of
/// the new version. Every reply's entity-group transaction carries a merge of the guard row of the version it decided on,
/// with <c>If-Match: *</c> (<see cref="Check"/>): replies never conflict with each other on it (no ETag to race for), but
/// once the course has moved on that row is gone, the merge fails with 404, nothing of the transaction is written, and
/// the reply is decided again on the course as stored. Refusals and unchanged answers, which write nothing, check that
/// the row still exists (<see cref="CourseStore.IsCurrentAsync"/>). Guard rows have keys only, no columns.
/// </summary>
internal sealed class CourseGuard(TableServiceClient service, TableInitializer init)
{
    private readonly TableClient _invitees = service.GetTableClient(InviteeRows.Table);
    private readonly TableInitializer _init = init;

    /// <summary>The merge a reply's transaction carries: it fails (404) when the course changed after <paramref name="course"/> was read.</summary>
    public static TableTransactionAction Check(Course course) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(course.Id, InviteeRows.GuardRowKey(course.Guard)), ETag.All);

    /// <summary>Whether the guard row of the version <paramref name="course"/> was read at exists.</summary>
    public async Task<bool> ExistsAsync(Course course, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var row = await _invitees.GetEntityIfExistsAsync<TableEntity>(course.Id, InviteeRows.GuardRowKey(course.Guard), select: ["RowKey"], cancellationToken: cancellationToken);
        return row.HasValue;
    }

    /// <summary>
    /// Makes the guard row of <paramref name="version"/> the course's only one (older rows deleted), unless a newer version's
    /// row is already there (a later change wrote it first): guards never move back. Idempotent; concurrent calls converge.
    /// </summary>
    public async Task SyncAsync(string courseId, long version, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var rows = new List<TableEntity>();
            await foreach (var e in _invitees.QueryAsync<TableEntity>(InviteeRows.GuardRowsFilter(courseId), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                rows.Add(e);
            }

            var newest = rows.Select(r => long.Parse(r.RowKey.AsSpan(InviteeRows.GuardPrefix.Length), CultureInfo.InvariantCulture)).Append(version).Max();
            var actions = rows
                .Where(r => r.RowKey != InviteeRows.GuardRowKey(newest))
                .Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag))
                .ToList();
            if (!rows.Any(r => r.RowKey == InviteeRows.GuardRowKey(newest)))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(courseId, InviteeRows.GuardRowKey(newest))));
            }

            if (actions.Count == 0)
            {
                return;
            }

            try
            {
                await _invitees.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < 10)
            {
                // Another change synced meanwhile: read again.
            }
        }
    }
}
