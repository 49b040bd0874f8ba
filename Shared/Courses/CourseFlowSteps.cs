using Workflow.Courses.Calendar;
using Workflow.Courses.Nominations;
using Workflow.Courses.Storage;

namespace Workflow.Courses;

/// <summary>What the course flow's activities do. Every step is idempotent: it reads the tables, does what
/// is still missing, and marks it done, so running it twice sends nothing twice (emails carry deterministic ids).
/// An email that failed for good (refused address, or unconfirmed) is marked with its reason and never tried again
/// by the flow; a passing fault throws after recording what was already decided, and the activity retries the rest.</summary>
public sealed partial class CourseFlowSteps(
    CourseStore courseStore,
    InviteeStore inviteeStore,
    CourseEmails emails,
    IEmailSender sender,
    TimeProvider time,
    ILogger<CourseFlowSteps> logger,
    NominationSteps nominations,
    CalendarEmails calendar,
    CalendarSteps calendarSteps,
    EmailRounds rounds,
    Documents.Letters.LetterFiles letters)
{
    /// <summary>The course's phase and the milestones ahead of it, computed from the stored course.</summary>
    public async Task<CoursePlan> GetPlanAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courseStore.RequireAsync(courseId, cancellationToken);
        return new CoursePlan(course.Phase, CourseSchedule.For(course));
    }

    /// <summary>Sends the invitation to every invitee who has not had one yet (a failed one is not tried again); returns how many were sent.</summary>
    public async Task<int> InviteAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courseStore.RequireAsync(courseId, cancellationToken);
        if (course.Phase is not (CoursePhase.Inviting or CoursePhase.RsvpClosed))
        {
            return 0;
        }

        var uninvited = await rounds.RecoverAsync(courseId, EmailRounds.Invitation, await inviteeStore.ListUninvitedAsync(courseId, cancellationToken), cancellationToken);
        int sent = 0, failed = 0;

        // Letters (issue 18): a course with a signer attaches each person's own Giấy mời, and SendGrid's attachments are
        // per request, so its invitations go one person a request; a course without one keeps the 1,000-person batches.
        var lettered = uninvited.Count == 0 ? null : await letters.WithInvitationNumberAsync(course, cancellationToken);

        // Marking batch k overlaps with sending batch k+1; every mark is awaited before returning.
        var marking = Task.CompletedTask;
        try
        {
            foreach (var chunk in uninvited.Chunk(lettered is null ? EmailBatch.MaxRecipients : 1))
            {
                var batch = lettered is null
                    ? emails.Invitation(course, chunk)
                    : emails.Invitation(lettered, chunk) with { Attachments = [letters.Invitation(lettered, chunk[0])] };
                EmailSendResult result;
                try
                {
                    result = await rounds.SendAsync(courseId, EmailRounds.Invitation, batch, chunk, cancellationToken);
                }
                catch (EmailNotSentException ex)
                {
                    await marking;
                    marking = Task.CompletedTask;
                    await RecordInvitationsAsync(courseId, batch, chunk, ex.Partial, cancellationToken);
                    throw;
                }

                await marking;
                marking = RecordInvitationsAsync(courseId, batch, chunk, result, cancellationToken);
                sent += result.Sent.Count;
                failed += result.Failed.Count;
            }
        }
        finally
        {
            await marking;
        }

        LogSent(logger, "invitation", sent, courseId, failed);

        // Nominations: each unit contact not yet asked gets his nomination email (his nominees come back through this step).
        await nominations.SendRequestsAsync(course, cancellationToken);
        return sent + await NotifyPromotedAsync(course, cancellationToken) + await calendarSteps.ConfirmAsync(course, cancellationToken);
    }

    /// <summary>
    /// Seats (issue 8): the outbox of promotions. A promotion is written with the seat change (the row's
    /// <see cref="Invitee.PromotionPending"/> mark, same transaction), the flow is woken by the changed event and this
    /// step, run first in every generation with the invitations, sends "a seat is now yours" and clears the mark. If
    /// the process dies after the write the mark stays and the next run sends; the message id
    /// <c>promoted:{course}:{invitee}</c> makes a resend after a crash between send and mark a duplicate the dev outbox
    /// drops. Someone who declined again before the email went gets none.
    /// </summary>
    public async Task<int> NotifyPromotedAsync(string courseId, CancellationToken cancellationToken) =>
        await NotifyPromotedAsync(await courseStore.RequireAsync(courseId, cancellationToken), cancellationToken);

    private async Task<int> NotifyPromotedAsync(Course course, CancellationToken cancellationToken)
    {
        var marked = await inviteeStore.ListPromotionPendingAsync(course.Id, cancellationToken);
        if (marked.Count == 0)
        {
            return 0;
        }

        var due = marked.Where(i => i.Status == InviteeStatus.Accepted).ToList();
        var sent = 0;
        foreach (var invitee in due)
        {
            // Calendar: one email per person, with his .ics (it is the promoted person's confirmation).
            await sender.SendAsync(calendar.Promotion(course, invitee), cancellationToken);
            await inviteeStore.MarkPromotionSentAsync(course.Id, [invitee.Id], cancellationToken);
            sent++;
        }

        var stale = marked.Where(i => i.Status != InviteeStatus.Accepted).Select(i => i.Id).ToList();
        if (stale.Count > 0)
        {
            await inviteeStore.MarkPromotionSentAsync(course.Id, stale, cancellationToken);
        }

        LogSent(logger, "promotion", sent, course.Id, 0);
        return sent;
    }

    private Task RecordInvitationsAsync(string courseId, EmailBatch batch, IReadOnlyList<Invitee> chunk, EmailSendResult result, CancellationToken cancellationToken)
    {
        var (sent, failed) = ByInvitee(batch, chunk, result);
        return Task.WhenAll(
            inviteeStore.MarkInvitedAsync(courseId, sent, time.GetUtcNow(), cancellationToken),
            inviteeStore.MarkInvitationFailedAsync(courseId, failed, cancellationToken));
    }

    /// <summary>The result by invitee id: a batch's recipients are its invitees, in order.</summary>
    private static (List<string> Sent, Dictionary<string, EmailFailure> Failed) ByInvitee(EmailBatch batch, IReadOnlyList<Invitee> chunk, EmailSendResult result)
    {
        var ids = batch.Recipients.Zip(chunk).ToDictionary(p => p.First.MessageId, p => p.Second.Id, StringComparer.Ordinal);
        return (
            result.Sent.Select(m => ids[m]).ToList(),
            result.Failed.ToDictionary(p => ids[p.Key], p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>Reminds invited people who have not answered, once per reminder time.</summary>
    public async Task<int> RemindAsync(ReminderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var course = await courseStore.RequireAsync(request.CourseId, cancellationToken);
        if (course.Phase != CoursePhase.Inviting)
        {
            return 0;
        }

        var round = EmailRounds.Reminder(request.ReminderFor);
        var due = await rounds.RecoverAsync(
            request.CourseId,
            round,
            (await inviteeStore.ListPendingAsync(request.CourseId, cancellationToken)).Where(i => i.LastReminderFor != request.ReminderFor).ToList(),
            cancellationToken);
        // A refused address is marked too: a reminder is never resent.
        var (sent, failed) = await rounds.SendAllAsync(
            request.CourseId, round, due, chunk => emails.Reminder(course, chunk, request.ReminderFor), (batch, chunk, result, ct) => RecordRemindersAsync(request, batch, chunk, result, ct), cancellationToken);
        LogSent(logger, "reminder", sent, request.CourseId, failed);
        return sent;
    }

    /// <summary>At the RSVP deadline: the silent become "no response", the phase moves on, organisers get the summary.</summary>
    public async Task<int> CloseRsvpAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courseStore.RequireAsync(courseId, cancellationToken);
        if (course.Phase != CoursePhase.Inviting)
        {
            // RsvpClosed means the summary is out (the phase moves last): a re-run must not email it again, and
            // SendGrid, unlike the dev outbox, does not drop a message id it has seen.
            return 0;
        }

        var silent = await inviteeStore.MarkSilentAsNoResponseAsync(courseId, cancellationToken);
        var everyone = await inviteeStore.ListInviteesAsync(courseId, cancellationToken);

        // Nominations: silent nominees go to their unit contact; units that named no one go into the summary.
        var unitsWithoutNominees = await nominations.CloseAsync(course, everyone, cancellationToken);
        var summary = await sender.SendAsync(emails.RsvpSummary(course, everyone, unitsWithoutNominees), cancellationToken);
        if (summary.Failed.Count > 0)
        {
            // An organiser's address refused for good: nobody to tell by email; counted here, never named.
            LogSummaryFailed(logger, courseId, summary.Failed.Count);
        }

        // Last, so that "rsvpClosed" means the summary is out; a re-run after a crash sends what is missing.
        await courseStore.TryMovePhaseAsync(courseId, CoursePhase.Inviting, CoursePhase.RsvpClosed, cancellationToken);
        LogClosed(logger, courseId, silent);
        return silent;
    }

    /// <summary>A failed reminder keeps the invitation "sent": it is marked done for that time with its reason, never resent.</summary>
    private Task RecordRemindersAsync(ReminderRequest request, EmailBatch batch, IReadOnlyList<Invitee> chunk, EmailSendResult result, CancellationToken cancellationToken)
    {
        var (sent, failed) = ByInvitee(batch, chunk, result);
        return Task.WhenAll(
            inviteeStore.MarkRemindedAsync(request.CourseId, sent, request.ReminderFor, cancellationToken),
            inviteeStore.MarkReminderFailedAsync(request.CourseId, failed, request.ReminderFor, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} {Kind} emails for course {CourseId}; {Failed} failed for good (reasons on the invitee rows)")]
    private static partial void LogSent(ILogger logger, string kind, int count, string courseId, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "RSVP summary for course {CourseId}: {Failed} organiser addresses refused or unconfirmed")]
    private static partial void LogSummaryFailed(ILogger logger, string courseId, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "RSVP closed for course {CourseId}: {Silent} without response")]
    private static partial void LogClosed(ILogger logger, string courseId, int silent);
}

/// <summary>What the orchestrator needs to know of its course: the phase and the milestones ahead (<see cref="CourseSchedule"/>).</summary>
public sealed record CoursePlan(CoursePhase Phase, IReadOnlyList<Milestone> Milestones);

public sealed record ReminderRequest(string CourseId, DateTimeOffset ReminderFor);
