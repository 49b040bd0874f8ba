namespace Workflow.Documents.Numbers;

/// <summary>What taking the next number writes besides the counter: the owner's row (with the number in its
/// <c>Number</c> column) and any rows that go with it, in the same partition.</summary>
public sealed record NumberRows(string Number, TableEntity Owner, IReadOnlyList<TableEntity> More);

/// <summary>
/// A per-year sequence in storage, shared by every numbered document (certificates, letters): in one partition of a
/// table, a counter row holds the last sequence taken, and each owner (a person's certificate, a course's letter) has a
/// row naming its number. The next number is taken by ONE entity-group transaction: the counter moved on under its ETag
/// (or created), the owner's row added, and the rows that go with it added. When another host took one meanwhile (412 on
/// the counter) or the owner already has a number (409 on its row) nothing is written and it is decided again from fresh
/// reads: numbers are never reused or skipped, and an owner never gets two, however many hosts run at once.
/// </summary>
public static class YearCounter
{
    private const int MaxAttempts = 200;

    /// <summary>
    /// The owner's number: the one it has, or the next of the counter (<paramref name="issue"/> gives the rows for a
    /// sequence). <c>Taken</c> is true when this call took it.
    /// </summary>
    public static async Task<(string Number, bool Taken)> TakeAsync(
        TableClient table, string partition, string counterKey, string ownerKey, Func<long, NumberRows> issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(issue);
        for (var attempt = 1; ; attempt++)
        {
            var owner = await table.GetEntityIfExistsAsync<TableEntity>(partition, ownerKey, cancellationToken: cancellationToken);
            if (owner.HasValue)
            {
                return (owner.Value!.GetString("Number"), false);
            }

            var counter = await table.GetEntityIfExistsAsync<TableEntity>(partition, counterKey, cancellationToken: cancellationToken);
            var next = (counter.HasValue ? counter.Value!.GetInt64("Last") ?? 0 : 0) + 1;
            var rows = issue(next);
            var counterRow = new TableEntity(partition, counterKey) { ["Last"] = next };
            var actions = new List<TableTransactionAction>
            {
                counter.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, counterRow, counter.Value!.ETag)
                    : new(TableTransactionActionType.Add, counterRow),
                new(TableTransactionActionType.Add, rows.Owner),
            };
            actions.AddRange(rows.More.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return (rows.Number, true);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another one went first (the counter moved, or this owner got a number): decide again.
                await Task.Delay(Random.Shared.Next(1, Math.Min(5 + attempt, 40)), cancellationToken);
            }
        }
    }
}
