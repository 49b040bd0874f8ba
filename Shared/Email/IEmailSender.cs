namespace Workflow.Email;

/// <summary>
/// Sends one message template to many recipients, each with personal substitutions (their name,
/// their signed links). One batch maps onto one SendGrid Mail Send request (up to 1,000
/// personalizations); the dev outbox expands it into one stored message per recipient.
/// </summary>
public interface IEmailSender
{
    /// <summary>Hands the whole batch to the email service; throws when it could not (callers retry).</summary>
    Task SendAsync(EmailBatch batch, CancellationToken cancellationToken = default);
}

/// <param name="Kind">What the message is (invitation, reminder, summary...): for logs and categories, never personal.</param>
/// <param name="Subject">Subject, may contain substitution keys.</param>
/// <param name="Html">HTML body, may contain substitution keys (their values must already be HTML-encoded).</param>
/// <param name="Text">Plain-text body, may contain substitution keys.</param>
/// <param name="Recipients">One entry per person; at most <see cref="MaxRecipients"/>.</param>
/// <param name="Attachments">Files sent to every recipient (for example an .ics calendar file).</param>
public sealed record EmailBatch(
    string Kind,
    string Subject,
    string Html,
    string Text,
    IReadOnlyList<EmailRecipient> Recipients,
    IReadOnlyList<EmailAttachment>? Attachments = null)
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
