using System.Security.Cryptography;

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

    public async Task<IReadOnlyList<OrgUnit>> ListAsync(CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        var list = new List<OrgUnit>();
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            list.Add(ToUnit(e));
        }

        return [.. list.OrderBy(u => u.Name, StringComparer.Ordinal)];
    }

    /// <summary>The unit of that name (case-insensitive), one point read.</summary>
    public async Task<OrgUnit?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await _init.EnsureAsync(_table, cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, UnitKeys.RowKey(name), cancellationToken: cancellationToken);
        return response.HasValue ? ToUnit(response.Value!) : null;
    }

    /// <summary>Makes the registry exactly <paramref name="units"/> (validated): upserts them and removes the units not listed.</summary>
    public async Task<UnitReplaceResult> ReplaceAllAsync(IReadOnlyList<OrgUnit> units, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(units);
        await _init.EnsureAsync(_table, cancellationToken);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            existing.Add(e.RowKey);
        }

        var wanted = units.Select(ToEntity).ToList();
        var wantedKeys = wanted.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var actions = wanted.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e))
            .Concat(existing.Where(k => !wantedKeys.Contains(k)).Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, k), ETag.All)))
            .ToList();
        await TableBatch.SubmitAsync(_table, actions, cancellationToken);

        var added = wantedKeys.Count(k => !existing.Contains(k));
        return new UnitReplaceResult(wanted.Count, added, wanted.Count - added, existing.Count(k => !wantedKeys.Contains(k)));
    }

    private static TableEntity ToEntity(OrgUnit unit) => new(Partition, UnitKeys.RowKey(unit.Name))
    {
        ["Name"] = unit.Name,
        ["Kind"] = unit.Kind,
        ["Parent"] = unit.Parent,
        ["ContactEmails"] = JsonSerializer.Serialize(unit.ContactEmails),
    };

    private static OrgUnit ToUnit(TableEntity e) => new(
        e.GetString("Name"),
        e.GetString("Kind"),
        e.GetString("Parent"),
        JsonSerializer.Deserialize<List<string>>(e.GetString("ContactEmails") ?? "[]") ?? []);
}
