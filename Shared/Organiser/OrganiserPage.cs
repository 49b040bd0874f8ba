using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Workflow.Http;

namespace Workflow.Organiser;

/// <summary>
/// The organiser's page (issue 10): a static HTML shell and its ES modules, stylesheet and icons, embedded in this
/// assembly and served anonymously by both hosts. The shell holds no data: every course, invitee and case is read
/// from the product's own API with the organiser's function key, which the page keeps in sessionStorage and sends as
/// <c>x-functions-key</c> (never in a URL). Only the names in the assembly are served; anything else is a plain 404 page.
/// </summary>
public sealed class OrganiserPage
{
    private const string Prefix = "Workflow.Organiser.";

    /// <summary>
    /// Scripts and styles from this origin only, no inline code, no framing; the API is called on the same origin.
    /// The page writes user text with textContent only, so this policy is a second line, not the first.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, StaticFile> _assets;

    private readonly TemplateRenderer _words;

    public OrganiserPage(TemplateRenderer words)
    {
        _words = words;
        var assembly = typeof(OrganiserPage).Assembly;
        var assets = new Dictionary<string, StaticFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var file = name[Prefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(file), out var type))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            assets[file] = new StaticFile(bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The file names served under <c>/api/organiser/{file}</c>.</summary>
    public IReadOnlyCollection<string> Files => _assets.Keys;

    /// <summary><c>GET /api/organiser</c>: the shell.</summary>
    public IResult Shell(HttpRequest request) => Serve(request, "index.html");

    /// <summary><c>GET /api/organiser/{file}</c>: a module, the stylesheet or an icon.</summary>
    public IResult Asset(HttpRequest request, string file) =>
        Serve(request, file == "index.html" ? string.Empty : file);

    private IResult Serve(HttpRequest request, string file)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        if (!_assets.TryGetValue(file ?? string.Empty, out var asset))
        {
            return NotFound(request);
        }

        // Revalidated on every load (a deployment changes them at once); 304 keeps it cheap.
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        if (ETags.Matches(request, asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>A plain page, the same for any name (nothing of the request is echoed), in the reader's language.</summary>
    private IResult NotFound(HttpRequest request)
    {
        var language = ReaderLanguage.Of(request);
        return Results.Content(
            _words.Render("organiser-not-found", html: true, new Dictionary<string, object?>(StringComparer.Ordinal) { ["lang"] = language }, language),
            "text/html; charset=utf-8",
            statusCode: StatusCodes.Status404NotFound);
    }

    private sealed record StaticFile(byte[] Bytes, string ContentType, string ETag);
}
