using Microsoft.AspNetCore.Http;
using Workflow.Courses.Attendance;
using Workflow.Courses.Links;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses;

/// <summary>
/// The attendee's reply page: a <see cref="LinkPurpose.Rsvp"/> link handed on by <see cref="PersonalLinkRouter"/>. GET and
/// HEAD only show the current state (mail scanners open every link); only a POST of the page's form records an answer.
/// Answers are idempotent and may change until the course starts (after the RSVP deadline they are marked late).
/// </summary>
public sealed class ReplyPage(LinkPageServices page, CourseStore courseStore, InviteeStore inviteeStore, SeatStore seatStore, CheckInLinks checkInLinks, CourseFlows flows)
    : LinkPage<Invitee>(page)
{
    protected override Task<Invitee?> LoadAsync(string courseId, string id, CancellationToken cancellationToken) =>
        inviteeStore.GetInviteeAsync(courseId, id, cancellationToken);

    protected override Task<IResult> ShowAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken) =>
        RenderAsync(StatusCodes.Status200OK, visit.Course, visit.Row, message: null, messageClass: "status", cancellationToken);

    /// <summary>Closed on the cached copy, but the course changed since: judge on the course as stored.</summary>
    protected override async Task<LinkVisit<Invitee>> RefreshAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (InviteeRules.WhyClosed(visit.Course, visit.Row, visit.Now) is null || await courseStore.IsCurrentAsync(visit.Course, cancellationToken))
        {
            return visit;
        }

        var course = await courseStore.GetAsync(visit.Course.Id, cancellationToken) ?? visit.Course;
        Courses.Remember(course);
        return visit with { Course = course };
    }

    protected override async Task<IResult?> ClosedAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return InviteeRules.WhyClosed(visit.Course, visit.Row, visit.Now) is null
            ? null
            : await RenderAsync(StatusCodes.Status409Conflict, visit.Course, visit.Row, ClosedText(visit.Course), "notice", cancellationToken);
    }

    protected override async Task<IResult> PostAsync(LinkVisit<Invitee> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var (request, course, invitee, now) = visit;
        var strings = Templates.Strings(course.Definition.Language);
        var (form, status) = await ReadFormAsync(request, cancellationToken);
        if (form is null)
        {
            return await RenderAsync(status, course, invitee, strings[status == StatusCodes.Status413PayloadTooLarge ? "formTooLarge" : "badAnswer"], "notice", cancellationToken);
        }

        var answer = form["answer"].ToString();
        if (answer == "delegate")
        {
            return await DelegateAsync(course, invitee, new DelegateRequest(form["delegateName"], form["delegateEmail"], form["delegateUnit"]), now, cancellationToken);
        }

        var reason = form["reason"].ToString().Trim();
        if (!TextRules.IsMultiLine(reason))
        {
            return await RenderAsync(StatusCodes.Status400BadRequest, course, invitee, strings["reasonRequired"], "notice", cancellationToken);
        }

        // The decision is made on the cached course; storage refuses the write if the course changed since (its guard),
        // and then it is made again on the course as stored, which the result carries.
        var result = await seatStore.ChangeInviteeAsync(
            course,
            invitee.Id,
            (c, current, seats, waiting) => InviteeRules.Reply(
                c, current, seats, waiting, new ReplyRequest(answer, answer == "accept" ? null : reason), now, AuditActor.Link(current.Name)),
            cancellationToken,
            read: invitee);
        if (result is null)
        {
            return Pages.NotFound();
        }

        var outcome = result.Outcome;
        if (!ReferenceEquals(result.Course, course))
        {
            course = result.Course;
            Courses.Remember(course);
            strings = Templates.Strings(course.Definition.Language);
        }

        switch (outcome.Kind)
        {
            case OutcomeKind.Invalid:
                var field = outcome.Errors.Count > 0 ? outcome.Errors[0].Field : "answer";
                return await RenderAsync(StatusCodes.Status400BadRequest, course, invitee, strings[field == "reason" ? "reasonRequired" : "badAnswer"], "notice", cancellationToken);
            case OutcomeKind.Conflict or OutcomeKind.NotFound:
                var fresh = await inviteeStore.GetInviteeAsync(course.Id, invitee.Id, cancellationToken) ?? invitee;
                return await RenderAsync(StatusCodes.Status409Conflict, course, fresh, ClosedText(course), "notice", cancellationToken);
        }

        var change = outcome.Value!;
        var updated = change.Invitee;
        if (change.WakesFlow)
        {
            // Facts first (written above), then wake the flow: it sends the promotion or confirmation email from the row's outbox mark.
            await flows.WakeAsync(course, "promoted", cancellationToken);
        }

        var position = await PositionAsync(course, updated, cancellationToken);
        var model = new Dictionary<string, object?> { ["reason"] = updated.Reason, ["position"] = position };
        var message = change.Unchanged
            ? strings["unchanged"]
            : Templates.RenderString(updated.Status switch
            {
                InviteeStatus.Accepted => "recordedAccepted",
                InviteeStatus.Waitlisted => "recordedWaitlisted",
                _ => "recordedDeclined",
            }, model, course.Definition.Language);
        var lines = new List<string>();
        if (updated.Status == InviteeStatus.Accepted)
        {
            lines.Add(strings["seatRegistered"]);
        }
        else if (change.Unchanged && updated.Status == InviteeStatus.Waitlisted)
        {
            lines.Add(Templates.RenderString("statusWaitlisted", model, course.Definition.Language));
        }

        if (updated.Late && !change.Unchanged)
        {
            lines.Add(strings["recordedLate"]);
        }

        return Render(StatusCodes.Status200OK, course, updated, message, "status", lines, position);
    }

    /// <summary>A hand-over to a colleague: the domain decides, the courseStore writes both rows and the seats at once, the flow invites the colleague.</summary>
    private async Task<IResult> DelegateAsync(Course course, Invitee invitee, DelegateRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await seatStore.DelegateAsync(
            course,
            invitee.Id,
            request.Email ?? string.Empty,
            (c, current, seats, exists) => InviteeRules.Delegate(c, current, seats, request, exists, now, AuditActor.Link(current.Name)),
            cancellationToken);
        if (result is null)
        {
            return Pages.NotFound();
        }

        if (!ReferenceEquals(result.Course, course))
        {
            course = result.Course;
            Courses.Remember(course);
        }

        var outcome = result.Outcome;
        var language = course.Definition.Language;
        var strings = Templates.Strings(language);

        switch (outcome.Kind)
        {
            case OutcomeKind.Invalid:
                var field = outcome.Errors.Count > 0 ? outcome.Errors[0].Field : "delegateName";
                var key = field switch
                {
                    "delegateEmail" when request.Email is { } e && CourseValidation.IsEmail(e.Trim()) => "delegateSelf",
                    "delegateEmail" => "delegateEmailRequired",
                    "delegateUnit" => "delegateUnitInvalid",
                    _ => "delegateNameRequired",
                };
                return await RenderAsync(StatusCodes.Status400BadRequest, course, invitee, strings[key], "notice", cancellationToken, request);
            case OutcomeKind.Conflict or OutcomeKind.NotFound:
                var fresh = await inviteeStore.GetInviteeAsync(course.Id, invitee.Id, cancellationToken) ?? invitee;
                var closed = InviteeRules.WhyClosed(course, fresh, now) is not null;
                return await RenderAsync(StatusCodes.Status409Conflict, course, fresh, closed ? ClosedText(course) : Templates.Render(outcome.Message!, course.Definition.Language), "notice", cancellationToken, closed ? null : request);
        }

        // Facts first (both rows written), then wake the flow: it invites the colleague like everyone else, once.
        await flows.WakeAsync(course, "delegated", cancellationToken);
        var change = outcome.Value!;
        var message = Templates.RenderString("recordedDelegated", new Dictionary<string, object?> { ["delegate"] = change.Colleague.Name, ["email"] = change.Colleague.Email }, language);
        return Render(StatusCodes.Status200OK, course, change.Original, message, "status", [strings["delegatedInvited"]], null);
    }

    /// <summary>Why no answer is taken, in the course's language: cancelled, or closed (started, handed on).</summary>
    private string ClosedText(Course course) =>
        Templates.Strings(course.Definition.Language)[course.Phase == CoursePhase.Cancelled ? "courseCancelledText" : "closedText"];

    /// <summary>Seats: a waitlisted person's place among those waiting (arrival order).</summary>
    private Task<int?> PositionAsync(Course course, Invitee invitee, CancellationToken cancellationToken) =>
        invitee.Status == InviteeStatus.Waitlisted && invitee.CourseId == course.Id
            ? seatStore.WaitlistPositionAsync(invitee, cancellationToken)
            : Task.FromResult<int?>(null);

    private async Task<IResult> RenderAsync(int status, Course course, Invitee invitee, string? message, string messageClass, CancellationToken cancellationToken, DelegateRequest? typed = null) =>
        Render(
            status, course, invitee, message, messageClass, null, await PositionAsync(course, invitee, cancellationToken), typed,
            invitee.DelegatedTo is { } to ? (await inviteeStore.GetInviteeAsync(course.Id, to, cancellationToken))?.Name : null);

    /// <param name="typed">What the person typed into the hand-over fields, shown again after a refusal.</param>
    /// <param name="delegateName">The colleague's name when the invitation was handed on.</param>
    private IResult Render(int status, Course course, Invitee invitee, string? message, string messageClass, IReadOnlyList<string>? lines, int? position, DelegateRequest? typed = null, string? delegateName = null)
    {
        var language = course.Definition.Language;
        var strings = Templates.Strings(language);
        var model = Pages.Model(course, "pageTitle");
        var open = InviteeRules.WhyClosed(course, invitee, Time.GetUtcNow()) is null;
        model["message"] = message ?? StatusLine(invitee, course, language, position, delegateName);
        model["message_class"] = messageClass;
        model["show_form"] = open;
        model["status"] = invitee.Status.ToString().ToLowerInvariant();
        model["reason"] = invitee.Reason ?? string.Empty;
        model["change_until"] = VietnamTime.Format(invitee.Status is InviteeStatus.NoResponse || Time.GetUtcNow() > course.RsvpDeadline ? course.FirstSessionStart : course.RsvpDeadline, language);
        model["lines"] = lines ?? (message is null && invitee.Status == InviteeStatus.Accepted && course.Phase != CoursePhase.Cancelled ? [strings["seatRegistered"]] : []);
        model["delegate_checked"] = typed is not null;
        model["delegate_name"] = typed?.Name ?? string.Empty;
        model["delegate_email"] = typed?.Email ?? string.Empty;
        model["delegate_unit"] = typed?.Unit ?? string.Empty;

        foreach (var (key, value) in CheckInBlock(course, invitee) ?? [])
        {
            model[key] = value; // attendance: the check-in link and its QR code, for an accepted person
        }

        return Pages.Render(status, "reply-page", course, model);
    }

    /// <summary>The check-in block of an accepted person's reply page: the link, its QR code and a sentence (null: none to show).</summary>
    private Dictionary<string, object?>? CheckInBlock(Course course, Invitee invitee)
    {
        if (invitee.Status != InviteeStatus.Accepted || course.Phase is CoursePhase.Cancelled or CoursePhase.Draft
            || Time.GetUtcNow() >= AttendanceRules.LastSessionEnd(course))
        {
            return null;
        }

        var own = checkInLinks.PageModel(course, invitee);
        var minutes = (int)AttendanceRules.OpensBefore(course.Definition).TotalMinutes;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["checkin_link"] = own["link"],
            ["checkin_qr"] = own["qr"],
            ["checkin_text"] = Templates.RenderString("checkInOnReply", new Dictionary<string, object?> { ["opens_before"] = minutes }, course.Definition.Language),
        };
    }

    private string StatusLine(Invitee invitee, Course course, string language, int? position, string? delegateName)
    {
        if (course.Phase == CoursePhase.Cancelled)
        {
            return Templates.Strings(language)["courseCancelledText"];
        }

        var key = "status" + invitee.Status;
        return Templates.Strings(language).ContainsKey(key)
            ? Templates.RenderString(key, new Dictionary<string, object?> { ["reason"] = invitee.Reason, ["position"] = position, ["delegate"] = delegateName }, language)
            : Templates.Strings(language)["statusPending"];
    }

}
