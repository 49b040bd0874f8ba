using MimeKit;

namespace Workflow.Email;

/// <summary>
/// The dev outbox (SPEC §5): instead of sending, expands each recipient exactly as SendGrid would
/// (substitutions in subject, HTML and text) and keeps one message per recipient in the
/// <c>DevOutbox</c> table and, when <see cref="EmailOptions.OutboxDirectory"/> is set, as an .eml file.
/// Idempotent: a message id already kept is not kept again, so a re-run activity stores nothing twice.
/// Scheduled sends the simple way (<see cref="IScheduledSends"/>): a scheduled batch is kept at once with its batch id,
/// and cancelling the batch drops its messages (rows and .eml files).
/// </summary>
internal sealed partial class DevOutboxEmailSender(
    DevOutboxTable table,
    IOptions<EmailOptions> options,
    TimeProvider timeProvider,
    ILogger<DevOutboxEmailSender> logger) : IEmailSender, IScheduledSends
{
    /// <summary>RFC 5322 line endings whatever the platform (MimeKit's default follows the OS).</summary>
    private static readonly FormatOptions EmlFormat = new() { NewLineFormat = NewLineFormat.Dos };

    /// <summary>Keeps every message; there is no provider to refuse one, so the result is always "all sent".</summary>
    public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Recipients.Count == 0)
        {
            return EmailSendResult.AllSent(batch);
        }

        var sentAt = timeProvider.GetUtcNow();
        var attachments = (batch.Attachments ?? [])
            .Select(a => new OutboxAttachment(a.FileName, a.ContentType, a.Content.Length, a.Content))
            .ToList();
        var messages = batch.Recipients
            .Select(r => new OutboxMessage(
                DevOutboxTable.IdFor(r.MessageId),
                r.MessageId,
                batch.Kind,
                r.Email,
                string.IsNullOrWhiteSpace(r.Name) ? null : r.Name,
                EmailSubstitutions.Apply(batch.Subject, r.Substitutions),
                EmailSubstitutions.Apply(batch.Text, r.Substitutions),
                EmailSubstitutions.Apply(batch.Html, r.Substitutions),
                sentAt,
                table.NextSequence(),
                attachments) { BatchId = batch.Schedule?.BatchId })
            .ToList();

        // The .eml files first, then the rows: whatever GET /api/dev/outbox lists is already on disk too.
        var settings = options.Value;
        var files = 0;
        if (!string.IsNullOrWhiteSpace(settings.OutboxDirectory))
        {
            Directory.CreateDirectory(settings.OutboxDirectory);
            foreach (var message in messages)
            {
                if (await WriteEmlAsync(settings, message, cancellationToken))
                {
                    files++;
                }
            }
        }

        var added = await table.AddIfAbsentAsync(messages, cancellationToken);

        LogKept(logger, batch.Recipients.Count, batch.Kind, added, files);
        return EmailSendResult.AllSent(batch);
    }

    public Task<string> NewBatchIdAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult("dev-" + Guid.NewGuid().ToString("N"));

    /// <summary>Drops what was kept under the batch; always in time (nothing leaves the dev outbox).</summary>
    public async Task<bool> CancelAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var dropped = await table.DeleteBatchAsync(batchId, cancellationToken);
        if (options.Value.OutboxDirectory is { Length: > 0 } directory)
        {
            foreach (var id in dropped)
            {
                File.Delete(Path.Combine(directory, id + ".eml"));
            }
        }

        LogDropped(logger, dropped.Count);
        return true;
    }

    /// <summary>Writes <c>{Id}.eml</c> unless it exists; a temporary file is moved in place so no half-written file is ever seen.</summary>
    private static async Task<bool> WriteEmlAsync(EmailOptions settings, OutboxMessage message, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.OutboxDirectory!, message.Id + ".eml");
        if (File.Exists(path))
        {
            return false;
        }

        using var mime = ToMime(settings, message);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await mime.WriteToAsync(EmlFormat, temporary, cancellationToken);
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false; // written concurrently by another run of the same message
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    internal static MimeMessage ToMime(EmailOptions settings, OutboxMessage message)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = message.SentAt,
            MessageId = message.Id + "@dev-outbox.local",
        };
        mime.From.Add(new MailboxAddress(settings.SenderName, settings.SenderEmail));
        mime.To.Add(new MailboxAddress(message.ToName ?? string.Empty, message.To));
        mime.Headers.Add("X-Workflow-Kind", message.Kind);

        // BodyBuilder: multipart/alternative (text/plain, text/html), inside multipart/mixed with the attachments.
        var body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html };
        foreach (var attachment in message.Attachments)
        {
            var part = body.Attachments.Add(
                attachment.FileName,
                (attachment.Content ?? ReadOnlyMemory<byte>.Empty).ToArray(),
                ContentType.Parse(attachment.ContentType));
            if (part is MimePart mimePart)
            {
                mimePart.ContentTransferEncoding = ContentEncoding.Base64; // keeps the bytes exactly (an .ics needs its CRLFs)
            }
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dev outbox kept {Count} '{Kind}' emails ({Added} new rows, {Files} new .eml files)")]
    private static partial void LogKept(ILogger logger, int count, string kind, int added, int files);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dev outbox dropped {Count} emails of a cancelled scheduled batch")]
    private static partial void LogDropped(ILogger logger, int count);
}
