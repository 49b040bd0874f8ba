using System.Globalization;
using System.Text;

namespace Workflow.IntegrationTests.Api.BadInput;

/// <summary>Which key a request carries.</summary>
public enum Key
{
    /// <summary>The organiser's function key in <c>x-functions-key</c>.</summary>
    Organiser,

    /// <summary>No key at all (anonymous pages, or a refusal test).</summary>
    None,

    /// <summary>A key that is not configured.</summary>
    Wrong,

    /// <summary>The master key (admin endpoints).</summary>
    Master,
}

/// <summary>What a case re-reads before and after to prove nothing changed (the dev outbox is always re-read).</summary>
[Flags]
public enum Reread
{
    OutboxOnly = 0,

    /// <summary>The draft fixture course and its invitees.</summary>
    DraftCourse = 1,

    /// <summary>The started fixture course and its invitees (the reply-page tokens name its invitees).</summary>
    StartedCourse = 2,

    /// <summary>The complaint list (every case).</summary>
    Complaints = 4,

    /// <summary>The unit registry.</summary>
    Units = 8,

    /// <summary>The people table (read with the master key).</summary>
    People = 16,

    All = DraftCourse | StartedCourse | Complaints | Units | People,
}

/// <summary>A request body: its content type and bytes (made when sent, so large bodies are not kept in memory).</summary>
public sealed record BadBody(string? ContentType, Func<byte[]> Bytes, string Shown)
{
    /// <summary>Sent with <c>Transfer-Encoding: chunked</c> (no Content-Length), as a stream of unknown length is.</summary>
    public bool Chunked { get; init; }

    /// <summary>The same bytes sent chunked.</summary>
    public static BadBody ChunkedRaw(string? contentType, string text) =>
        new(contentType, () => Encoding.UTF8.GetBytes(text), "chunked: " + Short(text)) { Chunked = true };

    public static BadBody Json(string json) => new("application/json", () => Encoding.UTF8.GetBytes(json), Short(json));

    public static BadBody Csv(string text) => new("text/csv", () => Encoding.UTF8.GetBytes(text), Short(text));

    public static BadBody Form(string text) => new("application/x-www-form-urlencoded", () => Encoding.UTF8.GetBytes(text), Short(text));

    public static BadBody Text(string contentType, string text) => new(contentType, () => Encoding.UTF8.GetBytes(text), Short(text));

    public static BadBody Raw(string? contentType, Func<byte[]> bytes, string shown) => new(contentType, bytes, shown);

    /// <summary>A JSON body whose text is made on demand (large or generated).</summary>
    public static BadBody Json(Func<string> json, string shown) => new("application/json", () => Encoding.UTF8.GetBytes(json()), shown);

    public override string ToString() => $"{ContentType ?? "(no content type)"}: {Shown}";

    private static string Short(string text) => text.Length <= 80 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..77]}... ({text.Length} chars)");
}

/// <summary>
/// One row of the bad-input table: a request that must be refused (or, for GET/HEAD of a page, answered without a change).
/// <para><paramref name="Route"/> is the endpoint name (LocalHostApp's <c>WithName</c>) whose path the request hits;
/// a test checks every route has rows.</para>
/// <para><paramref name="Path"/> may hold placeholders that <see cref="BadInputHost.Resolve"/> fills: <c>{draft}</c>,
/// <c>{started}</c> (fixture courses), <c>{complaint}</c>, <c>{token}</c> and forged <c>{token.*}</c> tokens.</para>
/// <para><paramref name="Expect"/>: allowed statuses separated by <c>|</c>, each a code (<c>400</c>) or a class (<c>4xx</c>).</para>
/// <para><paramref name="Field"/>: the JSON path the problem's <c>errors</c> map must name (alternatives separated by <c>|</c>).</para>
/// <para><paramref name="Says"/>: text the answer must contain: in the field's messages (API), in the problem's detail (API, no field) or in the page (reply page).</para>
/// <para><paramref name="Headers"/>: request headers besides the key (for example <c>Idempotency-Key</c>); a name given twice is sent twice.</para>
/// </summary>
public sealed record BadInputCase(
    string Name,
    string Route,
    string Method,
    string Path,
    BadBody? Body,
    string Expect,
    string? Field = null,
    string? Says = null,
    Key Key = Key.Organiser,
    Reread Reread = Reread.All,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    /// <summary>Whether the answer is an HTML page (the anonymous reply page, the certificate verification page, the organiser page's files) rather than problem+json.</summary>
    public bool IsPage => Path.StartsWith("/api/r/", StringComparison.Ordinal) || Path.StartsWith("/api/certificates/", StringComparison.Ordinal)
        || Path.StartsWith("/api/organiser", StringComparison.Ordinal);

    public bool Allows(int status) => Expect.Split('|').Any(e =>
        e.EndsWith("xx", StringComparison.Ordinal)
            ? status / 100 == e[0] - '0'
            : int.Parse(e, CultureInfo.InvariantCulture) == status);

    public override string ToString() =>
        $"{Name}: {Method} {Path}{string.Concat((Headers ?? []).Select(h => $" ({h.Key}: {h.Value})"))} [{Body}] → {Expect}{(Field is null ? string.Empty : " naming " + Field)}";
}
