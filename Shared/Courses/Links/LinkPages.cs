using Microsoft.AspNetCore.Http;

namespace Workflow.Courses.Links;

/// <summary>
/// What every personal-link page (reply, nomination, check-in, follow-up) does the same way: the headers, the skeleton
/// (load the course and the person's row → not found / gone / closed → show or take the form), the plain pages without
/// course details, and the page model of the course (<see cref="CoursePageModel"/>).
/// </summary>
public sealed class LinkPages(CourseCache courses, TemplateRenderer templates, TimeProvider time, IOptions<WorkflowOptions> options)
{
    /// <summary>The headers of every link page: never cached or indexed, and the token never leaves in a Referer.</summary>
    public static void PrivatePage(HttpResponse response, string cacheControl = "no-store")
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = cacheControl;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Robots-Tag"] = "noindex";
    }

    /// <summary>
    /// The skeleton of a link page: the course (from <see cref="CourseCache"/>) and the link's row; neither → the plain
    /// "invalid link" page (404); an expired link → <see cref="LinkPageSteps{TRow}.Gone"/> (410); GET and HEAD → the
    /// page; a POST → <see cref="LinkPageSteps{TRow}.Closed"/> when the page takes no answer now (409), else the form.
    /// </summary>
    public async Task<IResult> ServeAsync<TRow>(HttpRequest request, VerifiedLink link, LinkPageSteps<TRow> page, CancellationToken cancellationToken)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(page);
        var claims = link.Claims;
        var course = await courses.GetAsync(claims.CourseId, cancellationToken);
        var row = course is null ? null : await page.Load(claims.CourseId, claims.InviteeId, cancellationToken);
        if (course is null || row is null)
        {
            return NotFound();
        }

        var visit = new LinkVisit<TRow>(request, course, row, time.GetUtcNow());
        if (link.Expired)
        {
            return page.Gone?.Invoke(visit) ?? Expired(course);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return await page.Show(visit, cancellationToken);
        }

        if (page.Refresh is not null)
        {
            visit = await page.Refresh(visit, cancellationToken);
        }

        if (page.Closed is not null && await page.Closed(visit, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await page.Post(visit, cancellationToken);
    }

    /// <summary>The values every course page shows at its top, with the page's heading (a string key).</summary>
    public Dictionary<string, object?> Model(Course course, string headingKey)
    {
        ArgumentNullException.ThrowIfNull(course);
        var heading = templates.Strings(course.Definition.Language)[headingKey];
        return CoursePageModel.Of(course, options.Value.OrganisationName, heading).ToTemplateModel();
    }

    /// <summary>Renders a course page's template in the course's language.</summary>
    public IResult Render(int status, string template, Course course, IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(course);
        return Html(status, templates.Render(template, html: true, model, course.Definition.Language));
    }

    /// <summary>An invalid or unknown link (404), in Vietnamese: nothing that helps guessing.</summary>
    public IResult NotFound() => Plain(StatusCodes.Status404NotFound, "vi", "invalidTitle", "invalidText");

    /// <summary>An expired link (410), in the course's language, naming whom to contact.</summary>
    public IResult Expired(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return Plain(StatusCodes.Status410Gone, course.Definition.Language, "expiredTitle", "expiredText", string.Join(", ", course.Definition.OrganiserEmails));
    }

    /// <summary>A page without course details.</summary>
    public IResult Plain(int status, string language, string titleKey, string textKey, string? extra = null) =>
        Plain(templates, options.Value.OrganisationName, status, language, titleKey, textKey, extra);

    /// <summary>A page without course details (invalid, expired, refused): nothing that helps guessing.</summary>
    public static IResult Plain(TemplateRenderer templates, string organisation, int status, string language, string titleKey, string textKey, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var strings = templates.Strings(language);
        var model = new Dictionary<string, object?>
        {
            ["language"] = language,
            ["organisation"] = organisation,
            ["heading"] = strings[titleKey],
            ["message"] = strings[textKey],
            ["message_class"] = "notice",
            ["lines"] = extra is null ? Array.Empty<string>() : new[] { extra },
            ["show_form"] = false,
        };
        return Html(status, templates.Render("reply-page", html: true, model, language));
    }

    public static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}

/// <summary>One visit of a link page: the request, the course, the link's row (an invitee, a nomination), and the time it is judged at.</summary>
public sealed record LinkVisit<TRow>(HttpRequest Request, Course Course, TRow Row, DateTimeOffset Now);

/// <summary>What one link page adds to the skeleton of <see cref="LinkPages.ServeAsync{TRow}"/>.</summary>
/// <param name="Load">The link's row by course id and the token's id (null: none, 404).</param>
/// <param name="Show">The page for GET and HEAD: shows, changes nothing.</param>
/// <param name="Post">The page's form, once the page takes answers.</param>
public sealed record LinkPageSteps<TRow>(
    Func<string, string, CancellationToken, Task<TRow?>> Load,
    Func<LinkVisit<TRow>, CancellationToken, Task<IResult>> Show,
    Func<LinkVisit<TRow>, CancellationToken, Task<IResult>> Post)
    where TRow : class
{
    /// <summary>The page of an expired link (default: the plain "expired" page naming the organisers).</summary>
    public Func<LinkVisit<TRow>, IResult>? Gone { get; init; }

    /// <summary>Before a POST is judged: a fresher course when the cached one may be out of date (default: none).</summary>
    public Func<LinkVisit<TRow>, CancellationToken, Task<LinkVisit<TRow>>>? Refresh { get; init; }

    /// <summary>The refusal of a POST when the page takes no answer now (null: open; default: always open).</summary>
    public Func<LinkVisit<TRow>, CancellationToken, Task<IResult?>>? Closed { get; init; }
}
