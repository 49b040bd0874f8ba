using Workflow.Access;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Storage;
using Workflow.Units;

namespace Workflow.IntegrationTests.Complaints;

/// <summary>
/// The product's services as AddWorkflow registers them, on Azurite with tables of their own, a fake clock,
/// a capturing email sender, a capturing logger and a policy that counts the entities read from storage.
/// </summary>
internal sealed class ComplaintHarness : IAsyncDisposable
{
    public const string Leadership = "lanhdao@bandanvan.example.vn";

    private readonly ServiceProvider _provider;

    public ComplaintHarness(AzuriteFixture azurite, DateTimeOffset now, string thresholds = "7,3,1,0")
    {
        var prefix = "T" + Guid.NewGuid().ToString("N")[..10];
        Time = new FakeTimeProvider(now);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkflowStorage"] = azurite.ConnectionString,
            ["Workflow:Links:ActiveKeyId"] = "test",
            ["Workflow:Complaints:LeadershipEmails"] = Leadership,
            ["Workflow:Complaints:AlertThresholds"] = thresholds,
        }).Build();

        var options = new TableClientOptions();
        options.AddPolicy(Reads, HttpPipelinePosition.PerCall);
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
        services.AddSingleton<IEmailSender>(Emails);
        services.AddSingleton(ComplaintTables.WithPrefix(prefix));
        services.AddWorkflow(configuration);
        services.AddSingleton(sp => new UnitStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<TableInitializer>(), prefix + "Units"));
        _provider = services.BuildServiceProvider();
        Prefix = prefix;
    }

    public string Prefix { get; }

    public FakeTimeProvider Time { get; }

    public CapturingEmailSender Emails { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public EntityReadCounter Reads { get; } = new();

    public IServiceProvider Services => _provider;

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public TableClient Table(string name) => Get<TableServiceClient>().GetTableClient(name);

    /// <summary>The organiser key's caller: an officer of every unit, as scripts call the complaint routes.</summary>
    public static Caller OfficerOfEveryUnit { get; } = new(CallerSource.Key, "organiser-key", "organiser-key", Roles.Organiser | Roles.Officer, new HashSet<string>(), AllUnits: true);

    /// <summary>
    /// Calls a handler as a host would (after the access gate admitted <paramref name="caller"/>, by default
    /// <see cref="OfficerOfEveryUnit"/>) and executes its result (for a reader of <paramref name="acceptLanguage"/> when given).
    /// </summary>
    public async Task<Answer> CallAsync(Func<HttpRequest, CancellationToken, Task<IResult>> handler, string? json = null, string? query = null, string? acceptLanguage = null, Caller? caller = null)
    {
        var context = new DefaultHttpContext { RequestServices = _provider };
        context.Items[typeof(Caller)] = caller ?? OfficerOfEveryUnit;
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json ?? string.Empty));
        context.Request.ContentType = "application/json";
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        var body = new MemoryStream();
        context.Response.Body = body;
        var result = await handler(context.Request, CancellationToken.None);
        await result.ExecuteAsync(context);
        var text = Encoding.UTF8.GetString(body.ToArray());
        return new Answer(context.Response.StatusCode, text, context.Response.Headers.Location.ToString(), context.Response.ContentType);
    }

    /// <summary>Registers a case through the API; returns its JSON.</summary>
    public async Task<JsonElement> RegisterAsync(object request)
    {
        var answer = await CallAsync(Get<ComplaintApi>().RegisterAsync, JsonSerializer.Serialize(request));
        Assert.True(answer.Status == 201, answer.Text);
        return answer.Json;
    }

    public void SetToday(DateOnly day) =>
        Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(0, 0)), TimeSpan.Zero)); // 07:00 in Vietnam

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

internal sealed record Answer(int Status, string Text, string Location, string? ContentType)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement.Clone();
}

internal sealed class CapturingEmailSender : IEmailSender
{
    private readonly ConcurrentQueue<(EmailBatch Batch, EmailRecipient To)> _sent = new();

    public IReadOnlyList<(EmailBatch Batch, EmailRecipient To)> Sent => [.. _sent];

    /// <summary>Addresses answered as refused for good (as SendGrid's 400 for a bad address, with its text); not recorded as sent.</summary>
    public ConcurrentDictionary<string, string> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many times a refused address was offered.</summary>
    public int RefusedOffers => Volatile.Read(ref _refusedOffers);

    private int _refusedOffers;

    public Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var sent = new List<string>();
        var failed = new Dictionary<string, EmailFailure>(StringComparer.Ordinal);
        foreach (var recipient in batch.Recipients)
        {
            if (Refused.TryGetValue(recipient.Email, out var reason))
            {
                Interlocked.Increment(ref _refusedOffers);
                failed[recipient.MessageId] = EmailFailure.Refused(400, reason);
                continue;
            }

            _sent.Enqueue((batch, recipient));
            sent.Add(recipient.MessageId);
        }

        return Task.FromResult(new EmailSendResult(sent, failed));
    }

    public void Clear() => _sent.Clear();
}

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every log line: category, formatted message, each structured value and the exception text.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" | ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{category}: {formatter(state, exception)} :: {values} :: {exception}");
        }
    }
}

/// <summary>Counts the entities storage answers to GET requests (queries: the <c>value</c> array; point reads: 1).</summary>
internal sealed class EntityReadCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _queried = new();
    private int _entities;

    public int Entities => Volatile.Read(ref _entities);

    /// <summary>The tables queried (a range or scan: <c>/Table()</c>), once per request, since the last <see cref="Reset"/>; point reads are not listed.</summary>
    public IReadOnlyList<string> QueriedTables => [.. _queried];

    public void Reset()
    {
        Interlocked.Exchange(ref _entities, 0);
        _queried.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get || message.Response.Status != 200)
        {
            return;
        }

        var path = message.Request.Uri.Path;
        if (path.EndsWith("()", StringComparison.Ordinal))
        {
            _queried.Enqueue(path[(path.LastIndexOf('/') + 1)..^2]);
        }

        using var document = JsonDocument.Parse(message.Response.Content.ToMemory());
        var n = document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1;
        Interlocked.Add(ref _entities, n);
    }
}
