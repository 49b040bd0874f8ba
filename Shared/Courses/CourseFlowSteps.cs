using Microsoft.Extensions.Logging;
using Workflow.Courses.Nominations;
using Workflow.Email;

namespace Workflow.Courses;

/// <summary>What the course flow's activities do. Every step is idempotent: it reads the tables, does what
/// is still missing, and marks it done, so running it twice sends nothing twice (emails carry deterministic ids).</summary>
public sealed partial class CourseFlowSteps(
    CourseRepository repository,
    CourseEmails emails,
    IEmailSender sender,
    TimeProvider time,
    ILogger<CourseFlowSteps> logger,
    NominationSteps nominations)
{
    /// <summary>The course's phase and the milestones ahead of it, computed from the stored course.</summary>
    public async Task<CoursePlan> GetPlanAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await RequireAsync(courseId, cancellationToken);
        return new CoursePlan(course.Phase, CourseSchedule.For(course));
    }

    /// <summary>Sends the invitation to every invitee who has not had one yet.</summary>
    public async Task<int> InviteAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await RequireAsync(courseId, cancellationToken);
        if (course.Phase is not (CoursePhase.Inviting or CoursePhase.RsvpClosed))
        {
            return 0;
        }

        var uninvited = await repository.ListUninvitedAsync(courseId, cancellationToken);
        var sent = 0;

        // Marking batch k as invited overlaps with sending batch k+1; every mark is awaited before returning.
        var marking = Task.CompletedTask;
        try
        {
            foreach (var chunk in uninvited.Chunk(EmailBatch.MaxRecipients))
            {
                await sender.SendAsync(emails.Invitation(course, chunk), cancellationToken);
                await marking;
                marking = repository.MarkInvitedAsync(courseId, chunk.Select(i => i.Id), time.GetUtcNow(), cancellationToken);
                sent += chunk.Length;
            }
        }
        finally
        {
            await marking;
        }

        LogSent(logger, "invitation", sent, courseId);

        // Nominations: each unit contact not yet asked gets his nomination email (his nominees come back through this step).
        await nominations.SendRequestsAsync(course, cancellationToken);
        return sent;
    }

    /// <summary>Reminds invited people who have not answered, once per reminder time.</summary>
    public async Task<int> RemindAsync(ReminderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var course = await RequireAsync(request.CourseId, cancellationToken);
        if (course.Phase != CoursePhase.Inviting)
        {
            return 0;
        }

        var due = (await repository.ListPendingAsync(request.CourseId, cancellationToken))
            .Where(i => i.LastReminderFor != request.ReminderFor)
            .ToList();
        var sent = 0;
        foreach (var chunk in due.Chunk(EmailBatch.MaxRecipients))
        {
            await sender.SendAsync(emails.Reminder(course, chunk, request.ReminderFor), cancellationToken);
            await repository.MarkRemindedAsync(request.CourseId, chunk.Select(i => i.Id), request.ReminderFor, cancellationToken);
            sent += chunk.Length;
        }

        LogSent(logger, "reminder", sent, request.CourseId);
        return sent;
    }

    /// <summary>At the RSVP deadline: the silent become "no response", the phase moves on, organisers get the summary.</summary>
    public async Task<int> CloseRsvpAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await RequireAsync(courseId, cancellationToken);
        if (course.Phase is not (CoursePhase.Inviting or CoursePhase.RsvpClosed))
        {
            return 0;
        }

        var silent = await repository.MarkSilentAsNoResponseAsync(courseId, cancellationToken);
        var everyone = await repository.ListInviteesAsync(courseId, cancellationToken);

        // Nominations: silent nominees go to their unit contact; units that named no one go into the summary.
        var unitsWithoutNominees = await nominations.CloseAsync(course, everyone, cancellationToken);
        await sender.SendAsync(emails.RsvpSummary(course, everyone, unitsWithoutNominees), cancellationToken);

        // Last, so that "rsvpClosed" means the summary is out; a re-run after a crash sends what is missing.
        await repository.TryMovePhaseAsync(courseId, CoursePhase.Inviting, CoursePhase.RsvpClosed, cancellationToken);
        LogClosed(logger, courseId, silent);
        return silent;
    }

    private async Task<Course> RequireAsync(string courseId, CancellationToken cancellationToken) =>
        await repository.GetAsync(courseId, cancellationToken) ?? throw new InvalidOperationException($"Course {courseId} does not exist.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} {Kind} emails for course {CourseId}")]
    private static partial void LogSent(ILogger logger, string kind, int count, string courseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "RSVP closed for course {CourseId}: {Silent} without response")]
    private static partial void LogClosed(ILogger logger, string courseId, int silent);
}

/// <summary>What the orchestrator needs to know of its course: the phase and the milestones ahead (<see cref="CourseSchedule"/>).</summary>
public sealed record CoursePlan(CoursePhase Phase, IReadOnlyList<Milestone> Milestones);

public sealed record ReminderRequest(string CourseId, DateTimeOffset ReminderFor);
