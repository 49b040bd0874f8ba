namespace Workflow.Complaints;

/// <summary>
/// The facts of a case that its deadlines depend on (a subset of SPEC's Case JSON, plus the
/// accept and extend decisions). Nothing here identifies a person.
/// </summary>
/// <param name="Kind">The kind of case.</param>
/// <param name="ReceivedOn">The day the application was received (the rule set in force on this day applies).</param>
/// <param name="AcceptedOn">The day it was accepted (thụ lý), when it has been.</param>
/// <param name="Complex">Vụ việc phức tạp.</param>
/// <param name="EspeciallyComplex">Vụ việc đặc biệt phức tạp (denunciations: up to two extensions); implies complex.</param>
/// <param name="RemoteArea">Vùng sâu, vùng xa, đi lại khó khăn.</param>
/// <param name="SeveralPlaces">The denunciation must be verified in several places.</param>
/// <param name="Extensions">Extension decisions (denunciations only).</param>
public sealed record CaseFacts(
    CaseKind Kind,
    DateOnly ReceivedOn,
    DateOnly? AcceptedOn = null,
    bool Complex = false,
    bool EspeciallyComplex = false,
    bool RemoteArea = false,
    bool SeveralPlaces = false,
    IReadOnlyList<Extension>? Extensions = null)
{
    /// <summary>Complex or especially complex.</summary>
    public bool IsComplex => Complex || EspeciallyComplex;

    /// <summary>The extensions, never null.</summary>
    public IReadOnlyList<Extension> ExtensionList => Extensions ?? [];
}

/// <summary>An extension decision of a denunciation's resolution period (quyết định gia hạn).</summary>
/// <param name="DecisionNo">The decision's number, e.g. "12/QĐ-UBND".</param>
/// <param name="DecidedOn">The decision's date.</param>
/// <param name="Days">Days added, 1–30 under the default rules.</param>
public sealed record Extension(string DecisionNo, DateOnly DecidedOn, int Days);
