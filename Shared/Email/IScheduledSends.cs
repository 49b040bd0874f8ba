namespace Workflow.Email;

/// <summary>
/// Scheduled sends (SendGrid's Cancel Scheduled Sends API; the dev outbox keeps and drops the same way): a round is
/// handed over under a batch id with a <c>send_at</c> ahead, and a batch can be cancelled until
/// <see cref="CancelDeadline"/> before its <c>send_at</c>. A cancelled batch delivers nothing.
/// </summary>
public interface IScheduledSends
{
    /// <summary>A new batch id (SendGrid: <c>POST /v3/mail/batch</c>).</summary>
    Task<string> NewBatchIdAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels the batch (SendGrid: <c>POST /v3/user/scheduled_sends</c> with status <c>cancel</c>; a batch already
    /// cancelled or paused counts as cancelled). False when the service refused: too late, it will be delivered.
    /// </summary>
    Task<bool> CancelAsync(string batchId, CancellationToken cancellationToken = default);
}

/// <param name="BatchId">From <see cref="IScheduledSends.NewBatchIdAsync"/>.</param>
/// <param name="SendAt">When the messages go out (whole seconds on the wire).</param>
public sealed record EmailSchedule(string BatchId, DateTimeOffset SendAt)
{
    /// <summary>SendGrid cancels or pauses a batch only until this long before its <c>send_at</c>.</summary>
    public static readonly TimeSpan CancelDeadline = TimeSpan.FromMinutes(10);

    /// <summary>Asked this much before the deadline at the latest: the cancel request itself takes time.</summary>
    public static readonly TimeSpan CancelMargin = TimeSpan.FromSeconds(30);

    /// <summary>Whether a cancel asked at <paramref name="now"/> is still surely in time.</summary>
    public bool Cancellable(DateTimeOffset now) => now < SendAt - CancelDeadline - CancelMargin;
}
