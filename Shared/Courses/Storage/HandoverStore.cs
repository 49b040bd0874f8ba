namespace Workflow.Courses.Storage;

/// <summary>What became of one scheduled batch of a round, by invitee id.</summary>
/// <param name="Cancelled">Cancelled after a crash: nobody of the batch gets it; they are sent again.</param>
/// <param name="NotAccepted">Surely not taken by the service (a passing fault stopped the batch): sent again.</param>
/// <param name="Failed">Refused or unconfirmed, for good. Everyone else of the batch was accepted.</param>
public sealed record HandoverOutcome(bool Cancelled, IReadOnlyCollection<string> NotAccepted, IReadOnlyDictionary<string, EmailFailure> Failed)
{
    public static HandoverOutcome Cancel { get; } = new(true, [], new Dictionary<string, EmailFailure>());

    public static HandoverOutcome AllAccepted { get; } = new(false, [], new Dictionary<string, EmailFailure>());
}

/// <summary>
/// The EmailHandovers table (PK = course id, RK = batch id): the outcome of each scheduled batch, written once the
/// service answered (before the invitee rows are marked, so a crash while marking leaves the outcome to finish with)
/// or when recovery cancelled the batch or found it past cancelling.
/// </summary>
public sealed class HandoverStore(TableServiceClient service, TableInitializer init)
{
    public const string Table = "EmailHandovers";

    private const int ChunkChars = 30_000; // a string property holds at most 32K UTF-16 characters
    private readonly TableClient _table = service.GetTableClient(Table);

    public async Task SaveAsync(string courseId, string batchId, HandoverOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await init.EnsureAsync(_table, cancellationToken);
        var data = JsonSerializer.Serialize(
            new Stored(outcome.Cancelled, [.. outcome.NotAccepted], outcome.Failed.ToDictionary(p => p.Key, p => p.Value.Stored, StringComparer.Ordinal)),
            WorkflowJson.Options);
        var entity = new TableEntity(courseId, batchId);
        var parts = (data.Length + ChunkChars - 1) / ChunkChars;
        for (var i = 0; i < parts; i++)
        {
            entity["Data" + i.ToString(CultureInfo.InvariantCulture)] = data.Substring(i * ChunkChars, Math.Min(ChunkChars, data.Length - (i * ChunkChars)));
        }

        entity["Parts"] = parts;
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<HandoverOutcome?> GetAsync(string courseId, string batchId, CancellationToken cancellationToken)
    {
        await init.EnsureAsync(_table, cancellationToken);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(courseId, batchId, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } entity)
        {
            return null;
        }

        var data = new StringBuilder();
        for (var i = 0; i < (entity.GetInt32("Parts") ?? 0); i++)
        {
            data.Append(entity.GetString("Data" + i.ToString(CultureInfo.InvariantCulture)));
        }

        var stored = JsonSerializer.Deserialize<Stored>(data.ToString(), WorkflowJson.Options)!;
        return new HandoverOutcome(
            stored.Cancelled,
            stored.NotAccepted,
            stored.Failed.ToDictionary(p => p.Key, p => EmailFailure.FromStored(p.Value)!, StringComparer.Ordinal));
    }

    private sealed record Stored(bool Cancelled, List<string> NotAccepted, Dictionary<string, string> Failed);
}
