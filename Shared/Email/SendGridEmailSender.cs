using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;
using Workflow.Hosting;

namespace Workflow.Email;

/// <summary>
/// Sends batches through SendGrid's Mail Send API (v3): one request per
/// <see cref="EmailBatch.MaxRecipients"/> recipients, one personalization per recipient, click and
/// open tracking off (reply links must reach our pages unchanged, see SPEC §2).
/// Retries on 429, 5xx and timeouts come from the resilience handler of the named HttpClient.
/// </summary>
public sealed partial class SendGridEmailSender(
    IHttpClientFactory httpClientFactory,
    IOptions<EmailOptions> options,
    ILogger<SendGridEmailSender> logger) : IEmailSender
{
    /// <summary>Name of the HttpClient (and of its resilience pipeline, <c>SendGrid-standard</c>).</summary>
    public const string HttpClientName = "SendGrid";

    public async Task SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Recipients.Count == 0)
        {
            return;
        }

        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.SendGridApiKey))
        {
            throw new InvalidOperationException("Workflow:Email:SendGridApiKey is not set.");
        }

        // SendGrid builds absolute URIs from Host; the factory's client brings the handlers (resilience).
        var client = new SendGridClient(
            httpClientFactory.CreateClient(HttpClientName),
            new SendGridClientOptions { ApiKey = settings.SendGridApiKey, Host = settings.SendGridBaseUrl });

        var requests = 0;
        foreach (var chunk in batch.Recipients.Chunk(EmailBatch.MaxRecipients))
        {
            var message = BuildMessage(batch, chunk, settings);
            var response = await client.SendEmailAsync(message, cancellationToken);
            requests++;
            if (!response.IsSuccessStatusCode)
            {
                // The body may echo addresses: it is neither logged nor put in the exception.
                LogFailed(logger, batch.Kind, chunk.Length, (int)response.StatusCode);
                throw new HttpRequestException(
                    $"SendGrid Mail Send answered {(int)response.StatusCode} ({response.StatusCode}) for {chunk.Length} '{batch.Kind}' emails " +
                    $"(request {requests} of {(batch.Recipients.Count + EmailBatch.MaxRecipients - 1) / EmailBatch.MaxRecipients}).",
                    inner: null,
                    statusCode: response.StatusCode);
            }
        }

        LogSent(logger, batch.Recipients.Count, batch.Kind, requests);
    }

    internal static SendGridMessage BuildMessage(EmailBatch batch, IReadOnlyCollection<EmailRecipient> recipients, EmailOptions settings)
    {
        var message = new SendGridMessage
        {
            From = new EmailAddress(settings.SenderEmail, settings.SenderName),
            Subject = batch.Subject,
            // Serialize() emits text/plain first, then text/html, as the API requires.
            PlainTextContent = string.IsNullOrEmpty(batch.Text) ? null : batch.Text,
            HtmlContent = string.IsNullOrEmpty(batch.Html) ? null : batch.Html,
            Personalizations = recipients.Select(ToPersonalization).ToList(),
            TrackingSettings = new TrackingSettings
            {
                ClickTracking = new ClickTracking { Enable = false, EnableText = false },
                OpenTracking = new OpenTracking { Enable = false },
            },
        };

        if (!string.IsNullOrWhiteSpace(batch.Kind))
        {
            message.AddCategory(batch.Kind);
        }

        if (batch.Attachments is { Count: > 0 } attachments)
        {
            message.Attachments = attachments
                .Select(a => new Attachment
                {
                    Filename = a.FileName,
                    Type = a.ContentType,
                    Content = Convert.ToBase64String(a.Content.Span),
                    Disposition = "attachment",
                })
                .ToList();
        }

        return message;
    }

    private static Personalization ToPersonalization(EmailRecipient recipient) => new()
    {
        Tos = [new EmailAddress(recipient.Email, string.IsNullOrWhiteSpace(recipient.Name) ? null : recipient.Name)],
        Substitutions = recipient.Substitutions.Count == 0
            ? null
            : recipient.Substitutions.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        CustomArgs = new Dictionary<string, string>(StringComparer.Ordinal) { ["messageId"] = recipient.MessageId },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Count} '{Kind}' emails to SendGrid in {Requests} Mail Send requests")]
    private static partial void LogSent(ILogger logger, int count, string kind, int requests);

    [LoggerMessage(Level = LogLevel.Error, Message = "SendGrid Mail Send failed for {Count} '{Kind}' emails with status {StatusCode}")]
    private static partial void LogFailed(ILogger logger, string kind, int count, int statusCode);
}
