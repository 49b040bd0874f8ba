using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Workflow.Http;

/// <summary>Limits of a page form that may carry one file.</summary>
/// <param name="FileField">The one field that may hold a file.</param>
/// <param name="MaxFileBytes">Largest file taken (a larger one: 413).</param>
/// <param name="MaxFieldBytes">Largest text field in bytes (a larger one: 413).</param>
/// <param name="MaxFields">Most text fields taken (more: 413).</param>
public sealed record UploadLimits(string FileField, int MaxFileBytes, int MaxFieldBytes, int MaxFields);

/// <summary>A file as the browser sent it (name as given, content read whole within the limit).</summary>
public sealed record UploadPart(string FileName, ReadOnlyMemory<byte> Content);

/// <summary>A page form read with its file: the first value of each text field, and the file if one was chosen.</summary>
public sealed record UploadForm(IReadOnlyDictionary<string, string> Fields, UploadPart? File)
{
    public string this[string name] => Fields.TryGetValue(name, out var value) ? value : string.Empty;
}

/// <summary>
/// Reads a page form that may carry one file (<c>multipart/form-data</c>, or <c>application/x-www-form-urlencoded</c> without a
/// file) under limits of its own, apart from the 64 KiB of a link page's form (<c>LinkPage.ReadFormAsync</c>): a declared length over the
/// total is refused before reading, each part is read only up to its limit (one byte more means 413), headers, the preamble and
/// the number of parts are bounded, so nothing is ever buffered beyond the limits whatever the client sends (chunked included).
/// </summary>
public static class UploadFormReader
{
    private const int MaxHeaderBytes = 4096;
    private const int MaxBoundary = 70;

    public static async Task<(UploadForm? Form, int Status)> ReadAsync(HttpRequest request, UploadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var total = (long)limits.MaxFileBytes + ((long)limits.MaxFields * (limits.MaxFieldBytes + MaxHeaderBytes)) + MaxHeaderBytes;
        if (request.ContentLength > total)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            if (request.HasFormContentType && !IsMultipart(request.ContentType, out _))
            {
                return await ReadUrlEncodedAsync(request, limits, cancellationToken);
            }

            if (!IsMultipart(request.ContentType, out var boundary))
            {
                return (null, StatusCodes.Status415UnsupportedMediaType);
            }

            return boundary is null ? (null, StatusCodes.Status400BadRequest) : await ReadMultipartAsync(request, boundary, limits, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }
        catch (BadHttpRequestException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
        catch (IOException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<(UploadForm? Form, int Status)> ReadMultipartAsync(HttpRequest request, string boundary, UploadLimits limits, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, request.Body)
        {
            HeadersCountLimit = 16,
            HeadersLengthLimit = MaxHeaderBytes,
            BodyLengthLimit = Math.Max(limits.MaxFileBytes, limits.MaxFieldBytes) + 1L,
        };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        UploadPart? file = null;
        var parts = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (++parts > limits.MaxFields + 1)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                return (null, StatusCodes.Status400BadRequest);
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
            if (disposition.FileName.HasValue || disposition.FileNameStar.HasValue)
            {
                if (name != limits.FileField || file is not null)
                {
                    return (null, StatusCodes.Status400BadRequest);
                }

                var content = await ReadBoundedAsync(section.Body, limits.MaxFileBytes, cancellationToken);
                if (content is null)
                {
                    return (null, StatusCodes.Status413PayloadTooLarge);
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString();
                if (fileName.Length > 0 || content.Length > 0)
                {
                    // A file input left empty still sends a part with an empty name and no content: no file then.
                    file = new UploadPart(fileName, content);
                }

                continue;
            }

            var bytes = await ReadBoundedAsync(section.Body, limits.MaxFieldBytes, cancellationToken);
            if (bytes is null)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return (null, StatusCodes.Status400BadRequest);
            }

            fields.TryAdd(name, text);
        }

        return (new UploadForm(fields, file), StatusCodes.Status200OK);
    }

    private static async Task<(UploadForm? Form, int Status)> ReadUrlEncodedAsync(HttpRequest request, UploadLimits limits, CancellationToken cancellationToken)
    {
        var feature = new FormFeature(request, new FormOptions
        {
            ValueCountLimit = limits.MaxFields,
            KeyLengthLimit = 64,
            ValueLengthLimit = limits.MaxFieldBytes,
            BufferBody = false,
        });
        request.HttpContext.Features.Set<IFormFeature>(feature);
        var form = await feature.ReadFormAsync(cancellationToken);
        if (form.Files.Count > 0)
        {
            return (null, StatusCodes.Status400BadRequest);
        }

        var fields = form.ToDictionary(p => p.Key, p => p.Value.Count > 0 ? p.Value[0] ?? string.Empty : string.Empty, StringComparer.Ordinal);
        return (new UploadForm(fields, null), StatusCodes.Status200OK);
    }

    /// <summary>Reads a part whole if it has at most <paramref name="limit"/> bytes; null (nothing more read) when it has more.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsMultipart(string? contentType, out string? boundary)
    {
        boundary = null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var value = HeaderUtilities.RemoveQuotes(media.Boundary).ToString();
        boundary = value.Length is > 0 and <= MaxBoundary ? value : null;
        return true;
    }

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
