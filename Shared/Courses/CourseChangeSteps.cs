using Workflow.Courses.Calendar;
using Workflow.Courses.Storage;

namespace Workflow.Courses;

/// <summary>
/// The steps of the organiser's changes (rows of <see cref="MilestoneTable"/> for the milestones <see cref="MilestoneKind.Cancellation"/>,
/// <see cref="MilestoneKind.Rescheduled"/>, <see cref="MilestoneKind.RemindNow"/>). Each reads the tables, sends to
/// whoever is not marked yet, marks each batch right after it is sent, and finally marks the course row so the
/// milestone leaves the schedule: a re-run after a crash sends only what is missing.
/// </summary>
public sealed partial class CourseChangeSteps(
    CourseStore courseStore,
    InviteeStore inviteeStore,
    CourseChangeStore store,
    CourseChangeEmails emails,
    IEmailSender sender,
    EmailRounds rounds,
    ILogger<CourseChangeSteps> logger,
    CalendarEmails calendar)
{
    /// <summary>Who is still concerned by the course: invited and pending, accepted, or waiting for a seat.</summary>
    public static bool IsConcerned(Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        return invitee.Status switch
        {
            InviteeStatus.Pending => invitee.EmailStatus == EmailStatus.Sent,
            InviteeStatus.Accepted or InviteeStatus.Waitlisted => true,
            _ => false,
        };
    }

    /// <summary>One cancellation email, with the reason, to everyone still concerned; then the course is marked told.</summary>
    public async Task<int> SendCancellationAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courseStore.RequireAsync(courseId, cancellationToken);
        if (course.Phase != CoursePhase.Cancelled || course.State.CancellationSent)
        {
            return 0;
        }

        var marks = await inviteeStore.ReadChangeMarksAsync(courseId, ChangeMark.CancelNotice, cancellationToken);
        var due = (await inviteeStore.ListInviteesAsync(courseId, cancellationToken))
            .Where(i => IsConcerned(i) && marks.GetValueOrDefault(i.Id) is not true)
            .ToList();
        var sent = 0;
        foreach (var chunk in due.Chunk(EmailBatch.MaxRecipients))
        {
            await sender.SendAsync(emails.Cancellation(course, chunk), cancellationToken);
            await inviteeStore.MarkChangeAsync(courseId, chunk.Select(i => i.Id), ChangeMark.CancelNotice, true, cancellationToken);
            sent += chunk.Length;
        }

        await courseStore.UpdateCourseAsync(courseId, c => Outcome<Course>.Done(c with { Changes = c.State with { CancellationSent = true } }), cancellationToken);
        LogSent(logger, "cancellation", sent, courseId);
        return sent;
    }

    /// <summary>The notice of the latest change of times, venue or deadline to everyone concerned who has not had it.</summary>
    public async Task<int> SendRescheduleNoticeAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courseStore.RequireAsync(courseId, cancellationToken);
        var version = course.State.Version;
        if (!course.State.NoticeDue || course.Phase is not (CoursePhase.Inviting or CoursePhase.RsvpClosed))
        {
            return 0;
        }

        var marks = await inviteeStore.ReadChangeMarksAsync(courseId, ChangeMark.NoticeVersion, cancellationToken);
        var due = (await inviteeStore.ListInviteesAsync(courseId, cancellationToken))
            .Where(i => IsConcerned(i) && (marks.GetValueOrDefault(i.Id) as int? ?? 0) < version)
            .ToList();
        var sent = 0;
        foreach (var chunk in due.Where(i => i.Status != InviteeStatus.Accepted).Chunk(EmailBatch.MaxRecipients))
        {
            await sender.SendAsync(emails.Rescheduled(course, chunk, version), cancellationToken);
            await inviteeStore.MarkChangeAsync(courseId, chunk.Select(i => i.Id), ChangeMark.NoticeVersion, version, cancellationToken);
            sent += chunk.Length;
        }

        // Calendar: accepted people get the updated .ics (same UIDs, SEQUENCE = version), one email each (their own link).
        foreach (var invitee in due.Where(i => i.Status == InviteeStatus.Accepted))
        {
            await sender.SendAsync(calendar.Rescheduled(course, invitee, version), cancellationToken);
            await inviteeStore.MarkChangeAsync(courseId, [invitee.Id], ChangeMark.NoticeVersion, version, cancellationToken);
            sent++;
        }

        // A later change made meanwhile keeps its own notice due (its version is higher).
        await courseStore.UpdateCourseAsync(
            courseId,
            c => Outcome<Course>.Done(c with { Changes = c.State with { NoticeVersion = Math.Max(c.State.NoticeVersion, version) } }),
            cancellationToken);
        LogSent(logger, "reschedule notice", sent, courseId);
        return sent;
    }

    /// <summary>
    /// A remind-now request: the chosen people still pending, once; then the request is done. A round like the
    /// reminder rounds (<see cref="EmailRounds"/>): scheduled batches, so a crash after SendGrid's answer and before
    /// the marks sends nobody twice; delivered <see cref="EmailOptions.ScheduledSendLead"/> after the request runs.
    /// </summary>
    public async Task<int> RemindNowAsync(RemindNowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var course = await courseStore.RequireAsync(request.CourseId, cancellationToken);
        var row = await store.GetRequestAsync(request.CourseId, request.RequestId, cancellationToken);
        var sent = 0;
        if (row is { Done: false } && course.Phase == CoursePhase.Inviting)
        {
            var chosen = row.InviteeIds.Count == 0 ? null : row.InviteeIds.ToHashSet(StringComparer.Ordinal);
            var marks = await inviteeStore.ReadChangeMarksAsync(request.CourseId, ChangeMark.RemindNow, cancellationToken);
            var round = EmailRounds.RemindNow(request.RequestId);
            var due = await rounds.RecoverAsync(
                request.CourseId,
                round,
                (await inviteeStore.ListPendingAsync(request.CourseId, cancellationToken))
                    .Where(i => (chosen is null || chosen.Contains(i.Id)) && marks.GetValueOrDefault(i.Id) as string != request.RequestId)
                    .ToList(),
                cancellationToken);
            // A refused address is marked too: a reminder is never resent (as before).
            (sent, _) = await rounds.SendAllAsync(
                request.CourseId, round, due, chunk => emails.RemindNow(course, chunk, request.RequestId), (batch, chunk, result, ct) => MarkRemindedNowAsync(request, batch, chunk, result, ct), cancellationToken);
        }

        if (row is { Done: false })
        {
            await store.MarkRequestDoneAsync(request.CourseId, request.RequestId, cancellationToken);
        }

        await courseStore.UpdateCourseAsync(
            request.CourseId,
            c => Outcome<Course>.Done(c with { Changes = c.State with { RemindNow = [.. c.State.RemindNow.Where(r => r.RequestId != request.RequestId)] } }),
            cancellationToken);
        LogSent(logger, "remind-now", sent, request.CourseId);
        return sent;
    }

    /// <summary>Marks the people of <paramref name="batch"/> the service answered for (sent or refused); a batch's recipients are its invitees, in order.</summary>
    private Task MarkRemindedNowAsync(RemindNowRequest request, EmailBatch batch, IReadOnlyList<Invitee> chunk, EmailSendResult result, CancellationToken cancellationToken)
    {
        var answered = result.Sent.Concat(result.Failed.Keys).ToHashSet(StringComparer.Ordinal);
        var ids = batch.Recipients.Zip(chunk).Where(p => answered.Contains(p.First.MessageId)).Select(p => p.Second.Id).ToList();
        return inviteeStore.MarkChangeAsync(request.CourseId, ids, ChangeMark.RemindNow, request.RequestId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} {Kind} emails for course {CourseId}")]
    private static partial void LogSent(ILogger logger, string kind, int count, string courseId);
}

/// <summary>Which remind-now request a <see cref="MilestoneKind.RemindNow"/> milestone runs.</summary>
public sealed record RemindNowRequest(string CourseId, string RequestId);
