using Workflow.Complaints.Deadlines;

namespace Workflow.Complaints.Cases;

/// <summary>The columns of a case row and of a deadline index row: the only code that names them (used by <see cref="ComplaintStore"/>).</summary>
internal static class CaseRows
{
    private const string CaseRowKey = ComplaintStore.CaseRowKey;

    /// <summary>After an index sync: the case's <c>IndexKeys</c> become the keys it now has (unless it changed meanwhile).</summary>
    internal static async Task SettleIndexKeysAsync(TableClient cases, string caseId, IReadOnlyList<string> wanted, ETag etag, CancellationToken cancellationToken)
    {
        var merge = new TableEntity(caseId, CaseRowKey) { ["IndexKeys"] = JsonSerializer.Serialize(wanted) };
        try
        {
            await cases.UpdateEntityAsync(merge, etag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Changed meanwhile: that change recorded its own keys (a superset) and syncs them.
        }
    }

    internal static class CaseEntity
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

    internal static class IndexEntity
    {
        public static TableEntity From(ComplaintCase c, StageDeadline d) => new(ComplaintStore.DueKey(d.Due), ComplaintStore.IndexRowKey(c.Id, d.Stage))
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

    internal delegate bool TryParse<T>(string? text, out T value);

    internal static T Parse<T>(string? text, TryParse<T> parse) =>
        parse(text, out var value) ? value : throw new InvalidDataException($"Stored value '{text}' is not a {typeof(T).Name}.");

    internal sealed record StoredExtension(string DecisionNo, string DecidedOn, int Days);

    internal static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateOnly? ParseDate(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
