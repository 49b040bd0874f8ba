using System.Security.Cryptography;
using Workflow.Access;

namespace Workflow.Units;

/// <summary>Row keys of units: derived from the normalised name, so a name maps to one row whatever its case or spacing.</summary>
public static class UnitKeys
{
    /// <summary>Trimmed, Unicode-composed (NFC), lower-case, inner spaces collapsed.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var composed = name.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
        return string.Join(' ', composed.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public static string RowKey(string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(name))).AsSpan(0, 16));
}

/// <summary>
/// The units registry in Table Storage: one partition (<c>unit</c>), RK = <see cref="UnitKeys.RowKey"/>.
/// A province has tens to a few hundred units, so the whole list is one partition read.
/// </summary>
public sealed class UnitStore
{
    public const string DefaultTable = "Units";
    private const string Partition = "unit";

    private readonly TableClient _table;
    private readonly TableInitializer _init;

    public UnitStore(TableServiceClient service, TableInitializer init, string tableName = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = service.GetTableClient(tableName);
        _init = init;
    }

    public async Task<IReadOnlyList<OrgUnit>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await ListEntriesAsync(cancellationToken)).Select(u => u.Unit)];

    /// <summary>Every unit with who last changed it and when (<c>GET /api/units</c>), by name.</summary>
    public async Task<IReadOnlyList<UnitEntry>> ListEntriesAsync(CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        var list = new List<UnitEntry>();
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            list.Add(ToEntry(e));
        }

        return [.. list.OrderBy(u => u.Unit.Name, StringComparer.Ordinal)];
    }

    /// <summary>The unit of that name (case-insensitive), one point read.</summary>
    public async Task<OrgUnit?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await _init.EnsureAsync(_table, cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, UnitKeys.RowKey(name), cancellationToken: cancellationToken);
        return response.HasValue ? ToEntry(response.Value!).Unit : null;
    }

    /// <summary>
    /// Makes the registry exactly <paramref name="units"/> (validated): upserts them and removes the units not listed. A unit
    /// added or changed (name as written, kind, parent, contacts) is stamped with <paramref name="by"/> and <paramref name="at"/>;
    /// a unit listed again unchanged keeps its stamp, so each unit says who last changed it.
    /// </summary>
    public async Task<UnitReplaceResult> ReplaceAllAsync(IReadOnlyList<OrgUnit> units, Author by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(by);
        await _init.EnsureAsync(_table, cancellationToken);
        var existing = new Dictionary<string, UnitEntry>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            existing[e.RowKey] = ToEntry(e);
        }

        var wanted = units.Select(u =>
            {
                var key = UnitKeys.RowKey(u.Name);
                var kept = existing.TryGetValue(key, out var before) && Same(before.Unit, u) ? before : null;
                return ToEntity(kept ?? new UnitEntry(u, at, by));
            })
            .ToList();
        var wantedKeys = wanted.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var actions = wanted.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e))
            .Concat(existing.Keys.Where(k => !wantedKeys.Contains(k)).Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, k), ETag.All)))
            .ToList();
        await TableBatch.SubmitAsync(_table, actions, cancellationToken);

        var added = wantedKeys.Count(k => !existing.ContainsKey(k));
        return new UnitReplaceResult(wanted.Count, added, wanted.Count - added, existing.Keys.Count(k => !wantedKeys.Contains(k)));
    }

    private static bool Same(OrgUnit a, OrgUnit b) =>
        a.Name == b.Name && a.Kind == b.Kind && a.Parent == b.Parent && a.ContactEmails.SequenceEqual(b.ContactEmails, StringComparer.Ordinal);

    private static TableEntity ToEntity(UnitEntry entry) => new(Partition, UnitKeys.RowKey(entry.Unit.Name))
    {
        ["Name"] = entry.Unit.Name,
        ["Kind"] = entry.Unit.Kind,
        ["Parent"] = entry.Unit.Parent,
        ["ContactEmails"] = JsonSerializer.Serialize(entry.Unit.ContactEmails),
        ["UpdatedAt"] = entry.UpdatedAt,
        ["UpdatedById"] = entry.UpdatedBy?.Id,
        ["UpdatedByName"] = entry.UpdatedBy?.Name,
    };

    private static UnitEntry ToEntry(TableEntity e) => new(
        new OrgUnit(
            e.GetString("Name"),
            e.GetString("Kind"),
            e.GetString("Parent"),
            JsonSerializer.Deserialize<List<string>>(e.GetString("ContactEmails") ?? "[]") ?? []),
        e.GetDateTimeOffset("UpdatedAt"),
        e.GetString("UpdatedById") is { } id ? new Author(id, e.GetString("UpdatedByName") ?? id) : null);
}

/// <summary>A unit as stored, with who last added or changed it and when (null for units stored before authors were kept).</summary>
public sealed record UnitEntry(OrgUnit Unit, DateTimeOffset? UpdatedAt, Author? UpdatedBy);
