using Microsoft.AspNetCore.Http;
using Workflow.Access;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses.Reports;

/// <summary>
/// The organiser's read-only views and papers of a course: <c>GET /api/courses/{id}/report?format=json|pdf</c> (the
/// follow-up summary as JSON, or the report for leadership as PDF: one computation, two renderings),
/// <c>GET /api/courses/{id}/roster?format=csv|xlsx</c> and <c>GET /api/courses/{id}/sessions/{session}/sign-in-sheet</c>
/// (a PDF to print). All read the tables and change nothing.
/// </summary>
public sealed partial class CourseExportsApi(
    CourseStore courseStore,
    InviteeStore inviteeStore,
    TemplateRenderer templates,
    CourseReportPdf reportPdf,
    SignInSheetPdf sheetPdf,
    TimeProvider time,
    IOptions<FollowUp.GradingOptions> grading,
    ILogger<CourseExportsApi> logger)
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string PdfType = "application/pdf";

    /// <summary>The report as JSON (no <c>format</c>, or <c>json</c>) or as the PDF for leadership (<c>pdf</c>), signed off by the caller.</summary>
    public Task<IResult> ReportAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = Format(request, "json");
        var badFormat = format is "json" or "pdf" ? null : Problems.Validation("format", Phrase.Of("coursereport.useFormatJsonOrPdf"));
        return ExportAsync(id, badFormat, (course, invitees) =>
        {
            var report = CourseReports.For(course, invitees);
            if (format == "json")
            {
                return Results.Json(report, WorkflowJson.Options);
            }

            // A person signs off with his name; a key's call leaves the name to be written by hand.
            var caller = request.Caller();
            var signer = caller.Source == CallerSource.Key ? null : caller.Name;
            return Pdf(() => reportPdf.Render(course, report, signer, Today()), $"report-{course.Id}.pdf", course.Id);
        }, cancellationToken);
    }

    /// <summary>The sign-in sheet of session <paramref name="session"/> (numbered from 1) as a PDF to print.</summary>
    public Task<IResult> SignInSheetAsync(string id, string session, CancellationToken cancellationToken) =>
        ExportAsync(id, null, (course, invitees) =>
        {
            var count = course.Definition.Sessions.Count;
            if (!int.TryParse(session, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > count || session.Length > 4)
            {
                return Problems.Validation("session", Phrase.Of("error.sessionsAreNumberedFrom1To", ("sessions", count)));
            }

            var sheet = SignInSheets.For(course, number, invitees);
            return Pdf(() => sheetPdf.Render(sheet, Today()), $"sign-in-{course.Id}-session-{number}.pdf", course.Id);
        }, cancellationToken);

    public Task<IResult> RosterAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = Format(request, "csv");
        var badFormat = format is "csv" or "xlsx" ? null : Problems.Validation("format", Phrase.Of("error.useFormatCsvOrFormatXlsx"));
        return ExportAsync(id, badFormat, (course, invitees) =>
        {
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
                file.Dispose();
                throw;
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Every export's start: <paramref name="badInput"/> when the request is refused (400), else 404 without the course,
    /// else <paramref name="export"/> of the course and its invitees.
    /// </summary>
    private Task<IResult> ExportAsync(string id, IResult? badInput, Func<Course, IReadOnlyList<Invitee>, IResult> export, CancellationToken cancellationToken) =>
        badInput is not null
            ? Task.FromResult(badInput)
            : courseStore.WithCourseAsync(id, async course => export(course, await inviteeStore.ListInviteesAsync(course.Id, cancellationToken)), cancellationToken);

    /// <summary>The one <c>format</c> asked for, in lower case; <paramref name="fallback"/> without one; null when given twice.</summary>
    private static string? Format(HttpRequest request, string fallback)
    {
        var formats = request.Query["format"];
        return formats.Count == 0 ? fallback : formats.Count == 1 ? formats[0]?.Trim().ToLowerInvariant() : null;
    }

    /// <summary>A PDF download; the fonts missing on this server is a 503 saying so (logged), never a 500.</summary>
    private IResult Pdf(Func<byte[]> render, string fileName, string courseId)
    {
        try
        {
            return Results.File(render(), PdfType, fileName);
        }
        catch (FileNotFoundException ex)
        {
            LogFontMissing(logger, ex, courseId);
            return Problems.Unavailable(Phrase.Of("sheets.fontsMissing"));
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(VietnamTime.ToLocal(time.GetUtcNow()).DateTime);

    [LoggerMessage(Level = LogLevel.Error, Message = "Course {CourseId}: a PDF could not be drawn, its font is missing")]
    private static partial void LogFontMissing(ILogger logger, Exception exception, string courseId);
}
