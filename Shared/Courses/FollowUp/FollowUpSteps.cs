using Workflow.Courses.Storage;

namespace Workflow.Courses.FollowUp;

/// <summary>
/// What the follow-up milestones do (SPEC §2 step 9). Each step is idempotent: it reads the tables, sends what is still missing
/// with deterministic message ids, and marks it sent on the invitee rows (or, for the milestones that run even when late, in
/// course.Progress), so a re-run sends nothing twice. A failed-for-good email is marked too and never tried again.
/// </summary>
public sealed partial class FollowUpSteps(
    CourseStore courseStore,
    InviteeStore inviteeStore,
    FollowUpEmails emails,
    IEmailSender sender,
    TimeProvider time,
    ILogger<FollowUpSteps> logger)
{
    /// <summary>
    /// At the end of the last session: the survey link and, when a report is required, the report link, to everyone present at
    /// one session at least, once each. Acts when the course is in progress or in follow-up, or in an earlier phase whose last
    /// session has ended; then the milestone is done and the phase is follow-up.
    /// </summary>
    public async Task<int> StartAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courseStore.RequireAsync(courseId, cancellationToken);
        var plan = FollowUpPlan.For(course);
        if (!IsOpen(course) || course.Progress.IsDone(FollowUpSchedule.StartKey) || time.GetUtcNow() < plan.Start)
        {
            return 0;
        }

        var asked = (await inviteeStore.ListFollowUpAsync(courseId, cancellationToken)).Where(p => FollowUpRules.IsAsked(p.Invitee)).ToList();
        var sent = await AskAsync(course, FollowUpKind.Survey, asked, cancellationToken);
        if (plan.ReportRequired)
        {
            sent += await AskAsync(course, FollowUpKind.Report, asked, cancellationToken);
        }

        await courseStore.MarkMilestoneDoneAsync(courseId, FollowUpSchedule.StartKey, CoursePhase.FollowUp, cancellationToken);
        LogSent(logger, "follow-up request", sent, courseId);
        return sent;
    }

    /// <summary>A reminder before a due date to those present who have not sent that kind yet, once per reminder time.</summary>
    public async Task<int> RemindAsync(FollowUpReminderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var course = await courseStore.RequireAsync(request.CourseId, cancellationToken);
        var due = FollowUpPlan.For(course).DueOf(request.Kind);
        if (!IsOpen(course) || due is null || time.GetUtcNow() >= due)
        {
            return 0;
        }

        var people = (await inviteeStore.ListFollowUpAsync(request.CourseId, cancellationToken))
            .Where(p => FollowUpRules.IsAsked(p.Invitee) && !FollowUpRules.HasSubmitted(p.Invitee, request.Kind) && p.Marks.RemindedFor(request.Kind) != request.ReminderFor)
            .Select(p => p.Invitee)
            .ToList();
        var sent = 0;
        foreach (var chunk in people.Chunk(EmailBatch.MaxRecipients))
        {
            var batch = emails.Reminder(course, request.Kind, request.ReminderFor, chunk);
            var ids = batch.Recipients.Zip(chunk).ToDictionary(p => p.First.MessageId, p => p.Second.Id, StringComparer.Ordinal);
            EmailSendResult result;
            try
            {
                result = await sender.SendAsync(batch, cancellationToken);
            }
            catch (EmailNotSentException ex)
            {
                await inviteeStore.MarkFollowUpRemindedAsync(request.CourseId, Done(ex.Partial, ids), request.Kind, request.ReminderFor, cancellationToken);
                throw;
            }

            await inviteeStore.MarkFollowUpRemindedAsync(request.CourseId, Done(result, ids), request.Kind, request.ReminderFor, cancellationToken);
            sent += result.Sent.Count;
        }

        LogSent(logger, "follow-up reminder", sent, request.CourseId);
        return sent;
    }

    /// <summary>At the last due date: the organisers' summary, once; then the course is completed.</summary>
    public async Task<int> CloseAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courseStore.RequireAsync(courseId, cancellationToken);
        if (!IsOpen(course) || course.Progress.IsDone(FollowUpSchedule.CloseKey) || time.GetUtcNow() < FollowUpPlan.For(course).Close)
        {
            return 0;
        }

        var everyone = await inviteeStore.ListInviteesAsync(courseId, cancellationToken);
        var summary = await sender.SendAsync(emails.Summary(course, everyone), cancellationToken);
        if (summary.Failed.Count > 0)
        {
            LogSummaryFailed(logger, courseId, summary.Failed.Count);
        }

        // Last, so that "completed" means the summary is out; a re-run after a crash before this line sends it again
        // with the same message ids.
        await courseStore.MarkMilestoneDoneAsync(courseId, FollowUpSchedule.CloseKey, CoursePhase.Completed, cancellationToken);
        LogClosed(logger, courseId, summary.Sent.Count);
        return summary.Sent.Count;
    }

    private async Task<int> AskAsync(Course course, FollowUpKind kind, IReadOnlyList<FollowUpInvitee> asked, CancellationToken cancellationToken)
    {
        var due = asked.Where(p => p.Marks.AskedAt(kind) is null).Select(p => p.Invitee).ToList();
        var sent = 0;
        foreach (var chunk in due.Chunk(EmailBatch.MaxRecipients))
        {
            var batch = emails.Request(course, kind, chunk);
            var ids = batch.Recipients.Zip(chunk).ToDictionary(p => p.First.MessageId, p => p.Second.Id, StringComparer.Ordinal);
            EmailSendResult result;
            try
            {
                result = await sender.SendAsync(batch, cancellationToken);
            }
            catch (EmailNotSentException ex)
            {
                await inviteeStore.MarkFollowUpAskedAsync(course.Id, Done(ex.Partial, ids), kind, time.GetUtcNow(), cancellationToken);
                throw;
            }

            await inviteeStore.MarkFollowUpAskedAsync(course.Id, Done(result, ids), kind, time.GetUtcNow(), cancellationToken);
            sent += result.Sent.Count;
        }

        return sent;
    }

    /// <summary>The invitees whose message has its final outcome (sent, or failed for good): they are not sent it again.</summary>
    private static List<string> Done(EmailSendResult result, Dictionary<string, string> ids) =>
        [.. result.Sent.Concat(result.Failed.Keys).Select(m => ids[m])];

    /// <summary>The follow-up acts on a course that ran: not a draft, not cancelled, not already completed.</summary>
    private static bool IsOpen(Course course) => course.Phase is not (CoursePhase.Draft or CoursePhase.Cancelled or CoursePhase.Completed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} {Kind} emails for course {CourseId}")]
    private static partial void LogSent(ILogger logger, string kind, int count, string courseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Follow-up summary for course {CourseId}: {Failed} organiser addresses refused or unconfirmed")]
    private static partial void LogSummaryFailed(ILogger logger, string courseId, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up closed for course {CourseId}: summary sent to {Count} organisers")]
    private static partial void LogClosed(ILogger logger, string courseId, int count);
}
