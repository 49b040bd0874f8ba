namespace Workflow.Courses.Attendance;

/// <summary>
/// Which units of a course have had their attendance report (SendGrid cannot deduplicate, so the mark is ours): table
/// <c>UnitReports</c>, PK = course id, RK = the unit's id (<see cref="Nominations.NominationRules.IdFor"/>), with the unit's
/// name and when it was sent.
/// </summary>
public sealed class UnitReportStore(TableServiceClient service, TableInitializer init)
{
    public const string UnitReportsTable = "UnitReports";

    private readonly TableClient _table = service.GetTableClient(UnitReportsTable);
    private readonly TableInitializer _init = init;

    /// <summary>Unit ids of the course whose report went out.</summary>
    public async Task<HashSet<string>> ListSentAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        var sent = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == courseId, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            sent.Add(e.RowKey);
        }

        return sent;
    }

    public async Task MarkSentAsync(string courseId, string unitId, string unit, int recipients, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        await _table.UpsertEntityAsync(
            new TableEntity(courseId, unitId) { ["Unit"] = unit, ["Recipients"] = recipients, ["SentAt"] = at },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>For tests and the organiser's questions: when the unit's report went out (null: not yet).</summary>
    public async Task<DateTimeOffset?> SentAtAsync(string courseId, string unitId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(courseId, unitId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetDateTimeOffset("SentAt") : null;
    }
}
