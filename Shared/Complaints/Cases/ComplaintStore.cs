using System.Security.Cryptography;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Deadlines;
using static Workflow.Complaints.Cases.CaseRows;

namespace Workflow.Complaints.Cases;

/// <summary>
/// The case registry and its deadline index in Table Storage.
/// <list type="bullet">
/// <item>Cases: PK = case id, RK = <c>case</c>. A code claim row (PK = <c>code-{hash}</c>, RK = <c>code</c>) keeps codes unique.</item>
/// <item>Deadline index: PK = due date <c>yyyyMMdd</c>, RK = <c>{caseId}|{stage}</c>, one row per <em>open</em> stage deadline,
/// carrying what an alert needs. Resolved and withdrawn cases have no rows, so "PK ≤ today + 7" is exactly the open
/// deadlines that are near or overdue: the daily run reads those and nothing else.</item>
/// </list>
/// <item>Case list index (<see cref="StatusIndexStore"/>): one row per case in its status partition and one in <c>all</c>,
/// newest receipt first, so the list reads what it shows and not the registry.</item>
/// Every state change writes the case (with its ETag) and then re-syncs its index rows in both tables. The case
/// remembers the index keys that may exist (<c>IndexKeys</c>, old ∪ new until the sync is done), so an interrupted sync
/// is finished by the next <see cref="SyncIndexAsync"/> or update of that case; the list finishes it too for a case
/// whose list row disagrees with it, and a registration retried after a crash (its code taken) for the holder.
/// </summary>
public sealed class ComplaintStore(TableServiceClient service, TableInitializer init, ComplaintTables tables)
{
    internal const string CaseRowKey = "case";
    private const string CodeRowKey = "code";

    private readonly TableClient _cases = service.GetTableClient(tables.Cases);
    private readonly TableClient _index = service.GetTableClient(tables.Index);
    private readonly StatusIndexStore _status = new(service, init, tables);
    private readonly TableInitializer _init = init;

    public static string NewCaseId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string DueKey(DateOnly due) => due.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string IndexRowKey(string caseId, Stage stage) => caseId + "|" + ComplaintVocabulary.Name(stage);

