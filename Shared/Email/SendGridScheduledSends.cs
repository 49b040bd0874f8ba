using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Workflow.Email;

/// <summary>
/// SendGrid's Cancel Scheduled Sends API on the Mail Send client (same key, base address and resilience pipeline:
/// 429 and 5xx retried): <c>POST /v3/mail/batch</c> makes a batch id; <c>POST /v3/user/scheduled_sends</c>
/// <c>{"batch_id", "status": "cancel"}</c> cancels it; when that is refused, <c>GET /v3/user/scheduled_sends/{batch_id}</c>
/// tells whether it was cancelled (or paused) already, and a paused one is turned into a cancel by <c>PATCH</c>.
/// </summary>
public sealed partial class SendGridScheduledSends(
    IHttpClientFactory httpClientFactory,
    IOptions<EmailOptions> options,
    ILogger<SendGridScheduledSends> logger) : IScheduledSends
{
    public async Task<string> NewBatchIdAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "/v3/mail/batch", null, cancellationToken);
        if (status is >= 200 and < 300 && BatchIdOf(body) is { Length: > 0 } id)
        {
            return id;
        }

        throw new EmailNotSentException(
            $"SendGrid did not give a batch id (status {status}); nothing was sent. A 401/403 means the API key lacks the Scheduled Sends permissions (mail.batch.create, user.scheduled_sends.*; docs/email.md).",
            new EmailSendResult([], new Dictionary<string, EmailFailure>(StringComparer.Ordinal)),
            (System.Net.HttpStatusCode)status,
            null);
    }

    public async Task<bool> CancelAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        var (status, _) = await CallAsync(HttpMethod.Post, "/v3/user/scheduled_sends", new { batch_id = batchId, status = "cancel" }, cancellationToken);
        if (status is >= 200 and < 300)
        {
            return true;
        }

        // Refused: already cancelled or paused (a cancel asked before a crash), or too late.
        var path = "/v3/user/scheduled_sends/" + Uri.EscapeDataString(batchId);
        var (found, list) = await CallAsync(HttpMethod.Get, path, null, cancellationToken);
        var state = found is >= 200 and < 300 ? StatusOf(list) : null;
        if (state == "cancel")
        {
            return true;
        }

        if (state == "pause")
        {
            var (patched, _) = await CallAsync(HttpMethod.Patch, path, new { status = "cancel" }, cancellationToken);
            return patched is >= 200 and < 300;
        }

        LogRefused(logger, status);
        return false;
    }

    private async Task<(int Status, string Body)> CallAsync(HttpMethod method, string path, object? json, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = httpClientFactory.CreateClient(SendGridEmailSender.HttpClientName);
        using var request = new HttpRequestMessage(method, new Uri(new Uri(settings.SendGridBaseUrl), path));
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.SendGridApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            throw new EmailNotSentException($"SendGrid's scheduled sends API could not be reached ({ex.HttpRequestError}).", ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex)
        {
            throw new EmailNotSentException("SendGrid's scheduled sends API gave no answer in time.", ex);
        }
    }

    /// <summary><c>{"batch_id": "..."}</c>.</summary>
    internal static string? BatchIdOf(string body) => Read(body, e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("batch_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null);

    /// <summary><c>[{"batch_id": "...", "status": "cancel"}]</c> (or the object alone).</summary>
    internal static string? StatusOf(string body) => Read(body, e =>
    {
        var item = e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0 ? e[0] : e;
        return item.ValueKind == JsonValueKind.Object && item.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
    });

    private static string? Read(string body, Func<JsonElement, string?> read)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return read(json.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid refused to cancel a scheduled batch (status {Status}): too late, it will be delivered")]
    private static partial void LogRefused(ILogger logger, int status);
}
