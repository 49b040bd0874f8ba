namespace Workflow.Complaints;

/// <summary>
/// The JSON data the complaint rules are built from (rule sets, holiday years), embedded in Workflow.Shared by a resource
/// prefix or added as files: documents that may hold comments and trailing commas.
/// </summary>
internal static class ComplaintDataFiles
{
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// The documents embedded under <paramref name="prefix"/> in name order, then <paramref name="files"/> from disk, each
    /// read by <paramref name="parse"/> (the text, and where it came from for messages).
    /// </summary>
    /// <param name="missing">The loader's error for a listed resource that cannot be read.</param>
    public static IReadOnlyList<T> Load<T>(string prefix, IEnumerable<string>? files, Func<string, string, T> parse, Func<string, Exception> missing)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var assembly = typeof(ComplaintDataFiles).Assembly;
        var result = new List<T>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw missing(name);
            using var reader = new StreamReader(stream);
            result.Add(parse(reader.ReadToEnd(), name));
        }

        result.AddRange((files ?? []).Select(path => parse(File.ReadAllText(path), path)));
        return result;
    }
}
