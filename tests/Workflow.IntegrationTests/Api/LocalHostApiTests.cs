using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Storage;

namespace Workflow.IntegrationTests.Api;

/// <summary>The HTTP contract on the running local host: keys, problem answers for bad input, the admin endpoint, recovery.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalHostApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostFixture _host = new(azurite);
    private readonly HttpClient _anonymous = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _host.DisposeAsync();
    }

    private Uri Url(string path) => new(_host.Host.BaseUrl + path);

    /// <summary>Issue 10: the organiser page's shell and files need no key (they hold no data), carry a strict content
    /// security policy, and are revalidated cheaply with their ETag; nothing outside the page's files is served.</summary>
    [Fact]
    public async Task The_organiser_page_is_served_without_a_key_with_its_security_headers_and_etag()
    {
        var shell = await _anonymous.GetAsync(Url("/api/organiser"));
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Equal("text/html", shell.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/api/organiser/app.js\">", await shell.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = string.Join(' ', shell.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", shell.Headers.GetValues("X-Content-Type-Options").Single());

        var module = await _anonymous.GetAsync(Url("/api/organiser/app.js"));
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType!.MediaType);
        var etag = module.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, Url("/api/organiser/app.js"));
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await _anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        foreach (var path in new[] { "/api/organiser/nope.js", "/api/organiser/index.html", "/api/organiser/..%2Fappsettings.json", "/api/organiser/app.js.map" })
        {
            var missing = await _anonymous.GetAsync(Url(path));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The data the page shows still needs the key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync(Url("/api/courses"))).StatusCode);
    }

    [Fact]
    public async Task Organiser_endpoints_need_a_function_key_in_the_header_or_code_query()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync(Url("/api/courses/abc"))).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, Url("/api/courses/abc"));
        wrong.Headers.Add("x-functions-key", "not-the-key");
        var refused = await _anonymous.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Cần đăng nhập", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        using var inEnglish = new HttpRequestMessage(HttpMethod.Get, Url("/api/courses/abc"));
        inEnglish.Headers.AcceptLanguage.ParseAdd("en");
        var refusedInEnglish = await _anonymous.SendAsync(inEnglish);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedInEnglish.StatusCode);
        Assert.Equal("Sign-in needed", (await refusedInEnglish.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.GetAsync(Url("/api/courses/abc?code=" + LocalHostProcess.OrganiserKey))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.GetAsync(Url("/api/courses/abc?code=" + LocalHostProcess.MasterKey))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync(Url("/api/health"))).StatusCode);
    }

    [Fact]
    public async Task The_admin_endpoint_takes_only_the_master_key_and_knows_the_timer_functions()
    {
        // Issue 17: the organiser key is a valid key without the administrator's role (403); no key at all is 401.
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Organiser.PostAsync(Url("/admin/functions/CourseFlowRecovery"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.PostAsync(Url("/admin/functions/CourseFlowRecovery"), null)).StatusCode);
        using var master = new HttpRequestMessage(HttpMethod.Post, Url("/admin/functions/NoSuchFunction"));
        master.Headers.Add("x-functions-key", LocalHostProcess.MasterKey);
        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.SendAsync(master)).StatusCode);
    }

    [Fact]
    public async Task Bad_course_input_gets_a_problem_with_an_errors_map_and_creates_nothing()
    {
        using var broken = new StringContent("{\"title\": ", Encoding.UTF8, "application/json");
        var response = await _host.Organiser.PostAsync(Url("/api/courses"), broken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);

        var invalid = await _host.Organiser.PostAsJsonAsync(Url("/api/courses"), new
        {
            title = "",
            venue = "Hội trường",
            sessions = new[] { new { start = DateTimeOffset.UtcNow.AddDays(2), end = DateTimeOffset.UtcNow.AddDays(1) } },
            rsvpDeadline = DateTimeOffset.UtcNow.AddDays(-1),
            organiserEmails = new[] { "not-an-email" },
            reminders = new { beforeRsvpDeadline = new[] { "P1M" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("title", errors.Select(e => e.Key));
        Assert.Contains("sessions[0]", errors.Select(e => e.Key));
        Assert.Contains("rsvpDeadline", errors.Select(e => e.Key));
        Assert.Contains("organiserEmails[0]", errors.Select(e => e.Key));
        Assert.Contains("reminders.beforeRsvpDeadline[0]", errors.Select(e => e.Key));

        var wrongType = await _host.Organiser.PostAsync(Url("/api/courses"), new StringContent("{\"sessions\": \"tomorrow\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task Null_reminder_lists_mean_no_reminders_rather_than_a_broken_flow()
    {
        var now = DateTimeOffset.UtcNow;
        var created = await _host.Organiser.PostAsJsonAsync(Url("/api/courses"), new
        {
            title = "Lớp không nhắc",
            venue = "Hội trường",
            sessions = new[] { new { start = now.AddDays(3), end = now.AddDays(3).AddHours(2) } },
            rsvpDeadline = now.AddDays(2),
            organiserEmails = new[] { "bandanvan@tinh.example" },
            reminders = new { beforeRsvpDeadline = (string[]?)null },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reminders = (await created.Content.ReadFromJsonAsync<JsonObject>())!["reminders"]!;
        Assert.Empty(reminders["beforeRsvpDeadline"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_courses_are_404_and_bad_invitee_bodies_are_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Organiser.GetAsync(Url("/api/courses/0123456789abcdef"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Organiser.PostAsync(Url("/api/courses/0123456789abcdef/start"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Organiser.GetAsync(Url("/api/courses/bad'key/invitees"))).StatusCode);

        var id = await _host.CreateCourseAsync("vi", start: false);
        var notArray = await _host.Organiser.PostAsync(Url($"/api/courses/{id}/invitees"), new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);
        var noHeader = await _host.Organiser.PostAsync(Url($"/api/courses/{id}/invitees"), new StringContent("a;b\n1;2\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, noHeader.StatusCode);
        var course = await _host.Organiser.GetFromJsonAsync<JsonObject>(Url($"/api/courses/{id}"));
        Assert.Equal(0, course!["counts"]!["invited"]!.GetValue<int>());
        Assert.Equal("draft", course["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_started_course_without_a_flow_gets_it_back_from_CourseFlowRecovery()
    {
        // A course marked started whose flow was never scheduled (the process died in between).
        var id = await _host.CreateCourseAsync("vi", start: false, ("Vũ Thị Hoa", "hoa@sokhoahoc.tinh.example"));
        var repository = new CourseStore(new TableServiceClient(azurite.ConnectionString), new TableInitializer());
        Assert.True(await repository.TryStartAsync(id, DateTimeOffset.UtcNow, Author.System, CancellationToken.None));

        using var run = new HttpRequestMessage(HttpMethod.Post, Url("/admin/functions/CourseFlowRecovery"));
        run.Headers.Add("x-functions-key", LocalHostProcess.MasterKey);
        Assert.Equal(HttpStatusCode.Accepted, (await _anonymous.SendAsync(run)).StatusCode);

        var link = await _host.WaitForLinkAsync("hoa@sokhoahoc.tinh.example");
        Assert.Contains("/api/r/", link, StringComparison.Ordinal);
    }
}
