using Microsoft.AspNetCore.Http;
using Workflow.Courses.Links;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses.Attendance;

/// <summary>
/// The attendee's check-in page: a <see cref="LinkPurpose.CheckIn"/> link handed on by <see cref="PersonalLinkRouter"/>: the
/// course, the person, each session with its check-in window and his mark, the QR code of the link (to show at the door), and
/// a "Điểm danh" button only while a window is open; outside one it says why not (opens at ..., closed, no seat). GET and
/// HEAD change nothing (mail scanners); only the form's POST (<c>answer=checkin</c>) records the check-in, idempotently.
/// </summary>
public sealed class CheckInPage(LinkPageServices page, InviteeStore inviteeStore, AttendanceWriter attendanceWriter, CheckInLinks links)
    : LinkPage<Invitee>(page)
{
    protected override Task<Invitee?> LoadAsync(string courseId, string id, CancellationToken cancellationToken) =>
        inviteeStore.GetInviteeAsync(courseId, id, cancellationToken);

    protected override Task<IResult> ShowAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return Task.FromResult(Render(StatusCodes.Status200OK, visit.Course, visit.Row, message: null, "status", showQr: true));
    }

    /// <summary>After the last session: say so, and leave the marks to the organisers.</summary>
    protected override IResult Gone(LinkVisit<Invitee> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return Render(StatusCodes.Status410Gone, visit.Course, visit.Row, Templates.Strings(visit.Course.Definition.Language)["checkInClosed"], "notice", showQr: false);
    }

    protected override async Task<IResult> PostAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var (request, course, invitee, _) = visit;
        var language = course.Definition.Language;
        var strings = Templates.Strings(language);
        var (form, status) = await ReadFormAsync(request, cancellationToken);
        if (form is null || form["answer"] != "checkin")
        {
            return Render(form is null ? status : StatusCodes.Status400BadRequest, course, invitee, strings[status == StatusCodes.Status413PayloadTooLarge ? "formTooLarge" : "checkInBadForm"], "notice", showQr: true);
        }

        var now = Time.GetUtcNow();
        Outcome<AttendanceChange>? outcome = null;
        var updated = await attendanceWriter.UpdateAttendanceAsync(course.Id, invitee.Id, current =>
        {
            outcome = AttendanceRules.CheckIn(course, current, now);
            return outcome is { IsDone: true, Value.Unchanged: false } ? outcome.Value.Invitee : null;
        }, cancellationToken);
        if (updated is null || outcome is null)
        {
            return Pages.NotFound();
        }

        if (!outcome.IsDone)
        {
            return Render(StatusCodes.Status409Conflict, course, updated, message: null, "notice", showQr: true);
        }

        var change = outcome.Value!;
        var model = new Dictionary<string, object?> { ["n"] = change.Session + 1, ["at"] = VietnamTime.Format(updated.AttendanceFor(course, change.Session)?.At ?? now, language) };
        var message = Templates.RenderString(change.Unchanged ? "checkInAlready" : "checkInRecorded", model, language);
        return Render(StatusCodes.Status200OK, course, updated, message, "status", showQr: true);
    }

    /// <summary>
    /// The QR code image of a check-in link (<c>/api/r/{token}/qr</c>), once <see cref="PersonalLinkRouter.QrImage"/> has
    /// verified it: drawn from the token alone, no storage read, so showing it costs the page nothing.
    /// </summary>
    public IResult QrImage(string token) => Results.Bytes(CheckInLinks.QrPng(links.LinkOf(token)), "image/png");

    private IResult Render(int status, Course course, Invitee invitee, string? message, string messageClass, bool showQr)
    {
        var language = course.Definition.Language;
        var strings = Templates.Strings(language);
        var now = Time.GetUtcNow();
        var state = AttendanceRules.Status(course, invitee, now);
        var model = Pages.Model(course, "checkInTitle");
        model["person"] = invitee.Name;
        model["session_rows"] = AttendanceRules.Windows(course)
            .Select(w => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["time"] = Templates.RenderString("checkInSession", new Dictionary<string, object?> { ["n"] = w.Session + 1 }, language) + ": "
                    + VietnamTime.FormatRange(w.Start, w.Closes, language),
                ["window"] = Templates.RenderString("checkInWindow", new Dictionary<string, object?> { ["opens"] = VietnamTime.Format(w.Opens, language) }, language),
                ["mark"] = strings[AttendanceEmails.MarkKey(invitee.AttendanceFor(course, w.Session))],
            })
            .ToList();
        model["message"] = message ?? StateLine(course, state, invitee, language);
        model["message_class"] = message is null && state.State != CheckInState.Open ? "notice" : messageClass;
        model["show_button"] = state.State == CheckInState.Open;
        if (showQr && state.State is not (CheckInState.NotAccepted or CheckInState.CourseNotRunning))
        {
            var own = links.PageModel(course, invitee);
            model["checkin_link"] = own["link"];
            model["checkin_qr"] = own["qr"];
        }

        return Pages.Render(status, "checkin-page", course, model);
    }

    /// <summary>The page's sentence for the current state, when no action just happened.</summary>
    private string StateLine(Course course, CheckInStatus state, Invitee invitee, string language)
    {
        var n = (state.Session ?? 0) + 1;
        var values = new Dictionary<string, object?>
        {
            ["n"] = n,
            ["opens"] = state.OpensAt is { } opens ? VietnamTime.Format(opens, language) : null,
            ["status"] = state.Session is { } s && invitee.AttendanceFor(course, s) is { } mark ? Templates.Strings(language)[AttendanceEmails.MarkKey(mark)] : null,
        };
        var key = state.State switch
        {
            CheckInState.Open => "checkInOpen",
            CheckInState.AlreadyPresent => "checkInAlready",
            CheckInState.MarkedByOrganiser => "checkInMarked",
            CheckInState.NotYetOpen => "checkInNotYet",
            CheckInState.Closed => "checkInClosed",
            CheckInState.NotAccepted => "checkInNotAccepted",
            _ => "checkInCourseNotRunning",
        };
        return Templates.RenderString(key, values, language);
    }
}
