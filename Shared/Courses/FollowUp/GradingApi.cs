using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Workflow.Access;
using Workflow.Courses.Certificates;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses.FollowUp;

/// <summary>The body of <c>PUT /api/courses/{id}/reports/{inviteeId}/grade</c>.</summary>
public sealed record GradeBody(string? Grade, string? Comment);

/// <summary>
/// The organiser reads and grades the learning reports (issue 18 item 4):
/// <c>GET /api/courses/{id}/reports</c> (the scale and every submitted report with its grade),
/// <c>GET /api/courses/{id}/reports/{inviteeId}/file</c> (the report's file: shown inline when a browser shows it safely, a
/// PDF or an image; else, or with <c>?download=1</c>, an attachment; always the stored content type and <c>nosniff</c>),
/// <c>PUT /api/courses/{id}/reports/{inviteeId}/grade</c> (grade or regrade, with the author, an audit line, under the row's
/// ETag; when the course needs passing grades, the certificates are looked at again) and
/// <c>GET /api/courses/{id}/reports/archive</c> (every report as one streamed ZIP, <see cref="ReportArchive"/>).
/// </summary>
public sealed partial class GradingApi(
    CourseStore courseStore,
    InviteeStore inviteeStore,
    ReportFileStore files,
    CourseFlows flows,
    IOptions<GradingOptions> options,
    TemplateRenderer templates,
    TimeProvider time,
    ILogger<GradingApi> logger)
{
    /// <summary>What a browser may show inline: PDFs and images. Anything else (a Word file) is always an attachment.</summary>
    private static readonly HashSet<string> Inline = new(StringComparer.Ordinal) { "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp" };

    private IReadOnlyList<GradeOption> Scale => options.Value.Effective;

    public Task<IResult> ListAsync(string id, CancellationToken cancellationToken) =>
        courseStore.WithCourseAsync(id, async course =>
        {
            var invitees = await inviteeStore.ListInviteesAsync(course.Id, cancellationToken);
            var language = course.Definition.Language;
            var culture = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);
            return Results.Json(
                new
                {
                    courseId = course.Id,
                    requiresPassingGrade = CertificateRules.RequiresPassingGrade(course),
                    scale = Scale.Select(o => new { key = o.Key, name = GradingRules.NameOf(o.Key, Scale, language, templates.Strings(language)), passing = o.Passing }),
                    reports = invitees.Where(i => i.Report is not null)
                        .OrderBy(i => i.Unit ?? string.Empty, culture).ThenBy(i => i.Name, culture).ThenBy(i => i.Id, StringComparer.Ordinal)
                        .Select(i => View(course, i)),
                },
                WorkflowJson.Options);
        }, cancellationToken);

    public async Task<IResult> FileAsync(HttpRequest request, string id, string inviteeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (course, invitee, problem) = await FindAsync(id, inviteeId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (invitee!.Report?.File is not { } file)
        {
            return Problems.NotFound(Phrase.Of("grading.error.noFile"));
        }

        var bytes = await files.ReadAsync(file.Blob, cancellationToken);
        if (bytes is null)
        {
            return Problems.NotFound(Phrase.Of("grading.error.noFile"));
        }

        var known = Inline.Contains(file.ContentType) || file.ContentType == ReportFileRules.DocxType;
        var inline = Inline.Contains(file.ContentType) && request.Query["download"].Count == 0;
        LogRead(logger, course!.Id, inline);
        return new ReportFileResult(bytes, known ? file.ContentType : "application/octet-stream", file.Name, inline);
    }

    public async Task<IResult> GradeAsync(HttpRequest request, string id, string inviteeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (course, invitee, problem) = await FindAsync(id, inviteeId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (body, bad) = await RequestReader.ReadJsonAsync<GradeBody>(request, cancellationToken);
        if (bad is not null)
        {
            return bad;
        }

        var author = request.Caller().Author;
        var now = time.GetUtcNow();
        Outcome<GradeChange>? outcome = null;
        var stored = await inviteeStore.UpdateInviteeAsync(course!.Id, invitee!.Id, InviteeColumns.Grade, current =>
        {
            outcome = GradingRules.Grade(current, new GradeInput(body!.Grade, body.Comment), Scale, now, author);
            return outcome is { IsDone: true, Value.Unchanged: false } ? outcome.Value.Invitee : null;
        }, cancellationToken, invitee);
        if (stored is null || outcome is null)
        {
            return NoInvitee();
        }

        if (!outcome.IsDone)
        {
            return outcome.Kind == OutcomeKind.Invalid ? Problems.Unprocessable(outcome.Errors) : Problems.From(outcome, _ => Results.Ok());
        }

        if (!outcome.Value!.Unchanged && CertificateRules.RequiresPassingGrade(course))
        {
            // The grade may earn a certificate: a new round for the certificates (CertificateSchedule), then the flow wakes.
            var updated = await courseStore.UpdateCourseAsync(course.Id, c => Outcome<Course>.Done(c with { Progress = c.Progress with { GradeRound = c.Progress.GradeRound + 1 } }), cancellationToken);
            await flows.WakeAsync(updated.Value ?? course, "graded", cancellationToken);
        }

        LogGraded(logger, course.Id, outcome.Value.Regraded, outcome.Value.Unchanged);
        return Results.Json(View(course, stored), WorkflowJson.Options);
    }

    public Task<IResult> ArchiveAsync(string id, CancellationToken cancellationToken) =>
        courseStore.WithCourseAsync(id, async course =>
        {
            var invitees = await inviteeStore.ListInviteesAsync(course.Id, cancellationToken);
            var entries = ReportArchive.Entries(invitees, templates.Strings(course.Definition.Language)["grading.zip.noUnit"]);
            LogArchive(logger, course.Id, entries.Count);
            return Results.Stream(
                stream => ReportArchive.WriteAsync(stream, entries, files, cancellationToken),
                "application/zip",
                $"reports-{course.Id}.zip");
        }, cancellationToken);

    private object View(Course course, Invitee i)
    {
        var language = course.Definition.Language;
        var report = i.Report!;
        return new
        {
            inviteeId = i.Id,
            name = i.Name,
            unit = i.Unit,
            position = i.Position,
            submittedAt = report.At,
            text = report.Text,
            file = report.File is { } f ? new { name = f.Name, contentType = f.ContentType, length = f.Length } : null,
            grade = i.Grade is { } g
                ? new { grade = g.Grade, name = GradingRules.NameOf(g.Grade, Scale, language, templates.Strings(language)), passing = g.Passing, comment = g.Comment, at = g.At, by = g.By }
                : null,
            certificateNumber = i.CertificateNumber,
            heldForGrade = CertificateRules.IsHeldForGrade(course, i),
        };
    }

    private async Task<(Course? Course, Invitee? Invitee, IResult? Problem)> FindAsync(string id, string inviteeId, CancellationToken cancellationToken)
    {
        var course = await courseStore.GetAsync(id, cancellationToken);
        if (course is null)
        {
            return (null, null, CourseAnswers.NotFound(id));
        }

        var invitee = CourseStore.IsValidKey(inviteeId) ? await inviteeStore.GetInviteeAsync(course.Id, inviteeId, cancellationToken) : null;
        return invitee is null ? (course, null, NoInvitee()) : (course, invitee, null);
    }

    private static IResult NoInvitee() => Problems.NotFound(Phrase.Of("error.noSuchInviteeInThisCourse"));

    /// <summary>A report's file with the stored type, <c>nosniff</c>, a safe Content-Disposition (an ASCII name and the UTF-8 name) and no caching.</summary>
    private sealed class ReportFileResult(byte[] bytes, string contentType, string name, bool inline) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
            disposition.SetHttpFileName(name);
            response.ContentType = contentType;
            response.ContentLength = bytes.Length;
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "private, no-store";
            if (!inline || contentType.StartsWith("image/", StringComparison.Ordinal))
            {
                // Chromium's PDF viewer does not run in a sandboxed document: PDFs shown inline go without it.
                response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
            }

            return response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: a report's file was read (inline: {Inline})")]
    private static partial void LogRead(ILogger logger, string courseId, bool inline);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: a report was graded (regrade: {Regraded}, unchanged: {Unchanged})")]
    private static partial void LogGraded(ILogger logger, string courseId, bool regraded, bool unchanged);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: the reports' archive was downloaded ({Entries} files)")]
    private static partial void LogArchive(ILogger logger, string courseId, int entries);
}
