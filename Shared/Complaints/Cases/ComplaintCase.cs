using System.Text.Json.Serialization;
using Workflow.Complaints.Deadlines;

namespace Workflow.Complaints.Cases;

/// <summary>Where a case stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("resolved")] Resolved,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
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
    DateTimeOffset CreatedAt)
{
    public CaseFacts Facts => new(Kind, ReceivedOn, AcceptedOn, Complex, EspeciallyComplex, RemoteArea, SeveralPlaces, Extensions);
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

/// <summary>A case as the API answers it: the Case JSON plus id, status, rule set and <c>deadlines</c>.</summary>
public sealed record CaseView(
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
    IReadOnlyList<StageDeadline> Deadlines)
{
    public static CaseView From(ComplaintCase c, IReadOnlyList<StageDeadline> deadlines)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CaseView(
            c.Id, c.Code, c.Kind, c.ReceivedOn, c.AcceptedOn, c.Complex, c.EspeciallyComplex, c.RemoteArea, c.SeveralPlaces,
            c.HandlingUnit, c.OfficerEmails, c.Subject, c.Status, c.RuleSet, c.Extensions, c.ResolvedOn, c.DecisionNo,
            c.WithdrawnOn, c.WithdrawalReason, deadlines);
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
