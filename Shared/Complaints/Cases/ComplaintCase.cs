using System.Text.Json.Serialization;
using Workflow.Access;
using Workflow.Complaints.Deadlines;

namespace Workflow.Complaints.Cases;

/// <summary>Where a case stands.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    Open,
    Resolved,
    Withdrawn,
}

/// <summary>
/// A registered case (SPEC §3): the paper file's code, kind, dates, handling unit, officers, a short
/// subject and its status, plus the rule-set version in force on its receipt date. No person's identity.
/// </summary>
public sealed record ComplaintCase(
    string Id,
    string Code,
    CaseKind Kind,
    DateOnly ReceivedOn,
    DateOnly? AcceptedOn,
    bool Complex,
    bool EspeciallyComplex,
    bool RemoteArea,
    bool SeveralPlaces,
    string HandlingUnit,
    IReadOnlyList<string> OfficerEmails,
    string? Subject,
    CaseStatus Status,
    RuleSetRef RuleSet,
    IReadOnlyList<Extension> Extensions,
    DateOnly? ResolvedOn,
    string? DecisionNo,
    DateOnly? WithdrawnOn,
    string? WithdrawalReason,
    [property: JsonIgnore] DateTimeOffset CreatedAt)
{
    [JsonIgnore]
    public CaseFacts Facts => new(Kind, ReceivedOn, AcceptedOn, Complex, EspeciallyComplex, RemoteArea, SeveralPlaces, Extensions);

    /// <summary>
    /// Who registered the case and took each action, and when (<see cref="CaseHistory"/>), oldest first: the officer (the
    /// signed-in person or key), never a complainant or a denouncer.
    /// </summary>
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];
}

/// <summary>The rule-set version a case is counted under: its name and effective date.</summary>
public sealed record RuleSetRef(string Name, DateOnly EffectiveFrom);

/// <summary>The body of <c>POST /api/complaints</c> (SPEC §4 Case JSON).</summary>
public sealed record RegisterCaseRequest(
    string? Code,
    CaseKind? Kind,
    DateOnly? ReceivedOn,
    DateOnly? AcceptedOn,
    bool? Complex,
    bool? EspeciallyComplex,
    bool? RemoteArea,
    bool? SeveralPlaces,
    string? HandlingUnit,
    IReadOnlyList<string?>? OfficerEmails,
    string? Subject);

public sealed record AcceptRequest(DateOnly? AcceptedOn, bool? Complex, bool? EspeciallyComplex);

public sealed record ExtendRequest(string? DecisionNo, DateOnly? DecidedOn, int? Days);

public sealed record ResolveRequest(DateOnly? ResolvedOn, string? DecisionNo);

public sealed record WithdrawRequest(DateOnly? WithdrawnOn, string? Reason);

/// <summary>
/// A case as the API answers it: the Case JSON plus id, status, rule set (the fields of <see cref="ComplaintCase"/> in
/// their order, but when it was stored), then <c>deadlines</c>. <see cref="CaseViewConverter"/> writes it, so the case's
/// fields are named once, in <see cref="ComplaintCase"/>.
/// </summary>
[JsonConverter(typeof(CaseViewConverter))]
public sealed record CaseView(ComplaintCase Case, IReadOnlyList<StageDeadline> Deadlines)
{
    public static CaseView From(ComplaintCase c, IReadOnlyList<StageDeadline> deadlines)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CaseView(c, deadlines);
    }
}

/// <summary>Writes a <see cref="CaseView"/> as one object: the case's own JSON fields, then <c>deadlines</c>. Answers are never read back.</summary>
internal sealed class CaseViewConverter : JsonConverter<CaseView>
{
    public override CaseView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A case view is an answer, never read.");

    public override void Write(Utf8JsonWriter writer, CaseView value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartObject();
        foreach (var field in JsonSerializer.SerializeToElement(value.Case, options).EnumerateObject())
        {
            field.WriteTo(writer);
        }

        writer.WritePropertyName(options.PropertyNamingPolicy?.ConvertName(nameof(CaseView.Deadlines)) ?? nameof(CaseView.Deadlines));
        JsonSerializer.Serialize(writer, value.Deadlines, options);
        writer.WriteEndObject();
    }
}

/// <summary>One open stage deadline as the deadline index keeps it: everything an alert needs, nothing personal.</summary>
public sealed record IndexedDeadline(
    string CaseId,
    Stage Stage,
    DateOnly Due,
    CountingUnit CountedIn,
    string Code,
    CaseKind Kind,
    string HandlingUnit,
    IReadOnlyList<string> OfficerEmails,
    string? Subject);
