using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Api;

/// <summary>
/// Answers the local host's framework writes rather than a handler (a fault's 500, a route that does not exist, a method a
/// route does not take) are in the reader's language, like every problem, and show no exception text: a rule set that
/// does not load (the configured name is unknown) reaches the organiser as "try again / tell the operator", the reason
/// stays in the host's log.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalHostFaultAnswerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostProcess _host = new(azurite.ConnectionString, new LocalHostOptions
    {
        Name = "faults",
        Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["Workflow__Complaints__RuleSet"] = "khong-co-bo-nay" },
    });

    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _host.StartAsync();
        _client = _host.CreateOrganiserClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string? MediaType, string? Language, JsonObject? Body)> GetAsync(HttpMethod method, string path, string? language)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentLanguage.FirstOrDefault(),
            text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    [Fact]
    public async Task A_rule_set_that_does_not_load_is_a_500_in_the_reader_s_words_without_the_exception()
    {
        var vi = await GetAsync(HttpMethod.Get, "/api/complaints", null);
        Assert.Equal(HttpStatusCode.InternalServerError, vi.Status);
        Assert.Equal("application/problem+json", vi.MediaType);
        Assert.Equal("vi", vi.Language);
        Assert.Equal("Máy chủ gặp lỗi", vi.Body!["title"]!.GetValue<string>());
        Assert.Equal("Yêu cầu chưa được thực hiện. Vui lòng thử lại sau; nếu lỗi còn lặp lại, hãy báo cho người quản trị hệ thống.", vi.Body["detail"]!.GetValue<string>());
        Assert.DoesNotContain("khong-co-bo-nay", vi.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("RuleSet", vi.Body.ToJsonString(), StringComparison.Ordinal);

        var en = await GetAsync(HttpMethod.Get, "/api/complaints", "en");
        Assert.Equal("en", en.Language);
        Assert.Equal("The server ran into a fault.", en.Body!["title"]!.GetValue<string>());
        Assert.Equal("The request was not carried out. Please try again later; if it keeps failing, tell the system's operator.", en.Body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_route_that_does_not_exist_and_a_method_a_route_does_not_take_are_answered_in_the_reader_s_words()
    {
        var missing = await GetAsync(HttpMethod.Get, "/api/khong-co", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("application/problem+json", missing.MediaType);
        Assert.Equal("Không tìm thấy", missing.Body!["title"]!.GetValue<string>());
        Assert.Equal("Không có địa chỉ này", missing.Body["detail"]!.GetValue<string>());

        var method = await GetAsync(HttpMethod.Delete, "/api/courses", "en");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.Status);
        Assert.Equal("en", method.Language);
        Assert.Equal("This method is not allowed here.", method.Body!["title"]!.GetValue<string>());
    }
}
