using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Testing;

namespace Workflow.IntegrationTests.EndToEnd;

/// <summary>
/// The real local host on Azurite as the end-to-end tests drive it: the organiser's API client (with the function key),
/// a person's browser-like client (forms to personal links), the dev outbox, and the host log written out when a step fails.
/// </summary>
public sealed partial class CourseHostSession : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private readonly LocalHostProcess? _host;
    private readonly LocalHostCluster? _cluster;
    private readonly HttpClient _person;

    private CourseHostSession(LocalHostProcess host)
    {
        _host = host;
        Organiser = host.CreateOrganiserClient();
        _person = new(new HttpClientHandler { AllowAutoRedirect = false });
    }

    private CourseHostSession(LocalHostCluster cluster)
    {
        _cluster = cluster;
        Organiser = cluster.CreateOrganiserClient();
        _person = cluster.CreatePersonClient();
    }

    /// <summary>The hosts when the session runs on several (null on one host).</summary>
    public LocalHostCluster? Cluster => _cluster;

    public HttpClient Organiser { get; }

    public HttpClient Person => _person;

    /// <summary>Where the dev outbox writes each message as an .eml file (null on several hosts: email goes to the fake SendGrid).</summary>
    public string? OutboxDirectory => _host?.OutboxDirectory;

    /// <summary>What the test is doing, named in the failure message with the host log.</summary>
    public string Step { get; set; } = "start";

    public static async Task<CourseHostSession> StartAsync(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var host = new LocalHostProcess(azurite.ConnectionString);
        await host.StartAsync();
        return new CourseHostSession(host);
    }

    /// <summary>
    /// The same session over <paramref name="hosts"/> local hosts on one task hub (<see cref="LocalHostCluster"/>): the
    /// organiser's and the person's requests go round-robin over the hosts, email goes to one fake SendGrid server and
    /// <see cref="OutboxAsync"/> reads every message it accepted (a repeat shows up twice).
    /// </summary>
    public static async Task<CourseHostSession> StartOnHostsAsync(AzuriteFixture azurite, int hosts)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        return new CourseHostSession(await LocalHostCluster.StartAsync(azurite.ConnectionString, hosts));
    }

    public async ValueTask DisposeAsync()
    {
        Organiser.Dispose();
        _person.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="test"/>; on a failure, writes the host's log to a file named in the message with the step.</summary>
    public async Task Logged(string name, Func<Task> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        try
        {
            await test();
        }
        catch (Exception ex) when (ex is TimeoutException or Xunit.Sdk.XunitException)
        {
            var log = Path.Combine(AppContext.BaseDirectory, $"e2e-{name}-host-{DateTime.UtcNow:yyyyMMddHHmmss}.log");
            await File.WriteAllTextAsync(log, _host?.Output ?? _cluster!.Output());
            throw new InvalidOperationException($"{ex.Message}\n(step: {Step}; host log: {log})", ex);
        }
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body)> PostJsonAsync(string path, object? body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await Organiser.SendAsync(request);
        return (response.StatusCode, await ReadAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body)> PatchAsync(string courseId, object body)
    {
        var response = await Organiser.PatchAsJsonAsync($"/api/courses/{courseId}", body);
        return (response.StatusCode, await ReadAsync(response));
    }

    public async Task<JsonObject> CourseAsync(string courseId) => (await Organiser.GetFromJsonAsync<JsonObject>($"/api/courses/{courseId}"))!;

    /// <summary>The course's invitees by email, as <c>GET .../invitees</c> shows them.</summary>
    public async Task<Dictionary<string, JsonNode>> InviteesAsync(string courseId) =>
        (await Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!
            .ToDictionary(i => i!["email"]!.GetValue<string>(), i => i!, StringComparer.OrdinalIgnoreCase);

    /// <summary>Posts a page form to a personal link as a phone would; the page must answer 200.</summary>
    public async Task<string> PostFormAsync(string link, params (string Name, string Value)[] fields)
    {
        var (status, html) = await TryPostFormAsync(link, fields);
        Xunit.Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {html}");
        return html;
    }

    public async Task<(HttpStatusCode Status, string Html)> TryPostFormAsync(string link, params (string Name, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var response = await _person.PostAsync(new Uri(link), form);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    public async Task<string> GetPageAsync(string link) => WebUtility.HtmlDecode(await _person.GetStringAsync(new Uri(link)));

    /// <summary>The dev outbox, optionally only messages whose subject starts with <paramref name="subjectPrefix"/>.</summary>
    public async Task<List<JsonNode>> OutboxAsync(string? subjectPrefix = null)
    {
        var items = _cluster is null
            ? (await Organiser.GetFromJsonAsync<JsonArray>("/api/dev/outbox"))!.Select(i => i!)
            : _cluster.Mail.Mails.OrderBy(m => m.ReceivedUtc).Select(AsOutboxItem);
        return items.Where(i => subjectPrefix is null || Subject(i).StartsWith(subjectPrefix, StringComparison.Ordinal)).ToList();
    }

    /// <summary>A message the fake SendGrid accepted, in the dev outbox's JSON shape (its id: the product's message id).</summary>
    private static JsonNode AsOutboxItem(ReceivedMail m) => new JsonObject
    {
        ["id"] = m.MessageId,
        ["to"] = new JsonArray(m.To),
        ["subject"] = m.Subject,
        ["text"] = m.Text,
        ["html"] = m.Html,
        ["sentAt"] = new DateTimeOffset(m.ReceivedUtc, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture),
        ["attachments"] = new JsonArray([.. m.AttachmentTypes.Select(t => (JsonNode)new JsonObject { ["contentType"] = t })]),
        ["links"] = new JsonArray([.. HrefRegex().Matches(m.Html).Select(x => WebUtility.HtmlDecode(x.Groups["url"].Value).Trim())
            .Where(u => u.StartsWith("http", StringComparison.Ordinal)).Select(u => (JsonNode)u)]),
    };

    [GeneratedRegex("""\bhref\s*=\s*(?:"(?<url>[^"]*)"|'(?<url>[^']*)')""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HrefRegex();

    public static string Subject(JsonNode m) => m["subject"]!.GetValue<string>();

    public static string To(JsonNode m) => m["to"]![0]!.GetValue<string>();

    public static string BodyText(JsonNode m) => m["text"]!.GetValue<string>();

    public static string Link(JsonNode m) => m["links"]![0]!.GetValue<string>();

    public static DateTimeOffset SentAt(JsonNode m) => DateTimeOffset.Parse(m["sentAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    public static async Task DelayUntilAsync(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    public static Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class => Eventually.WaitForAsync(probe, timeout ?? Patience);

    private static async Task<JsonObject?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
    }
}
