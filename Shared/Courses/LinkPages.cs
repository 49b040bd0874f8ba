using Microsoft.AspNetCore.Http;
using Workflow.Templates;

namespace Workflow.Courses;

/// <summary>What every personal-link page (reply, nomination) answers the same way.</summary>
internal static class LinkPages
{
    /// <summary>A page without course details (invalid, expired, refused): nothing that helps guessing.</summary>
    public static IResult Plain(TemplateRenderer templates, string organisation, int status, string language, string titleKey, string textKey, string? extra = null)
    {
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