    /// <summary>
    /// The rows a new case is stored as (what <see cref="TryCreateAsync"/> writes): the code claim and the case row (each in a
    /// partition of its own), one deadline index row per open stage (partition = due day) and the two case list rows
    /// (table <see cref="ComplaintTables.StatusIndex"/>, partitions = status and <c>all</c>). For bulk loads (benchmarks):
    /// index rows of one partition may go 100 per transaction.
    /// </summary>
    public static (TableEntity Claim, TableEntity Case, IReadOnlyList<TableEntity> Index, IReadOnlyList<TableEntity> Status) RowsFor(ComplaintCase c, IReadOnlyList<StageDeadline> open)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(open);
        return (new TableEntity(CodePartition(c.Code), CodeRowKey) { ["CaseId"] = c.Id },
            CaseEntity.From(c, Keys(c, open)), [.. open.Select(d => IndexEntity.From(c, d))], StatusIndexStore.RowsFor(c));
    }

    /// <summary>Stores a new case unless its code is taken; returns the id of the case holding the code when it is.</summary>
    public async Task<string?> TryCreateAsync(ComplaintCase c, IReadOnlyList<StageDeadline> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(open);
        await EnsureAsync(cancellationToken);
        var claim = new TableEntity(CodePartition(c.Code), CodeRowKey) { ["CaseId"] = c.Id };
        try
        {
            await _cases.AddEntityAsync(claim, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var holder = await _cases.GetEntityIfExistsAsync<TableEntity>(claim.PartitionKey, CodeRowKey, cancellationToken: cancellationToken);
            if (!holder.HasValue)
            {
                return "?";
            }

            // Often a retry after a failed registration: make sure the holder is listed (its list rows may never have been written).
            var holderId = holder.Value!.GetString("CaseId");
            var holderCase = await _cases.GetEntityIfExistsAsync<TableEntity>(holderId, CaseRowKey, cancellationToken: cancellationToken);
            if (holderCase.HasValue)
            {
                await _status.SyncRowsAsync(holderCase.Value!, cancellationToken);
            }

            return holderId;
        }

        var keys = Keys(c, open);
        try
        {
            await _cases.AddEntityAsync(CaseEntity.From(c, keys), cancellationToken);
        }
        catch
        {
            await _cases.DeleteEntityAsync(claim.PartitionKey, CodeRowKey, ETag.All, CancellationToken.None);
            throw;
        }

        await WriteIndexAsync(c, open, [], cancellationToken);
        return null;
    }

    public async Task<(ComplaintCase Case, ETag ETag)?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IsCaseId(id))
        {
            return null;
        }

        await EnsureAsync(cancellationToken);
        var response = await _cases.GetEntityIfExistsAsync<TableEntity>(id, CaseRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? (CaseEntity.ToCase(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>
    /// Read-modify-write of one case: <paramref name="change"/> (a pure function of the stored case, see
    /// <see cref="CaseActions"/>) is applied to a fresh read and stored under its ETag with its deadline index
    /// rows; on a concurrent change it is applied again to the newer case (three tries, then a conflict).
    /// </summary>
    public async Task<Outcome<ComplaintCase>> UpdateAsync(
        string id,
        Func<ComplaintCase, Outcome<ComplaintCase>> change,
        Func<ComplaintCase, IReadOnlyList<StageDeadline>> openDeadlines,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(openDeadlines);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var found = await GetAsync(id, cancellationToken);
            if (found is null)
            {
                return Outcome<ComplaintCase>.NotFound(NotFoundMessage(id));
            }

            var (current, etag) = found.Value;

            var outcome = change(current);
            if (!outcome.IsDone || await TryUpdateAsync(outcome.Value!, etag, openDeadlines(outcome.Value!), cancellationToken))
            {
                return outcome;
            }
        }

        return Outcome<ComplaintCase>.Conflict(Phrase.Of("error.theCaseChangedMeanwhileReadItAgain"));
    }

    public static Phrase NotFoundMessage(string id) => Phrase.Of("error.noCase", ("id", ResourceIds.Shown(id)));

    /// <summary>
    /// Replaces a case if it has not changed since <paramref name="etag"/> (false on a concurrent change),
    /// then brings its index rows to <paramref name="open"/>.
    /// </summary>
    public async Task<bool> TryUpdateAsync(ComplaintCase c, ETag etag, IReadOnlyList<StageDeadline> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(open);
        await EnsureAsync(cancellationToken);
        var current = await _cases.GetEntityIfExistsAsync<TableEntity>(c.Id, CaseRowKey, cancellationToken: cancellationToken);
        if (!current.HasValue || current.Value!.ETag != etag)
        {
            return false;
        }

        var previous = CaseEntity.IndexKeys(current.Value);
        var wanted = Keys(c, open);
        var entity = CaseEntity.From(c, [.. previous.Union(wanted, StringComparer.Ordinal)]);
        Response response;
        try
        {
            response = await _cases.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }

        await WriteIndexAsync(c, open, previous, cancellationToken);
        await SettleIndexKeysAsync(_cases, c.Id, wanted, response.Headers.ETag ?? ETag.All, cancellationToken);
        return true;
    }

    /// <summary>Brings a case's index rows to what its current state needs (repairs an interrupted sync; used after a holiday change).</summary>
    public async Task SyncIndexAsync(ComplaintCase c, ETag etag, IReadOnlyList<StageDeadline> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(open);
        await EnsureAsync(cancellationToken);
        var current = await _cases.GetEntityIfExistsAsync<TableEntity>(c.Id, CaseRowKey, cancellationToken: cancellationToken);
        if (!current.HasValue)
        {
            return;
        }

        var previous = CaseEntity.IndexKeys(current.Value!);
        var wanted = Keys(c, open);
        if (!previous.SequenceEqual(wanted, StringComparer.Ordinal))
        {
            var merge = new TableEntity(c.Id, CaseRowKey) { ["IndexKeys"] = JsonSerializer.Serialize(previous.Union(wanted, StringComparer.Ordinal).ToList()) };
            try
            {
                await _cases.UpdateEntityAsync(merge, etag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return; // Changed meanwhile: that change syncs the index itself.
            }
        }

        await WriteIndexAsync(c, open, previous, cancellationToken);
        await SettleIndexKeysAsync(_cases, c.Id, wanted, ETag.All, cancellationToken);
    }

    /// <summary>Cases in a status (or all), newest receipt first, at most <paramref name="max"/> of those <paramref name="visible"/>: see <see cref="StatusIndexStore.ListAsync"/>.</summary>
    public async Task<List<(ComplaintCase Case, ETag ETag)>> ListAsync(CaseStatus? status, int max, CancellationToken cancellationToken, Func<string, bool>? visible = null)
    {
        await EnsureAsync(cancellationToken);
        return await _status.ListAsync(status, max, visible, cancellationToken);
    }

    /// <summary>The open stage deadlines due on or before <paramref name="lastDue"/> (overdue ones included): one range query on the index.</summary>
    public async Task<List<IndexedDeadline>> ReadIndexUpToAsync(DateOnly lastDue, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {DueKey(lastDue)}");
        var list = new List<IndexedDeadline>();
        await foreach (var e in _index.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(IndexEntity.ToDeadline(e));
        }

        return list;
    }

    private async Task WriteIndexAsync(ComplaintCase c, IReadOnlyList<StageDeadline> open, IReadOnlyList<string> previous, CancellationToken cancellationToken)
    {
        var wanted = open.Select(d => IndexEntity.From(c, d)).ToList();
        var wantedKeys = Keys(c, open).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in previous.Where(k => !wantedKeys.Contains(k)))
        {
            if (StatusIndexStore.IsKey(stale))
            {
                await _status.DeleteAsync(stale, cancellationToken);
                continue;
            }

            var (pk, rk) = Split(stale);
            try
            {
                await _index.DeleteEntityAsync(pk, rk, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone (an earlier sync got this far).
            }
        }

        foreach (var entity in wanted)
        {
            await _index.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }

        foreach (var entity in StatusIndexStore.RowsFor(c))
        {
            await _status.UpsertAsync(entity, cancellationToken);
        }
    }

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_cases, cancellationToken);
        await _init.EnsureAsync(_index, cancellationToken);
        await _status.EnsureAsync(cancellationToken);
    }

    private static string Key(string caseId, StageDeadline d) => DueKey(d.Due) + "/" + IndexRowKey(caseId, d.Stage);

    /// <summary>Every index key a case in this state has: its open deadlines' and its two list rows'.</summary>
    private static List<string> Keys(ComplaintCase c, IReadOnlyList<StageDeadline> open) => [.. open.Select(d => Key(c.Id, d)), .. StatusIndexStore.KeysFor(c)];

    private static (string Pk, string Rk) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    private static string CodePartition(string code) =>
        "code-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant())).AsSpan(0, 16));

    private static bool IsCaseId(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);
}
