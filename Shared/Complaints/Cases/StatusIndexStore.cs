using Workflow.Complaints.Calendar;
using static Workflow.Complaints.Cases.CaseRows;

namespace Workflow.Complaints.Cases;

/// <summary>A case as the case list's index names it: enough to order, filter by unit and point-read it.</summary>
/// <param name="CaseId">The case (PK of its row in the case table).</param>
/// <param name="HandlingUnit">Its handling unit (an officer's list skips other units' cases before reading them).</param>
/// <param name="Status">Its status when the row was written (a row that disagrees with its case is behind and gets repaired).</param>
public sealed record StatusIndexRow(string CaseId, string HandlingUnit, CaseStatus Status);

/// <summary>
/// The case list's index (table <c>ComplaintStatusIndex</c>): every case has one row in the partition of its status
/// (<c>open</c>, <c>resolved</c>, <c>withdrawn</c>) and one in <c>all</c>, RK = the inverted receipt day, the code (as hex of
/// its UTF-16 units, so the key stays legal and sorts as the code does) and the id: a range read of one partition answers
/// "newest receipt first, then by code" without reading the registry. The rows are written by <see cref="ComplaintStore"/>
/// after the case row, with the same bookkeeping as the deadline index (their keys, prefixed <c>s:</c>, are in the case's
/// <c>IndexKeys</c>: old ∪ new until the write is done), so a status change moves the case between partitions and an
/// interrupted move is finished by the next sync of that case. Only this class names the index's columns.
/// </summary>
public sealed class StatusIndexStore(TableServiceClient service, TableInitializer init, ComplaintTables tables)
{
    /// <summary>The partition that holds every case, whatever its status.</summary>
    public const string AllPartition = "all";

    /// <summary>How a status index key starts in a case's <c>IndexKeys</c> (deadline index keys start with a due day).</summary>
    public const string KeyPrefix = "s:";

    private const string MarkerPartition = "~backfill";
    private const string MarkerRow = "v1";

    private const string CaseRowKey = ComplaintStore.CaseRowKey;

    private readonly TableClient _table = service.GetTableClient(tables.StatusIndex);
    private readonly TableClient _cases = service.GetTableClient(tables.Cases);
    private readonly Lock _backfillGate = new();
    private Task? _backfill;

