using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Email;

namespace Workflow.Testing;

/// <summary>One Mail Send request as the fake received it.</summary>
/// <param name="Authorization">The Authorization header as sent.</param>
/// <param name="ContentType">The Content-Type header as sent.</param>
/// <param name="Body">The JSON body as sent.</param>
/// <param name="Status">The status the fake answered.</param>
/// <param name="StartTimestamp">Stopwatch timestamp when the request reached the handler (headers read).</param>
/// <param name="EndTimestamp">Stopwatch timestamp when its body was read and parsed (the emails are "handed over").</param>
/// <param name="ReceivedUtc">When the body was read and parsed.</param>
/// <param name="Personalizations">How many personalizations the body holds.</param>
/// <param name="Bytes">Body size.</param>
/// <param name="Category">The first of the body's categories.</param>
public sealed record RecordedRequest(
    string Authorization,
    string? ContentType,
    string Body,
    int Status,
    long StartTimestamp,
    long EndTimestamp,
    DateTime ReceivedUtc,
    int Personalizations,
    int Bytes,
    string? Category);

/// <summary>
/// One accepted personalization as its recipient would read it: the request's subject and bodies with the
/// personalization's substitutions applied (SendGrid's semantics: literal replacement, in order).
/// </summary>
/// <param name="Kind">The request's first category (the product's email kind).</param>
/// <param name="To">The personalization's first <c>to</c> address.</param>
/// <param name="MessageId">The personalization's <c>custom_args.messageId</c> (the product's message id), or empty.</param>
/// <param name="AttachmentTypes">The request's attachments' content types, in order.</param>
/// <param name="ReceivedUtc">When the request was read (the email "handed over").</param>
/// <param name="BatchId">The request's <c>batch_id</c> (a scheduled send), or null.</param>
public sealed record ReceivedMail(
    string Kind,
    string To,
    string MessageId,
    string Subject,
    string Text,
    string Html,
    IReadOnlyList<string> AttachmentTypes,
    DateTime ReceivedUtc,
    string? BatchId = null);

/// <summary>How the fake answers one Mail Send request, for the requests queued at start (then it answers 202).</summary>
/// <param name="Status">The status answered (ignored when <paramref name="Reset"/>).</param>
/// <param name="RetryAfter">A Retry-After header (whole seconds), for a 429.</param>
/// <param name="Stall">How long to wait, after reading the body, before answering. The request counts as accepted
/// (for a 2xx) even if the client hangs up meanwhile, as SendGrid would have taken it.</param>
/// <param name="Reset">Abort the connection after reading the body, before any answer (recorded with status 0).</param>
/// <param name="ErrorField">For a 4xx: the <c>errors[0].field</c> of the body (null: the field is null).</param>
/// <param name="ErrorMessage">For a 4xx or 5xx: the <c>errors[0].message</c> of the body.</param>
public sealed record MailSendFault(
    int Status = 202,
    TimeSpan? RetryAfter = null,
    TimeSpan? Stall = null,
    bool Reset = false,
    string? ErrorField = null,
    string ErrorMessage = "fake failure")
{
    public static MailSendFault Answer(int status) => new(status);

    public static MailSendFault TooManyRequests(TimeSpan retryAfter) => new(429, RetryAfter: retryAfter);

    public static MailSendFault ResetConnection() => new(0, Reset: true);

    public static MailSendFault StallThenAccept(TimeSpan stall) => new(202, Stall: stall);
}

