namespace Workflow.Storage;

/// <summary>
/// Entity-group transactions of many rows: the service takes at most <see cref="MaxActions"/> actions of ONE partition per
/// transaction (under 4 MiB), so a write of more rows goes as several transactions, each all-or-nothing on its own.
/// The one place that cuts rows into transactions; callers give the rows, the action of a row and, when a transaction
/// may fail on a row changed meanwhile, what to do with that transaction's rows instead (one by one, from fresh reads).
/// </summary>
public static class TableBatch
{
    /// <summary>Most actions in one entity-group transaction.</summary>
    public const int MaxActions = 100;

    /// <summary>
    /// Writes <paramref name="actions"/> (one partition) in transactions of up to <see cref="MaxActions"/>, one after
    /// another, or up to <paramref name="parallel"/> at once (the storage account takes them in parallel).
    /// </summary>
    public static Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken, int parallel = 1) =>
        SubmitAsync(table, actions, a => a, onFailed: null, cancellationToken, parallel);

    /// <summary>
    /// Writes one action per item (<paramref name="action"/>, one partition) in transactions of up to
    /// <see cref="MaxActions"/>, one after another or up to <paramref name="parallel"/> at once. A transaction that fails
    /// (<see cref="TableTransactionFailedException"/>: nothing of it was written) hands its items to
    /// <paramref name="onFailed"/>, which writes them another way and says how many it wrote; without it the failure is
    /// thrown. Returns how many items were written: the items of each transaction that went through, plus what
    /// <paramref name="onFailed"/> reported.
    /// </summary>
    public static async Task<int> SubmitAsync<T>(
        TableClient table,
        IEnumerable<T> items,
        Func<T, TableTransactionAction> action,
        Func<T[], CancellationToken, Task<int>>? onFailed,
        CancellationToken cancellationToken,
        int parallel = 1)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(action);
        var written = 0;
        async ValueTask WriteAsync(T[] chunk, CancellationToken ct)
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(action), ct);
                Interlocked.Add(ref written, chunk.Length);
            }
            catch (TableTransactionFailedException) when (onFailed is not null)
            {
                Interlocked.Add(ref written, await onFailed(chunk, ct));
            }
        }

        if (parallel <= 1)
        {
            foreach (var chunk in items.Chunk(MaxActions))
            {
                await WriteAsync(chunk, cancellationToken);
            }
        }
        else
        {
            await Parallel.ForEachAsync(
                items.Chunk(MaxActions),
                new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
                WriteAsync);
        }

        return written;
    }
}
