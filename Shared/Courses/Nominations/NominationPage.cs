using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Workflow.Courses.Import;
using Workflow.Courses.Links;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses.Nominations;

/// <summary>
/// The unit contact's page: a <see cref="LinkPurpose.Nominate"/> link (its id is the nomination id) handed on by
/// <see cref="PersonalLinkRouter"/>: the course, the unit's nominees and a form with up to the quota rows (repeated
/// <c>name</c>, <c>email</c>, <c>position</c>, <c>answer=nominate</c>). GET and HEAD change nothing; a POST replaces the
/// unit's not-yet-invited nominees until the RSVP deadline; after it the list is read-only. New nominees become invitees
/// and are invited by the course flow's invitation step, like everyone else. A second, plain form sends the list as a file
/// (<c>multipart/form-data</c>: <c>answer=upload</c> and <c>file</c>, an .xlsx or .csv of at most
/// <see cref="RequestReader.MaxBodyBytes"/>), read by <see cref="ListImport"/> like the organiser's, then decided alike.
/// </summary>
public sealed partial class NominationPage(LinkPageServices page, InviteeStore inviteeStore, NominationStore nominations, CourseFlows flows, ILogger<NominationPage> logger)
    : LinkPage<Nomination>(page)
{
    /// <summary>The file form: the answer and one file, as large as the organiser's list body.</summary>
    public static readonly UploadLimits ListFileForm = new("file", RequestReader.MaxBodyBytes, 64, 2);

    protected override Task<Nomination?> LoadAsync(string courseId, string id, CancellationToken cancellationToken) =>
        nominations.GetAsync(courseId, id, cancellationToken);

    protected override async Task<IResult> ShowAsync(LinkVisit<Nomination> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return Render(StatusCodes.Status200OK, visit.Course, visit.Row, await NomineesAsync(visit.Row, cancellationToken), null, "status", [], null);
    }

    protected override async Task<IResult?> ClosedAsync(LinkVisit<Nomination> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return IsOpen(visit.Course)
            ? null
            : Render(StatusCodes.Status409Conflict, visit.Course, visit.Row, await NomineesAsync(visit.Row, cancellationToken), Templates.Strings(visit.Course.Definition.Language)["nominationClosed"], "notice", [], null);
    }

    protected override Task<IResult> PostAsync(LinkVisit<Nomination> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return PostAsync(visit.Request, visit.Course, visit.Row, cancellationToken);
    }

    private async Task<IResult> PostAsync(HttpRequest request, Course course, Nomination nomination, CancellationToken cancellationToken)
    {
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await PostFileAsync(request, course, nomination, cancellationToken);
        }

        var language = course.Definition.Language;
        var strings = Templates.Strings(language);
        var (form, status) = await ReadFormAsync(request, cancellationToken);
        if (form is null || form["answer"] != "nominate")
        {
            var key = status == StatusCodes.Status413PayloadTooLarge ? "formTooLarge" : "nominationBadForm";
            return Render(form is null ? status : StatusCodes.Status400BadRequest, course, nomination, await NomineesAsync(nomination, cancellationToken), strings[key], "notice", [], null);
        }

        var rows = Rows(form["name"], form["email"], form["position"]);
        if (rows.Count > NominationRules.MaxPageRows)
        {
            return Render(StatusCodes.Status400BadRequest, course, nomination, await NomineesAsync(nomination, cancellationToken), strings["nominationBadForm"], "notice", [], null);
        }

        return await DecideAsync(course, nomination, rows, fromFile: false, cancellationToken);
    }

    /// <summary>The list sent as a file: read by the one list pipeline; a refused file changes nothing and says why in a sentence.</summary>
    private async Task<IResult> PostFileAsync(HttpRequest request, Course course, Nomination nomination, CancellationToken cancellationToken)
    {
        var language = course.Definition.Language;
        var strings = Templates.Strings(language);
        var (form, status) = await UploadFormReader.ReadAsync(request, ListFileForm, cancellationToken);
        if (form is null || form["answer"] != "upload" || form.File is null)
        {
            var key = status == StatusCodes.Status413PayloadTooLarge ? "xlsx.pageFileTooLarge" : form is not null && form["answer"] == "upload" ? "xlsx.pageNoFile" : "nominationBadForm";
            return Render(form is null ? status : StatusCodes.Status400BadRequest, course, nomination, await NomineesAsync(nomination, cancellationToken), strings[key], "notice", [], null);
        }

        var (rows, error) = ListImport.FromFile(form.File.Content.ToArray(), ListImport.ClaimOfName(form.File.FileName));
        if (error is not null)
        {
            var name = form.File.FileName.Length > 80 ? form.File.FileName[..80] + "…" : form.File.FileName;
            var text = Templates.Render(Phrase.Of("xlsx.pageFileRefused", ("file", name), ("reason", error)), language);
            return Render(StatusCodes.Status400BadRequest, course, nomination, await NomineesAsync(nomination, cancellationToken), text, "notice", [], null);
        }

        return await DecideAsync(course, nomination, rows, fromFile: true, cancellationToken);
    }

    /// <summary>Decides and writes a list (the form's rows or a file's), retrying on a concurrent submission of the unit.</summary>
    private async Task<IResult> DecideAsync(Course course, Nomination nomination, IReadOnlyList<NumberedRow> rows, bool fromFile, CancellationToken cancellationToken)
    {
        var language = course.Definition.Language;
        var strings = Templates.Strings(language);
        var echo = fromFile ? null : rows;
        for (var attempt = 0; ; attempt++)
        {
            var nominees = await NomineesAsync(nomination, cancellationToken);
            var emailKeys = await inviteeStore.GetEmailKeysAsync(course.Id, cancellationToken);
            var outcome = NominationRules.Plan(nomination, rows, nominees, emailKeys, Time.GetUtcNow(), course.RsvpDeadline);
            if (outcome.Kind == OutcomeKind.Invalid)
            {
                var lines = outcome.Errors.Select(e => fromFile
                    ? Templates.Render(Phrase.Of("xlsx.pageRowInvalid", ("row", e.Field[4..]), ("reason", e.Message)), language)
                    : Templates.RenderString("nominationRowInvalid", new Dictionary<string, object?> { ["row"] = e.Field[4..] }, language)).ToList();
                return Render(StatusCodes.Status400BadRequest, course, nomination, nominees, strings[fromFile ? "xlsx.pageNothingChanged" : "nominationNothingChanged"], "notice", lines, echo);
            }

            if (outcome.Kind == OutcomeKind.Conflict)
            {
                var key = Time.GetUtcNow() >= course.RsvpDeadline ? "nominationClosed" : "nominationOverQuota";
                var text = Templates.RenderString(key, new Dictionary<string, object?> { ["quota"] = nomination.Quota }, language);
                return Render(StatusCodes.Status409Conflict, course, nomination, nominees, text, "notice", [], echo);
            }

            var plan = outcome.Value!;
            if (!await nominations.TrySetNomineesAsync(nomination, plan.NomineeIds, cancellationToken))
            {
                // Another submission of this unit landed meanwhile: decide again on fresh data.
                nomination = await nominations.GetAsync(course.Id, nomination.Id, cancellationToken) ?? nomination;
                if (attempt < 5)
                {
                    continue;
                }

                return Render(StatusCodes.Status409Conflict, course, nomination, nominees, strings["nominationNothingChanged"], "notice", [], echo);
            }

            var (added, raced) = await inviteeStore.AddInviteesAsync(course.Id, plan.Add, cancellationToken);
            var stayed = new List<string>();
            foreach (var id in plan.Remove)
            {
                if (!await inviteeStore.TryDeleteUninvitedAsync(course.Id, id, cancellationToken))
                {
                    stayed.Add(id);
                }
            }

            if (stayed.Count > 0)
            {
                await nominations.RestoreNomineesAsync(course.Id, nomination.Id, stayed, cancellationToken);
            }

            if ((added > 0 || plan.Remove.Count > 0) && course.Phase == CoursePhase.Inviting)
            {
                await flows.WakeAsync(course, "nominations", cancellationToken);
            }

            LogNominated(logger, course.Id, added, plan.Remove.Count - stayed.Count);
            var fresh = await nominations.GetAsync(course.Id, nomination.Id, cancellationToken) ?? nomination;
            var notes = plan.Duplicates.Concat(raced)
                .Select(d => Templates.RenderString("nominationDuplicate", new Dictionary<string, object?> { ["email"] = d.Email }, language))
                .ToList();
            if (plan.KeptInvited > 0)
            {
                notes.Add(strings["nominationInvitedStay"]);
            }

            var message = Templates.RenderString("nominationRecorded", new Dictionary<string, object?> { ["count"] = fresh.NomineeIds.Count, ["quota"] = fresh.Quota }, language);
            return Render(StatusCodes.Status200OK, course, fresh, await NomineesAsync(fresh, cancellationToken), message, "status", notes, null);
        }
    }

    /// <summary>The filled rows of the form, numbered as the page shows them (blank rows dropped).</summary>
    internal static List<NumberedRow> Rows(StringValues names, StringValues emails, StringValues positions)
    {
        var count = Math.Max(names.Count, Math.Max(emails.Count, positions.Count));
        var rows = new List<NumberedRow>();
        for (var i = 0; i < count; i++)
        {
            string? At(StringValues values) => i < values.Count ? values[i] : null;
            var (name, email, position) = (At(names), At(emails), At(positions));
            if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(email) && string.IsNullOrWhiteSpace(position))
            {
                continue;
            }

            rows.Add(new NumberedRow(i + 1, new InviteeInput(name, email, null, position)));
        }

        return rows;
    }

    private bool IsOpen(Course course) =>
        course.Phase is CoursePhase.Draft or CoursePhase.Inviting && Time.GetUtcNow() < course.RsvpDeadline;

    private async Task<List<Invitee>> NomineesAsync(Nomination nomination, CancellationToken cancellationToken)
    {
        var list = new List<Invitee>();
        foreach (var id in nomination.NomineeIds)
        {
            if (await inviteeStore.GetInviteeAsync(nomination.CourseId, id, cancellationToken) is { } invitee)
            {
                list.Add(invitee);
            }
        }

        return list;
    }

    private IResult Render(
        int status, Course course, Nomination nomination, List<Invitee> nominees, string? message, string messageClass,
        IReadOnlyList<string> lines, IReadOnlyList<NumberedRow>? submitted)
    {
        var language = course.Definition.Language;
        var strings = Templates.Strings(language);
        var open = IsOpen(course);
        var model = Pages.Model(course, "nominationPageTitle");
        model["unit"] = nomination.Unit;
        model["quota"] = nomination.Quota;
        model["message"] = message ?? (course.Phase == CoursePhase.Cancelled ? strings["closedText"] : null) ?? Templates.RenderString(open ? "nominationOpen" : "nominationReadOnly", new Dictionary<string, object?>
        {
            ["quota"] = nomination.Quota,
            ["count"] = nominees.Count,
            ["deadline"] = VietnamTime.Format(course.RsvpDeadline, language),
        }, language);
        model["message_class"] = messageClass;
        model["lines"] = lines;
        model["nominees"] = nominees
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => NominationEmails.NomineeRow(n, strings[n.EmailStatus == EmailStatus.Sent ? "nominationStateInvited" : "nominationStateWaiting"]))
            .ToList();
        model["show_form"] = open;

        // The form: what was just sent back (when refused), else the current list, then blank rows up to the quota.
        var filled = submitted is not null
            ? submitted.Select(r => (r.Input.Name ?? string.Empty, r.Input.Email ?? string.Empty, r.Input.Position ?? string.Empty)).ToList()
            : nominees.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => (n.Name, n.Email, n.Position ?? string.Empty)).ToList();
        var rowCount = Math.Clamp(Math.Max(nomination.Quota, filled.Count), 1, NominationRules.MaxPageRows);
        model["rows"] = Enumerable.Range(0, rowCount)
            .Select(i => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["number"] = i + 1,
                ["name"] = i < filled.Count ? filled[i].Item1 : string.Empty,
                ["email"] = i < filled.Count ? filled[i].Item2 : string.Empty,
                ["position"] = i < filled.Count ? filled[i].Item3 : string.Empty,
            })
            .ToList();
        model["change_until"] = VietnamTime.Format(course.RsvpDeadline, language);
        model["upload"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["title"] = strings["xlsx.pageUploadTitle"],
            ["hint"] = strings["xlsx.pageUploadHint"],
            ["file"] = strings["xlsx.pageFile"],
            ["button"] = strings["xlsx.pageUploadButton"],
        };
        return Pages.Render(status, "nomination-page", course, model);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: a unit named {Added} nominees, {Removed} removed")]
    private static partial void LogNominated(ILogger logger, string courseId, int added, int removed);
}
