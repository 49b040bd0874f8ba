using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflow.Courses.Storage;
using Workflow.Hosting;
using Workflow.Http;
using Workflow.Links;
using Workflow.Templates;
using Workflow.Time;

namespace Workflow.Courses.Attendance;

/// <summary>
/// The attendee's check-in page behind <c>/api/r/{token}</c> for a <see cref="LinkPurpose.CheckIn"/> token: the course, the
/// person, each session with its check-in window and his mark, the QR code of the link (to show at the door), and a
/// "Điểm danh" button only while a window is open; outside one it says why not (opens at ..., closed, no seat). GET and
/// HEAD change nothing (mail scanners); only the form's POST (<c>answer=checkin</c>) records the check-in, idempotently.
/// </summary>
public sealed class CheckInPage(
    LinkTokens tokens,
    InviteeStore inviteeStore,
    AttendanceWriter attendanceWriter,
    CourseCache courses,
    CourseEmails emails,
    CheckInLinks links,
    TemplateRenderer templates,
    TimeProvider time,
    IOptions<WorkflowOptions> options)
{
    /// <summary>Whether the token is a check-in link (valid or expired), i.e. this page answers it.</summary>
    public bool Owns(string? token) => tokens.Verify(token, LinkPurpose.CheckIn, out _) != LinkCheck.Invalid;

    public async Task<IResult> HandleAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = tokens.Verify(token, LinkPurpose.CheckIn, out var claims);
        var course = claims is null ? null : await courses.GetAsync(claims.CourseId, cancellationToken);
        var invitee = claims is null || course is null ? null : await inviteeStore.GetInviteeAsync(claims.CourseId, claims.InviteeId, cancellationToken);
        if (check == LinkCheck.Invalid || course is null || invitee is null)
        {
            return LinkPages.Plain(templates, options.Value.OrganisationName, StatusCodes.Status404NotFound, "vi", "invalidTitle", "invalidText");
        }

        var language = course.Definition.Language;
        if (check == LinkCheck.Expired)
        {
            // After the last session: say so, and leave the marks to the organisers.
            return Render(StatusCodes.Status410Gone, course, invitee, templates.Strings(language)["checkInClosed"], "notice", showQr: false);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return Render(StatusCodes.Status200OK, course, invitee, message: null, "status", showQr: true);
        }

        var strings = templates.Strings(language);
        var (form, status) = await RequestReader.ReadPageFormAsync(request, cancellationToken);
        if (form is null || form["answer"] != "checkin")
        {
            return Render(form is null ? status : StatusCodes.Status400BadRequest, course, invitee, strings[status == StatusCodes.Status413PayloadTooLarge ? "formTooLarge" : "checkInBadForm"], "notice", showQr: true);
        }

        var now = time.GetUtcNow();
        Outcome<AttendanceChange>? outcome = null;
        var updated = await attendanceWriter.UpdateAttendanceAsync(course.Id, invitee.Id, current =>
        {
            outcome = AttendanceRules.CheckIn(course, current, now);
            return outcome is { IsDone: true, Value.Unchanged: false } ? outcome.Value.Invitee : null;
        }, cancellationToken);
        if (updated is null || outcome is null)
        {
            return LinkPages.Plain(templates, options.Value.OrganisationName, StatusCodes.Status404NotFound, "vi", "invalidTitle", "invalidText");
        }

        if (!outcome.IsDone)
        {
            return Render(StatusCodes.Status409Conflict, course, updated, message: null, "notice", showQr: true);
        }

        var change = outcome.Value!;
        var model = new Dictionary<string, object?> { ["n"] = change.Session + 1, ["at"] = VietnamTime.Format(updated.AttendanceFor(course, change.Session)?.At ?? now, language) };
        var message = templates.RenderString(change.Unchanged ? "checkInAlready" : "checkInRecorded", model, language);
        return Render(StatusCodes.Status200OK, course, updated, message, "status", showQr: true);
    }

    /// <summary>
    /// The QR code image of a check-in link (<c>/api/r/{token}/qr</c>): drawn from the verified token alone, no storage read,
    /// so showing it costs the page nothing; the phone keeps it (the token never changes). A link that is not a check-in
    /// link gets the plain "invalid link" page, an expired one the "check-in closed" page.
    /// </summary>
    public IResult QrImage(HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Robots-Tag"] = "noindex";
        switch (tokens.Verify(token, LinkPurpose.CheckIn, out _))
        {
            case LinkCheck.Invalid:
                headers.CacheControl = "no-store";
                return LinkPages.Plain(templates, options.Value.OrganisationName, StatusCodes.Status404NotFound, "vi", "invalidTitle", "invalidText");
            case LinkCheck.Expired:
                headers.CacheControl = "no-store";
                return LinkPages.Plain(templates, options.Value.OrganisationName, StatusCodes.Status410Gone, "vi", "checkInTitle", "checkInClosed");
        }

        headers.CacheControl = "private, max-age=86400, immutable";
        return Results.Bytes(CheckInLinks.QrPng(links.LinkOf(token)), "image/png");
    }

    private IResult Render(int status, Course course, Invitee invitee, string? message, string messageClass, bool showQr)
    {
        var language = course.Definition.Language;
        var strings = templates.Strings(language);
        var now = time.GetUtcNow();
        var state = AttendanceRules.Status(course, invitee, now);
        var model = emails.CourseModel(course);
        model["heading"] = strings["checkInTitle"];
        model["course_title"] = course.Definition.Title;
        model["person"] = invitee.Name;
        model["session_rows"] = AttendanceRules.Windows(course)
            .Select(w => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["time"] = templates.RenderString("checkInSession", new Dictionary<string, object?> { ["n"] = w.Session + 1 }, language) + ": "
                    + VietnamTime.FormatRange(w.Start, w.Closes, language),
                ["window"] = templates.RenderString("checkInWindow", new Dictionary<string, object?> { ["opens"] = VietnamTime.Format(w.Opens, language) }, language),
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

        return LinkPages.Html(status, templates.Render("checkin-page", html: true, model, language));
    }

    /// <summary>The page's sentence for the current state, when no action just happened.</summary>
    private string StateLine(Course course, CheckInStatus state, Invitee invitee, string language)
    {
        var n = (state.Session ?? 0) + 1;
        var values = new Dictionary<string, object?>
        {
            ["n"] = n,
            ["opens"] = state.OpensAt is { } opens ? VietnamTime.Format(opens, language) : null,
            ["status"] = state.Session is { } s && invitee.AttendanceFor(course, s) is { } mark ? templates.Strings(language)[AttendanceEmails.MarkKey(mark)] : null,
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
        return templates.RenderString(key, values, language);
    }

    /// <summary>The check-in block of an accepted person's reply page: the link, its QR code and a sentence (null: none to show).</summary>
    public Dictionary<string, object?>? ReplyPageBlock(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        if (invitee.Status != InviteeStatus.Accepted || course.Phase is CoursePhase.Cancelled or CoursePhase.Draft
            || time.GetUtcNow() >= AttendanceRules.LastSessionEnd(course))
        {
            return null;
        }

        var own = links.PageModel(course, invitee);
        var minutes = (int)AttendanceRules.OpensBefore(course.Definition).TotalMinutes;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["checkin_link"] = own["link"],
            ["checkin_qr"] = own["qr"],
            ["checkin_text"] = templates.RenderString("checkInOnReply", new Dictionary<string, object?> { ["opens_before"] = minutes }, course.Definition.Language),
        };
    }
}
