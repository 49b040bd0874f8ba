namespace Workflow.Email;

/// <summary>
/// Sends one message template to many recipients, each with personal substitutions (their name,
/// their signed links). One batch maps onto one SendGrid Mail Send request (up to 1,000
/// personalizations); the dev outbox expands it into one stored message per recipient.
/// </summary>
public interface IEmailSender
{
    /// <summary>
    /// Hands the batch to the email service and says, per recipient, what became of it: every recipient is either
    /// sent or in <see cref="EmailSendResult.Failed"/> with a reason (refused for good, or handed over with no
    /// answer, so unconfirmed); such failures are final and must not be retried automatically. Throws
    /// <see cref="EmailNotSentException"/> when a passing fault (the service unavailable, rate limited, a bad API
    /// key) left recipients surely not accepted: callers record <see cref="EmailNotSentException.Partial"/> and retry
    /// the others later.
    /// </summary>
    Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default);
}

/// <summary>What became of a batch's recipients, by <see cref="EmailRecipient.MessageId"/>.</summary>
/// <param name="Sent">Accepted by the email service (or kept by the dev outbox).</param>
/// <param name="Failed">Not sent, for good: message id → why, as data an organiser reads in words (<see cref="EmailFailure.Said"/>).
/// The service's text in it may name the address (it is stored on the invitee row the organiser sees) and so is never logged.</param>
public sealed record EmailSendResult(IReadOnlyList<string> Sent, IReadOnlyDictionary<string, EmailFailure> Failed)
{
    public static EmailSendResult AllSent(EmailBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new EmailSendResult(batch.Recipients.Select(r => r.MessageId).ToList(), new Dictionary<string, EmailFailure>(StringComparer.Ordinal));
    }
}

/// <summary>
/// A passing fault (or a configuration fault such as a refused API key) stopped the batch. The recipients in
/// <see cref="Partial"/> have their final outcome (record it, or a retry sends them twice); all others were surely
/// not accepted and may be sent again.
/// </summary>
public sealed class EmailNotSentException : HttpRequestException
{
    public EmailNotSentException()
        : this("The email service did not take the batch.", new EmailSendResult([], new Dictionary<string, EmailFailure>()), null, null)
    {
    }

    public EmailNotSentException(string message)
        : this(message, new EmailSendResult([], new Dictionary<string, EmailFailure>()), null, null)
    {
    }

    public EmailNotSentException(string message, Exception innerException)
        : this(message, new EmailSendResult([], new Dictionary<string, EmailFailure>()), null, innerException)
    {
    }

    public EmailNotSentException(string message, EmailSendResult partial, System.Net.HttpStatusCode? statusCode, Exception? innerException)
        : base(message, innerException, statusCode)
    {
        Partial = partial;
    }

    public EmailSendResult Partial { get; }
}

/// <param name="Kind">What the message is (invitation, reminder, summary...): for logs and categories, never personal.</param>
/// <param name="Subject">Subject, may contain substitution keys.</param>
/// <param name="Html">HTML body, may contain substitution keys (their values must already be HTML-encoded).</param>
/// <param name="Text">Plain-text body, may contain substitution keys.</param>
/// <param name="Recipients">One entry per person; at most <see cref="MaxRecipients"/>.</param>
/// <param name="Attachments">Files sent to every recipient (for example an .ics calendar file).</param>
/// <param name="Schedule">Handed over now, delivered at <see cref="EmailSchedule.SendAt"/> under a batch id that can still be
/// cancelled until shortly before (<see cref="IScheduledSends"/>); null = delivered at once.</param>
public sealed record EmailBatch(
    string Kind,
    string Subject,
    string Html,
    string Text,
    IReadOnlyList<EmailRecipient> Recipients,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    EmailSchedule? Schedule = null)
{
    /// <summary>SendGrid's limit of personalizations per Mail Send request.</summary>
    public const int MaxRecipients = 1000;
}

/// <param name="MessageId">Deterministic id (for example <c>invitation:{courseId}:{inviteeId}</c>): the same message sent twice keeps this id, so it can be recognised.</param>
/// <param name="Email">The address.</param>
/// <param name="Name">Display name, if any.</param>
/// <param name="Substitutions">Key → value, replaced in subject, HTML and text (SendGrid substitutions semantics).</param>
public sealed record EmailRecipient(
    string MessageId,
    string Email,
    string? Name,
    IReadOnlyDictionary<string, string> Substitutions);

public sealed record EmailAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);