    public static string Partition(CaseStatus status) => status switch
    {
        CaseStatus.Open => "open",
        CaseStatus.Resolved => "resolved",
        CaseStatus.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Newest receipt first (the day inverted: 99999999 − yyyyMMdd), then the code in ordinal order, then the id.</summary>
    public static string RowKey(ComplaintCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var day = int.Parse(ComplaintStore.DueKey(c.ReceivedOn), CultureInfo.InvariantCulture);
        var code = new StringBuilder(c.Code.Length * 4);
        foreach (var unit in c.Code)
        {
            code.Append(((int)unit).ToString("x4", CultureInfo.InvariantCulture));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{99_999_999 - day:D8}|{code}|{c.Id}");
    }

    /// <summary>The rows a case is listed by: its status partition and <see cref="AllPartition"/>.</summary>
    public static IReadOnlyList<TableEntity> RowsFor(ComplaintCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var key = RowKey(c);
        return [Row(Partition(c.Status), key, c), Row(AllPartition, key, c)];
    }

    /// <summary>The keys of <see cref="RowsFor"/> as the case's <c>IndexKeys</c> remember them.</summary>
    public static IReadOnlyList<string> KeysFor(ComplaintCase c) => [.. RowsFor(c).Select(e => KeyPrefix + e.PartitionKey + "/" + e.RowKey)];

    public static bool IsKey(string key) => key.StartsWith(KeyPrefix, StringComparison.Ordinal);

    internal Task EnsureAsync(CancellationToken cancellationToken) => init.EnsureAsync(_table, cancellationToken);

    internal Task UpsertAsync(TableEntity row, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Deletes the row of a key from a case's <c>IndexKeys</c> (gone already is fine).</summary>
    internal async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        try
        {
            await _table.DeleteEntityAsync(key[KeyPrefix.Length..slash], key[(slash + 1)..], ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone (an earlier sync got this far).
        }
    }

    /// <summary>The rows of one status (or every case), newest receipt first, read page by page as the caller goes on.</summary>
    internal async IAsyncEnumerable<StatusIndexRow> ReadAsync(CaseStatus? status, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = status is { } s ? Partition(s) : AllPartition;
        var query = _table.QueryAsync<TableEntity>(
            e => e.PartitionKey == partition, maxPerPage: Math.Clamp(pageSize, 1, 1000), select: ["CaseId", "HandlingUnit", "Status"], cancellationToken: cancellationToken);
        await foreach (var e in query)
        {
            yield return new StatusIndexRow(e.GetString("CaseId"), e.GetString("HandlingUnit") ?? string.Empty, Enum.Parse<CaseStatus>(e.GetString("Status")));
        }
    }

    /// <summary>Whether the cases stored before this index have been given their rows (<see cref="ComplaintStore"/>'s backfill).</summary>
    internal async Task<bool> IsBackfilledAsync(CancellationToken cancellationToken) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;

    internal Task MarkBackfilledAsync(int cases, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(BackfilledMarker(cases), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The row that says every stored case has its list rows (a bulk load that writes them writes this too).</summary>
    public static TableEntity BackfilledMarker(int cases) => new(MarkerPartition, MarkerRow) { ["Cases"] = cases };

    /// <summary>
    /// Cases in a status (or all), newest receipt first, at most <paramref name="max"/> of those <paramref name="visible"/>
    /// (by handling unit): a range read of one partition of this index and a point read of each case listed, never the
    /// registry. A row that disagrees with its case (a move cut short) is skipped when the case is no
    /// longer in that status, and its case's list rows are repaired.
    /// </summary>
    internal async Task<List<(ComplaintCase Case, ETag ETag)>> ListAsync(CaseStatus? status, int max, Func<string, bool>? visible, CancellationToken cancellationToken)
    {
        await EnsureBackfilledAsync(cancellationToken);
        var list = new List<(ComplaintCase, ETag)>();
        var pending = new List<StatusIndexRow>();
        await foreach (var row in ReadAsync(status, max, cancellationToken))
        {
            if (visible is null || visible(row.HandlingUnit))
            {
                pending.Add(row);
            }

            if (pending.Count >= Math.Min(max - list.Count, 100))
            {
                await ReadListedAsync(pending, status, list, cancellationToken);
                pending.Clear();
                if (list.Count >= max)
                {
                    break;
                }
            }
        }

        await ReadListedAsync(pending, status, list, cancellationToken);
        return list.Count > max ? list[..max] : list;
    }

    private async Task ReadListedAsync(List<StatusIndexRow> rows, CaseStatus? status, List<(ComplaintCase, ETag)> list, CancellationToken cancellationToken)
    {
        var found = new TableEntity?[rows.Count];
        await Parallel.ForAsync(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var response = await _cases.GetEntityIfExistsAsync<TableEntity>(rows[i].CaseId, CaseRowKey, cancellationToken: ct);
            found[i] = response.HasValue ? response.Value : null;
        });
        for (var i = 0; i < rows.Count; i++)
        {
            if (found[i] is not { } entity)
            {
                continue;
            }

            var c = CaseEntity.ToCase(entity);
            if (c.Status != rows[i].Status)
            {
                await SyncRowsAsync(entity, cancellationToken);
                if (status is { } asked && c.Status != asked)
                {
                    await DeleteAsync(KeyPrefix + Partition(asked) + "/" + RowKey(c), cancellationToken); // even one its keys forgot
                }
            }

            if (status is null || c.Status == status)
            {
                list.Add((c, entity.ETag));
            }
        }
    }

    /// <summary>
    /// Brings one case's list rows to its stored status, with the deadline index's bookkeeping: its <c>IndexKeys</c> get the
    /// wanted keys (old ∪ new, under its ETag), the stale rows go, the wanted rows are written, then the keys are settled.
    /// Its deadline keys are left as they are (their sync needs the rules: <see cref="ComplaintStore.SyncIndexAsync"/>).
    /// </summary>
    internal async Task SyncRowsAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var c = CaseEntity.ToCase(row);
        var previous = CaseEntity.IndexKeys(row);
        var wanted = KeysFor(c);
        var etag = row.ETag;
        var union = previous.Union(wanted, StringComparer.Ordinal).ToList();
        if (union.Count != previous.Count)
        {
            try
            {
                var merged = await _cases.UpdateEntityAsync(new TableEntity(c.Id, CaseRowKey) { ["IndexKeys"] = JsonSerializer.Serialize(union) }, etag, TableUpdateMode.Merge, cancellationToken);
                etag = merged.Headers.ETag ?? ETag.All;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                return; // Changed meanwhile: that change syncs the rows itself.
            }
        }

        foreach (var stale in previous.Where(k => IsKey(k) && !wanted.Contains(k, StringComparer.Ordinal)))
        {
            await DeleteAsync(stale, cancellationToken);
        }

        foreach (var entity in RowsFor(c))
        {
            await UpsertAsync(entity, cancellationToken);
        }

        await CaseRows.SettleIndexKeysAsync(_cases, c.Id, [.. previous.Where(k => !IsKey(k)), .. wanted], etag, cancellationToken);
    }

    /// <summary>
    /// Once per process, before the first list: cases stored before the list index existed (no <c>s:</c> key) get their
    /// rows, then a marker row says so and later processes skip the scan (one point read). Idempotent; safe on several
    /// hosts at once (each case is synced under its ETag); a failed run is tried again by the next list.
    /// </summary>
    private Task EnsureBackfilledAsync(CancellationToken cancellationToken)
    {
        lock (_backfillGate)
        {
            if (_backfill is null || _backfill.IsFaulted || _backfill.IsCanceled)
            {
                _backfill = BackfillAsync(CancellationToken.None);
            }

            return _backfill.WaitAsync(cancellationToken);
        }
    }

    private async Task BackfillAsync(CancellationToken cancellationToken)
    {
        if (await IsBackfilledAsync(cancellationToken))
        {
            return;
        }

        var legacy = _cases.QueryAsync<TableEntity>(e => e.RowKey == CaseRowKey, cancellationToken: cancellationToken)
            .Where(e => !CaseEntity.IndexKeys(e).Any(IsKey));
        var count = 0;
        await Parallel.ForEachAsync(legacy, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            await SyncRowsAsync(row, ct);
            Interlocked.Increment(ref count);
        });
        await MarkBackfilledAsync(count, cancellationToken);
    }

    private static TableEntity Row(string partition, string key, ComplaintCase c) => new(partition, key)
    {
        ["CaseId"] = c.Id,
        ["HandlingUnit"] = c.HandlingUnit,
        ["Status"] = c.Status.ToString(),
    };
}
