using Workflow.Complaints.Calendar;

namespace Workflow.Complaints.Alerts;

/// <summary>
/// The alert log: one row per alert and day, PK = day <c>yyyyMMdd</c> (Vietnam), RK = <c>{caseId}|{stage}|{threshold}</c>
/// or <c>digest</c>. A run claims an alert by inserting its row (insert-if-absent) <em>before</em> sending, so two runs
/// at once, or a re-run, send it once. A claim whose send never finished (the process died) can be taken over after
/// <see cref="Lease"/>; a failed send releases its claim.
/// </summary>
public sealed class AlertLog(TableServiceClient service, TableInitializer init, ComplaintTables tables, TimeProvider time)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private const string Claimed = "claimed";
    private const string Sent = "sent";

    private readonly TableClient _table = service.GetTableClient(tables.AlertLog);
    private readonly TableInitializer _init = init;
    private readonly TimeProvider _time = time;

    /// <summary>
    /// The day's claims that were never marked sent (a run died between its claim and its mark, or is sending now):
    /// one query of the day's partition filtered on the state, so a same-day re-run, whose claims were all sent, reads
    /// no row of the log (before, every claim of a re-run failed with 409 and read its row: 1.62× the near cases).
    /// </summary>
    public async Task<AlertDay> OpenDayAsync(string day, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        var unsent = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {day} and State eq {Claimed}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            unsent[row.RowKey] = row;
        }

        return new AlertDay(day, unsent);
    }

    /// <summary>
    /// Claims an alert for sending; false when it was sent, or is being sent, by another run. An existing claim is taken
    /// over only when <paramref name="day"/> saw it unsent and its lease has run out (under the ETag it was seen with, so
    /// a run that marked it sent meanwhile wins); any other existing row is skipped without reading it.
    /// </summary>
    public async Task<ETag?> TryClaimAsync(AlertDay day, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        var now = _time.GetUtcNow();
        try
        {
            var added = await _table.AddEntityAsync(new TableEntity(day.Day, key) { ["State"] = Claimed, ["ClaimedAt"] = now }, cancellationToken);
            return added.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            if (!day.Unsent.TryGetValue(key, out var row) || now - (row.GetDateTimeOffset("ClaimedAt") ?? now) < Lease)
            {
                return null;
            }

            var taken = new TableEntity(day.Day, key) { ["State"] = Claimed, ["ClaimedAt"] = now };
            try
            {
                var replaced = await _table.UpdateEntityAsync(taken, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return replaced.Headers.ETag;
            }
            catch (RequestFailedException lost) when (lost.Status is 412 or 404)
            {
                return null;
            }
        }
    }

    public async Task MarkSentAsync(string day, string key, ETag claim, CancellationToken cancellationToken)
    {
        var row = new TableEntity(day, key) { ["State"] = Sent, ["SentAt"] = _time.GetUtcNow() };
        await _table.UpdateEntityAsync(row, claim, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Gives a claim back after a failed send, so the next run sends it.</summary>
    public async Task ReleaseAsync(string day, string key, ETag claim, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(day, key, claim, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Someone else holds it now.
        }
    }
}

/// <summary>One day of the alert log as a run opened it: the day's partition key and the claims it found unsent.</summary>
public sealed record AlertDay(string Day, IReadOnlyDictionary<string, TableEntity> Unsent);
