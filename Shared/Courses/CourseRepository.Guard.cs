using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Workflow.Courses;

/// <summary>
/// The course guard (issue 11): reply pages decide on <see cref="CourseCache"/>, a copy of the course up to 5 s old per
/// instance, which storage cannot re-check when the answer is written (the course row is in another table). So every
/// change of the course's phase or definition (start, RSVP close, course start, cancel, reschedule or edit, follow-up,
/// completion: whatever <see cref="UpdateCourseAsync"/>, <see cref="TryStartAsync"/>, <see cref="RevertStartAsync"/> and
/// <see cref="TryMovePhaseAsync"/> write) raises <see cref="Course.Guard"/> on the course row and then replaces the guard
/// row <c>~guard-{version}</c> in the course's invitee partition by the one of the new version. Every reply's
/// entity-group transaction carries a merge of the guard row of the version it decided on, with <c>If-Match: *</c>:
/// replies never conflict with each other on it (no ETag to race for), but once the course has moved on that row is gone,
/// the merge fails with 404, nothing of the transaction is written, and the reply is decided again on the course as
/// stored. Refusals and unchanged answers, which write nothing, check that the row still exists.
/// </summary>
public sealed partial class CourseRepository
{
    private const string GuardPrefix = "~guard-";

    /// <summary>Row keys from here on are not invitees (invitee ids are lowercase hex; the seat and guard rows start with '~').</summary>
    internal const string NotInviteeFrom = "~";

    public static string GuardRowKey(long version) => GuardPrefix + version.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Filter: the invitee rows of a course (not its seat and guard rows).</summary>
    internal static string InviteeRowsFilter(string courseId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and RowKey lt {NotInviteeFrom}");

    /// <summary>The merge a reply's transaction carries: it fails (404) when the course changed after <paramref name="course"/> was read.</summary>
    private static TableTransactionAction GuardCheck(Course course) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(course.Id, GuardRowKey(course.Guard)), ETag.All);

    /// <summary>Whether <paramref name="course"/> is still the course as stored (its guard row exists), for decisions that write nothing.</summary>
    public async Task<bool> IsCurrentAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        await _init.EnsureAsync(_invitees, cancellationToken);
        var row = await _invitees.GetEntityIfExistsAsync<TableEntity>(course.Id, GuardRowKey(course.Guard), select: ["RowKey"], cancellationToken: cancellationToken);
        if (row.HasValue)
        {
            return true;
        }

        var stored = await GetAsync(course.Id, cancellationToken);
        if (stored is null || stored.Guard != course.Guard)
        {
            return false;
        }

        // The course row is at this version but its guard row is missing (a course started before guards, or a
        // process that died between the two writes): put it in place; the copy is current.
        await SyncGuardAsync(course.Id, stored.Guard, cancellationToken);
        return true;
    }

    /// <summary>
    /// After a refused write: the course as stored, its guard row in place. Null when the course is gone.
    /// </summary>
    private async Task<Course?> RefreshAfterGuardAsync(Course tried, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(tried.Id, cancellationToken);
        if (stored is not null && stored.Guard == tried.Guard)
        {
            // Same version, no row: started before guards existed, or the writer of the version died before its guard row.
            await SyncGuardAsync(stored.Id, stored.Guard, cancellationToken);
        }

        return stored;
    }

    /// <summary>
    /// Makes the guard row of <paramref name="version"/> the course's only one (older rows deleted), unless a newer version's
    /// row is already there (a later change wrote it first): guards never move back. Idempotent; concurrent calls converge.
    /// </summary>
    internal async Task SyncGuardAsync(string courseId, long version, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var rows = new List<TableEntity>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and RowKey ge {GuardPrefix} and RowKey lt {GuardPrefix + "~"}");
            await foreach (var e in _invitees.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                rows.Add(e);
            }

            var newest = rows.Select(r => long.Parse(r.RowKey.AsSpan(GuardPrefix.Length), CultureInfo.InvariantCulture)).Append(version).Max();
            var actions = rows
                .Where(r => r.RowKey != GuardRowKey(newest))
                .Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag))
                .ToList();
            if (!rows.Any(r => r.RowKey == GuardRowKey(newest)))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(courseId, GuardRowKey(newest))));
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
