using Workflow.Documents.Numbers;

namespace Workflow.Courses.Certificates;

/// <summary>A certificate as issued: what its verification page shows, frozen at issue (a later rename changes nothing).</summary>
/// <param name="Dates">The course's dates as printed (<see cref="CertificatePdf.DatesOf"/>).</param>
public sealed record CertificateRecord(
    string Number,
    string CourseId,
    string InviteeId,
    string Name,
    string CourseTitle,
    string Dates,
    DateOnly IssuedOn,
    string Language);

/// <summary>What became of a try to take the sending of one certificate email.</summary>
public enum EmailClaim
{
    /// <summary>This run sends it now.</summary>
    Claimed,

    /// <summary>Sent (or refused for good) before: never again.</summary>
    Done,

    /// <summary>Another run is sending it right now.</summary>
    Busy,
}

/// <summary>
/// Certificates in their own table, one partition per course year (PK = the year, <c>2027</c>):
/// <list type="bullet">
/// <item><c>~counter</c>: the last sequence issued that year;</item>
/// <item><c>p-{courseId}-{inviteeId}</c>: the person's number (one per person and course) and the email's state;</item>
/// <item>the number itself (<c>BDNV-2027-000123</c>): the lookup row the verification page reads.</item>
/// </list>
/// A number is issued by ONE entity-group transaction (<see cref="YearCounter"/>, shared with the letters' numbers): the
/// counter moved on under its ETag (or created), the person row added and the number row added. If another host issued
/// meanwhile (412 on the counter) or the person already has a number (409), nothing is written and the issue is decided
/// again from fresh reads: numbers are never reused or skipped, and a person never gets two, whatever runs concurrently
/// on however many hosts.
/// </summary>
public sealed class CertificateStore(TableServiceClient service, TableInitializer init)
{
    public const string CertificatesTable = "Certificates";
    private const string CounterKey = "~counter";

    private readonly TableClient _table = service.GetTableClient(CertificatesTable);
    private readonly TableInitializer _init = init;

    /// <summary>
    /// The person's certificate of the course: the one already issued, or a new one with the year's next number.
    /// <paramref name="details"/> gives everything but the number (its <see cref="CertificateRecord.Number"/> is ignored).
    /// </summary>
    public async Task<CertificateRecord> IssueAsync(int year, string prefix, CertificateRecord details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        await _init.EnsureAsync(_table, cancellationToken);
        var partition = Partition(year);
        var personKey = PersonKey(details.CourseId, details.InviteeId);
        CertificateRecord? issued = null;
        var (number, taken) = await YearCounter.TakeAsync(
            _table,
            partition,
            CounterKey,
            personKey,
            next =>
            {
                issued = details with { Number = CertificateRules.FormatNumber(prefix, year, next) };
                return new NumberRows(
                    issued.Number,
                    new TableEntity(partition, personKey) { ["Number"] = issued.Number, ["EmailState"] = string.Empty },
                    [ToEntity(partition, issued)]);
            },
            cancellationToken);
        return taken
            ? issued!
            : await FindAsync(number, cancellationToken) ?? throw new InvalidOperationException("A certificate's person row names a number that has no row.");
    }

    /// <summary>The certificate with this number, or null (a malformed number never reaches storage).</summary>
    public async Task<CertificateRecord?> FindAsync(string? number, CancellationToken cancellationToken)
    {
        if (!CertificateRules.TryParseNumber(number, out var year, out _))
        {
            return null;
        }

        await _init.EnsureAsync(_table, cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(year), number!, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new CertificateRecord(
            e.RowKey,
            e.GetString("CourseId"),
            e.GetString("InviteeId"),
            e.GetString("Name"),
            e.GetString("CourseTitle"),
            e.GetString("Dates"),
            DateOnly.ParseExact(e.GetString("IssuedOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.GetString("Language") ?? "vi");
    }

    /// <summary>
    /// Takes the sending of the person's certificate email for run <paramref name="claim"/> (ETag): <see cref="EmailClaim.Done"/>
    /// once sent, <see cref="EmailClaim.Busy"/> while another run's claim younger than <paramref name="lease"/> stands
    /// (an older one is a run that died: taken over).
    /// </summary>
    public async Task<EmailClaim> TryClaimEmailAsync(int year, string courseId, string inviteeId, string claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = (await _table.GetEntityAsync<TableEntity>(Partition(year), PersonKey(courseId, inviteeId), cancellationToken: cancellationToken)).Value;
            var state = row.GetString("EmailState") ?? string.Empty;
            if (state is SentState or FailedState)
            {
                return EmailClaim.Done;
            }

            if (state == SendingState && row.GetString("EmailClaim") != claim && row.GetDateTimeOffset("EmailClaimedAt") is { } at && at + lease > now)
            {
                return EmailClaim.Busy;
            }

            var patch = new TableEntity(row.PartitionKey, row.RowKey) { ["EmailState"] = SendingState, ["EmailClaim"] = claim, ["EmailClaimedAt"] = now };
            try
            {
                await _table.UpdateEntityAsync(patch, row.ETag, TableUpdateMode.Merge, cancellationToken);
                return EmailClaim.Claimed;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 20)
            {
                // Another run touched the row: look again.
            }
        }
    }

    /// <summary>The email went (or was refused for good, <paramref name="failed"/>): never sent again.</summary>
    public Task MarkEmailedAsync(int year, string courseId, string inviteeId, bool failed, DateTimeOffset at, CancellationToken cancellationToken) =>
        _table.UpdateEntityAsync(
            new TableEntity(Partition(year), PersonKey(courseId, inviteeId)) { ["EmailState"] = failed ? FailedState : SentState, ["EmailedAt"] = at },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);

    /// <summary>A passing fault stopped the send: the claim is given back so a retry sends it.</summary>
    public Task ReleaseEmailAsync(int year, string courseId, string inviteeId, CancellationToken cancellationToken) =>
        _table.UpdateEntityAsync(
            new TableEntity(Partition(year), PersonKey(courseId, inviteeId)) { ["EmailState"] = string.Empty, ["EmailClaim"] = string.Empty },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);

    /// <summary>Whether the person's certificate email is done (sent or refused for good).</summary>
    public async Task<bool> IsEmailDoneAsync(int year, string courseId, string inviteeId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(year), PersonKey(courseId, inviteeId), select: ["EmailState"], cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("EmailState") is SentState or FailedState;
    }

    private const string SendingState = "sending";
    private const string SentState = "sent";
    private const string FailedState = "failed";

    private static string Partition(int year) => year.ToString("0000", CultureInfo.InvariantCulture);

    private static string PersonKey(string courseId, string inviteeId) => "p-" + courseId + "-" + inviteeId;

    private static TableEntity ToEntity(string partition, CertificateRecord r) => new(partition, r.Number)
    {
        ["CourseId"] = r.CourseId,
        ["InviteeId"] = r.InviteeId,
        ["Name"] = r.Name,
        ["CourseTitle"] = r.CourseTitle,
        ["Dates"] = r.Dates,
        ["IssuedOn"] = r.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Language"] = r.Language,
    };
}
