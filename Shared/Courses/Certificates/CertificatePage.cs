using Microsoft.AspNetCore.Http;
using Workflow.Courses.Links;

namespace Workflow.Courses.Certificates;

/// <summary>
/// <c>GET /api/certificates/{number}</c>: the anonymous verification page. It shows what the certificate says — the
/// course (title and dates), the name, the date of issue — and nothing else about the person. An unknown or malformed
/// number gets the same plain 404 page (a malformed one never reaches storage). Reading changes nothing.
/// </summary>
public sealed class CertificatePage(CertificateStore certificates, TemplateRenderer templates, IOptions<WorkflowOptions> options)
{
    public async Task<IResult> GetAsync(string number, CancellationToken cancellationToken)
    {
        var organisation = options.Value.OrganisationName;
        var record = await certificates.FindAsync(number, cancellationToken);
        if (record is null)
        {
            return LinkPages.Plain(templates, organisation, StatusCodes.Status404NotFound, "vi", "certificateUnknownTitle", "certificateUnknownText");
        }

        var language = record.Language is "en" ? "en" : "vi";
        var t = templates.Strings(language);
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["language"] = language,
            ["organisation"] = organisation,
            ["heading"] = t["certificatePageTitle"],
            ["message"] = templates.RenderString("certificateValid", new Dictionary<string, object?> { ["number"] = record.Number, ["organisation"] = organisation }, language),
            ["message_class"] = "status",
            ["lines"] = new[]
            {
                t["certificateName"] + ": " + record.Name,
                t["certificateCourse"] + ": " + record.CourseTitle,
                t["certificateDates"] + ": " + record.Dates,
                t["certificateIssued"] + ": " + CertificatePdf.Date(record.IssuedOn),
            },
            ["show_form"] = false,
        };
        return LinkPages.Html(StatusCodes.Status200OK, templates.Render("reply-page", html: true, model, language));
    }
}
