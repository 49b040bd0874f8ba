using Workflow.Courses.Storage;

namespace Workflow.Courses.Calendar;

/// <summary>
/// The flow's calendar steps (SPEC §2 step 7), idempotent like every step: each reads the tables, sends what is still
/// due (one batch per person: the .ics carries the person's own link), and marks it right after it went, so a re-run
/// sends nothing twice (the deterministic message ids also let the dev outbox drop a resend after a crash).
/// </summary>
public sealed partial class CalendarSteps(CourseStore courseStore, InviteeStore inviteeStore, CalendarEmails emails, IEmailSender sender, ILogger<CalendarSteps> logger)
{
    /// <summary>
    /// The accept confirmations (the outbox of <see cref="Invitee.ConfirmationPending"/>, written with the acceptance):
    /// one email with the .ics per acceptance, id <c>confirmation:{course}:{invitee}:{arrival}</c>. Run with the
    /// invitations in every generation of the flow (the reply raises the "changed" event after its write). A person who
    /// declined before it went gets none.
    /// </summary>
    public async Task<int> ConfirmAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Phase is not (CoursePhase.Inviting or CoursePhase.RsvpClosed))
        {
            return 0;
        }

        var marked = await inviteeStore.ListConfirmationPendingAsync(course.Id, cancellationToken);
        var sent = 0;
        foreach (var invitee in marked)
        {
            if (invitee.Status == InviteeStatus.Accepted && await SendOneAsync(emails.Confirmation(course, invitee), cancellationToken) is null)
            {
                sent++;
            }

            await inviteeStore.MarkConfirmationSentAsync(course.Id, invitee.Id, invitee.Arrival, cancellationToken, read: invitee);
        }

        if (marked.Count > 0)
        {
            LogSent(logger, "confirmation", sent, course.Id);
        }

        return sent;
    }

    /// <summary>
    /// The course reminder at <see cref="CourseReminderRequest.At"/>: to every accepted person not yet reminded for that
    /// time, with venue, times and the .ics; then the milestone is marked done on the course row.
    /// </summary>
    public async Task<int> SendCourseReminderAsync(CourseReminderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var course = await courseStore.GetAsync(request.CourseId, cancellationToken)
            ?? throw new InvalidOperationException($"Course {request.CourseId} does not exist.");
        var sent = 0;
        if (course.Phase is CoursePhase.Inviting or CoursePhase.RsvpClosed)
        {
            var due = (await inviteeStore.ListAcceptedAsync(course.Id, cancellationToken)).Where(i => i.CourseReminderFor != request.At).ToList();
            foreach (var invitee in due)
            {
                var error = await SendOneAsync(emails.CourseReminder(course, invitee, request.At), cancellationToken);
                await inviteeStore.MarkCourseRemindedAsync(course.Id, [invitee.Id], request.At, error, cancellationToken);
                sent += error is null ? 1 : 0;
            }

            LogSent(logger, "course reminder", sent, course.Id);
        }

        await courseStore.MarkMilestoneDoneAsync(course.Id, request.Key, phase: null, cancellationToken);
        return sent;
    }

    /// <summary>Sends a one-person batch; null when it went, the reason when it failed for good. A passing fault throws (the activity retries).</summary>
    private async Task<EmailFailure?> SendOneAsync(EmailBatch batch, CancellationToken cancellationToken)
    {
        EmailSendResult result;
        try
        {
            result = await sender.SendAsync(batch, cancellationToken);
        }
        catch (EmailNotSentException ex) when (ex.Partial.Sent.Count + ex.Partial.Failed.Count > 0)
        {
            result = ex.Partial; // this one person's outcome is known: record it, never send it again
        }

        return result.Failed.Values.FirstOrDefault();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} {Kind} emails with the course calendar for course {CourseId}")]
    private static partial void LogSent(ILogger logger, string kind, int count, string courseId);
}

/// <summary>Which course reminder a <see cref="MilestoneKind.CourseReminder"/> milestone runs.</summary>
public sealed record CourseReminderRequest(string CourseId, DateTimeOffset At, string Key);
