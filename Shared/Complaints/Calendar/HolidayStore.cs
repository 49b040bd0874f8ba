namespace Workflow.Complaints.Calendar;

/// <summary>
/// Holiday years added at run time (<c>POST /api/holidays</c>), kept in Table Storage so they survive
/// restarts: PK = <c>year</c>, RK = the year, <c>Json</c> = the year's document as posted (the data-file shape).
/// </summary>
public sealed class HolidayStore(TableServiceClient service, TableInitializer init, ComplaintTables tables)
{
    public const string DefaultTable = "ComplaintHolidays";
    private const string Partition = "year";

    private readonly TableClient _table = service.GetTableClient(tables.Holidays);
    private readonly TableInitializer _init = init;

    public async Task SaveAsync(int year, string json, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        await _table.UpsertEntityAsync(
            new TableEntity(Partition, year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)) { ["Json"] = json },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>Every stored year, parsed; a stored document that no longer parses is reported, not thrown.</summary>
    public async Task<IReadOnlyList<HolidayYear>> LoadAsync(CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_table, cancellationToken);
        var years = new List<HolidayYear>();
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            using var document = JsonDocument.Parse(e.GetString("Json") ?? "{}");
            if (HolidayDataLoader.TryRead(document.RootElement, out var year, out _) && year is not null)
            {
                years.Add(year);
            }
        }

        return years;
    }
}

/// <summary>The complaint tables' names (tests give each run its own).</summary>
public sealed record ComplaintTables(
    string Cases = "ComplaintCases",
    string Index = "ComplaintDeadlineIndex",
    string AlertLog = "ComplaintAlertLog",
    string Holidays = HolidayStore.DefaultTable,
    string StatusIndex = "ComplaintStatusIndex")
{
    public static ComplaintTables WithPrefix(string prefix) =>
        new(prefix + "Cases", prefix + "DeadlineIndex", prefix + "AlertLog", prefix + "Holidays", prefix + "StatusIndex");
}
