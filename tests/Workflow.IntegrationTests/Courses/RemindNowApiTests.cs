using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// <c>POST /api/courses/{id}/remind</c> on the real local host: one Idempotency-Key posted by many clients at once is one
/// request (every answer the same 202, one reminder per person), and a body is either read or refused, never ignored.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RemindNowApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string ReminderSubject = "Nhắc trả lời";

    private readonly LocalHostFixture _host = host;

    /// <summary>This test's people (addresses of their own: the class's tests share one host and its outbox).</summary>
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private string An => $"an.{_tag}@sonoivu.tinh.example";

    private string Binh => $"binh.{_tag}@sotuphap.tinh.example";

    private string Cuong => $"cuong.{_tag}@soxaydung.tinh.example";

    [Fact]
    public async Task Twenty_concurrent_posts_with_one_idempotency_key_all_get_the_same_202_and_one_reminder_goes_out()
    {
        var (course, ids) = await StartedCourseAsync();

        // Three rounds (three keys, one person each), each of 20 clients released at once: the race is on the
        // request row's insert and on the course row's update, so it is run more than once.
        foreach (var (key, person) in new[] { ("nhac-dong-thoi-1", An), ("nhac-dong-thoi-2", Binh), ("nhac-dong-thoi-3", Cuong) })
        {
            using var go = new ManualResetEventSlim();
            var posts = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
            {
                using var request = Remind(course, key);
                request.Content = JsonContent.Create(new { inviteeIds = new[] { ids[person] } });
                go.Wait();
                using var response = await _host.Organiser.SendAsync(request);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            })).ToList();
            go.Set();
            var answers = await Task.WhenAll(posts);

            Assert.True(answers.All(a => a.Item1 == 202), $"{key}: {string.Join(", ", answers.Select(a => a.Item1))}\n{answers.FirstOrDefault(a => a.Item1 != 202).Item2}\n{_host.Host.Output[^Math.Min(_host.Host.Output.Length, 6000)..]}");
            var bodies = answers.Select(a => JsonNode.Parse(a.Item2)!.ToJsonString()).Distinct(StringComparer.Ordinal).ToList();
            var body = JsonNode.Parse(Assert.Single(bodies))!;
            Assert.Equal(key, body["requestId"]!.GetValue<string>());
            Assert.Equal(1, body["count"]!.GetValue<int>());
            Assert.Equal(15, body["deliveryDelayMinutes"]!.GetValue<int>()); // a scheduled batch (docs/email.md): the answer says when
        }

        // One reminder to each, none twice.
        Assert.Equal([An, Binh, Cuong], await RemindersSettledAsync(3));
    }

    [Fact]
    public async Task A_json_body_without_a_content_type_is_read_not_ignored()
    {
        var (course, ids) = await StartedCourseAsync();

        // With a length: read as JSON.
        using (var request = Remind(course, "nhac-khong-kieu-1"))
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"inviteeIds":["{{ids[An]}}"]}"""));
            Assert.Null(request.Content.Headers.ContentType);
            using var response = await _host.Organiser.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<int>());
        }

        // Chunked (no Content-Length, no Content-Type): read as JSON too, not taken for "no body".
        using (var request = Remind(course, "nhac-khong-kieu-2"))
        {
            request.Content = Chunked($$"""{"inviteeIds":["{{ids[Binh]}}"]}""", contentType: null);
            using var response = await _host.Organiser.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<int>());
        }

        var reminders = await RemindersSettledAsync(2);
        Assert.Equal([An, Binh], reminders);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_415_and_nothing_is_sent()
    {
        var (course, ids) = await StartedCourseAsync();

        foreach (var content in new HttpContent[]
        {
            new StringContent($$"""{"inviteeIds":["{{ids[An]}}"]}""", Encoding.UTF8, "text/plain"),
            new FormUrlEncodedContent([new("inviteeIds", ids[An])]),
            Chunked("inviteeIds=" + ids[An], "application/x-www-form-urlencoded"),
        })
        {
            using var request = Remind(course, null);
            request.Content = content;
            using var response = await _host.Organiser.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{content.Headers.ContentType}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("application/json", JsonNode.Parse(text)!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // An empty body (with or without a content type) still means "everyone pending".
        using (var request = Remind(course, null))
        {
            request.Content = Chunked(string.Empty, contentType: null);
            using var response = await _host.Organiser.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<int>());
        }

        Assert.Equal([An, Binh, Cuong], await RemindersSettledAsync(3));
    }

    [Fact]
    public async Task One_key_reused_for_other_people_is_refused_with_422_and_sends_nothing_more()
    {
        var (course, ids) = await StartedCourseAsync();

        async Task<(int Status, JsonObject? Body)> PostAsync(object? body)
        {
            using var request = Remind(course, "nhac-mot-khoa");
            request.Content = body is null ? null : JsonContent.Create(body);
            using var response = await _host.Organiser.SendAsync(request);
            return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject);
        }

        Assert.Equal(202, (await PostAsync(new { inviteeIds = new[] { ids[An] } })).Status);

        // The same key, the same people (listed twice): the first answer.
        var again = await PostAsync(new { inviteeIds = new[] { ids[An], ids[An] } });
        Assert.Equal(202, again.Status);
        Assert.Equal(1, again.Body!["count"]!.GetValue<int>());

        // The same key for someone else, or for everyone: 422 naming the header, nothing sent.
        foreach (var other in new object?[] { new { inviteeIds = new[] { ids[Binh] } }, new { inviteeIds = new[] { ids[An], ids[Binh] } }, null })
        {
            var refused = await PostAsync(other);
            Assert.Equal(422, refused.Status);
            Assert.NotNull(refused.Body!["errors"]!["Idempotency-Key"]);
        }

        Assert.Equal([An], await RemindersSettledAsync(1));
    }

    private static HttpRequestMessage Remind(string course, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/courses/{course}/remind", UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    /// <summary>A body sent with <c>Transfer-Encoding: chunked</c> (no Content-Length), as a stream of unknown length is.</summary>
    private static StreamContent Chunked(string text, string? contentType)
    {
        var content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(text)));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    private async Task<(string Course, Dictionary<string, string> Ids)> StartedCourseAsync()
    {
        var course = await _host.CreateCourseAsync("vi", start: true, ("Nguyễn Văn An", An), ("Trần Thị Bình", Binh), ("Lê Văn Cường", Cuong));
        foreach (var email in new[] { An, Binh, Cuong })
        {
            await _host.WaitForLinkAsync(email);
        }

        var invitees = await _host.Organiser.GetFromJsonAsync<JsonArray>(new Uri($"/api/courses/{course}/invitees", UriKind.Relative));
        return (course, invitees!.ToDictionary(i => i!["email"]!.GetValue<string>(), i => i!["id"]!.GetValue<string>(), StringComparer.Ordinal));
    }

    /// <summary>Waits for <paramref name="expected"/> reminders in the dev outbox, then a few seconds more for any extra one; the recipients, sorted.</summary>
    private async Task<List<string>> RemindersSettledAsync(int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        List<string> reminders;
        while ((reminders = await RemindersAsync()).Count < expected && DateTime.UtcNow < until)
        {
            await Task.Delay(300);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        return await RemindersAsync();
    }

    private async Task<List<string>> RemindersAsync()
    {
        var items = await _host.Organiser.GetFromJsonAsync<JsonArray>(new Uri("/api/dev/outbox", UriKind.Relative));
        return [.. items!
            .Where(i => i!["subject"]!.GetValue<string>().StartsWith(ReminderSubject, StringComparison.Ordinal))
            .Select(i => i!["to"]![0]!.GetValue<string>())
            .Where(to => to.Contains(_tag, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>A read-only stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
