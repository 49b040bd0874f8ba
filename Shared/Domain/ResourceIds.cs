namespace Workflow;

/// <summary>
/// Ids in routes and links are checked before storage is asked: the ids this product makes are 16–20
/// lower-case hex characters, so anything else (characters not valid in a table key, an over-long id) is
/// simply "not found", at once, instead of a storage error after its retries.
/// </summary>
public static class ResourceIds
{
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="id"/> can be an id of this product (ASCII letters, digits and '-', 1–64 long).</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The id as it may be echoed back in an answer (a malformed one is not repeated).</summary>
    public static string Shown(string? id) => IsValid(id) ? id! : "(?)";
}
