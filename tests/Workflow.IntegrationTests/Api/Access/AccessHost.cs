using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.Access;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Api.Access;

/// <summary>The callers of the access matrix (issue 17 item 3): the demo people, a person removed mid-session, nobody, each key.</summary>
[Flags]
public enum Who
{
    None = 0,

    /// <summary>tochuc@demo.local: organiser.</summary>
    OrganiserPerson = 1,

    /// <summary>canbo.haichau@demo.local: officer of <see cref="AccessHost.UnitA"/>.</summary>
    OfficerA = 2,

    /// <summary>canbo.thanhtra@demo.local: officer of <see cref="AccessHost.UnitB"/>.</summary>
    OfficerB = 4,

    /// <summary>lanhdao@demo.local: leader.</summary>
    Leader = 8,

    /// <summary>quantri@demo.local: administrator.</summary>
    Administrator = 16,

    /// <summary>A person signed in and then removed from the people table: his cookie is still signed, he is unknown.</summary>
    RemovedPerson = 32,

    /// <summary>No cookie, no key.</summary>
    NoSignIn = 64,

    /// <summary>Workflow:OrganiserApiKey.</summary>
    OrganiserKey = 128,

    /// <summary>Workflow:MasterKey.</summary>
    MasterKey = 256,

    /// <summary>Workflow:Access:Keys:reports (roles: leader).</summary>
    ReportsKey = 512,
}

/// <summary>An answer: status, body, and the headers the tests read.</summary>
public sealed record Reply(int Status, string Body, string? MediaType, string? Location, IReadOnlyList<string> SetCookies)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("No JSON body.");

    public string? Detail => MediaType is "application/problem+json" ? Json["detail"]?.GetValue<string>() : null;

    public override string ToString() => $"{Status} {(Body.Length > 400 ? Body[..400] + "..." : Body)}";
}

