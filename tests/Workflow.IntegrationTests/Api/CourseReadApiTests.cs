using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Api;

/// <summary>
/// The organiser page's reads (issue 10) on the running local host: the course list (phase filter, paging, order), a
/// course's live progress (counts and the replies timeline change after a reply within seconds; ETag and 304 through the
/// minimal API), the units asked to nominate, and the function key on all three.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CourseReadApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostFixture _host = new(azurite);
    private readonly HttpClient _anonymous = new();

    private HttpClient Api => _host.Organiser;

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task The_list_filters_by_phase_pages_and_puts_the_newest_course_first()
    {
        // Courses held far later than any other test's (the bad-input bodies use 2030), so they head the list whatever
        // else the shared Azurite holds.
        var far = DateTimeOffset.UtcNow.AddYears(30).AddDays(Random.Shared.Next(0, 300));
        var older = await CreateAsync("Lớp A", far);
        var newer = await CreateAsync("Lớp B", far.AddDays(2));
        var started = await CreateAsync("Lớp C", far.AddDays(1));
        var sameDay = await CreateAsync("Lớp D", far); // same first session as "A", created after it: listed before it
        (await Api.PostAsync(new Uri($"/api/courses/{started}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var all = await ListAsync("?top=200");
        Assert.Equal([newer, started, sameDay, older], Ids(all).Take(4));
        var first = all["items"]![0]!;
        Assert.Equal("Lớp B", first["title"]!.GetValue<string>());
        Assert.Equal("draft", first["phase"]!.GetValue<string>());
        Assert.Equal(0, first["counts"]!["invited"]!.GetValue<int>());
        Assert.Equal(far.AddDays(2).ToUnixTimeSeconds(), first["firstSessionStart"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        Assert.Equal(far.AddDays(2).AddHours(3).ToUnixTimeSeconds(), first["lastSessionEnd"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        foreach (var field in new[] { "venue", "language", "rsvpDeadline", "capacity", "createdAt", "startedAt" })
        {
            Assert.True(first.AsObject().ContainsKey(field), field);
        }

        var drafts = await ListAsync("?phase=draft&top=200");
        Assert.Equal([newer, sameDay, older], Ids(drafts).Take(3));
        Assert.DoesNotContain(started, Ids(drafts));
        Assert.All(drafts["items"]!.AsArray(), c => Assert.Equal("draft", c!["phase"]!.GetValue<string>()));
        Assert.Equal(drafts["items"]!.AsArray().Count, drafts["total"]!.GetValue<int>());

        var page = await ListAsync("?phase=draft&top=1&skip=1");
        Assert.Equal([sameDay], Ids(page));
        Assert.Equal(drafts["total"]!.GetValue<int>(), page["total"]!.GetValue<int>());

        var inviting = await ListAsync("?phase=inviting&top=1");
        Assert.Equal([started], Ids(inviting));
        Assert.Equal("inviting", inviting["items"]![0]!["phase"]!.GetValue<string>());
        Assert.NotNull(inviting["items"]![0]!["startedAt"]);

        var bad = await Api.GetAsync(new Uri("/api/courses?top=0&skip=-1&phase=nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["phase", "skip", "top"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Progress_shows_a_reply_within_seconds_and_answers_304_to_the_same_ETag()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string an = $"an.{tag}@sonoivu.tinh.example", binh = $"binh.{tag}@sotuphap.tinh.example";
        var id = await _host.CreateCourseAsync("vi", start: true, ("Nguyễn Văn An", an), ("Trần Thị Bình", binh));
        var link = await _host.WaitForLinkAsync(an);

        var (before, etag) = await ProgressAsync(id);
        Assert.Equal(id, before["id"]!.GetValue<string>());
        Assert.Equal("inviting", before["phase"]!.GetValue<string>());
        Assert.Equal(2, before["counts"]!["invited"]!.GetValue<int>());
        Assert.Equal(0, before["counts"]!["accepted"]!.GetValue<int>());
        // Reply times are kept to the minute in the course's tally rows (issue 19, item 4): the smallest bucket is 1 min.
        Assert.Equal("PT1M", before["replies"]!["bucket"]!.GetValue<string>());
        Assert.All(before["replies"]!["points"]!.AsArray(), p => Assert.Equal(0, p!["replied"]!.GetValue<int>()));
        Assert.NotNull(before["generatedAt"]);

        // The same ETag: 304, no body, the validator and no-cache again (through the minimal API and its middleware).
        // The 1 min grid may move on between two reads (a new point, a new ETag, rightly 200): then try a fresh pair.
        var notModified = false;
        for (var attempt = 0; attempt < 3 && !notModified; attempt++)
        {
            var (_, fresh) = attempt == 0 ? (before, etag) : await ProgressAsync(id);
            using var again = await ConditionalAsync(id, fresh);
            if (again.StatusCode == HttpStatusCode.OK)
            {
                Assert.NotEqual(fresh, again.Headers.ETag!.Tag);
                continue;
            }

            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
            Assert.Equal(fresh, again.Headers.ETag!.Tag);
            Assert.True(again.Headers.CacheControl!.NoCache);
            using var listed = await ConditionalAsync(id, "\"stale\", " + fresh);
            Assert.Equal(HttpStatusCode.NotModified, listed.StatusCode);
            notModified = true;
        }

        Assert.True(notModified, "the current ETag never got a 304");
        using (var stale = await ConditionalAsync(id, "\"stale\""))
        {
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.False(stale.Headers.ETag!.IsWeak);
            Assert.NotEmpty(await stale.Content.ReadAsByteArrayAsync());
        }

        // An attendee accepts by his link: the counts and the last point show it within a few seconds.
        using (var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("answer", "accept")]))
        {
            (await _anonymous.PostAsync(new Uri(link), form)).EnsureSuccessStatusCode();
        }

        var watch = Stopwatch.StartNew();
        var (after, afterTag) = await UntilAsync(id, p => p["counts"]!["accepted"]!.GetValue<int>() == 1);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the reply showed after {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.NotEqual(etag, afterTag);
        var last = after["replies"]!["points"]!.AsArray()[^1]!;
        Assert.Equal((1, 0, 1), (last["accepted"]!.GetValue<int>(), last["declined"]!.GetValue<int>(), last["replied"]!.GetValue<int>()));
        using (var old = await ConditionalAsync(id, etag))
        {
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        }

        // The organiser records the other one's decline: it shows as a decline.
        (await Api.PostAsJsonAsync($"/api/courses/{id}/replies", new { email = binh, answer = "decline", note = "Đi công tác" })).EnsureSuccessStatusCode();
        var (declined, _) = await UntilAsync(id, p => p["counts"]!["declined"]!.GetValue<int>() == 1);
        var end = declined["replies"]!["points"]!.AsArray()[^1]!;
        Assert.Equal((1, 1, 2), (end["accepted"]!.GetValue<int>(), end["declined"]!.GetValue<int>(), end["replied"]!.GetValue<int>()));

        var unknown = await Api.GetAsync(new Uri("/api/courses/0123456789abcdef/progress", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_units_asked_to_nominate_are_listed_by_name_with_how_many_they_named()
    {
        var id = await _host.CreateCourseAsync("vi", start: false);
        Assert.Empty((await Api.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/units"))!);

        var asked = await Api.PostAsJsonAsync($"/api/courses/{id}/units", new object[]
        {
            new { unit = "Hội Nông dân tỉnh", contactEmail = "vanphong@hnd.tinh.example", quota = 3 },
            new { unit = "Đoàn Thanh niên", contactEmail = "vanphong@tinhdoan.tinh.example", quota = 2 },
            new { unit = "Ban Tuyên giáo", contactEmail = "vanphong@btg.tinh.example", quota = 1 },
            new { unit = "Dân tộc", contactEmail = "vanphong@bdt.tinh.example", quota = 1 },
        });
        asked.EnsureSuccessStatusCode();

        var units = (await Api.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/units"))!;
        Assert.Equal(["Ban Tuyên giáo", "Dân tộc", "Đoàn Thanh niên", "Hội Nông dân tỉnh"], units.Select(u => u!["unit"]!.GetValue<string>()));
        var farmers = units[3]!;
        Assert.Equal("vanphong@hnd.tinh.example", farmers["contactEmail"]!.GetValue<string>());
        Assert.Equal(3, farmers["quota"]!.GetValue<int>());
        Assert.Equal(0, farmers["nominated"]!.GetValue<int>());
        Assert.Null(farmers["requestSentAt"]);
        Assert.Null(farmers["silentNoticeSentAt"]);

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(new Uri("/api/courses/0123456789abcdef/units", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("/api/courses")]
    [InlineData("/api/courses/0123456789abcdef/progress")]
    [InlineData("/api/courses/0123456789abcdef/units")]
    public async Task The_reads_need_the_function_key(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync(new Uri(_host.Host.BaseUrl + path))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync(new Uri(_host.Host.BaseUrl + path + "?code=wrong"))).StatusCode);
    }

    private async Task<string> CreateAsync(string title, DateTimeOffset session)
    {
        var created = await Api.PostAsJsonAsync("/api/courses", new
        {
            title,
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = session, end = session.AddHours(3) } },
            rsvpDeadline = session.AddDays(-2),
            organiserEmails = new[] { "bandanvan@tinh.example" },
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> ListAsync(string query)
    {
        var response = await Api.GetAsync(new Uri("/api/courses" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static List<string> Ids(JsonObject list) => [.. list["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>())];

    private async Task<(JsonObject Body, string ETag)> ProgressAsync(string id)
    {
        using var response = await Api.GetAsync(new Uri($"/api/courses/{id}/progress", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoCache);
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);
        return ((await response.Content.ReadFromJsonAsync<JsonObject>())!, etag.Tag);
    }

    private Task<HttpResponseMessage> ConditionalAsync(string id, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/courses/{id}/progress");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return Api.SendAsync(request);
    }

    /// <summary>Polls the progress every 200 ms (as a page would, faster) until <paramref name="done"/> holds, for at most 10 s.</summary>
    private async Task<(JsonObject Body, string ETag)> UntilAsync(string id, Func<JsonObject, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (body, etag) = await ProgressAsync(id);
            if (done(body))
            {
                return (body, etag);
            }

            Assert.True(DateTime.UtcNow < until, $"progress never showed it: {body.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
