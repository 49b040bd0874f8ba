using System.Security.Cryptography;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Deadlines;

namespace Workflow.Complaints.Cases;

/// <summary>
/// The case registry and its deadline index in Table Storage.
/// <list type="bullet">
/// <item>Cases: PK = case id, RK = <c>case</c>. A code claim row (PK = <c>code-{hash}</c>, RK = <c>code</c>) keeps codes unique.</item>
/// <item>Deadline index: PK = due date <c>yyyyMMdd</c>, RK = <c>{caseId}|{stage}</c>, one row per <em>open</em> stage deadline,
/// carrying what an alert needs. Resolved and withdrawn cases have no rows, so "PK ≤ today + 7" is exactly the open
/// deadlines that are near or overdue: the daily run reads those and nothing else.</item>
/// </list>
/// Every state change writes the case (with its ETag) and then re-syncs its index rows. The case remembers the index
/// keys that may exist (<c>IndexKeys</c>, old ∪ new until the sync is done), so an interrupted sync is finished by the
/// next <see cref="SyncIndexAsync"/> of that case.
/// </summary>
public sealed class ComplaintStore(TableServiceClient service, TableInitializer init, ComplaintTables tables)
{
    private const string CaseRowKey = "case";
    private const string CodeRowKey = "code";

    private readonly TableClient _cases = service.GetTableClient(tables.Cases);
    private readonly TableClient _index = service.GetTableClient(tables.Index);
    private readonly TableInitializer _init = init;

    public static string NewCaseId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string DueKey(DateOnly due) => due.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string IndexRowKey(string caseId, Stage stage) => caseId + "|" + ComplaintVocabulary.Name(stage);

