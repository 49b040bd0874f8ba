namespace Workflow.Courses.Nominations;

/// <summary>The nomination parts of the course flow's steps. Idempotent like the others: they read the tables, send what is
/// missing and mark it sent in the nomination row (SendGrid cannot deduplicate), with deterministic message ids.</summary>
public sealed partial class NominationSteps(
    NominationStore nominationStore,
    NominationEmails emails,
    IEmailSender sender,
    TimeProvider time,
    ILogger<NominationSteps> logger,
    Documents.Letters.LetterFiles letters)
{
    /// <summary>Sends the nomination email to every unit contact not yet asked, while the course is inviting and before the deadline.</summary>
    public async Task<int> SendRequestsAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Phase != CoursePhase.Inviting || time.GetUtcNow() >= course.RsvpDeadline)
        {
            return 0;
        }

        var due = (await nominationStore.ListAsync(course.Id, cancellationToken)).Where(n => n.RequestSentAt is null).ToList();

        // Letters (issue 18): with a signer, each request carries the unit's công văn (one number for the course).
        var lettered = due.Count == 0 ? null : await letters.WithNominationNumberAsync(course, cancellationToken);
        foreach (var nomination in due)
        {
            var request = lettered is null
                ? emails.Request(course, nomination)
                : emails.Request(lettered, nomination) with { Attachments = [letters.Nomination(lettered, nomination)] };
            await sender.SendAsync(request, cancellationToken);
            await nominationStore.MarkRequestSentAsync(course.Id, [nomination.Id], time.GetUtcNow(), cancellationToken);
        }

        if (due.Count > 0)
        {
            LogSent(logger, "nomination", due.Count, course.Id);
        }

        return due.Count;
    }

    /// <summary>
    /// At the RSVP deadline (after the silent became "no response"): tells each unit contact which of his nominees stayed
    /// silent, once, and returns the units that named no one, for the organisers' summary.
    /// </summary>
    public async Task<List<string>> CloseAsync(Course course, IReadOnlyList<Invitee> everyone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(everyone);
        var nominations = await nominationStore.ListAsync(course.Id, cancellationToken);
        var byId = everyone.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var sent = 0;
        foreach (var nomination in nominations.Where(n => n.SilentNoticeSentAt is null))
        {
            var silent = NominationRules.Silent(nomination.NomineeIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList());
            if (silent.Count == 0)
            {
                continue;
            }

            await sender.SendAsync(emails.SilentNominees(course, nomination, silent), cancellationToken);
            await nominationStore.MarkSilentNoticeSentAsync(course.Id, [nomination.Id], time.GetUtcNow(), cancellationToken);
            sent++;
        }

        if (sent > 0)
        {
            LogSent(logger, "nomination-silent", sent, course.Id);
        }

        return [.. nominations
            .Where(n => !n.NomineeIds.Any(byId.ContainsKey))
            .Select(n => n.Unit)
            .Order(StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true))];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} {Kind} emails for course {CourseId}")]
    private static partial void LogSent(ILogger logger, string kind, int count, string courseId);
}
