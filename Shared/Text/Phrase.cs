namespace Workflow;

/// <summary>
/// A sentence for a person, as the domain says it: a key of the string tables (<c>Templates/strings.{vi,en}.json</c>)
/// and its arguments, never the words themselves. It is put into words once, in the reader's language: by the
/// problem answer (<see cref="Http.Problems"/>, the request's <c>Accept-Language</c>) or by a page or an email (the
/// course's language), through <see cref="Templates.TemplateRenderer.Render(Phrase, string)"/>.
/// </summary>
/// <param name="Key">The key in the string tables, e.g. <c>error.aTitleIsRequired</c>.</param>
/// <param name="Args">Named values the sentence shows: text, numbers, or other phrases (put into words first).</param>
public sealed record Phrase(string Key, IReadOnlyDictionary<string, object?> Args)
{
    /// <summary>A phrase with its arguments; values that are not text, numbers or phrases are written invariantly.</summary>
    public static Phrase Of(string key, params (string Name, object? Value)[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(args);
        return new(key, args.ToDictionary(a => a.Name, a => Plain(a.Value), StringComparer.Ordinal));
    }

    /// <summary>Two phrases are equal when they say the same: the same key and the same arguments.</summary>
    public bool Equals(Phrase? other) =>
        other is not null && Key == other.Key && Args.Count == other.Args.Count
        && Args.All(a => other.Args.TryGetValue(a.Key, out var value) && Equals(a.Value, value));

    public override int GetHashCode() => HashCode.Combine(Key, Args.Count);

    /// <summary>The key and arguments (for logs and test failures; never shown to a person).</summary>
    public override string ToString() =>
        Args.Count == 0 ? Key : $"{Key}({string.Join(", ", Args.Select(a => $"{a.Key}={a.Value}"))})";

    private static object? Plain(object? value) => value switch
    {
        null => null,
        string or int or long or double or decimal or Phrase or TimeRange => value,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>A span of time a phrase shows (a session's times), written in the reader's language and Vietnam time when the phrase is put into words.</summary>
public sealed record TimeRange(DateTimeOffset Start, DateTimeOffset End);