/// <summary>
/// A wire-compatible stand-in for SendGrid's Mail Send endpoint on a free loopback port (Kestrel): records every
/// <c>POST /v3/mail/send</c> (Authorization header, JSON body, time, personalizations, size, category), keeps each
/// accepted recipient's personal link (its <see cref="SubstitutionKeys.Link"/> substitution), and answers 202, or the statuses queued.
/// It also plays SendGrid's Cancel Scheduled Sends API: <c>POST /v3/mail/batch</c> (a new batch id),
/// <c>POST /v3/user/scheduled_sends</c> (cancel or pause a batch, refused with 400 later than 10 minutes before the
/// batch's <c>send_at</c> on <see cref="Clock"/>), its <c>GET</c>/<c>PATCH</c> <c>/{batch_id}</c>; a scheduled message
/// counts as delivered at once ("fake time") unless its batch is cancelled or paused: <see cref="DeliveredEmails"/> is
/// what would actually reach people.
/// </summary>
public sealed class FakeMailSendServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<MailSendFault> _faults;
    private readonly ConcurrentQueue<string> _accepted = new();
    private readonly ConcurrentDictionary<string, (bool NamesField, string Message)> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, string> _links = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Email, string? BatchId, long? SendAt)> _scheduled = new();
    private readonly ConcurrentDictionary<string, string?> _batches = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _batchCalls = new();
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private int _personalizations;

    private FakeMailSendServer(WebApplication app, IEnumerable<MailSendFault> faults)
    {
        _app = app;
        _faults = new ConcurrentQueue<MailSendFault>(faults);
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request received, in order (a live, thread-safe view).</summary>
    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>Personalizations of the accepted (2xx) requests.</summary>
    public int Personalizations => Volatile.Read(ref _personalizations);

    /// <summary>The <c>to</c> address of every personalization of the accepted (2xx) requests, in order (one entry per acceptance).</summary>
    public IReadOnlyCollection<string> AcceptedEmails => _accepted;

    /// <summary>Every accepted personalization as its recipient reads it, in order of receipt (a repeat shows up twice).</summary>
    public IReadOnlyCollection<ReceivedMail> Mails => _mails;

    /// <summary>How many times each (kind, recipient) was accepted and reaches its person (its batch not cancelled or paused): a count above one is an email sent twice.</summary>
    public IReadOnlyDictionary<(string Kind, string To), int> CountsByKindAndRecipient() =>
        _mails.Where(Reaches).GroupBy(m => (m.Kind, m.To.ToUpperInvariant())).ToDictionary(g => (g.Key.Kind, g.First().To), g => g.Count());

    /// <summary>The accepted message ids (<c>custom_args.messageId</c>) that reach their person more than once, with their counts.</summary>
    public IReadOnlyDictionary<string, int> RepeatedMessageIds() =>
        _mails.Where(m => m.MessageId.Length > 0 && Reaches(m)).GroupBy(m => m.MessageId, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Reply link by recipient email (from an accepted personalization's <see cref="SubstitutionKeys.Link"/> substitution).</summary>
    public IReadOnlyDictionary<string, string> Links => _links;

    /// <summary>The clock the cancellation deadline is checked on (10 minutes before a batch's <c>send_at</c>).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The <c>to</c> address of every accepted personalization that reaches its person: not in a cancelled or paused batch.</summary>
    public IReadOnlyList<string> DeliveredEmails =>
        _scheduled.Where(m => NotHeld(m.BatchId)).Select(m => m.Email).ToList();

    private bool Reaches(ReceivedMail mail) => NotHeld(mail.BatchId);

    /// <summary>A message without a batch, or of a batch with no cancel/pause status, goes out.</summary>
    private bool NotHeld(string? batchId) => batchId is null || !_batches.TryGetValue(batchId, out var status) || status is null;

    /// <summary>Batch ids made, and their scheduled-send status (<c>cancel</c>, <c>pause</c>, or null for none).</summary>
    public IReadOnlyDictionary<string, string?> Batches => _batches;

    /// <summary>The Cancel Scheduled Sends API calls, in order (<c>POST /v3/mail/batch</c>, <c>POST /v3/user/scheduled_sends cancel</c>...).</summary>
    public IReadOnlyCollection<string> BatchCalls => _batchCalls;

    /// <summary>Accepted personalizations with a batch id and their <c>send_at</c> (unix seconds), in order.</summary>
    public IReadOnlyList<(string Email, string? BatchId, long? SendAt)> Scheduled => [.. _scheduled];

    /// <param name="statuses">Answers to the first requests, in order; 202 afterwards.</param>
    public static Task<FakeMailSendServer> StartAsync(params int[] statuses) =>
        StartWithFaultsAsync(statuses.Select(MailSendFault.Answer).ToArray());

    /// <param name="faults">Answers to the first requests, in order; 202 (or a refusal, see <see cref="RefuseAddress"/>) afterwards.</param>
    public static async Task<FakeMailSendServer> StartWithFaultsAsync(params MailSendFault[] faults)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 30 * 1024 * 1024; // SendGrid's limit
        });
        var app = builder.Build();
        var server = new FakeMailSendServer(app, faults);
        app.MapPost("/v3/mail/send", server.HandleAsync);
        app.MapPost("/v3/mail/batch", (Delegate)server.NewBatch);
        app.MapPost("/v3/user/scheduled_sends", (Delegate)server.ScheduledSendAsync);
        app.MapGet("/v3/user/scheduled_sends/{batchId}", (Delegate)server.GetScheduledSend);
        app.MapMethods("/v3/user/scheduled_sends/{batchId}", ["PATCH"], (Delegate)server.PatchScheduledSendAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return server;
    }

    /// <summary>
    /// From now on, a request (not answered by a queued fault) with a personalization to <paramref name="email"/> is
    /// refused as SendGrid refuses a bad address: 400, nothing sent, one error per refused personalization with
    /// <c>field</c> = <c>personalizations.{index}.to.0.email</c>, or a null field when <paramref name="namesField"/> is false.
    /// </summary>
    public void RefuseAddress(string email, bool namesField = true, string message = "Does not contain a valid address.") =>
        _refused[email] = (namesField, message);

    /// <summary>Forgets everything received (between scenarios); queued statuses stay.</summary>
    public void Reset()
    {
        _requests.Clear();
        _accepted.Clear();
        _links.Clear();
        _scheduled.Clear();
        _batchCalls.Clear();
        _mails.Clear();
        Volatile.Write(ref _personalizations, 0);
    }

    /// <summary>Waits until at least <paramref name="count"/> personalizations were accepted; returns false on timeout.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Personalizations < count)
        {
            if (Stopwatch.GetTimestamp() > until)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        object[]? errors = null;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var fault = _faults.TryDequeue(out var queued) ? queued : Refusal(buffer, out errors);
        var status = fault is null ? StatusCodes.Status202Accepted : fault.Reset ? 0 : fault.Status;
        var accepted = status is >= 200 and < 300;
        var personalizations = 0;
        string? category = null;
        var recipients = new List<string>();
        string? batchId = null;
        long? sendAt = null;
        var mails = new List<ReceivedMail>();
        try
        {
            using var json = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            batchId = json.RootElement.TryGetProperty("batch_id", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            sendAt = json.RootElement.TryGetProperty("send_at", out var at) && at.ValueKind == JsonValueKind.Number ? at.GetInt64() : null;
            if (json.RootElement.TryGetProperty("categories", out var categories) && categories.ValueKind == JsonValueKind.Array && categories.GetArrayLength() > 0)
            {
                category = categories[0].GetString();
            }

            if (accepted)
            {
                mails.AddRange(Expand(json.RootElement, category ?? string.Empty));
            }

            if (json.RootElement.TryGetProperty("personalizations", out var all) && all.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in all.EnumerateArray())
                {
                    personalizations++;
                    recipients.Add(p.TryGetProperty("to", out var t) && t.GetArrayLength() > 0 ? t[0].GetProperty("email").GetString() ?? string.Empty : string.Empty);
                    if (accepted && p.TryGetProperty("substitutions", out var subs) && subs.TryGetProperty(SubstitutionKeys.Link, out var link)
                        && p.TryGetProperty("to", out var to) && to.GetArrayLength() > 0)
                    {
                        _links[to[0].GetProperty("email").GetString()!] = link.GetString()!;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Recorded as sent; not a Mail Send body.
        }

        if (fault?.Stall is { } stall)
        {
            // Not bound to the request: a client that gives up meanwhile does not undo the acceptance.
            try
            {
                await Task.Delay(stall, _app.Lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var end = Stopwatch.GetTimestamp();
        var receivedUtc = DateTime.UtcNow;
        var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        _requests.Enqueue(new RecordedRequest(
            context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body, status,
            start, end, receivedUtc, personalizations, (int)buffer.Length, category));
        if (accepted)
        {
            mails.ForEach(m => _mails.Enqueue(m with { ReceivedUtc = receivedUtc, BatchId = batchId }));
            recipients.ForEach(_accepted.Enqueue);
            recipients.ForEach(r => _scheduled.Enqueue((r, batchId, sendAt)));
            Interlocked.Add(ref _personalizations, personalizations);
        }

        if (fault?.Reset == true)
        {
            context.Abort(); // no answer at all: the client sees the connection reset
            return;
        }

        try
        {
            context.Response.StatusCode = status;
            if (fault?.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (status >= 400)
            {
                errors ??= [new { message = fault?.ErrorMessage ?? "fake failure", field = fault?.ErrorField }];
                await context.Response.WriteAsJsonAsync(new { errors }, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client hung up during a stall; what was accepted stays accepted.
        }
    }

    private IResult NewBatch()
    {
        var id = Guid.NewGuid().ToString("N");
        _batches[id] = null;
        _batchCalls.Enqueue("POST /v3/mail/batch");
        return Results.Json(new { batch_id = id }, statusCode: StatusCodes.Status201Created);
    }

    private async Task<IResult> ScheduledSendAsync(HttpContext context)
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var id = json.RootElement.GetProperty("batch_id").GetString() ?? string.Empty;
        var status = json.RootElement.GetProperty("status").GetString();
        _batchCalls.Enqueue($"POST /v3/user/scheduled_sends {status}");
        if (!_batches.TryGetValue(id, out var current))
        {
            return Error("invalid batch id");
        }

        if (current is not null)
        {
            return Error("batch id already has a scheduled send status"); // SendGrid: update it with PATCH instead
        }

        if (TooLate(id))
        {
            return Error("cannot cancel or pause a batch later than 10 minutes before its send_at");
        }

        _batches[id] = status;
        return Results.Json(new { batch_id = id, status }, statusCode: StatusCodes.Status201Created);
    }

    private IResult GetScheduledSend(string batchId)
    {
        _batchCalls.Enqueue("GET /v3/user/scheduled_sends/{batch_id}");
        return _batches.TryGetValue(batchId, out var status) && status is not null
            ? Results.Json(new[] { new { batch_id = batchId, status } })
            : Results.Json(Array.Empty<object>());
    }

    private async Task<IResult> PatchScheduledSendAsync(string batchId, HttpContext context)
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        _batchCalls.Enqueue("PATCH /v3/user/scheduled_sends/{batch_id}");
        if (!_batches.TryGetValue(batchId, out var current) || current is null || TooLate(batchId))
        {
            return Error("no scheduled send status to update, or too late");
        }

        _batches[batchId] = json.RootElement.GetProperty("status").GetString();
        return Results.NoContent();
    }

    /// <summary>A message of the batch goes out within 10 minutes on <see cref="Clock"/> (or has gone).</summary>
    private bool TooLate(string batchId)
    {
        var deadline = Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        return _scheduled.Any(m => m.BatchId == batchId && (m.SendAt ?? 0) <= deadline);
    }

    private static IResult Error(string message) =>
        Results.Json(new { errors = new[] { new { field = (string?)null, message } } }, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Each personalization of a Mail Send body as its recipient reads it.</summary>
    private static IEnumerable<ReceivedMail> Expand(JsonElement root, string kind)
    {
        if (!root.TryGetProperty("personalizations", out var all) || all.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var subject = root.TryGetProperty("subject", out var s) ? s.GetString() ?? string.Empty : string.Empty;
        string text = string.Empty, html = string.Empty;
        if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                var value = part.GetProperty("value").GetString() ?? string.Empty;
                if (part.GetProperty("type").GetString() == "text/html")
                {
                    html = value;
                }
                else
                {
                    text = value;
                }
            }
        }

        var attachments = root.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty).ToList()
            : [];
        foreach (var p in all.EnumerateArray())
        {
            var to = p.TryGetProperty("to", out var t) && t.GetArrayLength() > 0 ? t[0].GetProperty("email").GetString() ?? string.Empty : string.Empty;
            var messageId = p.TryGetProperty("custom_args", out var args) && args.TryGetProperty("messageId", out var id) ? id.GetString() ?? string.Empty : string.Empty;
            var substitutions = p.TryGetProperty("substitutions", out var subs) && subs.ValueKind == JsonValueKind.Object
                ? subs.EnumerateObject().Select(x => (x.Name, Value: x.Value.GetString() ?? string.Empty)).ToList()
                : [];
            var ownSubject = p.TryGetProperty("subject", out var ps) ? ps.GetString() ?? subject : subject;
            yield return new ReceivedMail(kind, to, messageId, Apply(ownSubject, substitutions), Apply(text, substitutions), Apply(html, substitutions), attachments, default);
        }
    }

    private static string Apply(string template, List<(string Name, string Value)> substitutions)
    {
        foreach (var (name, value) in substitutions)
        {
            if (name.Length > 0)
            {
                template = template.Replace(name, value, StringComparison.Ordinal);
            }
        }

        return template;
    }

    /// <summary>A 400 when the body has a personalization to a refused address (SendGrid then sends nothing of the request).</summary>
    private MailSendFault? Refusal(MemoryStream buffer, out object[]? errors)
    {
        errors = null;
        if (_refused.IsEmpty)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            if (!json.RootElement.TryGetProperty("personalizations", out var all) || all.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            errors = all.EnumerateArray()
                .Select((p, index) => (Email: p.GetProperty("to")[0].GetProperty("email").GetString() ?? string.Empty, Index: index))
                .Where(r => _refused.ContainsKey(r.Email))
                .Select(r => (object)new { message = _refused[r.Email].Message, field = _refused[r.Email].NamesField ? $"personalizations.{r.Index}.to.0.email" : null })
                .ToArray();
            return errors.Length > 0 ? MailSendFault.Answer(StatusCodes.Status400BadRequest) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
