using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflow.Benchmarks;

/// <summary>One Mail Send request as the fake received it.</summary>
/// <param name="StartTimestamp">Stopwatch timestamp when the request reached the handler (headers read).</param>
/// <param name="EndTimestamp">Stopwatch timestamp when its body was read and parsed (the emails are "handed over").</param>
public sealed record MailRequest(long StartTimestamp, long EndTimestamp, DateTime ReceivedUtc, int Personalizations, int Bytes, string? Category);

/// <summary>
/// A SendGrid Mail Send stand-in on a free loopback port (Kestrel): records each POST /v3/mail/send (time,
/// personalizations, size, category), keeps each recipient's <c>-link-</c> substitution, and answers 202.
/// </summary>
public sealed class FakeMailSend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<MailRequest> _requests = new();
    private readonly ConcurrentDictionary<string, string> _links = new(StringComparer.OrdinalIgnoreCase);
    private int _personalizations;

    private FakeMailSend(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public int Personalizations => Volatile.Read(ref _personalizations);

    public IReadOnlyList<MailRequest> Requests => _requests.ToArray();

    /// <summary>Reply link by recipient email (from the personalization's <c>-link-</c> substitution).</summary>
    public IReadOnlyDictionary<string, string> Links => _links;

    public static async Task<FakeMailSend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 30 * 1024 * 1024; // SendGrid's limit
        });
        var app = builder.Build();
        var fake = new FakeMailSend(app);
        app.MapPost("/v3/mail/send", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return fake;
    }

    /// <summary>Forgets everything received (between scenarios).</summary>
    public void Reset()
    {
        _requests.Clear();
        _links.Clear();
        Volatile.Write(ref _personalizations, 0);
    }

    /// <summary>Waits until at least <paramref name="count"/> personalizations arrived; returns false on timeout.</summary>
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
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var personalizations = 0;
        string? category = null;
        using (var json = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)))
        {
            if (json.RootElement.TryGetProperty("categories", out var categories) && categories.GetArrayLength() > 0)
            {
                category = categories[0].GetString();
            }

            foreach (var p in json.RootElement.GetProperty("personalizations").EnumerateArray())
            {
                personalizations++;
                if (p.TryGetProperty("substitutions", out var subs) && subs.TryGetProperty("-link-", out var link)
                    && p.TryGetProperty("to", out var to) && to.GetArrayLength() > 0)
                {
                    _links[to[0].GetProperty("email").GetString()!] = link.GetString()!;
                }
            }
        }

        _requests.Enqueue(new MailRequest(start, Stopwatch.GetTimestamp(), DateTime.UtcNow, personalizations, (int)buffer.Length, category));
        Interlocked.Add(ref _personalizations, personalizations);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
