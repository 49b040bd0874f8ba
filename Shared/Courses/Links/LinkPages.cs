using Microsoft.AspNetCore.Http;

namespace Workflow.Courses.Links;

/// <summary>
/// The page renderer of every personal-link page (reply, nomination, check-in, follow-up; their skeleton is
/// <see cref="LinkPage{TRow}"/>): the headers, the course's part of a page (<see cref="CoursePageModel"/>), the page's
/// template in the course's language, and the plain pages without course details (invalid, expired).
/// </summary>
public sealed class LinkPages(TemplateRenderer templates, IOptions<WorkflowOptions> options)
{
    /// <summary>The headers of every link page: never cached or indexed, and the token never leaves in a Referer.</summary>
    public static void PrivatePage(HttpResponse response, string cacheControl = "no-store")
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = cacheControl;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Robots-Tag"] = "noindex";
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
