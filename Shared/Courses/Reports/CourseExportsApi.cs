using Microsoft.AspNetCore.Http;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses.Reports;

/// <summary>
/// The organiser's read-only views of a course after it ran: <c>GET /api/courses/{id}/report</c> (JSON follow-up summary)
/// and <c>GET /api/courses/{id}/roster?format=csv|xlsx</c> (a file). Both read the tables and change nothing.
/// </summary>
public sealed class CourseExportsApi(CourseStore courseStore, InviteeStore inviteeStore, TemplateRenderer templates, IOptions<FollowUp.GradingOptions> grading)
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public async Task<IResult> ReportAsync(string id, CancellationToken cancellationToken)
    {
        var course = await courseStore.GetAsync(id, cancellationToken);
        if (course is null)
        {
            return NotFound(id);
        }

        var invitees = await inviteeStore.ListInviteesAsync(course.Id, cancellationToken);
        return Results.Json(CourseReports.For(course, invitees), WorkflowJson.Options);
    }

    public async Task<IResult> RosterAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var formats = request.Query["format"];
        var format = formats.Count == 0 ? "csv" : formats.Count == 1 ? formats[0]?.Trim().ToLowerInvariant() : null;
        if (format is not ("csv" or "xlsx"))
        {
            return Problems.Validation("format", Phrase.Of("error.useFormatCsvOrFormatXlsx"));
        }

        var course = await courseStore.GetAsync(id, cancellationToken);
        if (course is null)
        {
            return NotFound(id);
        }

        var invitees = await inviteeStore.ListInviteesAsync(course.Id, cancellationToken);
        var roster = Roster.Rows(course, invitees, templates.Strings(course.Definition.Language), grading.Value.Effective);

        // Written to a temporary file that deletes itself once sent, then streamed: the rows are made one by one and
        // the file is never a byte array in memory (a 100,000-person campaign's roster is tens of MB; issue 19).
        var file = new FileStream(Path.Combine(Path.GetTempPath(), "roster-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 65536, FileOptions.DeleteOnClose);
        try
        {
            if (format == "csv")
            {
                Roster.WriteCsv(roster, file);
            }
            else
            {
                Roster.WriteXlsx(roster, file);
            }

            file.Position = 0;
            return Results.Stream(file, format == "csv" ? CsvType : XlsxType, $"roster-{course.Id}.{format}");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static IResult NotFound(string id) => Problems.NotFound(Phrase.Of("error.noCourse", ("courseId", ResourceIds.Shown(id))));
}
