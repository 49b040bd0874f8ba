using Microsoft.AspNetCore.Http;
using Workflow.Courses.Links;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses.FollowUp;

/// <summary>
/// The attendee's follow-up pages: a <see cref="LinkPurpose.Survey"/> or <see cref="LinkPurpose.Report"/> link handed on by
/// <see cref="PersonalLinkRouter"/>. GET and HEAD show the current answer and the form; only a POST of the form records
/// (survey: <c>answer=survey</c>, <c>contentRating</c>, <c>presenterRating</c>, <c>organisationRating</c>, <c>comments</c>;
/// report: <c>multipart/form-data</c> with <c>answer=report</c>, the text <c>report</c> and optionally one <c>file</c>).
/// A submission may be corrected until its due date; after it the page shows what was sent and refuses politely.
/// </summary>
public sealed partial class FollowUpPage(LinkPageServices page, InviteeStore inviteeStore, ReportFileStore files, ILogger<FollowUpPage> logger)
    : LinkPage<Invitee>(page)
{
    /// <summary>The report page's form: the text (20,000 characters of up to 4 UTF-8 bytes each, and line breaks), a few fields and one file of 5 MB.</summary>
    public static readonly UploadLimits ReportForm = new("file", ReportFileRules.MaxBytes, (FollowUpRules.MaxReportText * 4) + 4096, 8);

    protected override Task<Invitee?> LoadAsync(string courseId, string id, CancellationToken cancellationToken) =>
        inviteeStore.GetInviteeAsync(courseId, id, cancellationToken);

    protected override Task<IResult> ShowAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return Task.FromResult(Render(StatusCodes.Status200OK, visit.Course, visit.Row, KindOf(visit), null, "status"));
    }

    protected override Task<IResult?> ClosedAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var kind = KindOf(visit);
        return Task.FromResult(FollowUpRules.WhyClosed(visit.Course, visit.Row, kind, visit.Now) is { } closed
            ? Render(StatusCodes.Status409Conflict, visit.Course, visit.Row, kind, Templates.Strings(visit.Course.Definition.Language)[closed], "notice")
            : null);
    }

    protected override Task<IResult> PostAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken) =>
        KindOf(visit) == FollowUpKind.Survey ? PostSurveyAsync(visit, cancellationToken) : PostReportAsync(visit, cancellationToken);

    /// <summary>The survey or the report, as the link says.</summary>
    private static FollowUpKind KindOf(LinkVisit<Invitee> visit) => visit.Purpose == LinkPurpose.Report ? FollowUpKind.Report : FollowUpKind.Survey;

    private async Task<IResult> PostSurveyAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        var (request, course, invitee, now) = visit;
        var strings = Templates.Strings(course.Definition.Language);
        var (form, status) = await ReadFormAsync(request, cancellationToken);
        if (form is null || form["answer"] != "survey")
        {
            return Render(form is null ? status : StatusCodes.Status400BadRequest, course, invitee, FollowUpKind.Survey, strings[status == StatusCodes.Status413PayloadTooLarge ? "formTooLarge" : "followUpBadForm"], "notice");
        }

        var input = new SurveyInput(form["contentRating"], form["presenterRating"], form["organisationRating"], Lines(form["comments"].ToString()));
        Outcome<FollowUpChange>? outcome = null;
        var stored = await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.FollowUp, current =>
        {
            outcome = FollowUpRules.Survey(course, current, input, now);
            return outcome is { IsDone: true, Value.Unchanged: false } ? outcome.Value.Invitee : null;
        }, cancellationToken);
        if (stored is null || outcome is null)
        {
            return Pages.NotFound();
        }

        if (!outcome.IsDone)
        {
            return outcome.Kind == OutcomeKind.Invalid
                ? Render(StatusCodes.Status400BadRequest, course, stored, FollowUpKind.Survey, strings["surveyInvalid"], "notice", input)
                : Render(StatusCodes.Status409Conflict, course, stored, FollowUpKind.Survey, strings[outcome.Message!.Key], "notice");
        }

        LogRecorded(logger, "survey", course.Id, outcome.Value!.Corrected);
        var message = outcome.Value.Unchanged ? "followUpUnchanged" : outcome.Value.Corrected ? "surveyCorrected" : "surveyRecorded";
        return Render(StatusCodes.Status200OK, course, stored, FollowUpKind.Survey, strings[message], "status");
    }

    private async Task<IResult> PostReportAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        var (request, course, invitee, now) = visit;
        var strings = Templates.Strings(course.Definition.Language);
        var (form, status) = await UploadFormReader.ReadAsync(request, ReportForm, cancellationToken);
        if (form is null || form["answer"] != "report")
        {
            var key = status == StatusCodes.Status413PayloadTooLarge ? "reportTooLarge" : "followUpBadForm";
            return Render(form is null ? status : StatusCodes.Status400BadRequest, course, invitee, FollowUpKind.Report, strings[key], "notice");
        }

        var text = Lines(form["report"]);
        CheckedFile? file = null;
        if (form.File is { } part)
        {
            var (checkedFile, error) = ReportFileRules.Check(new UploadedFile(part.FileName, part.Content));
            if (checkedFile is null)
            {
                return Render(StatusCodes.Status400BadRequest, course, invitee, FollowUpKind.Report, strings[error!], "notice", text: text);
            }

            file = checkedFile;
        }

        if (FollowUpRules.CheckReportText(text, file is not null || invitee.Report?.File is not null).Count > 0)
        {
            return Render(StatusCodes.Status400BadRequest, course, invitee, FollowUpKind.Report, strings["reportInvalid"], "notice", text: text);
        }

        // The file first (under a new random name), then the row; a refused row leaves no file behind, and the file a
        // correction replaces is deleted once the row points at the new one.
        var saved = file is null ? null : await files.SaveAsync(course.Id, file, cancellationToken);
        Outcome<FollowUpChange>? outcome = null;
        ReportFile? replaced = null;
        var stored = await inviteeStore.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.FollowUp, current =>
        {
            outcome = FollowUpRules.Report(course, current, text, saved, now);
            replaced = saved is null ? null : current.Report?.File;
            return outcome is { IsDone: true, Value.Unchanged: false } ? outcome.Value.Invitee : null;
        }, cancellationToken);
        if (stored is null || outcome is null || !outcome.IsDone)
        {
            if (saved is not null)
            {
                await files.DeleteAsync(saved.Blob, cancellationToken);
            }

            return stored is null || outcome is null
                ? Pages.NotFound()
                : outcome.Kind == OutcomeKind.Invalid
                    ? Render(StatusCodes.Status400BadRequest, course, stored, FollowUpKind.Report, strings["reportInvalid"], "notice", text: text)
                    : Render(StatusCodes.Status409Conflict, course, stored, FollowUpKind.Report, strings[outcome.Message!.Key], "notice");
        }

        if (replaced is not null && replaced.Blob != saved?.Blob)
        {
            await files.DeleteAsync(replaced.Blob, cancellationToken);
        }

        LogRecorded(logger, "report", course.Id, outcome.Value!.Corrected);
        var message = outcome.Value.Unchanged ? "followUpUnchanged" : outcome.Value.Corrected ? "reportCorrected" : "reportRecorded";
        return Render(StatusCodes.Status200OK, course, stored, FollowUpKind.Report, strings[message], "status");
    }

    /// <summary>Browsers send a textarea's line breaks as CRLF: counted and kept as LF.</summary>
    private static string Lines(string? text) => (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal);

    private IResult Render(int status, Course course, Invitee invitee, FollowUpKind kind, string? message, string messageClass, SurveyInput? typed = null, string? text = null)
    {
        var language = course.Definition.Language;
        var strings = Templates.Strings(language);
        var now = Time.GetUtcNow();
        var plan = FollowUpPlan.For(course);
        var closed = FollowUpRules.WhyClosed(course, invitee, kind, now);
        var model = Pages.Model(course, kind == FollowUpKind.Survey ? "surveyPageTitle" : "reportPageTitle");
        model["show_form"] = closed is null;
        model["message"] = message ?? (closed is not null ? strings[closed] : FollowUpRules.HasSubmitted(invitee, kind) ? strings[kind == FollowUpKind.Survey ? "surveyStatusSent" : "reportStatusSent"] : null);
        model["message_class"] = message is null && closed is not null ? "notice" : messageClass;
        model["due"] = plan.DueOf(kind) is { } due ? VietnamTime.Format(due, language) : string.Empty;
        if (kind == FollowUpKind.Survey)
        {
            var survey = invitee.Survey;
            model["questions"] = new[] { ("contentRating", "surveyContent", typed?.Content, survey?.Content), ("presenterRating", "surveyPresenter", typed?.Presenter, survey?.Presenter), ("organisationRating", "surveyOrganisation", typed?.Organisation, survey?.Organisation) }
                .Select(q => new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["name"] = q.Item1,
                    ["label"] = strings[q.Item2],
                    ["options"] = Enumerable.Range(1, 5).Select(n => new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["value"] = n,
                        ["checked"] = (q.Item3 ?? q.Item4?.ToString(System.Globalization.CultureInfo.InvariantCulture)) == n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }).ToList(),
                })
                .ToList();
            model["comments"] = typed?.Comments ?? survey?.Comments ?? string.Empty;
            return Pages.Render(status, "survey-page", course, model);
        }

        var report = invitee.Report;
        model["report"] = text ?? report?.Text ?? string.Empty;
        model["file_name"] = report?.File?.Name ?? string.Empty;
        model["file_size"] = report?.File is { } f ? FileSize(f.Length, language) : string.Empty;
        model["sent_at"] = report is null ? string.Empty : VietnamTime.Format(report.At, language);
        return Pages.Render(status, "report-page", course, model);
    }

    private static string FileSize(long bytes, string language) =>
        (bytes / 1024.0).ToString(bytes < 10 * 1024 ? "0.0" : "0", System.Globalization.CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "vi-VN")) + " KB";

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: a {Kind} was recorded (correction: {Corrected})")]
    private static partial void LogRecorded(ILogger logger, string kind, string courseId, bool corrected);
}
