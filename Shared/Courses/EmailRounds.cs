using Workflow.Courses.Storage;

namespace Workflow.Courses;

/// <summary>
/// Invitations and reminder rounds handed over so that a crash between the service's answer and the marks sends
/// nobody twice (issue 19; docs/email.md). Each chunk of a round gets a batch id and is delivered
/// <see cref="EmailOptions.ScheduledSendLead"/> later (<c>send_at</c>); the batch id is written on the invitees' rows
/// BEFORE the send (<see cref="Handover"/>), the batch's outcome right after the answer (<see cref="HandoverStore"/>),
/// then the rows are marked as today. Before a round sends, <see cref="RecoverAsync"/> resolves every due row that
/// carries a handover of this round: the outcome recorded → the marks are finished from it; none (the process died
/// between the fact and the outcome) → the batch is cancelled while SendGrid still can (until 10 minutes before its
/// <c>send_at</c>) and sent again, or, past that, its people are marked sent (it goes out once) and the count is logged.
/// The organiser's remind-now rounds come here too (<see cref="RemindNow"/>). Single confirmations do not: they go at once.
/// </summary>
public sealed partial class EmailRounds(
    InviteeStore invitees,
    HandoverStore handovers,
    IEmailSender sender,
    IScheduledSends scheduled,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<EmailRounds> logger)
{
    /// <summary>The invitation round.</summary>
    public const string Invitation = "invitation";

    /// <summary>The reminder round of <paramref name="reminderFor"/>.</summary>
    public static string Reminder(DateTimeOffset reminderFor) =>
        "reminder:" + reminderFor.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The organiser's remind-now request <paramref name="requestId"/> (an id: letters, digits, '-').</summary>
    public static string RemindNow(string requestId) => RemindNowPrefix + requestId;

    private const string RemindNowPrefix = "remindNow:";

    /// <summary>
    /// Resolves the <paramref name="due"/> rows (not yet marked for <paramref name="round"/>) that carry a handover of
    /// this round; returns the rows still to send. A handover of another round (a reminder time since replaced) is
    /// resolved for its own round and the row stays due for this one.
    /// </summary>
    public async Task<List<Invitee>> RecoverAsync(string courseId, string round, IReadOnlyList<Invitee> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        var handed = due
            .Select(i => (Invitee: i, Handover: Handover.Parse(i.Handover)))
            .Where(p => p.Handover is not null)
            .GroupBy(p => p.Handover!, p => p.Invitee)
            .ToList();
        if (handed.Count == 0)
        {
            return [.. due];
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in handed)
        {
            var people = batch.ToList();
            var outcome = await handovers.GetAsync(courseId, batch.Key.BatchId, cancellationToken)
                ?? await ResolveUnansweredAsync(courseId, batch.Key, people.Count, cancellationToken);
            if (outcome.Cancelled)
            {
                continue;
            }

            var resolved = people.Where(i => !outcome.NotAccepted.Contains(i.Id)).ToList();
            await MarkAsync(courseId, batch.Key.Round, resolved.Select(i => i.Id), outcome.Failed, cancellationToken);
            if (batch.Key.Round == round)
            {
                done.UnionWith(resolved.Select(i => i.Id));
            }
        }

        return [.. due.Where(i => !done.Contains(i.Id))];
    }

    /// <summary>
    /// Sends <paramref name="due"/> (from <see cref="RecoverAsync"/>) in batches of <see cref="EmailBatch.MaxRecipients"/>,
    /// each composed by <paramref name="compose"/> and handed over by <see cref="SendAsync"/>; <paramref name="mark"/>
    /// records each batch's outcome, also the part SendGrid took before a failure (then the failure is thrown).
    /// </summary>
    public async Task<(int Sent, int Failed)> SendAllAsync(
        string courseId,
        string round,
        IReadOnlyList<Invitee> due,
        Func<Invitee[], EmailBatch> compose,
        Func<EmailBatch, Invitee[], EmailSendResult, CancellationToken, Task> mark,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(compose);
        ArgumentNullException.ThrowIfNull(mark);
        int sent = 0, failed = 0;
        foreach (var chunk in due.Chunk(EmailBatch.MaxRecipients))
        {
            var batch = compose(chunk);
            EmailSendResult result;
            try
            {
                result = await SendAsync(courseId, round, batch, chunk, cancellationToken);
            }
            catch (EmailNotSentException ex)
            {
                await mark(batch, chunk, ex.Partial, cancellationToken);
                throw;
            }

            await mark(batch, chunk, result, cancellationToken);
            sent += result.Sent.Count;
            failed += result.Failed.Count;
        }

        return (sent, failed);
    }

    /// <summary>
    /// Hands one chunk of <paramref name="round"/> over: scheduled (batch id written on the rows first, outcome recorded
    /// after the answer) unless <see cref="EmailOptions.ScheduledSendLead"/> is zero. Answers and throws as
    /// <see cref="IEmailSender.SendAsync"/>; the caller marks the rows from the result as before.
    /// </summary>
    public async Task<EmailSendResult> SendAsync(string courseId, string round, EmailBatch batch, IReadOnlyList<Invitee> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(chunk);
        var lead = options.Value.ScheduledSendLead;
        if (lead <= TimeSpan.Zero || chunk.Count == 0)
        {
            return await sender.SendAsync(batch, cancellationToken);
        }

        var sendAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lead).ToUnixTimeSeconds());
        var handover = new Handover(round, await scheduled.NewBatchIdAsync(cancellationToken), sendAt);
        await invitees.MarkHandedOverAsync(courseId, chunk.Select(i => i.Id), handover.ToString(), cancellationToken);

        // A batch's recipients are its invitees, in order.
        var ids = batch.Recipients.Zip(chunk).ToDictionary(p => p.First.MessageId, p => p.Second.Id, StringComparer.Ordinal);
        try
        {
            var result = await sender.SendAsync(batch with { Schedule = handover.Schedule }, cancellationToken);
            await handovers.SaveAsync(courseId, handover.BatchId, Outcome(ids, result, all: true), cancellationToken);
            return result;
        }
        catch (EmailNotSentException ex)
        {
            await handovers.SaveAsync(courseId, handover.BatchId, Outcome(ids, ex.Partial, all: false), cancellationToken);
            throw;
        }
    }

    /// <summary>By invitee id; <paramref name="all"/> = every recipient has his outcome, else those in neither list were surely not accepted.</summary>
    private static HandoverOutcome Outcome(Dictionary<string, string> ids, EmailSendResult result, bool all)
    {
        var answered = result.Sent.Concat(result.Failed.Keys).ToHashSet(StringComparer.Ordinal);
        return new HandoverOutcome(
            false,
            all ? [] : ids.Where(p => !answered.Contains(p.Key)).Select(p => p.Value).ToList(),
            result.Failed.ToDictionary(p => ids[p.Key], p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>No outcome recorded: the process died between writing the batch id and recording the answer.</summary>
    private async Task<HandoverOutcome> ResolveUnansweredAsync(string courseId, Handover handover, int people, CancellationToken cancellationToken)
    {
        var outcome = handover.Schedule.Cancellable(time.GetUtcNow()) && await scheduled.CancelAsync(handover.BatchId, cancellationToken)
            ? HandoverOutcome.Cancel
            : HandoverOutcome.AllAccepted;
        await handovers.SaveAsync(courseId, handover.BatchId, outcome, cancellationToken);
        if (outcome.Cancelled)
        {
            LogCancelled(logger, people, handover.Round, courseId);
        }
        else
        {
            LogPastCancelling(logger, people, handover.Round, courseId, handover.SendAt);
        }

        return outcome;
    }

    private Task MarkAsync(string courseId, string round, IEnumerable<string> resolved, IReadOnlyDictionary<string, EmailFailure> failed, CancellationToken cancellationToken)
    {
        var sent = resolved.Where(id => !failed.ContainsKey(id)).ToList();
        var reasons = failed.Where(p => !sent.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (round == Invitation)
        {
            return Task.WhenAll(
                invitees.MarkInvitedAsync(courseId, sent, time.GetUtcNow(), cancellationToken),
                invitees.MarkInvitationFailedAsync(courseId, reasons, cancellationToken));
        }

        if (round.StartsWith("reminder:", StringComparison.Ordinal)
            && long.TryParse(round.AsSpan("reminder:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            var reminderFor = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return Task.WhenAll(
                invitees.MarkRemindedAsync(courseId, sent, reminderFor, cancellationToken),
                invitees.MarkReminderFailedAsync(courseId, reasons, reminderFor, cancellationToken));
        }

        if (round.StartsWith(RemindNowPrefix, StringComparison.Ordinal))
        {
            // A remind-now reminder refused for good is not resent either: every resolved person is marked.
            return invitees.MarkChangeAsync(courseId, resolved, ChangeMark.RemindNow, round[RemindNowPrefix.Length..], cancellationToken);
        }

        throw new InvalidOperationException($"Unknown email round '{round}'.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery: a scheduled batch of {Count} '{Round}' emails of course {CourseId} was handed over but not marked; cancelled in time, sent again")]
    private static partial void LogCancelled(ILogger logger, int count, string round, string courseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery: a scheduled batch of {Count} '{Round}' emails of course {CourseId} was handed over but not marked and is past cancelling (send_at {SendAt:O}): marked sent, not sent again (had the process died before the hand-over, they get nothing)")]
    private static partial void LogPastCancelling(ILogger logger, int count, string round, string courseId, DateTimeOffset sendAt);
}