/// <summary>
/// One real local host for the access tests, run as <c>./run.sh</c> runs it: Development (the development sign-in), the
/// demo people seeded, configured administrators who are not in the table, and a third key for scripts (reports, a
/// leader). It holds a draft course and a complaint case of each demo unit (registered with the organiser key, an
/// officer of every unit), the demo people's sign-in cookies, and the cookie of a person removed after signing in.
/// </summary>
public sealed class AccessHost(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string UnitA = "UBND phường Hải Châu";
    public const string UnitB = "Thanh tra tỉnh";
    public const string ReportsKey = "matrix-reports-key";

    /// <summary>Workflow:Access:Administrators: administrators by configuration, not in the people table.</summary>
    public const string Administrators = "quantri.goc@tinh.example, Bantochuc.Goc@tinh.example";

    public static readonly IReadOnlyList<Who> Everyone =
    [
        Who.OrganiserPerson, Who.OfficerA, Who.OfficerB, Who.Leader, Who.Administrator, Who.RemovedPerson, Who.NoSignIn,
        Who.OrganiserKey, Who.MasterKey, Who.ReportsKey,
    ];

    private static readonly Dictionary<Who, string> DemoPeople = new()
    {
        [Who.OrganiserPerson] = "tochuc@demo.local",
        [Who.OfficerA] = "canbo.haichau@demo.local",
        [Who.OfficerB] = "canbo.thanhtra@demo.local",
        [Who.Leader] = "lanhdao@demo.local",
        [Who.Administrator] = "quantri@demo.local",
    };

    private readonly Dictionary<Who, string> _cookies = [];
    private HttpClient _client = null!;

    public LocalHostProcess Host { get; private set; } = null!;

    public string BaseUrl => Host.BaseUrl;

    /// <summary>A draft course (the course reads answer 200 for it).</summary>
    public string Course { get; private set; } = null!;

    /// <summary>An open case of <see cref="UnitA"/>, never changed by the tests.</summary>
    public string CaseA { get; private set; } = null!;

    /// <summary>An open case of <see cref="UnitB"/>, never changed by the tests.</summary>
    public string CaseB { get; private set; } = null!;

    public static string SignInOf(Who who) => DemoPeople[who];

    public async Task InitializeAsync()
    {
        Host = new LocalHostProcess(azurite.ConnectionString, new LocalHostOptions
        {
            Name = "matrix",
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["Workflow__Access__DemoPeople"] = "true",
                ["Workflow__Access__Administrators"] = Administrators,
                ["Workflow__Access__Keys__reports__Secret"] = ReportsKey,
                ["Workflow__Access__Keys__reports__Roles"] = "leader",
            },
        });
        await Host.StartAsync();
        _client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Host.BaseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };

        var course = await SendAsync(Who.OrganiserKey, HttpMethod.Post, "/api/courses", JsonContent.Create(new
        {
            title = "Kỹ năng tiếp công dân",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = DateTimeOffset.UtcNow.AddDays(20), end = DateTimeOffset.UtcNow.AddDays(20).AddHours(3) } },
            rsvpDeadline = DateTimeOffset.UtcNow.AddDays(15),
            organiserEmails = new[] { "bandanvan@tinh.example" },
            language = "vi",
        }));
        Course = course.Status == 201 ? course.Json["id"]!.GetValue<string>() : throw new InvalidOperationException("The course was not created: " + course);
        CaseA = await RegisterCaseAsync(UnitA);
        CaseB = await RegisterCaseAsync(UnitB);

        // The demo people are seeded by a hosted service that may still run when health first answers.
        foreach (var (who, signIn) in DemoPeople)
        {
            _cookies[who] = await Eventually.WaitForAsync(() => SignInAsync(signIn), TimeSpan.FromSeconds(30));
        }

        var removed = $"matrix.removed-{Guid.NewGuid():N}@tinh.example";
        await PutPersonAsync(removed, "Người đã rời đi", ["officer"], [UnitA]);
        _cookies[Who.RemovedPerson] = await SignInAsync(removed) ?? throw new InvalidOperationException("The person to remove could not sign in.");
        await RemovePersonAsync(removed);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }

    /// <summary>
    /// Signs in through the development sign-in as a browser would (the form POSTed from the host's own page, the cookie
    /// kept by a cookie container, the redirect not followed); the cookie's value, or null when the host refused.
    /// </summary>
    public async Task<string?> SignInAsync(string signIn, string? origin = null)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Host.BaseUrl),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dev/signin")
        {
            Content = new FormUrlEncodedContent([new("signIn", signIn)]),
        };
        request.Headers.TryAddWithoutValidation("Origin", origin ?? Host.BaseUrl);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The sign-in answered {(int)response.StatusCode}.");
        }

        var cookie = cookies.GetCookies(new Uri(Host.BaseUrl + "/api/me"))[DevSession.CookieName];
        var location = response.Headers.Location?.OriginalString;
        return (location, cookie) switch
        {
            ("/api/organiser", { } c) => c.Value,
            ("/api/dev/signin", null) => null,
            _ => throw new InvalidOperationException($"The sign-in redirected to {location} with{(cookie is null ? "out" : "")} a cookie."),
        };
    }

    /// <summary>
    /// Sends a request as <paramref name="who"/>: a person with his sign-in cookie (and, for a change, the host's own
    /// <c>Origin</c>, as his browser sends it from the organiser's page), a key in <c>x-functions-key</c> with no
    /// <c>Origin</c> (as a script sends it), nobody with neither. The reader's language is English.
    /// </summary>
    public Task<Reply> SendAsync(Who who, HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? change = null) =>
        SendAsync(Credential(who), method, path, content, change);

    /// <summary>Sends a request with the cookie of a person signed in by the test.</summary>
    public async Task<Reply> SendAsync(Action<HttpRequestMessage> credential, HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? change = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        credential(request);
        change?.Invoke(request);
        using var response = await _client.SendAsync(request);
        return new Reply(
            (int)response.StatusCode,
            await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.Location?.OriginalString,
            response.Headers.TryGetValues("Set-Cookie", out var set) ? [.. set] : []);
    }

    public Action<HttpRequestMessage> Credential(Who who) => who switch
    {
        Who.NoSignIn => _ => { },
        Who.OrganiserKey => r => r.Headers.Add(Authenticator.KeyHeader, LocalHostProcess.OrganiserKey),
        Who.MasterKey => r => r.Headers.Add(Authenticator.KeyHeader, LocalHostProcess.MasterKey),
        Who.ReportsKey => r => r.Headers.Add(Authenticator.KeyHeader, ReportsKey),
        _ => PersonCredential(_cookies[who]),
    };

    /// <summary>A browser's request: the cookie, and for a change the host's own Origin.</summary>
    public Action<HttpRequestMessage> PersonCredential(string cookie) => r =>
    {
        r.Headers.Add("Cookie", DevSession.CookieName + "=" + cookie);
        if (r.Method != HttpMethod.Get && r.Method != HttpMethod.Head)
        {
            r.Headers.TryAddWithoutValidation("Origin", Host.BaseUrl);
        }
    };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Registers an open first complaint for <paramref name="unit"/> with the organiser key; its id.</summary>
    public async Task<string> RegisterCaseAsync(string unit)
    {
        var body = new JsonObject
        {
            ["code"] = "KN-MX-" + Guid.NewGuid().ToString("N")[..10],
            ["kind"] = "firstComplaint",
            ["receivedOn"] = "2026-11-20",
            ["complex"] = false,
            ["remoteArea"] = false,
            ["severalPlaces"] = false,
            ["handlingUnit"] = unit,
            ["officerEmails"] = new JsonArray("thanhtra@tinh.example"),
            ["subject"] = "Khiếu nại quyết định thu hồi đất",
        };
        var created = await SendAsync(Who.OrganiserKey, HttpMethod.Post, "/api/complaints", Json(body.ToJsonString()));
        return created.Status == 201 ? created.Json["id"]!.GetValue<string>() : throw new InvalidOperationException("The case was not registered: " + created);
    }

    /// <summary>The case as the master key reads it (the state a refused request must leave as it was).</summary>
    public async Task<string> CaseStateAsync(string id)
    {
        var got = await SendAsync(Who.MasterKey, HttpMethod.Get, $"/api/complaints/{id}");
        return got.Status == 200 ? got.Body : throw new InvalidOperationException($"Case {id}: {got}");
    }

    public async Task PutPersonAsync(string signIn, string name, string[] roles, string[] units)
    {
        var put = await SendAsync(Who.MasterKey, HttpMethod.Put, "/api/people/" + Uri.EscapeDataString(signIn), JsonContent.Create(new { name, roles, units }));
        if (put.Status != 200)
        {
            throw new InvalidOperationException($"PUT person {signIn}: {put}");
        }
    }

    public async Task RemovePersonAsync(string signIn)
    {
        var removed = await SendAsync(Who.MasterKey, HttpMethod.Delete, "/api/people/" + Uri.EscapeDataString(signIn));
        if (removed.Status != 204)
        {
            throw new InvalidOperationException($"DELETE person {signIn}: {removed}");
        }
    }
}
