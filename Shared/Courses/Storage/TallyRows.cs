using Workflow.Courses.Progress;

namespace Workflow.Courses.Storage;

/// <summary>
/// The tally rows of a course's invitee partition (RK <c>~tally-0</c> … <c>~tally-7</c>: after every invitee id, so
/// <see cref="InviteeRows.RowsFilter"/> never returns them): the <see cref="CourseTally"/> bag, summed over the shards,
/// is the course's counts. Every write of an invitee row carries its delta to ONE shard in the SAME entity-group
/// transaction, the shard row written under its ETag (inserted when missing); when the shard row was changed meanwhile
/// (412) or inserted meanwhile (409), the shard is read again and the transaction retried on the next shard, so no delta
/// is lost or counted twice. Any shard may hold any delta (the poll sums them all): the shard is picked by a stable hash
/// of the first invitee id of the transaction, so concurrent replies rarely meet on one row.
/// </summary>
internal static class TallyRows
{
    public const string Prefix = "~tally-";
    public const int Shards = 8;

    /// <summary>Rows in one transaction besides the tally row (<see cref="TableBatch.MaxActions"/> − 1).</summary>
    public const int MaxRows = TableBatch.MaxActions - 1;

    private const int MaxAttempts = 64;

    /// <summary>Bytes per binary column (the service's limit is 64 KiB); the bag spreads over <c>C0</c>…<c>C13</c> (under the 1 MiB entity limit).</summary>
    private const int ChunkBytes = 64_000;
    private const int MaxChunks = 14;

    public static string RowKey(int shard) => Prefix + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stable shard of an invitee id (FNV-1a: the same on every host and every run).</summary>
    public static int ShardOf(string inviteeId)
    {
        ArgumentNullException.ThrowIfNull(inviteeId);
        var hash = 2166136261u;
        foreach (var c in inviteeId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }

    /// <summary>Filter: the tally rows of a course, and nothing else.</summary>
    public static string Filter(string courseId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {courseId} and RowKey ge {Prefix} and RowKey lt {Prefix + "~"}");

    /// <summary>The sum of a course's tally rows (one query that returns at most <see cref="Shards"/> rows) and how many rows it read.</summary>
    public static async Task<(Dictionary<string, long> Bag, int Rows)> ReadAllAsync(TableClient table, string courseId, CancellationToken cancellationToken)
    {
        var bag = new Dictionary<string, long>(StringComparer.Ordinal);
        var rows = 0;
        await foreach (var e in table.QueryAsync<TableEntity>(Filter(courseId), cancellationToken: cancellationToken))
        {
            rows++;
            CourseTally.Add(bag, Decode(e));
        }

        return (bag, rows);
    }

    /// <summary>
    /// Writes <paramref name="actions"/> (rows of the course's partition, at most <see cref="MaxRows"/>) with
    /// <paramref name="delta"/> added to a tally row, all in one transaction. A conflict on the tally row is retried here;
    /// a failure of one of the caller's actions is thrown as before (nothing of the transaction was written).
    /// Returns the responses of the caller's actions.
    /// </summary>
    public static async Task<IReadOnlyList<Response>> SubmitAsync(
        TableClient table, string courseId, IReadOnlyList<TableTransactionAction> actions, IReadOnlyDictionary<string, long> delta, string shardHint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Count == 0)
        {
            return (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
        }

        var shard = ShardOf(shardHint);
        for (var attempt = 1; ; attempt++)
        {
            var read = await table.GetEntityIfExistsAsync<TableEntity>(courseId, RowKey(shard), cancellationToken: cancellationToken);
            var bag = read.HasValue ? Decode(read.Value!) : new Dictionary<string, long>(StringComparer.Ordinal);
            CourseTally.Add(bag, delta);
            if (Encode(courseId, shard, bag) is not { } row)
            {
                // This shard is full (only a reply histogram of tens of thousands of minutes gets there): try the next.
                shard = (shard + 1) % Shards;
                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException($"Every tally row of course {courseId} is full.");
                }

                continue;
            }

            var tally = read.HasValue
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, read.Value!.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, row);
            try
            {
                var responses = (await table.SubmitTransactionAsync([.. actions, tally], cancellationToken)).Value;
                return [.. responses.Take(actions.Count)];
            }
            catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == actions.Count && ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another write moved this shard meanwhile: read it again, on the next shard (spreads a crowd).
                shard = (shard + 1) % Shards;
                await Task.Delay(Random.Shared.Next(0, Math.Min(2 + attempt, 25)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Writes one action per item in transactions of up to <see cref="MaxRows"/> rows plus a tally row (as
    /// <see cref="TableBatch.SubmitAsync{T}"/>, whose contract this keeps): <paramref name="delta"/> gives what each
    /// item's write adds to the counts.
    /// </summary>
    public static async Task<int> SubmitBatchesAsync<T>(
        TableClient table,
        string courseId,
        IEnumerable<T> items,
        Func<T, TableTransactionAction> action,
        Func<T, IReadOnlyDictionary<string, long>> delta,
        Func<T[], CancellationToken, Task<int>>? onFailed,
        CancellationToken cancellationToken,
        int parallel = 1)
    {
        var written = 0;
        async ValueTask WriteAsync(T[] chunk, CancellationToken ct)
        {
            try
            {
                var actions = chunk.Select(action).ToList();
                await SubmitAsync(table, courseId, actions, CourseTally.Sum(chunk.Select(delta)), actions[0].Entity.RowKey, ct);
                Interlocked.Add(ref written, chunk.Length);
            }
            catch (TableTransactionFailedException) when (onFailed is not null)
            {
                Interlocked.Add(ref written, await onFailed(chunk, ct));
            }
        }

        await Parallel.ForEachAsync(
            items.Chunk(MaxRows),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken },
            WriteAsync);
        return written;
    }

    /// <summary>The row holding <paramref name="bag"/>; null when it would not fit in one entity.</summary>
    private static TableEntity? Encode(string courseId, int shard, Dictionary<string, long> bag)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(bag);
        if (bytes.Length > ChunkBytes * MaxChunks)
        {
            return null;
        }

        var row = new TableEntity(courseId, RowKey(shard));
        for (var n = 0; n * ChunkBytes < bytes.Length; n++)
        {
            row["C" + n.ToString(CultureInfo.InvariantCulture)] = bytes.AsSpan(n * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (n * ChunkBytes))).ToArray();
        }

        return row;
    }

    private static Dictionary<string, long> Decode(TableEntity row)
    {
        using var all = new MemoryStream();
        for (var n = 0; n < MaxChunks && row.GetBinary("C" + n.ToString(CultureInfo.InvariantCulture)) is { } chunk; n++)
        {
            all.Write(chunk);
        }

        return all.Length == 0
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(JsonSerializer.Deserialize<Dictionary<string, long>>(all.ToArray()) ?? [], StringComparer.Ordinal);
    }
}
