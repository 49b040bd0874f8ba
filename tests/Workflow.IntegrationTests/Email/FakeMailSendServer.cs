using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflow.IntegrationTests.Email;

/// <summary>
/// A wire-compatible stand-in for SendGrid's Mail Send endpoint on a free loopback port: records every
/// <c>POST /v3/mail/send</c> (Authorization header and JSON body) and answers 202, or the statuses queued.
/// </summary>
public sealed class FakeMailSendServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses;

    private FakeMailSendServer(WebApplication app, IEnumerable<int> statuses)
    {
        _app = app;
        _statuses = new ConcurrentQueue<int>(statuses);
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

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

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new RecordedRequest(
            context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType,
            body));
        var status = _statuses.TryDequeue(out var queued) ? queued : StatusCodes.Status202Accepted;
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

public sealed record RecordedRequest(string Authorization, string? ContentType, string Body);
