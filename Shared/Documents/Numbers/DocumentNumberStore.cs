namespace Workflow.Documents.Numbers;

/// <summary>
/// The numbers of the documents a Board issues (Giấy mời, công văn…), per year and kind, in table
/// <c>DocumentNumbers</c>: partition = the year (<c>2026</c>), a counter row <c>~counter-{kind}</c> and one row
/// <c>{kind}-{owner}</c> per numbered thing (a course's letter). Taken with <see cref="YearCounter"/>: unique under
/// concurrent allocation on any number of hosts, allocated once per owner, never reused.
/// </summary>
public sealed class DocumentNumberStore(TableServiceClient service, TableInitializer init)
{
    public const string Table = "DocumentNumbers";

    private readonly TableClient _table = service.GetTableClient(Table);

    /// <summary>The sequence of <paramref name="owner"/>'s document of <paramref name="kind"/> in <paramref name="year"/>: the one it has, or the next.</summary>
    /// <param name="kind">The document's kind as its sign writes it (<c>GM</c>, <c>CV</c>): capitals.</param>
    /// <param name="owner">What is numbered (a course id): letters, digits and dashes.</param>
    public async Task<long> TakeAsync(int year, string kind, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        await init.EnsureAsync(_table, cancellationToken);
        var partition = year.ToString("0000", CultureInfo.InvariantCulture);
        var ownerKey = kind + "-" + owner;
        var (number, _) = await YearCounter.TakeAsync(
            _table,
            partition,
            "~counter-" + kind,
            ownerKey,
            next => new NumberRows(next.ToString(CultureInfo.InvariantCulture), new TableEntity(partition, ownerKey) { ["Number"] = next.ToString(CultureInfo.InvariantCulture) }, []),
            cancellationToken);
        return long.Parse(number, CultureInfo.InvariantCulture);
    }
}
