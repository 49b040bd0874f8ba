using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Workflow.Email;

namespace Workflow.IntegrationTests.Email;

public sealed class SendGridEmailSenderTests
{
    private const string ApiKey = "SG.fake-key.for-tests";

    [Fact]
    public async Task Sends_the_json_the_Mail_Send_API_expects_with_tracking_off()
    {
        await using var server = await FakeMailSendServer.StartAsync();
        await using var provider = BuildProvider(server.BaseUrl);
        var sender = provider.GetRequiredService<IEmailSender>();
        Assert.IsType<SendGridEmailSender>(sender);
        var ics = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n");

        await sender.SendAsync(new EmailBatch(
            "invitation",
            "Thư mời: {{title}}",
            "<p>Kính gửi {{name}},</p><a href=\"{{acceptUrl}}\">Nhận lời</a>",
            "Kính gửi {{name}}, nhận lời: {{acceptUrl}}",
            [
                new EmailRecipient("invitation:c1:i1", "an.nguyen@example.vn", "Nguyễn Văn An",
                    new Dictionary<string, string> { ["{{name}}"] = "Nguyễn Văn An", ["{{acceptUrl}}"] = "https://x.example/api/r/tok1", ["{{title}}"] = "Bồi dưỡng" }),
                new EmailRecipient("invitation:c1:i2", "binh.tran@example.vn", null,
                    new Dictionary<string, string> { ["{{name}}"] = "Trần Thị Bình", ["{{acceptUrl}}"] = "https://x.example/api/r/tok2", ["{{title}}"] = "Bồi dưỡng" }),
            ],
            [new EmailAttachment("khoa-hoc.ics", "text/calendar", ics)]));

        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer " + ApiKey, request.Authorization);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;

        Assert.Equal("no-reply@bandanvan.example.vn", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Ban Tuyên giáo và Dân vận Tỉnh ủy", root.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("Thư mời: {{title}}", root.GetProperty("subject").GetString());

        var content = root.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["text/plain", "text/html"], content.Select(c => c.GetProperty("type").GetString()));
        Assert.Equal("Kính gửi {{name}}, nhận lời: {{acceptUrl}}", content[0].GetProperty("value").GetString());
        Assert.Equal("<p>Kính gửi {{name}},</p><a href=\"{{acceptUrl}}\">Nhận lời</a>", content[1].GetProperty("value").GetString());

        var personalizations = root.GetProperty("personalizations").EnumerateArray().ToList();
        Assert.Equal(2, personalizations.Count);
        var first = personalizations[0];
        var to = Assert.Single(first.GetProperty("to").EnumerateArray());
        Assert.Equal("an.nguyen@example.vn", to.GetProperty("email").GetString());
        Assert.Equal("Nguyễn Văn An", to.GetProperty("name").GetString());
        Assert.Equal("https://x.example/api/r/tok1", first.GetProperty("substitutions").GetProperty("{{acceptUrl}}").GetString());
        Assert.Equal("Nguyễn Văn An", first.GetProperty("substitutions").GetProperty("{{name}}").GetString());
        Assert.Equal("invitation:c1:i1", first.GetProperty("custom_args").GetProperty("messageId").GetString());
        var second = personalizations[1];
        var secondTo = Assert.Single(second.GetProperty("to").EnumerateArray());
        Assert.Equal("binh.tran@example.vn", secondTo.GetProperty("email").GetString());
        Assert.False(secondTo.TryGetProperty("name", out _));
        Assert.Equal("https://x.example/api/r/tok2", second.GetProperty("substitutions").GetProperty("{{acceptUrl}}").GetString());
        Assert.Equal("invitation:c1:i2", second.GetProperty("custom_args").GetProperty("messageId").GetString());

        var tracking = root.GetProperty("tracking_settings");
        Assert.False(tracking.GetProperty("click_tracking").GetProperty("enable").GetBoolean());
        Assert.False(tracking.GetProperty("click_tracking").GetProperty("enable_text").GetBoolean());
        Assert.False(tracking.GetProperty("open_tracking").GetProperty("enable").GetBoolean());

        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal("khoa-hoc.ics", attachment.GetProperty("filename").GetString());
        Assert.Equal("text/calendar", attachment.GetProperty("type").GetString());
        Assert.Equal(Convert.ToBase64String(ics), attachment.GetProperty("content").GetString());

        Assert.Equal(["invitation"], root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Splits_2500_recipients_into_three_requests_of_1000_1000_500()
    {
        await using var server = await FakeMailSendServer.StartAsync();
        await using var provider = BuildProvider(server.BaseUrl);
        var recipients = Enumerable.Range(0, 2500)
            .Select(i => new EmailRecipient(
                "invitation:c1:" + i.ToString(CultureInfo.InvariantCulture),
                $"person{i}@example.vn",
                "Người " + i.ToString(CultureInfo.InvariantCulture),
                new Dictionary<string, string> { ["{{link}}"] = "https://x.example/api/r/" + i.ToString(CultureInfo.InvariantCulture) }))
            .ToList();

        await provider.GetRequiredService<IEmailSender>().SendAsync(
            new EmailBatch("invitation", "Thư mời", "<a href=\"{{link}}\">Trả lời</a>", "{{link}}", recipients));

        var bodies = server.Requests.Select(r => JsonDocument.Parse(r.Body)).ToList();
        try
        {
            Assert.Equal([1000, 1000, 500], bodies.Select(b => b.RootElement.GetProperty("personalizations").GetArrayLength()));
            var ids = bodies
                .SelectMany(b => b.RootElement.GetProperty("personalizations").EnumerateArray())
                .Select(p => p.GetProperty("custom_args").GetProperty("messageId").GetString())
                .ToList();
            Assert.Equal(recipients.Select(r => r.MessageId), ids);
            Assert.All(bodies, b => Assert.False(b.RootElement.GetProperty("tracking_settings").GetProperty("click_tracking").GetProperty("enable").GetBoolean()));
        }
        finally
        {
            bodies.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public async Task A_500_is_retried_and_then_succeeds()
    {
        await using var server = await FakeMailSendServer.StartAsync(500);
        await using var provider = BuildProvider(server.BaseUrl);

        var stopwatch = Stopwatch.StartNew();
        await provider.GetRequiredService<IEmailSender>().SendAsync(OneRecipientBatch());
        stopwatch.Stop();

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests.First().Body, server.Requests.Last().Body);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1.5), $"retry delay from the test's configuration, took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_429_is_retried_and_then_succeeds()
    {
        await using var server = await FakeMailSendServer.StartAsync(429);
        await using var provider = BuildProvider(server.BaseUrl);

        await provider.GetRequiredService<IEmailSender>().SendAsync(OneRecipientBatch());

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_400_throws_with_the_status_code_and_is_not_retried()
    {
        await using var server = await FakeMailSendServer.StartAsync(400);
        await using var provider = BuildProvider(server.BaseUrl);

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => provider.GetRequiredService<IEmailSender>().SendAsync(OneRecipientBatch()));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("an.nguyen@example.vn", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Persistent_5xx_throws_after_the_retries()
    {
        await using var server = await FakeMailSendServer.StartAsync(503, 503, 503, 503, 503, 503);
        await using var provider = BuildProvider(server.BaseUrl);

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => provider.GetRequiredService<IEmailSender>().SendAsync(OneRecipientBatch()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(4, server.Requests.Count); // the first try and the standard handler's 3 retries
    }

    private static EmailBatch OneRecipientBatch() => new(
        "reminder",
        "Nhắc nhở",
        "<p>{{name}}</p>",
        "{{name}}",
        [new EmailRecipient("reminder:c1:i1", "an.nguyen@example.vn", "Nguyễn Văn An", new Dictionary<string, string> { ["{{name}}"] = "An" })]);

    internal static ServiceProvider BuildProvider(string baseUrl)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Workflow:Email:SendGridApiKey"] = ApiKey,
                ["Workflow:Email:SendGridBaseUrl"] = baseUrl,
            })
            .Build();
        var services = new ServiceCollection().AddLogging().AddWorkflowEmail(configuration);
        services.Configure<HttpStandardResilienceOptions>(SendGridEmailSender.HttpClientName + "-standard", o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(20);
            o.Retry.UseJitter = false;
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
