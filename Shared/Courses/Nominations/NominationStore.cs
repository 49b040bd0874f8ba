namespace Workflow.Courses.Nominations;

/// <summary>
/// Nominations in their own table (so no invitee query ever sees them): PK = course id, RK = <see cref="NominationRules.IdFor"/>.
/// A row holds the unit, its contact, the quota and the ids of the invitees it named; the list changes only with the row's ETag,
/// so two submissions of one unit cannot both pass the quota.
/// </summary>
public sealed class NominationStore(TableServiceClient service, TableInitializer init)
{
    public const string NominationsTable = "Nominations";

    private readonly TableClient _table = service.GetTableClient(NominationsTable);
    private readonly TableInitializer _init = init;

    /// <summary>Adds the units not yet asked and updates contact and quota of those already asked. Returns (added, updated).</summary>
    public async Task<(int Added, int Updated)> UpsertAsync(string courseId, IReadOnlyList<ValidNomination> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await _init.EnsureAsync(_table, cancellationToken);
        int added = 0, updated = 0;
        foreach (var row in rows)
        {
            var id = NominationRules.IdFor(courseId, row.Unit);
            try
            {
                await _table.AddEntityAsync(new TableEntity(courseId, id)
                {
                    ["Unit"] = row.Unit,
                    ["ContactEmail"] = row.ContactEmail,
                    ["Quota"] = row.Quota,
                    ["NomineeIds"] = "[]",
                }, cancellationToken);
                added++;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Merge: the unit's nominees and what was sent stay as they are.
                await _table.UpdateEntityAsync(
                    new TableEntity(courseId, id) { ["ContactEmail"] = row.ContactEmail, ["Quota"] = row.Quota },
                    ETag.All,
                    TableUpdateMode.Merge,
                    cancellationToken);
                updated++;
            }
        }

        return (added, updated);
    }

    public async Task<List<Nomination>> ListAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        var list = new List<Nomination>();
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == courseId, cancellationToken: cancellationToken))
        {
            list.Add(ToNomination(e));
        }

        return list;
    }

    public async Task<Nomination?> GetAsync(string courseId, string id, CancellationToken cancellationToken)
    {
        if (!ResourceIds.IsValid(courseId) || !ResourceIds.IsValid(id))
        {
            return null;
        }

        await _init.EnsureAsync(_table, cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(courseId, id, cancellationToken: cancellationToken);
        return response.HasValue ? ToNomination(response.Value!) : null;
    }

    /// <summary>Replaces the unit's list if the row has not changed since <paramref name="read"/>; false on a conflict (read again).</summary>
    public async Task<bool> TrySetNomineesAsync(Nomination read, IReadOnlyList<string> nomineeIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            await _table.UpdateEntityAsync(
                new TableEntity(read.CourseId, read.Id) { ["NomineeIds"] = JsonSerializer.Serialize(nomineeIds) },
                new ETag(read.Version!),
                TableUpdateMode.Merge,
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Puts back nominees whose removal failed because they were invited meanwhile (they stay nominees).</summary>
    public async Task RestoreNomineesAsync(string courseId, string id, IReadOnlyList<string> inviteeIds, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await GetAsync(courseId, id, cancellationToken);
            if (current is null)
            {
                return;
            }

            var ids = current.NomineeIds.Union(inviteeIds, StringComparer.Ordinal).ToList();
            if (ids.Count == current.NomineeIds.Count || await TrySetNomineesAsync(current, ids, cancellationToken))
            {
                return;
            }
        }
    }

    public Task MarkRequestSentAsync(string courseId, IEnumerable<string> ids, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkAsync(courseId, ids, "RequestSentAt", at, cancellationToken);

    public Task MarkSilentNoticeSentAsync(string courseId, IEnumerable<string> ids, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkAsync(courseId, ids, "SilentNoticeSentAt", at, cancellationToken);

    private Task MarkAsync(string courseId, IEnumerable<string> ids, string column, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableBatch.SubmitAsync(
            _table,
            ids.Select(id => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(courseId, id) { [column] = at }, ETag.All)),
            cancellationToken);

    private static Nomination ToNomination(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey,
        e.GetString("Unit") ?? string.Empty,
        e.GetString("ContactEmail") ?? string.Empty,
        e.GetInt32("Quota") ?? 0,
        JsonSerializer.Deserialize<List<string>>(e.GetString("NomineeIds") ?? "[]") ?? [],
        e.GetDateTimeOffset("RequestSentAt"),
        e.GetDateTimeOffset("SilentNoticeSentAt"),
        e.ETag.ToString());
}
