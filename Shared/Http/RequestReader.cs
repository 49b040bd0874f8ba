using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Workflow.Http;

/// <summary>
/// The one way every handler reads a request (docs/api.md "Input rules"): a body of at most
/// <see cref="MaxBodyBytes"/> (else 413), JSON parsed at most <see cref="MaxDepth"/> levels deep and checked
/// against the shape of the typed request record before it is bound (<see cref="JsonShape"/>: every error
/// names its field as a JSON path and says what is expected), ids checked before storage is asked
/// (<see cref="ResourceIds"/>), and forms read under tight limits. Answers go through <see cref="Problems"/>.
/// No answer quotes the body, an exception text or a .NET type name.
/// </summary>
public static class RequestReader
{
    /// <summary>Largest JSON or CSV body taken (1 MiB).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Deepest JSON nesting taken; the contract's deepest body has 3 levels.</summary>
    public const int MaxDepth = 16;

    /// <summary>The header that makes a POST safe to repeat (IETF draft "The Idempotency-Key HTTP Header Field").</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Reads the raw body, refusing one over <paramref name="limit"/> bytes with 413 without reading it all.</summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken, int limit = MaxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return (null, Problems.TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, Problems.TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            return (null, Problems.Validation("body", Phrase.Of("problem.theRequestBodyCouldNotBeRead")));
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>
    /// Reads a JSON body (size, content type, syntax, depth and text checked) into an element of its own, which needs no
    /// disposing: for handlers that look at the body before binding it (identity fields, a merge patch, a data file).
    /// </summary>
    public static async Task<(JsonElement Root, IResult? Problem)> ReadJsonRootAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (document, problem) = await ReadJsonDocumentAsync(request, cancellationToken);
        using (document)
        {
            return (document?.RootElement.Clone() ?? default, problem);
        }
    }

    /// <summary>Reads a JSON body into a document (size, content type, syntax and depth checked).</summary>
    private static async Task<(JsonDocument? Document, IResult? Problem)> ReadJsonDocumentAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType("application/json"));
        }

        var (body, problem) = await ReadBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        return ParseJson(body!);
    }

    /// <summary>
    /// Reads an optional JSON body into <typeparamref name="T"/>: (null, null) when the body is empty (or only white
    /// space), whatever the headers say. A body that is there is always read, never taken for "no body": with no
    /// Content-Type (or a chunked one with no Content-Length) it is read as JSON; with a Content-Type that is not JSON
    /// it is refused with 415, so a form or a text body is never silently ignored.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadOptionalJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await ReadBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var content = body.AsSpan();
        if (content.StartsWith(Encoding.UTF8.Preamble))
        {
            content = content[3..];
        }

        if (content.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (null, null);
        }

        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType("application/json"));
        }

        var (document, parseProblem) = ParseJson(body);
        if (parseProblem is not null)
        {
            return (null, parseProblem);
        }

        using (document)
        {
            return Bind<T>(document!.RootElement);
        }
    }

    /// <summary>
    /// The <c>Idempotency-Key</c> header: null when absent; an id (<see cref="ResourceIds"/>: letters, digits and '-', at
    /// most <see cref="ResourceIds.MaxLength"/>) when present, else 400 naming the header. Sent twice, it is refused.
    /// </summary>
    public static (string? Key, IResult? Problem) ReadIdempotencyKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValue(IdempotencyHeader, out var values))
        {
            return (null, null);
        }

        var key = values.Count == 1 ? values[0] ?? string.Empty : string.Empty;
        return ResourceIds.IsValid(key)
            ? (key, null)
            : (null, Problems.Validation(IdempotencyHeader, Phrase.Of("problem.aSingleKeyOfLettersDigitsAnd", ("maxLength", ResourceIds.MaxLength))));
    }

    /// <summary>Reads a JSON body into <typeparamref name="T"/>; every shape error names its field.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var (document, problem) = await ReadJsonDocumentAsync(request, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        using (document)
        {
            return Bind<T>(document!.RootElement);
        }
    }

    /// <summary>Binds an already parsed element, checking its shape first (see <see cref="JsonShape"/>).</summary>
    public static (T? Value, IResult? Problem) Bind<T>(JsonElement element)
        where T : class
    {
        var errors = JsonShape.Check(element, typeof(T));
        if (errors.Count > 0)
        {
            return (null, Problems.Validation(errors));
        }

        try
        {
            var value = element.Deserialize<T>(WorkflowJson.Options);
            return value is null ? (null, Problems.Validation("body", JsonShape.Expected(typeof(T)))) : (value, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // The shape check should have caught it; the exception's text is never shown.
            var field = ex is JsonException { Path: { Length: > 1 } path } ? JsonShape.Field(path) : "body";
            return (null, Problems.Validation(field, JsonShape.Expected(typeof(T))));
        }
    }

    /// <summary>Parses JSON bytes (UTF-8, BOM allowed) with the depth limit.</summary>
    public static (JsonDocument? Document, IResult? Problem) ParseJson(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[3..];
        }

        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (null, Problems.Validation("body", Phrase.Of("problem.aJsonBodyIsRequired")));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            // Line and byte position only: the parser's message may quote the body.
            var where = Phrase.Of("problem.lineByte", ("lineNumber", (ex.LineNumber ?? 0) + 1), ("bytePositionInLine", (ex.BytePositionInLine ?? 0) + 1));
            return (null, Problems.Validation("body", Phrase.Of("problem.notValidUtf8JsonOrNested", ("maxDepth", MaxDepth), ("where", where))));
        }

        if (JsonText.FirstBad(document.RootElement) is { } field)
        {
            document.Dispose();
            return (null, Problems.Validation(field, Phrase.Of("problem.textMayNotHoldControlCharactersOther")));
        }

        return (document, null);
    }

    /// <summary>Reads a CSV (or other text) body: size-limited, UTF-8 with or without BOM (UTF-16 with a BOM is also read).</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var (text, error) = TextFiles.Decode(body!);
        return error is null ? (text, null) : (null, Problems.Validation("body", error));
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true; // curl without -H and most scripts: taken as JSON
        }

        var media = contentType.Split(';', 2)[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            || media.Equals("text/json", StringComparison.OrdinalIgnoreCase);
    }
}
