using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Api.BadInput;

/// <summary>An answer as the suite inspects it.</summary>
public sealed record Answer(int Status, string? MediaType, string Body, TimeSpan Elapsed);

/// <summary>
/// One real local host on the collection's Azurite for the whole bad-input suite, with the resources the table's
/// placeholders name: a draft course with one invitee, a started course whose three invitations have been sent
/// (invitee A: the table's reply-page cases; B: hostile decline reasons; C: the sweep), an open complaint case, a unit
/// registry, and tokens forged with the host's own link key.
/// </summary>
public sealed partial class BadInputHost(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string EmailA = "a.nguyen@sonoivu.tinh.example";
    public const string EmailB = "b.tran@sonoivu.tinh.example";
    public const string EmailC = "c.le@sonoivu.tinh.example";

    private readonly LocalHostFixture _host = new(azurite);
    private readonly Dictionary<string, string> _placeholders = new(StringComparer.Ordinal);
    private HttpClient _client = null!;

    public LocalHostFixture Local => _host;

    public string DraftCourse { get; private set; } = null!;

    public string StartedCourse { get; private set; } = null!;

    public string Complaint { get; private set; } = null!;

    public string TokenB { get; private set; } = null!;

    public string TokenC { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _client = new HttpClient { BaseAddress = new Uri(_host.Host.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };

        var units = new JsonArray(Bodies.UnitObject("Sở Nội vụ"), Bodies.UnitObject("Sở Tư pháp")).ToJsonString();
        (await _host.Organiser.PutAsync(new Uri("/api/units", UriKind.Relative), new StringContent(units, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        DraftCourse = await _host.CreateCourseAsync("vi", start: false, ("Đỗ Văn Nam", "nam@sonoivu.tinh.example"));
        StartedCourse = await _host.CreateCourseAsync("vi", start: true, ("Nguyễn Thị A", EmailA), ("Trần Văn B", EmailB), ("Lê Văn C", EmailC));
        var complaint = await _host.Organiser.PostAsync(new Uri("/api/complaints", UriKind.Relative), new StringContent(Bodies.Complaint(), Encoding.UTF8, "application/json"));
        complaint.EnsureSuccessStatusCode();
        Complaint = (await complaint.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        var tokenA = TokenOf(await _host.WaitForLinkAsync(EmailA));
        TokenB = TokenOf(await _host.WaitForLinkAsync(EmailB));
        TokenC = TokenOf(await _host.WaitForLinkAsync(EmailC));
        await WaitUntilInvitationsRecordedAsync();

        var (course, invitee, _) = Claims(tokenA);
        _placeholders["draft"] = DraftCourse;
        _placeholders["started"] = StartedCourse;
        _placeholders["complaint"] = Complaint;
        _placeholders["inviteeA"] = invitee; // Nguyễn Thị A of the started course: no learning report
        _placeholders["token"] = tokenA;
        var far = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        var forged = Forge(course, invitee, "Rsvp", far);
        _placeholders["token.checkIn"] = Forge(course, invitee, "CheckIn", far);
        _placeholders["token.checkInExpired"] = Forge(course, invitee, "CheckIn", DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds());
        _placeholders["token.survey"] = Forge(course, invitee, "Survey", far);
        _placeholders["token.report"] = Forge(course, invitee, "Report", far);
        var parts = tokenA.Split('.');
        _placeholders["token.tampered"] = $"{parts[0]}.{forged.Split('.')[1][..^2]}AA.{parts[2]}";
        _placeholders["token.unknownKeyId"] = Forge(course, invitee, "Rsvp", far, keyId: "other");
        _placeholders["token.wrongKey"] = Forge(course, invitee, "Rsvp", far, key: RandomNumberGenerator.GetBytes(32));
        _placeholders["token.wrongPurpose"] = Forge(course, invitee, "Nominate", far);
        _placeholders["token.purposeNumber"] = Forge(course, invitee, 7, far);
        _placeholders["token.oversized"] = Forge(course, invitee + new string('0', 800), "Rsvp", far);
        _placeholders["token.expired"] = Forge(course, invitee, "Rsvp", DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds());
        _placeholders["token.farExpiry"] = Forge(course, invitee, "Rsvp", long.MaxValue);
        _placeholders["token.negativeExpiry"] = Forge(course, invitee, "Rsvp", long.MinValue);
        _placeholders["token.inviteeSlash"] = Forge(course, "a/b", "Rsvp", far);
        _placeholders["token.inviteeHash"] = Forge(course, "a#b", "Rsvp", far);
        _placeholders["token.inviteeControl"] = Forge(course, "a\u0001b", "Rsvp", far);
        _placeholders["token.inviteeLong"] = Forge(course, new string('f', 300), "Rsvp", far);
        _placeholders["token.courseBackslash"] = Forge("a\\b", invitee, "Rsvp", far);
        _placeholders["token.unknownCourse"] = Forge(BadInputTable.Unknown, invitee, "Rsvp", far);
        _placeholders["token.emptyIds"] = Forge(string.Empty, string.Empty, "Rsvp", far);
        // Nominations: a nomination link naming no nomination, and an expired one.
        _placeholders["token.nominateUnknown"] = Forge(course, BadInputTable.Unknown, "Nominate", far);
        _placeholders["token.nominateExpired"] = Forge(course, BadInputTable.Unknown, "Nominate", DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds());
        _placeholders["token.notJson"] = Sign(_host.Host.LinkKeyId + "." + Base64Url.EncodeToString("not json"u8), _host.Host.LinkKey.ToArray());
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>Fills the placeholders of a table path (<c>{draft}</c>, <c>{token.expired}</c>...).</summary>
    public string Resolve(string path) => Placeholder().Replace(path, m =>
        _placeholders.TryGetValue(m.Groups[1].Value, out var value) ? value : throw new InvalidOperationException($"No placeholder {m.Value}."));

    /// <summary>Sends a request with the given key; the body bytes are made now.</summary>
    public async Task<Answer> SendAsync(string method, string path, BadBody? body, Key key, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Resolve(path));
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        switch (key)
        {
            case Key.Organiser:
                request.Headers.Add("x-functions-key", LocalHostProcess.OrganiserKey);
                break;
            case Key.Master:
                request.Headers.Add("x-functions-key", LocalHostProcess.MasterKey);
                break;
            case Key.Wrong:
                request.Headers.Add("x-functions-key", "not-the-key");
                break;
        }

        if (body is not null)
        {
            HttpContent content = body.Chunked ? new StreamContent(new UnknownLengthStream(body.Bytes())) : new ByteArrayContent(body.Bytes());
            content.Headers.ContentType = body.ContentType is null ? null : MediaTypeHeaderValue.Parse(body.ContentType);
            request.Content = content;
        }

        var watch = Stopwatch.StartNew();
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, watch.Elapsed);
    }

    /// <summary>The re-readable state: the chosen resources as the API returns them, and the dev outbox.</summary>
    public async Task<string> SnapshotAsync(Reread reread, params string[] moreCourses)
    {
        var text = new StringBuilder();
        async Task Read(string path) => text.Append(path).Append(" => ").AppendLine(await _host.Organiser.GetStringAsync(new Uri(path, UriKind.Relative)));
        var courses = new List<string>(moreCourses);
        if (reread.HasFlag(Reread.DraftCourse))
        {
            courses.Add(DraftCourse);
        }

        if (reread.HasFlag(Reread.StartedCourse))
        {
            courses.Add(StartedCourse);
        }

        foreach (var course in courses)
        {
            await Read($"/api/courses/{course}");
            await Read($"/api/courses/{course}/invitees");
        }

        if (reread.HasFlag(Reread.Complaints))
        {
            await Read("/api/complaints");
        }

        if (reread.HasFlag(Reread.Units))
        {
            await Read("/api/units");
        }

        if (reread.HasFlag(Reread.People))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/people");
            request.Headers.Add("x-functions-key", LocalHostProcess.MasterKey);
            using var answer = await _host.Organiser.SendAsync(request);
            text.Append("/api/people => ").AppendLine(await answer.Content.ReadAsStringAsync());
        }

        var outbox = await _host.Organiser.GetFromJsonAsync<JsonArray>(new Uri("/api/dev/outbox", UriKind.Relative));
        text.Append("outbox messages: ").Append(outbox!.Count.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>A token signed with the host's key (or <paramref name="key"/>) for any claims, valid or not.</summary>
    public string Forge(string courseId, string inviteeId, JsonNode purpose, long expiresAtUnixSeconds, string? keyId = null, byte[]? key = null)
    {
        var payload = new JsonObject { ["C"] = courseId, ["I"] = inviteeId, ["P"] = purpose, ["X"] = expiresAtUnixSeconds };
        var head = (keyId ?? _host.Host.LinkKeyId) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return Sign(head, key ?? _host.Host.LinkKey.ToArray());
    }

    /// <summary>A valid token for one invitee of a course (pages of courses created by a test).</summary>
    public string ValidToken(string courseId, string inviteeId) => Forge(courseId, inviteeId, "Rsvp", DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds());

    /// <summary>The course id, invitee id and expiry a token names.</summary>
    public static (string Course, string Invitee, long Expiry) Claims(string token)
    {
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;
        return (payload["C"]!.GetValue<string>(), payload["I"]!.GetValue<string>(), payload["X"]!.GetValue<long>());
    }

    private static string Sign(string head, byte[] key) =>
        head + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(head)));

    private static string TokenOf(string link) => link[(link.IndexOf("/api/r/", StringComparison.Ordinal) + "/api/r/".Length)..];

    private async Task WaitUntilInvitationsRecordedAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var invitees = await _host.Organiser.GetFromJsonAsync<JsonArray>(new Uri($"/api/courses/{StartedCourse}/invitees", UriKind.Relative));
            if (invitees!.All(i => i!["emailStatus"]!.GetValue<string>() != "notSent"))
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The started course's invitations were not recorded as sent.\n" + _host.Host.Output);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [GeneratedRegex(@"\{([A-Za-z.]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
