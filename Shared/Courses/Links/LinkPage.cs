using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Workflow.Courses.Links;

/// <summary>
/// What every personal-link page (reply, nomination, check-in, follow-up) is: a handler that loads the course (from
/// <see cref="CourseCache"/>) and the link's row, answers 404 when either is missing, the expired page (410) for an expired
/// link, the page for GET and HEAD, and for a POST the refusal when the page takes no answer now (409), else its form. A
/// page derives from this class and gives its own steps; it draws itself with <see cref="LinkPages"/>.
/// </summary>
/// <typeparam name="TRow">The link's row: an invitee, or a unit's nomination.</typeparam>
public abstract class LinkPage<TRow>(LinkPageServices services)
    where TRow : class
{
    /// <summary>A page's form is small: at most 64 fields, names of 64 characters, 64 KiB (the report's upload has limits of its own).</summary>
    public const int MaxFormBytes = 64 * 1024;

    private static readonly FormOptions PageForm = new()
    {
        ValueCountLimit = 64,
        KeyLengthLimit = 64,
        ValueLengthLimit = MaxFormBytes,
        MultipartBodyLengthLimit = MaxFormBytes,
        MultipartHeadersCountLimit = 16,
        MultipartHeadersLengthLimit = 4096,
        BufferBody = false,
    };

    protected CourseCache Courses => services.Courses;

    protected LinkPages Pages => services.Pages;

    protected TemplateRenderer Templates => services.Templates;

    protected TimeProvider Time => services.Time;

    /// <summary>The page of a verified link (<see cref="PersonalLinkRouter"/> checked the token).</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, VerifiedLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(link);
        var claims = link.Claims;
        var course = await Courses.GetAsync(claims.CourseId, cancellationToken);
        var row = course is null ? null : await LoadAsync(claims.CourseId, claims.InviteeId, cancellationToken);
        if (course is null || row is null)
        {
            return Pages.NotFound();
        }

        var visit = new LinkVisit<TRow>(request, course, row, Time.GetUtcNow()) { Purpose = claims.Purpose };
        if (link.Expired)
        {
            return Gone(visit);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return await ShowAsync(visit, cancellationToken);
        }

        visit = await RefreshAsync(visit, cancellationToken);
        return await ClosedAsync(visit, cancellationToken) ?? await PostAsync(visit, cancellationToken);
    }

    /// <summary>The link's row by course id and the token's id (null: none, 404).</summary>
    protected abstract Task<TRow?> LoadAsync(string courseId, string id, CancellationToken cancellationToken);

    /// <summary>The page for GET and HEAD: shows, changes nothing.</summary>
    protected abstract Task<IResult> ShowAsync(LinkVisit<TRow> visit, CancellationToken cancellationToken);

    /// <summary>The page's form, once the page takes answers.</summary>
    protected abstract Task<IResult> PostAsync(LinkVisit<TRow> visit, CancellationToken cancellationToken);

    /// <summary>The page of an expired link (default: the plain "expired" page naming the organisers).</summary>
    protected virtual IResult Gone(LinkVisit<TRow> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return Pages.Expired(visit.Course);
    }

    /// <summary>Before a POST is judged: a fresher course when the cached one may be out of date (default: as it is).</summary>
    protected virtual Task<LinkVisit<TRow>> RefreshAsync(LinkVisit<TRow> visit, CancellationToken cancellationToken) => Task.FromResult(visit);

    /// <summary>The refusal of a POST when the page takes no answer now (null: open; default: always open).</summary>
    protected virtual Task<IResult?> ClosedAsync(LinkVisit<TRow> visit, CancellationToken cancellationToken) => Task.FromResult<IResult?>(null);

    /// <summary>
    /// Reads the page's form under its limits; null with the status to answer (415 not a form, 413 too large, 400
    /// malformed) when the request is not a form or breaks a limit: the page then answers with a plain refusal.
    /// </summary>
    protected async Task<(IFormCollection? Form, int Status)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            return (null, StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > MaxFormBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            // A form feature of our own, so the limits hold whatever the host's defaults are.
            var feature = new FormFeature(request, PageForm);
            request.HttpContext.Features.Set<IFormFeature>(feature);
            return (await feature.ReadFormAsync(cancellationToken), StatusCodes.Status200OK);
        }
        catch (InvalidDataException ex)
        {
            // The form reader says "... limit ... exceeded" for a limit; anything else is a malformed form.
            return (null, ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
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
}

/// <summary>What every link page works with: the course cache, the page renderer, the string tables and the clock.</summary>
public sealed record LinkPageServices(CourseCache Courses, LinkPages Pages, TemplateRenderer Templates, TimeProvider Time);

/// <summary>One visit of a link page: the request, the course, the link's row (an invitee, a nomination), and the time it is judged at.</summary>
public sealed record LinkVisit<TRow>(HttpRequest Request, Course Course, TRow Row, DateTimeOffset Now)
{
    /// <summary>What the link is for (the follow-up page serves both the survey and the report).</summary>
    public LinkPurpose Purpose { get; init; }
}
