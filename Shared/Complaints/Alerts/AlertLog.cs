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

    /// <summary>Claims an alert for sending; false when it was sent, or is being sent, by another run.</summary>
    public async Task<ETag?> TryClaimAsync(string day, string key, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        var now = _time.GetUtcNow();
        try
        {
            var added = await _table.AddEntityAsync(new TableEntity(day, key) { ["State"] = Claimed, ["ClaimedAt"] = now }, cancellationToken);
            return added.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(day, key, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                return await TryClaimAsync(day, key, cancellationToken); // released meanwhile
            }

            var row = existing.Value!;
            if (row.GetString("State") == Sent || now - (row.GetDateTimeOffset("ClaimedAt") ?? now) < Lease)
            {
                return null;
            }

            row["ClaimedAt"] = now;
            try
            {
                var taken = await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return taken.Headers.ETag;
            }
            catch (RequestFailedException taken) when (taken.Status is 412 or 404)
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
