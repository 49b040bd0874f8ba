using Workflow.Access;

namespace Workflow.Complaints.Cases;

/// <summary>Who takes an action on a case, and when: the officer (the signed-in person or key) at the request's time.</summary>
public sealed record CaseAct(Author By, DateTimeOffset At)
{
    /// <summary>The case with this act's line <paramref name="what"/> appended to its history.</summary>
    public ComplaintCase Record(ComplaintCase c, string what) => CaseHistory.Record(c, By, At, what);
}

/// <summary>
/// A case's history (<see cref="ComplaintCase.History"/>): who registered it and took each action, and when, written with
/// the change under the case's ETag (<see cref="ComplaintStore.UpdateAsync"/>), so a line is neither lost nor doubled.
/// Lines hold the author (an officer), the time and a code: never a complainant's or a denouncer's identity.
/// </summary>
public static class CaseHistory
{
    /// <summary>Lines kept (the newest): a case sees a registration and a handful of actions.</summary>
    public const int Max = 100;

    public const string Registered = "registered";
    public const string Accepted = "accepted";
    public const string Extended = "extended";
    public const string Resolved = "resolved";
    public const string Withdrawn = "withdrawn";

    public static ComplaintCase Record(ComplaintCase c, Author by, DateTimeOffset at, string what)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        return c with { History = History.Append(c.History, new HistoryEntry(at, by, what), Max) };
    }
}
