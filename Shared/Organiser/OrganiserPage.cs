using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Workflow.Access;
using Workflow.Http;

namespace Workflow.Organiser;

/// <summary>
/// The organiser's page (issue 10): a static HTML shell and its ES modules, stylesheet and icons, embedded in this
/// assembly and served anonymously by both hosts. The shell holds no data: every course, invitee and case is read
/// from the product's own API as the signed-in person (issue 17: the browser's session cookie, Easy Auth on Azure or
/// the development sign-in locally; <c>GET /api/me</c> says who and with which roles). The shell carries only how to
/// sign in here, on its <c>&lt;body&gt;</c>: the sign-in and sign-out addresses (<see cref="AccessOptions"/>) and
/// whether the key form for scripts' keys is offered (Development only). Only the names in the assembly are served;
/// anything else is a plain 404 page.
/// </summary>
public sealed class OrganiserPage
{
    private const string Prefix = "Workflow.Organiser.";

    /// <summary>
    /// Scripts and styles from this origin only, no inline code, no framing; the API is called on the same origin.
    /// The page writes user text with textContent only, so this policy is a second line, not the first. A learning report's
    /// image or PDF is shown from a blob the page made of the API's answer (only those types: reports.js), hence
    /// <c>blob:</c> for images and frames.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; frame-src blob:; connect-src 'self'; " +
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

    public OrganiserPage(TemplateRenderer words, IOptions<AccessOptions> access)
    {
        ArgumentNullException.ThrowIfNull(access);
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
            var bytes = file == "index.html" ? WithSignIn(buffer.ToArray(), access.Value) : buffer.ToArray();
            assets[file] = new StaticFile(bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The shell's <c>&lt;body&gt;</c> with how to sign in on this host, as data attributes (no inline script: the page's
    /// policy allows none): <c>data-sign-in</c> and <c>data-sign-out</c> only where a person can sign in (Easy Auth on,
    /// or the development sign-in), <c>data-sign-out-method</c>, and <c>data-key-form</c> (scripts' keys typed into the
    /// page: the development sign-in's host only; on Azure the form is gone).
    /// </summary>
    private static byte[] WithSignIn(byte[] shell, AccessOptions access)
    {
        var attributes = new StringBuilder();
        void Add(string name, string value) =>
            attributes.Append(' ').Append(name).Append("=\"").Append(HtmlEncoder.Default.Encode(value)).Append('"');
        if (access.PersonSignIn)
        {
            Add("data-sign-in", access.SignInUrl);
            Add("data-sign-out", access.SignOutUrl);
            Add("data-sign-out-method", string.Equals(access.SignOutMethod, "POST", StringComparison.OrdinalIgnoreCase) ? "POST" : "GET");
        }

        Add("data-key-form", access.DevSignIn ? "true" : "false");
        var text = Encoding.UTF8.GetString(shell);
        if (!text.Contains("<body>", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The organiser page's index.html has no <body> to carry the sign-in.");
        }

        return Encoding.UTF8.GetBytes(text.Replace("<body>", $"<body{attributes}>", StringComparison.Ordinal));
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
