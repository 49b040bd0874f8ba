using Microsoft.AspNetCore.Http;
using Workflow.Access;
using Workflow.Courses.Storage;
using Workflow.Http;
using Workflow.Templates;

namespace Workflow.Courses;

/// <summary>The body of <c>POST /api/courses/{id}/replies</c>: who (email or inviteeId), the answer, and a note (the reason of a decline).</summary>
/// <param name="DelegateName">With <c>answer: delegate</c>: the colleague who goes instead (also <c>delegateEmail</c>, <c>delegateUnit</c>).</param>
public sealed record OfflineReplyRequest(string? Email, string? InviteeId, string? Answer, string? Note, string? DelegateName = null, string? DelegateEmail = null, string? DelegateUnit = null);

/// <summary>
/// <c>POST /api/courses/{id}/replies</c>: the organiser records a reply received by letter or phone. Same rules and
/// seats as a link reply (<see cref="InviteeRules.Reply"/>); the audit entry names the organiser (the signed-in person or
/// key: id and name). Reads the request,
/// calls the domain, answers the invitee as <c>GET .../invitees</c> shows it.
/// </summary>
public sealed class OfflineReplyApi(CourseStore courseStore, SeatStore seatStore, CourseFlows flows, TemplateRenderer words, TimeProvider time)
{
    public Task<IResult> RecordAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        courseStore.WithCourseAndBodyAsync<OfflineReplyRequest>(request, id, async (course, body) =>
        {
            var email = body.Email?.Trim();
            var inviteeId = body.InviteeId?.Trim();
            if (string.IsNullOrEmpty(email) == string.IsNullOrEmpty(inviteeId))
            {
                return Problems.Validation("email", Phrase.Of("error.giveExactlyOneOfEmailOrInviteeid"));
            }

            if (email is { Length: > 0 } && !CourseValidation.IsEmail(email))
            {
                return Problems.Validation("email", Phrase.Of("error.notAValidEmailAddress"));
            }

            if (inviteeId is { Length: > 0 } && !CourseStore.IsValidKey(inviteeId))
            {
                return Problems.Validation("inviteeId", Phrase.Of("error.notAValidInviteeId"));
            }

            var key = inviteeId is { Length: > 0 } ? inviteeId : Invitee.IdFor(course.Id, CourseValidation.NormalizeEmail(email!));
            var now = time.GetUtcNow();
            var by = AuditActor.Organiser(request.Caller().Author);
            if (body.Answer == "delegate")
            {
                return await DelegateAsync(request, course, key, body, now, by, cancellationToken);
            }

            var result = await seatStore.ChangeInviteeAsync(
                course,
                key,
                (c, current, seats, waiting) => InviteeRules.Reply(
                    c, current, seats, waiting, new ReplyRequest(body.Answer, body.Note), now, by),
                cancellationToken);
            if (result is null)
            {
                return Problems.NotFound(Phrase.Of("error.noSuchInviteeInThisCourse2"));
            }

            var outcome = result.Outcome;
            course = result.Course;

            if (outcome.Value is { WakesFlow: true })
            {
                // Facts first, then wake the flow: it sends the promotion or confirmation email from the row's outbox mark.
                await flows.WakeAsync(course, "promoted", cancellationToken);
            }

            if (!outcome.IsDone)
            {
                return Problems.From(outcome, _ => Results.Empty);
            }

            var waiting = await seatStore.ListWaitingAsync(course.Id, cancellationToken);
            return Results.Json(InviteeView.From(outcome.Value!.Invitee, waiting, course.SessionIds, p => words.Say(p, request)), WorkflowJson.Options);
        }, cancellationToken);

    /// <summary>A hand-over recorded by the organiser (the colleague is added and invited by the flow, once); answers the original.</summary>
    private async Task<IResult> DelegateAsync(HttpRequest httpRequest, Course course, string key, OfflineReplyRequest body, DateTimeOffset now, AuditActor by, CancellationToken cancellationToken)
    {
        var request = new DelegateRequest(body.DelegateName, body.DelegateEmail, body.DelegateUnit);
        var result = await seatStore.DelegateAsync(
            course,
            key,
            request.Email ?? string.Empty,
            (c, current, seats, exists) => InviteeRules.Delegate(c, current, seats, request, exists, now, by),
            cancellationToken);
        if (result is null)
        {
            return Problems.NotFound(Phrase.Of("error.noSuchInviteeInThisCourse2"));
        }

        var outcome = result.Outcome;
        course = result.Course;

        if (!outcome.IsDone)
        {
            return Problems.From(outcome, _ => Results.Empty);
        }

        // Facts first, then wake the flow: it invites the colleague.
        await flows.WakeAsync(course, "delegated", cancellationToken);
        return Results.Json(InviteeView.From(outcome.Value!.Original, [], course.SessionIds, p => words.Say(p, httpRequest)), WorkflowJson.Options);
    }
}
