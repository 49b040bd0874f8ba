using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Access;

/// <summary>
/// One line of a course's or a complaint case's history: when, who (<see cref="Author"/>: the signed-in person or the
/// key that made the change, <see cref="Author.System"/> for the workflow itself), what (a code such as <c>created</c>,
/// <c>accepted</c>), and for a course an optional detail (data: field names, a number, the organiser's reason; never a
/// sentence, never a denouncer's identity).
/// </summary>
public sealed record HistoryEntry(
    DateTimeOffset At,
    Author By,
    string What,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);

/// <summary>Appending to a history, bounded: the oldest lines go first, so a stored history never outgrows its column.</summary>
public static class History
{
    /// <summary>
    /// Characters a stored history may take (a table's text column holds 32,768): lines beyond it are dropped, oldest first,
    /// whatever the count, so a long name or reason can never make the write fail.
    /// </summary>
    public const int MaxStoredChars = 30_000;

    /// <summary><paramref name="history"/> with <paramref name="entry"/> last, keeping at most <paramref name="max"/> lines (the newest).</summary>
    public static IReadOnlyList<HistoryEntry> Append(IReadOnlyList<HistoryEntry> history, HistoryEntry entry, int max)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return [.. history.Skip(Math.Max(0, history.Count - max + 1)), entry];
    }

    /// <summary>The JSON a store keeps for <paramref name="history"/> (null for none), its oldest lines dropped until it fits <see cref="MaxStoredChars"/>.</summary>
    public static string? ToStored(IReadOnlyList<HistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        for (var skip = 0; skip < history.Count; skip++)
        {
            var json = JsonSerializer.Serialize(history.Skip(skip), WorkflowJson.Options);
            if (json.Length <= MaxStoredChars)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary>A stored history (null or empty: none).</summary>
    public static IReadOnlyList<HistoryEntry> FromStored(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<HistoryEntry>>(json, WorkflowJson.Options) ?? [];
}
