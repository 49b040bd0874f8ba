using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Storage;

namespace Workflow.Access;

/// <summary>A person who may sign in: sign-in name (the provider's user name, usually the work email), display name, roles, units.</summary>
public sealed record Person(string SignIn, string Name, Roles Roles, IReadOnlyList<string> Units, DateTimeOffset UpdatedAt, Author UpdatedBy)
{
    public Caller AsCaller(CallerSource source) =>
        new(source, SignIn, Name, Roles, Caller.UnitSet(Units), AllUnits: false) { UnitNames = Units };
}

/// <summary>Sign-in names compare trimmed and case-insensitively; the row key is a hash of that form.</summary>
public static class PersonKeys
{
    public static string Normalize(string signIn)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        return signIn.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }

    public static string RowKey(string signIn) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(signIn))).AsSpan(0, 16));
}

/// <summary>
/// The people table (one partition, <c>person</c>): the only code that names its columns. A Board has tens to a few
/// hundred people, so the list is one partition read; the access check is one point read per request, so a person
/// removed or given other units is refused or narrowed on the very next request.
/// </summary>
public sealed class PeopleStore(TableServiceClient service, TableInitializer init, string tableName = PeopleStore.DefaultTable)
{
    public const string DefaultTable = "People";
    private const string Partition = "person";
    private readonly TableClient _table = service.GetTableClient(tableName);

    public async Task<Person?> FindAsync(string signIn, CancellationToken cancellationToken)
    {
        await init.EnsureAsync(_table, cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, PersonKeys.RowKey(signIn), cancellationToken: cancellationToken);
        return row.HasValue ? ToPerson(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Person>> ListAsync(CancellationToken cancellationToken)
    {
        await init.EnsureAsync(_table, cancellationToken);
        var people = new List<Person>();
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            people.Add(ToPerson(e));
        }

        return [.. people.OrderBy(p => p.SignIn, StringComparer.Ordinal)];
    }

    /// <summary>Adds or replaces the person (the last writer wins: an administrator's edit is the whole row).</summary>
    public async Task PutAsync(Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        await init.EnsureAsync(_table, cancellationToken);
        await _table.UpsertEntityAsync(ToEntity(person), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Removes the person; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string signIn, CancellationToken cancellationToken)
    {
        await init.EnsureAsync(_table, cancellationToken);
        try
        {
            var response = await _table.DeleteEntityAsync(Partition, PersonKeys.RowKey(signIn), ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(Person p) => new(Partition, PersonKeys.RowKey(p.SignIn))
    {
        ["SignIn"] = PersonKeys.Normalize(p.SignIn),
        ["Name"] = p.Name,
        ["Roles"] = string.Join(',', RoleNames.Of(p.Roles)),
        ["Units"] = JsonSerializer.Serialize(p.Units),
        ["UpdatedAt"] = p.UpdatedAt,
        ["UpdatedById"] = p.UpdatedBy.Id,
        ["UpdatedByName"] = p.UpdatedBy.Name,
    };

    private static Person ToPerson(TableEntity e) => new(
        e.GetString("SignIn") ?? "",
        e.GetString("Name") ?? "",
        RoleNames.ParseList(e.GetString("Roles")),
        JsonSerializer.Deserialize<List<string>>(e.GetString("Units") ?? "[]") ?? [],
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        new Author(e.GetString("UpdatedById") ?? "", e.GetString("UpdatedByName") ?? ""));
}
