using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Workflow.Email;

/// <summary>
/// The Mail Send request's resilience pipeline, set explicitly (not the standard handler's defaults), outermost first:
/// <list type="number">
/// <item>a total timeout (<see cref="EmailOptions.SendGridTotalTimeout"/>) over the request and all its retries;</item>
/// <item>retries only of what SendGrid surely did not accept: 408, 429 (after its Retry-After, capped at
/// <see cref="EmailOptions.SendGridMaxRetryDelay"/>), 5xx, and a connection refused or reset before any answer;
/// at most <see cref="EmailOptions.SendGridMaxRetries"/>;</item>
/// <item>an attempt timeout (<see cref="EmailOptions.SendGridAttemptTimeout"/>, 100 s by default), far above a
/// slow-but-normal answer, so a 202 after a 20 s stall is waited for and the batch sent once.</item>
/// </list>
/// An attempt cut off by a timeout is NOT retried: SendGrid has no idempotency key, and a request that got no answer
/// may have been accepted (sending it again sent 1,000 invitations twice). <see cref="SendGridAttemptHandler"/> notes
/// that the request was cut off so the sender can report its recipients as unconfirmed instead.
/// </summary>
internal static class SendGridResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, EmailOptions settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "total", Timeout = settings.SendGridTotalTimeout });
        if (settings.SendGridMaxRetries > 0)
        {
            var maxDelay = settings.SendGridMaxRetryDelay;
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = settings.SendGridMaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.SendGridRetryDelay,
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, maxDelay, time)),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = settings.SendGridAttemptTimeout });
    }

    /// <summary>True for the answers and faults after which SendGrid surely did not take the request.</summary>
    internal static bool ShouldRetry(Polly.Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        // Refused, reset or closed before any answer. A timeout (TimeoutRejectedException) is not here: no answer
        // within the attempt timeout means the outcome is unknown.
        HttpRequestException => true,
        null => outcome.Result is { } response && IsPassing(response.StatusCode),
        _ => false,
    };

    /// <summary>408, 429 and 5xx: the service did not take the request this time; the same request may succeed later.</summary>
    internal static bool IsPassing(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The answer's Retry-After (seconds or a date), at most <paramref name="max"/>; null = exponential back-off.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max, TimeProvider time)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : TimeSpan.Zero);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > max ? max : delay;
    }
}

/// <summary>
/// Innermost handler, once per attempt: remembers whether the last attempt was cut off while waiting for its answer
/// (cancelled by a timeout), as opposed to answered or refused/reset, which are known not to have been accepted.
/// </summary>
internal sealed class SendGridAttemptHandler : DelegatingHandler
{
    internal static readonly HttpRequestOptionsKey<AttemptState> Key = new("Workflow.Email.SendGridAttempt");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(Key, out var state);
        if (state is not null)
        {
            state.CutOff = false;
            state.Attempts++;
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (state is not null)
        {
            state.CutOff = true;
            throw;
        }
    }

    internal sealed class AttemptState
    {
        public bool CutOff { get; set; }

        public int Attempts { get; set; }
    }
}
