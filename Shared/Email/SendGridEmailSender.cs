using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Polly.Timeout;
using SendGrid.Helpers.Mail;

namespace Workflow.Email;

/// <summary>
/// Sends batches through SendGrid's Mail Send API (v3): one request per
/// <see cref="EmailBatch.MaxRecipients"/> recipients, one personalization per recipient, click and
/// open tracking off (reply links must reach our pages unchanged, see SPEC §2).
/// <para>What each answer means (the pipeline in <see cref="SendGridResilience"/> has already retried 408, 429,
/// 5xx and connections refused or reset before any answer):</para>
/// <list type="bullet">
/// <item>2xx: every recipient of the request is sent.</item>
/// <item>No answer within the attempt timeout: SendGrid may have accepted it, and it has no idempotency key, so
/// sending again may send twice while not sending may lose. Neither happens silently: the request is not resent
/// and its recipients are reported failed as "unconfirmed" (<see cref="EmailFailure.Unconfirmed"/>), a reason the
/// organiser reads in words (invitee list, summary) and can check with the person.</item>
/// <item>Another 4xx: SendGrid refused the whole request and sent nothing. The recipients it names in
/// <c>errors[].field</c> (<c>personalizations.5.to.0.email</c>) fail with its message as data (<see cref="EmailFailure.Refused"/>) and the others are sent again
/// without them; with no such field the request is split in halves, down to single recipients, so each offender
/// fails alone and everyone else is sent exactly once. A field outside the personalizations (content, subject...)
/// fails the whole request: splitting cannot help.</item>
/// <item>401, 403, or a refused <c>from</c>: a configuration fault (API key, unverified sender), not the recipients':
/// <see cref="EmailNotSentException"/>, so the activity retries with back-off and the flow (restarted by the
/// recovery timer) resumes once the key or sender is fixed.</item>
/// <item>Retries used up (429, 5xx, connection faults): <see cref="EmailNotSentException"/> as well; the outcomes
/// already known travel in it so nobody accepted is sent twice.</item>
/// </list>
/// </summary>
public sealed partial class SendGridEmailSender(
    IHttpClientFactory httpClientFactory,
    IOptions<EmailOptions> options,
    ILogger<SendGridEmailSender> logger) : IEmailSender
{
    /// <summary>Name of the HttpClient (its resilience pipeline is <c>SendGrid-mail-send</c>).</summary>
    public const string HttpClientName = "SendGrid";

    /// <summary>Name of the resilience handler on <see cref="HttpClientName"/>.</summary>
    public const string PipelineName = "mail-send";

    private const int MaxReasonLength = 300;

    public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Recipients.Count == 0)
        {
            return EmailSendResult.AllSent(batch);
        }

        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.SendGridApiKey))
        {
            throw new InvalidOperationException("Workflow:Email:SendGridApiKey is not set.");
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        var progress = new Progress(batch);
        foreach (var chunk in batch.Recipients.Chunk(EmailBatch.MaxRecipients))
        {
            await SendGroupAsync(client, batch, chunk, settings, progress, cancellationToken);
        }

        LogSent(logger, progress.Sent.Count, batch.Kind, progress.Requests, progress.Failed.Count);
        return progress.Result();
    }

    /// <summary>Sends one request of at most <see cref="EmailBatch.MaxRecipients"/>; on a recipient's refusal, again without the offenders.</summary>
    private async Task SendGroupAsync(
        HttpClient client, EmailBatch batch, IReadOnlyList<EmailRecipient> group, EmailOptions settings, Progress progress, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(client, batch, group, settings, progress, cancellationToken);
        if (answer is null)
        {
            LogUnconfirmed(logger, batch.Kind, group.Count, settings.SendGridAttemptTimeout);
            progress.Fail(group, EmailFailure.Unconfirmed(settings.SendGridAttemptTimeout));
            return;
        }

        var (status, body) = answer.Value;
        if (status is >= 200 and < 300)
        {
            progress.Sent.AddRange(group.Select(r => r.MessageId));
            return;
        }

        var code = (HttpStatusCode)status;
        if (code is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || SendGridResilience.IsPassing(code) || status < 400)
        {
            throw NotSent(batch, progress, $"answered {status} ({code})", code, null);
        }

        var errors = ParseErrors(body);
        if (errors.Any(e => e.Field is { } field && (field == "from" || field.StartsWith("from.", StringComparison.Ordinal))))
        {
            throw NotSent(batch, progress, $"refused the sender address ({status}); check Workflow:Email:SenderEmail and the verified senders", code, null);
        }

        LogRefused(logger, batch.Kind, group.Count, status);
        var offenders = new Dictionary<int, string>();
        foreach (var error in errors)
        {
            if (PersonalizationIndex(error.Field) is { } index && index < group.Count)
            {
                offenders[index] = offenders.TryGetValue(index, out var earlier) ? earlier + " " + error.Message : error.Message ?? string.Empty;
            }
        }

        if (offenders.Count > 0)
        {
            foreach (var (index, message) in offenders)
            {
                progress.Fail([group[index]], Refused(status, message));
            }

            var rest = group.Where((_, i) => !offenders.ContainsKey(i)).ToList();
            if (rest.Count > 0)
            {
                await SendGroupAsync(client, batch, rest, settings, progress, cancellationToken);
            }

            return;
        }

        var messageLevel = errors.FirstOrDefault(e => e.Field is { Length: > 0 } field && !field.StartsWith("personalizations", StringComparison.Ordinal));
        if (messageLevel is not null || group.Count == 1)
        {
            progress.Fail(group, Refused(status, (messageLevel ?? (errors.Count > 0 ? errors[0] : null))?.Message));
            return;
        }

        // No recipient named: halves, recursively, until the offenders are alone (at most 2n - 1 requests).
        var half = group.Count / 2;
        await SendGroupAsync(client, batch, group.Take(half).ToList(), settings, progress, cancellationToken);
        await SendGroupAsync(client, batch, group.Skip(half).ToList(), settings, progress, cancellationToken);
    }

    /// <summary>The final answer after the pipeline's retries, or null when the request got no answer (unconfirmed).</summary>
    private async Task<(int Status, string Body)?> PostAsync(
        HttpClient client, EmailBatch batch, IReadOnlyList<EmailRecipient> group, EmailOptions settings, Progress progress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.SendGridBaseUrl), "/v3/mail/send"))
        {
            Content = new StringContent(BuildMessage(batch, group, settings).Serialize(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.SendGridApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var attempt = new SendGridAttemptHandler.AttemptState();
        request.Options.Set(SendGridAttemptHandler.Key, attempt);
        progress.Requests++;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var body = response.IsSuccessStatusCode ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken);
            return ((int)response.StatusCode, body);
        }
        catch (TimeoutRejectedException) when (attempt.CutOff)
        {
            return null;
        }
        catch (TimeoutRejectedException ex)
        {
            // The total timeout ran out while waiting to retry: the last attempt was answered (429, 5xx) or refused.
            throw NotSent(batch, progress, $"gave no usable answer within {settings.SendGridTotalTimeout.TotalSeconds:0.#} s ({attempt.Attempts} attempts)", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw NotSent(batch, progress, $"could not be reached ({ex.HttpRequestError}, {attempt.Attempts} attempts)", ex.StatusCode, ex);
        }
    }

    private EmailNotSentException NotSent(EmailBatch batch, Progress progress, string what, HttpStatusCode? status, Exception? inner)
    {
        var result = progress.Result();
        var notSent = batch.Recipients.Count - result.Sent.Count - result.Failed.Count;
        LogNotSent(logger, batch.Kind, notSent, what, result.Sent.Count, result.Failed.Count);
        // Neither addresses nor the answer's body (it may echo addresses) go into the message.
        return new EmailNotSentException(
            $"SendGrid Mail Send {what}: {notSent} of {batch.Recipients.Count} '{batch.Kind}' emails not sent " +
            $"({result.Sent.Count} sent and {result.Failed.Count} failed before; see Partial).",
            result,
            status,
            inner);
    }

    /// <summary>A refusal with the service's text as data (one line, bounded), never composed into a sentence here.</summary>
    private static EmailFailure Refused(int status, string? message) =>
        EmailFailure.Refused(status, message is null ? null : Clean(message));

    /// <summary>One line of plain text, bounded: the service's text is stored on the invitee row and shown to organisers as data.</summary>
    internal static string Clean(string text)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length <= MaxReasonLength ? line : line[..(MaxReasonLength - 1)] + "…";
    }

    /// <summary>SendGrid's error body: <c>{"errors":[{"message":"...","field":"personalizations.5.to.0.email"}]}</c>; empty when it is not that.</summary>
    internal static IReadOnlyList<MailSendError> ParseErrors(string body)
    {
        var errors = new List<MailSendError>();
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                {
                    errors.Add(new MailSendError(Text(e, "message"), Text(e, "field")));
                }
            }
        }
        catch (JsonException)
        {
        }

        return errors;

        static string? Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>5 for <c>personalizations.5.to.0.email</c> or <c>personalizations[5].to[0].email</c>.</summary>
    internal static int? PersonalizationIndex(string? field)
    {
        if (field is null)
        {
            return null;
        }

        var match = PersonalizationField().Match(field);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    [GeneratedRegex(@"^personalizations(?:\.|\[)(\d{1,4})(?:\]|\.|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PersonalizationField();

    internal sealed record MailSendError(string? Message, string? Field);

    /// <summary>The outcomes known so far, by message id.</summary>
    private sealed class Progress(EmailBatch batch)
    {
        public List<string> Sent { get; } = new(batch.Recipients.Count);

        public Dictionary<string, EmailFailure> Failed { get; } = new(StringComparer.Ordinal);

        public int Requests { get; set; }

        public void Fail(IEnumerable<EmailRecipient> recipients, EmailFailure reason)
        {
            foreach (var recipient in recipients)
            {
                Failed[recipient.MessageId] = reason;
            }
        }

        public EmailSendResult Result() => new(Sent.ToList(), new Dictionary<string, EmailFailure>(Failed, StringComparer.Ordinal));
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

        if (batch.Schedule is { } schedule)
        {
            message.BatchId = schedule.BatchId;
            message.SendAt = schedule.SendAt.ToUnixTimeSeconds();
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

    // Logs carry counts, kinds and statuses only: never an address, a name, or SendGrid's error text (it may echo an address).
    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Count} '{Kind}' emails to SendGrid in {Requests} Mail Send requests; {Failed} failed")]
    private static partial void LogSent(ILogger logger, int count, string kind, int requests, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid refused a request of {Count} '{Kind}' emails with status {StatusCode}; isolating the refused recipients")]
    private static partial void LogRefused(ILogger logger, string kind, int count, int statusCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "SendGrid gave no answer within {Timeout} to a request of {Count} '{Kind}' emails: reported as unconfirmed, not resent")]
    private static partial void LogUnconfirmed(ILogger logger, string kind, int count, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "SendGrid Mail Send {What}: {NotSent} '{Kind}' emails not sent ({Sent} sent, {Failed} failed before)")]
    private static partial void LogNotSent(ILogger logger, string kind, int notSent, string what, int sent, int failed);
}
