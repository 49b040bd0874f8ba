using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.Courses.Nominations;
using Workflow.Durable;
using Workflow.Hosting;
using Workflow.Http;
using Workflow.Links;
using Workflow.Templates;
using Workflow.Text;
using Workflow.Time;

namespace Workflow.Courses;

/// <summary>
/// The attendee's reply page behind <c>/api/r/{token}</c>. GET and HEAD only show the current state
/// (mail scanners open every link); only a POST of the page's form records an answer. Answers are
/// idempotent and may change until the course starts (after the RSVP deadline they are marked late).
/// </summary>
public sealed class ReplyPage(
    LinkTokens tokens,
    CourseRepository repository,
    CourseCache courses,
    CourseEmails emails,
    TemplateRenderer templates,
    TimeProvider time,
    IOptions<WorkflowOptions> options)
{
    /// <summary>Every link page: a nomination link goes to <see cref="NominationPage"/>, any other token to the reply page.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, string token, IWorkflowClient flows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var nominationPage = request.HttpContext.RequestServices.GetRequiredService<NominationPage>();
        if (nominationPage.Owns(token))
        {
            var headers = request.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Robots-Tag"] = "noindex";
            return await nominationPage.HandleAsync(request, token, flows, cancellationToken);
        }

        return await HandleAsync(request, token, cancellationToken);
    }

    public async Task<IResult> HandleAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Robots-Tag"] = "noindex";

        var check = tokens.Verify(token, LinkPurpose.Rsvp, out var claims);
        var course = claims is null ? null : await courses.GetAsync(claims.CourseId, cancellationToken);
        var invitee = claims is null || course is null ? null : await repository.GetInviteeAsync(claims.CourseId, claims.InviteeId, cancellationToken);
        if (check == LinkCheck.Invalid || course is null || invitee is null)
        {
            return Plain(StatusCodes.Status404NotFound, "vi", "invalidTitle", "invalidText");
        }

        var language = course.Definition.Language;
        if (check == LinkCheck.Expired)
        {
            return Plain(StatusCodes.Status410Gone, language, "expiredTitle", "expiredText", string.Join(", ", course.Definition.OrganiserEmails));
        }

        if (HttpMethods.IsPost(request.Method))
        {
            return await PostAsync(request, course, invitee, cancellationToken);
        }

        return Render(StatusCodes.Status200OK, course, invitee, message: null, messageClass: "status");
    }

    private async Task<IResult> PostAsync(HttpRequest request, Course course, Invitee invitee, CancellationToken cancellationToken)
    {
        var strings = templates.Strings(course.Definition.Language);
        if (course.Phase is CoursePhase.Cancelled or CoursePhase.Completed or CoursePhase.Draft || invitee.Status == InviteeStatus.Cancelled)
        {
            return Render(StatusCodes.Status409Conflict, course, invitee, strings["closedText"], "notice");
        }

        var (form, status) = await RequestReader.ReadPageFormAsync(request, cancellationToken);
        if (form is null)
        {
            return Render(status, course, invitee, strings[status == StatusCodes.Status413PayloadTooLarge ? "formTooLarge" : "badAnswer"], "notice");
        }

        var answer = form["answer"].ToString();
        var reason = form["reason"].ToString().Trim();
        if (!TextRules.IsMultiLine(reason))
        {
            return Render(StatusCodes.Status400BadRequest, course, invitee, strings["reasonRequired"], "notice");
        }

        InviteeStatus wanted;
        switch (answer)
        {
            case "accept":
                wanted = InviteeStatus.Accepted;
                reason = string.Empty;
                break;
            case "decline" when reason.Length is > 0 and <= CourseValidation.MaxReason:
                wanted = InviteeStatus.Declined;
                break;
            case "decline":
                return Render(StatusCodes.Status400BadRequest, course, invitee, strings["reasonRequired"], "notice");
            default:
                return Render(StatusCodes.Status400BadRequest, course, invitee, strings["badAnswer"], "notice");
        }

        var now = time.GetUtcNow();
        var unchanged = false;
        var updated = await repository.UpdateInviteeAsync(course.Id, invitee.Id, current =>
        {
            unchanged = current.Status == wanted && (current.Reason ?? string.Empty) == reason;
            return unchanged || current.Status is not (InviteeStatus.Pending or InviteeStatus.Accepted or InviteeStatus.Declined or InviteeStatus.NoResponse)
                ? null
                : current with { Status = wanted, Reason = reason.Length == 0 ? null : reason, RepliedAt = now, Late = now > course.RsvpDeadline };
        }, cancellationToken, read: invitee) ?? invitee;

        var model = new Dictionary<string, object?> { ["reason"] = updated.Reason };
        var message = unchanged
            ? strings["unchanged"]
            : templates.RenderString(wanted == InviteeStatus.Accepted ? "recordedAccepted" : "recordedDeclined", model, course.Definition.Language);
        return Render(StatusCodes.Status200OK, course, updated, message, "status", updated.Late && !unchanged ? [strings["recordedLate"]] : []);
    }

    private IResult Render(int status, Course course, Invitee invitee, string? message, string messageClass, IReadOnlyList<string>? lines = null)
    {
        var language = course.Definition.Language;
        var strings = templates.Strings(language);
        var model = emails.CourseModel(course);
        var open = course.Phase is CoursePhase.Inviting or CoursePhase.RsvpClosed && invitee.Status != InviteeStatus.Cancelled;
        model["heading"] = strings["pageTitle"];
        model["course_title"] = course.Definition.Title;
        model["message"] = message ?? StatusLine(invitee, course, language);
        model["message_class"] = messageClass;
        model["show_form"] = open;
        model["status"] = invitee.Status.ToString().ToLowerInvariant();
        model["reason"] = invitee.Reason ?? string.Empty;
        model["change_until"] = VietnamTime.Format(invitee.Status is InviteeStatus.NoResponse || time.GetUtcNow() > course.RsvpDeadline ? course.FirstSessionStart : course.RsvpDeadline, language);
        model["lines"] = lines ?? [];
        return Html(status, templates.Render("reply-page", html: true, model, language));
    }

    private string StatusLine(Invitee invitee, Course course, string language)
    {
        if (course.Phase == CoursePhase.Cancelled)
        {
            return templates.Strings(language)["closedText"];
        }

        var key = "status" + invitee.Status;
        return templates.Strings(language).ContainsKey(key)
            ? templates.RenderString(key, new Dictionary<string, object?> { ["reason"] = invitee.Reason }, language)
            : templates.Strings(language)["statusPending"];
    }

    /// <summary>A page without course details: nothing that helps guessing.</summary>
    private IResult Plain(int status, string language, string titleKey, string textKey, string? extra = null)
    {
        var strings = templates.Strings(language);
        var model = new Dictionary<string, object?>
        {
            ["language"] = language,
            ["organisation"] = options.Value.OrganisationName,
            ["heading"] = strings[titleKey],
            ["message"] = strings[textKey],
            ["message_class"] = "notice",
            ["lines"] = extra is null ? Array.Empty<string>() : new[] { extra },
            ["show_form"] = false,
        };
        return Html(status, templates.Render("reply-page", html: true, model, language));
    }

    private static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