    /// <summary>
    /// The rows a new case is stored as (what <see cref="TryCreateAsync"/> writes): the code claim and the case row (each in a
    /// partition of its own) and one deadline index row per open stage (partition = due day). For bulk loads (benchmarks).
    /// </summary>
    public static (TableEntity Claim, TableEntity Case, IReadOnlyList<TableEntity> Index) RowsFor(ComplaintCase c, IReadOnlyList<StageDeadline> open)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(open);
        return (new TableEntity(CodePartition(c.Code), CodeRowKey) { ["CaseId"] = c.Id },
            CaseEntity.From(c, [.. open.Select(d => Key(c.Id, d))]), [.. open.Select(d => IndexEntity.From(c, d))]);
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
            return holder.HasValue ? holder.Value!.GetString("CaseId") : "?";
        }

        var keys = open.Select(d => Key(c.Id, d)).ToList();
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
        var wanted = open.Select(d => Key(c.Id, d)).ToList();
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
        await SettleIndexKeysAsync(c.Id, wanted, response.Headers.ETag ?? ETag.All, cancellationToken);
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
        var wanted = open.Select(d => Key(c.Id, d)).ToList();
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
        await SettleIndexKeysAsync(c.Id, wanted, ETag.All, cancellationToken);
    }

    /// <summary>Cases in a status (or all), newest receipt first: a registry query for the API, never used by the daily run.</summary>
    public async Task<List<(ComplaintCase Case, ETag ETag)>> ListAsync(CaseStatus? status, int max, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        var name = status?.ToString();
        var list = new List<(ComplaintCase, ETag)>();
        var query = name is null
            ? _cases.QueryAsync<TableEntity>(e => e.RowKey == CaseRowKey, cancellationToken: cancellationToken)
            : _cases.QueryAsync<TableEntity>(e => e.RowKey == CaseRowKey && e.GetString("Status") == name, cancellationToken: cancellationToken);
        await foreach (var e in query)
        {
            list.Add((CaseEntity.ToCase(e), e.ETag));
            if (list.Count >= max)
            {
                break;
            }
        }

        return [.. list.OrderByDescending(p => p.Item1.ReceivedOn).ThenBy(p => p.Item1.Code, StringComparer.Ordinal)];
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
        var wantedKeys = wanted.Select(e => e.PartitionKey + "/" + e.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in previous.Where(k => !wantedKeys.Contains(k)))
        {
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
    }

    private async Task SettleIndexKeysAsync(string caseId, IReadOnlyList<string> wanted, ETag etag, CancellationToken cancellationToken)
    {
        var merge = new TableEntity(caseId, CaseRowKey) { ["IndexKeys"] = JsonSerializer.Serialize(wanted) };
        try
        {
            await _cases.UpdateEntityAsync(merge, etag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Changed meanwhile: that change recorded its own keys (a superset) and syncs them.
        }
    }

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_cases, cancellationToken);
        await _init.EnsureAsync(_index, cancellationToken);
    }

    private static string Key(string caseId, StageDeadline d) => DueKey(d.Due) + "/" + IndexRowKey(caseId, d.Stage);

    private static (string Pk, string Rk) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    private static string CodePartition(string code) =>
        "code-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant())).AsSpan(0, 16));

    private static bool IsCaseId(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);

    private static class CaseEntity
    {
        public static TableEntity From(ComplaintCase c, IReadOnlyList<string> indexKeys) => new(c.Id, CaseRowKey)
        {
            ["Code"] = c.Code,
            ["Kind"] = ComplaintVocabulary.Name(c.Kind),
            ["ReceivedOn"] = Date(c.ReceivedOn),
            ["AcceptedOn"] = Date(c.AcceptedOn),
            ["Complex"] = c.Complex,
            ["EspeciallyComplex"] = c.EspeciallyComplex,
            ["RemoteArea"] = c.RemoteArea,
            ["SeveralPlaces"] = c.SeveralPlaces,
            ["HandlingUnit"] = c.HandlingUnit,
            ["OfficerEmails"] = JsonSerializer.Serialize(c.OfficerEmails),
            ["Subject"] = c.Subject,
            ["Status"] = c.Status.ToString(),
            ["RuleSetName"] = c.RuleSet.Name,
            ["RuleSetEffectiveFrom"] = Date(c.RuleSet.EffectiveFrom),
            ["Extensions"] = JsonSerializer.Serialize(c.Extensions.Select(e => new StoredExtension(e.DecisionNo, Date(e.DecidedOn)!, e.Days))),
            ["ResolvedOn"] = Date(c.ResolvedOn),
            ["DecisionNo"] = c.DecisionNo,
            ["WithdrawnOn"] = Date(c.WithdrawnOn),
            ["WithdrawalReason"] = c.WithdrawalReason,
            ["CreatedAt"] = c.CreatedAt,
            ["IndexKeys"] = JsonSerializer.Serialize(indexKeys),
            ["History"] = c.History.Count == 0 ? null : Access.History.ToStored(c.History),
        };

        public static ComplaintCase ToCase(TableEntity e)
        {
            var kind = Parse<CaseKind>(e.GetString("Kind"), ComplaintVocabulary.TryParseKind);
            return new ComplaintCase(
                e.PartitionKey,
                e.GetString("Code"),
                kind,
                ParseDate(e.GetString("ReceivedOn"))!.Value,
                ParseDate(e.GetString("AcceptedOn")),
                e.GetBoolean("Complex") ?? false,
                e.GetBoolean("EspeciallyComplex") ?? false,
                e.GetBoolean("RemoteArea") ?? false,
                e.GetBoolean("SeveralPlaces") ?? false,
                e.GetString("HandlingUnit"),
                JsonSerializer.Deserialize<List<string>>(e.GetString("OfficerEmails") ?? "[]") ?? [],
                e.GetString("Subject"),
                Enum.Parse<CaseStatus>(e.GetString("Status")),
                new RuleSetRef(e.GetString("RuleSetName"), ParseDate(e.GetString("RuleSetEffectiveFrom"))!.Value),
                (JsonSerializer.Deserialize<List<StoredExtension>>(e.GetString("Extensions") ?? "[]") ?? [])
                    .Select(x => new Extension(x.DecisionNo, ParseDate(x.DecidedOn)!.Value, x.Days)).ToList(),
                ParseDate(e.GetString("ResolvedOn")),
                e.GetString("DecisionNo"),
                ParseDate(e.GetString("WithdrawnOn")),
                e.GetString("WithdrawalReason"),
                e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue)
            {
                History = Access.History.FromStored(e.GetString("History")),
            };
        }

        public static List<string> IndexKeys(TableEntity e) =>
            JsonSerializer.Deserialize<List<string>>(e.GetString("IndexKeys") ?? "[]") ?? [];
    }

    private static class IndexEntity
    {
        public static TableEntity From(ComplaintCase c, StageDeadline d) => new(DueKey(d.Due), IndexRowKey(c.Id, d.Stage))
        {
            ["CaseId"] = c.Id,
            ["Stage"] = ComplaintVocabulary.Name(d.Stage),
            ["Due"] = Date(d.Due),
            ["CountedIn"] = ComplaintVocabulary.Name(d.CountedIn),
            ["Code"] = c.Code,
            ["Kind"] = ComplaintVocabulary.Name(c.Kind),
            ["HandlingUnit"] = c.HandlingUnit,
            ["OfficerEmails"] = JsonSerializer.Serialize(c.OfficerEmails),
            ["Subject"] = c.Subject,
        };

        public static IndexedDeadline ToDeadline(TableEntity e)
        {
            var stage = Parse<Stage>(e.GetString("Stage"), ComplaintVocabulary.TryParseStage);
            var unit = Parse<CountingUnit>(e.GetString("CountedIn"), ComplaintVocabulary.TryParseUnit);
            var kind = Parse<CaseKind>(e.GetString("Kind"), ComplaintVocabulary.TryParseKind);
            return new IndexedDeadline(
                e.GetString("CaseId"),
                stage,
                ParseDate(e.GetString("Due"))!.Value,
                unit,
                e.GetString("Code"),
                kind,
                e.GetString("HandlingUnit"),
                JsonSerializer.Deserialize<List<string>>(e.GetString("OfficerEmails") ?? "[]") ?? [],
                e.GetString("Subject"));
        }
    }

    private delegate bool TryParse<T>(string? text, out T value);

    private static T Parse<T>(string? text, TryParse<T> parse) =>
        parse(text, out var value) ? value : throw new InvalidDataException($"Stored value '{text}' is not a {typeof(T).Name}.");

    private sealed record StoredExtension(string DecisionNo, string DecidedOn, int Days);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
