namespace Workflow;

/// <summary>Validating a list sent in a body, entry by entry, each error naming the entry's field.</summary>
public static class ListEntries
{
    /// <summary>
    /// The entries of <paramref name="entries"/> in order, each with its index and its field name (<c>days[2]</c>, or
    /// <c>[2]</c> when <paramref name="list"/> is empty: a body that is the list). An empty (null) entry is reported on its
    /// field with <paramref name="empty"/> and skipped, so the validator only ever sees entries it can read.
    /// </summary>
    public static IEnumerable<(int Index, string Field, T Entry)> Of<T>(string list, IReadOnlyList<T?> entries, Phrase empty, Action<ValidationError> report)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(report);
        return Iterate();

        IEnumerable<(int, string, T)> Iterate()
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"{list}[{i}]");
                if (entries[i] is { } entry)
                {
                    yield return (i, field, entry);
                }
                else
                {
                    report(new ValidationError(field, empty));
                }
            }
        }
    }
}
