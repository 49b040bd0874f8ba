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
/// A wire-compatible stand-in for SendGrid's Mail Send endpoint on a free loopback port (Kestrel): records every
/// <c>POST /v3/mail/send</c> (Authorization header, JSON body, time, personalizations, size, category), keeps each
/// accepted recipient's personal link (its <see cref="SubstitutionKeys.Link"/> substitution), and answers 202, or the statuses queued.
/// </summary>
public sealed class FakeMailSendServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, string> _links = new(StringComparer.OrdinalIgnoreCase);
    private int _personalizations;

    private FakeMailSendServer(WebApplication app, IEnumerable<int> statuses)
    {
        _app = app;
        _statuses = new ConcurrentQueue<int>(statuses);
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request received, in order (a live, thread-safe view).</summary>
    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>Personalizations of the accepted (2xx) requests.</summary>
    public int Personalizations => Volatile.Read(ref _personalizations);

    /// <summary>Reply link by recipient email (from an accepted personalization's <see cref="SubstitutionKeys.Link"/> substitution).</summary>
    public IReadOnlyDictionary<string, string> Links => _links;

    /// <param name="statuses">Answers to the first requests, in order; 202 afterwards.</param>
    public static async Task<FakeMailSendServer> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 30 * 1024 * 1024; // SendGrid's limit
        });
        var app = builder.Build();
        var server = new FakeMailSendServer(app, statuses);
        app.MapPost("/v3/mail/send", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return server;
    }

    /// <summary>Forgets everything received (between scenarios); queued statuses stay.</summary>
    public void Reset()
    {
        _requests.Clear();
        _links.Clear();
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
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var status = _statuses.TryDequeue(out var queued) ? queued : StatusCodes.Status202Accepted;
        var accepted = status is >= 200 and < 300;
        var personalizations = 0;
        string? category = null;
        try
        {
            using var json = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            if (json.RootElement.TryGetProperty("categories", out var categories) && categories.ValueKind == JsonValueKind.Array && categories.GetArrayLength() > 0)
            {
                category = categories[0].GetString();
            }

            if (json.RootElement.TryGetProperty("personalizations", out var all) && all.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in all.EnumerateArray())
                {
                    personalizations++;
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

        var end = Stopwatch.GetTimestamp();
        var receivedUtc = DateTime.UtcNow;
        var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        _requests.Enqueue(new RecordedRequest(
            context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body, status,
            start, end, receivedUtc, personalizations, (int)buffer.Length, category));
        if (accepted)
        {
            Interlocked.Add(ref _personalizations, personalizations);
        }

        context.Response.StatusCode = status;
        if (status >= 400)
        {
            await context.Response.WriteAsJsonAsync(new { errors = new[] { new { message = "fake failure", field = (string?)null } } });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
