using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.Hosting;
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

        var result = await sender.SendAsync(new EmailBatch(
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

        Assert.Equal(["invitation:c1:i1", "invitation:c1:i2"], result.Sent);
        Assert.Empty(result.Failed);
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

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_5xx_is_retried_and_the_batch_is_sent_once(int status)
    {
        await using var server = await FakeMailSendServer.StartAsync(status);
        await using var provider = BuildProvider(server.BaseUrl);
        var batch = People(3);

        var stopwatch = Stopwatch.StartNew();
        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(batch);
        stopwatch.Stop();

        Assert.Equal([status, 202], server.Requests.Select(r => r.Status));
        Assert.Equal(server.Requests.First().Body, server.Requests.Last().Body);
        AssertAcceptedOnce(server, batch.Recipients);
        AssertAllSent(batch, result);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1.5), $"retry delay from the test's configuration, took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_429_waits_for_Retry_After_capped_at_the_longest_retry_delay()
    {
        await using var server = await FakeMailSendServer.StartWithFaultsAsync(
            MailSendFault.TooManyRequests(TimeSpan.FromSeconds(1)),
            MailSendFault.TooManyRequests(TimeSpan.FromHours(1)));
        await using var provider = BuildProvider(server.BaseUrl, new() { ["Workflow:Email:SendGridMaxRetryDelay"] = "00:00:02" });
        var batch = People(2);

        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(batch);

        var requests = server.Requests.ToList();
        Assert.Equal([429, 429, 202], requests.Select(r => r.Status));
        var firstWait = Stopwatch.GetElapsedTime(requests[0].EndTimestamp, requests[1].StartTimestamp);
        var secondWait = Stopwatch.GetElapsedTime(requests[1].EndTimestamp, requests[2].StartTimestamp);
        Assert.True(firstWait >= TimeSpan.FromSeconds(0.9), $"Retry-After: 1 was honoured (the back-off alone is 20 ms), waited {firstWait}");
        Assert.InRange(secondWait, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(4)); // an hour's Retry-After, capped at 2 s
        AssertAcceptedOnce(server, batch.Recipients);
        AssertAllSent(batch, result);
    }

    [Fact]
    public async Task A_connection_reset_before_any_answer_is_retried_and_the_batch_is_sent_once()
    {
        await using var server = await FakeMailSendServer.StartWithFaultsAsync(MailSendFault.ResetConnection());
        await using var provider = BuildProvider(server.BaseUrl);
        var batch = People(3);

        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(batch);

        Assert.Equal([0, 202], server.Requests.Select(r => r.Status));
        AssertAcceptedOnce(server, batch.Recipients);
        AssertAllSent(batch, result);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_as_not_sent_for_the_caller_to_retry()
    {
        var closed = "http://127.0.0.1:" + LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        await using var provider = BuildProvider(closed);

        var error = await Assert.ThrowsAsync<EmailNotSentException>(() => provider.GetRequiredService<IEmailSender>().SendAsync(People(2)));

        Assert.Equal(HttpRequestError.ConnectionError, Assert.IsType<HttpRequestException>(error.InnerException).HttpRequestError);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal); // the first try and the 2 retries configured
        Assert.Empty(error.Partial.Sent);
        Assert.Empty(error.Partial.Failed);
    }

    [Fact]
    public async Task A_stall_past_the_attempt_timeout_is_not_resent_but_reported_unconfirmed()
    {
        // SendGrid took the request but answered after the client stopped waiting: sending it again would send it twice.
        await using var server = await FakeMailSendServer.StartWithFaultsAsync(MailSendFault.StallThenAccept(TimeSpan.FromSeconds(1.5)));
        await using var provider = BuildProvider(server.BaseUrl, new() { ["Workflow:Email:SendGridAttemptTimeout"] = "00:00:00.300" });
        var batch = People(4);

        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(batch);

        Assert.Empty(result.Sent);
        Assert.Equal(batch.Recipients.Select(r => r.MessageId).Order(), result.Failed.Keys.Order());
        Assert.All(result.Failed.Values, reason => Assert.Equal(new EmailFailure(EmailFailureKind.Unconfirmed, WaitedSeconds: 0.3), reason));
        Assert.True(await server.WaitForAsync(4, TimeSpan.FromSeconds(5)));
        Assert.Single(server.Requests);
        AssertAcceptedOnce(server, batch.Recipients);
    }

    [Fact]
    public async Task By_default_a_slow_202_is_waited_for_and_sent_once()
    {
        await using var server = await FakeMailSendServer.StartWithFaultsAsync(MailSendFault.StallThenAccept(TimeSpan.FromSeconds(3)));
        await using var provider = BuildProvider(server.BaseUrl, defaults: true);
        var defaults = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(100), defaults.SendGridAttemptTimeout); // far above SendGrid's 20 s slow-but-normal answers
        Assert.True(defaults.SendGridTotalTimeout > defaults.SendGridAttemptTimeout);
        var batch = People(3);

        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(batch);

        var request = Assert.Single(server.Requests);
        Assert.Equal(202, request.Status);
        AssertAcceptedOnce(server, batch.Recipients);
        AssertAllSent(batch, result);
    }

    [Fact]
    public async Task A_400_naming_a_personalization_fails_that_recipient_and_sends_everyone_else_once()
    {
        await using var server = await FakeMailSendServer.StartAsync();
        await using var provider = BuildProvider(server.BaseUrl);
        var batch = People(10);
        var bad = batch.Recipients[5];
        server.RefuseAddress(bad.Email, namesField: true, "Does not contain a valid address.");

        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(batch);

        Assert.Equal([400, 202], server.Requests.Select(r => r.Status));
        AssertAcceptedOnce(server, batch.Recipients.Where(r => r != bad));
        Assert.Equal(batch.Recipients.Where(r => r != bad).Select(r => r.MessageId).Order(), result.Sent.Order());
        var (id, reason) = Assert.Single(result.Failed);
        Assert.Equal(bad.MessageId, id);
        Assert.Equal(EmailFailure.Refused(400, "Does not contain a valid address."), reason);
    }

    [Fact]
    public async Task A_400_naming_no_field_is_split_until_the_offenders_are_alone()
    {
        await using var server = await FakeMailSendServer.StartAsync();
        await using var provider = BuildProvider(server.BaseUrl);
        var batch = People(10);
        var bad = new[] { batch.Recipients[2], batch.Recipients[7] };
        foreach (var b in bad)
        {
            server.RefuseAddress(b.Email, namesField: false, "The email address is invalid.");
        }

        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(batch);

        AssertAcceptedOnce(server, batch.Recipients.Except(bad));
        Assert.Equal(batch.Recipients.Except(bad).Select(r => r.MessageId).Order(), result.Sent.Order());
        Assert.Equal(bad.Select(b => b.MessageId).Order(), result.Failed.Keys.Order());
        Assert.All(result.Failed.Values, reason => Assert.Equal(EmailFailure.Refused(400, "The email address is invalid."), reason));
        Assert.InRange(server.Requests.Count, 3, 2 * batch.Recipients.Count - 1);
    }

    [Fact]
    public async Task A_400_about_the_message_itself_fails_the_batch_once_without_splitting()
    {
        await using var server = await FakeMailSendServer.StartWithFaultsAsync(new MailSendFault(400, ErrorField: "content.0.value", ErrorMessage: "The content value must be a string at least one character in length."));
        await using var provider = BuildProvider(server.BaseUrl);
        var batch = People(4);

        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(batch);

        Assert.Single(server.Requests);
        Assert.Empty(server.AcceptedEmails);
        Assert.Empty(result.Sent);
        Assert.Equal(4, result.Failed.Count);
        Assert.All(result.Failed.Values, r => Assert.Contains("at least one character", r.ServiceText, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task A_refused_key_or_sender_is_a_configuration_fault_thrown_without_retry_or_failing_anyone(int status)
    {
        await using var server = await FakeMailSendServer.StartAsync(status);
        await using var provider = BuildProvider(server.BaseUrl);
        var batch = OneRecipientBatch();

        var error = await Assert.ThrowsAsync<EmailNotSentException>(() => provider.GetRequiredService<IEmailSender>().SendAsync(batch));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.DoesNotContain("an.nguyen@example.vn", error.Message, StringComparison.Ordinal);
        Assert.Empty(error.Partial.Failed);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Persistent_5xx_throws_after_the_configured_retries_keeping_what_was_decided_before()
    {
        await using var server = await FakeMailSendServer.StartAsync(503, 503, 503, 503, 503, 503);
        await using var provider = BuildProvider(server.BaseUrl);

        var error = await Assert.ThrowsAsync<EmailNotSentException>(
            () => provider.GetRequiredService<IEmailSender>().SendAsync(OneRecipientBatch()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, server.Requests.Count); // the first try and the 2 retries configured
        Assert.Empty(server.AcceptedEmails);
        Assert.Empty(error.Partial.Sent);
    }

    [Fact]
    public async Task An_outage_after_a_refusal_throws_with_the_refusal_and_nothing_sent_in_Partial()
    {
        await using var server = await FakeMailSendServer.StartWithFaultsAsync(
            new MailSendFault(400, ErrorField: "personalizations.1.to.0.email", ErrorMessage: "Does not contain a valid address."),
            MailSendFault.Answer(503), MailSendFault.Answer(503), MailSendFault.Answer(503));
        await using var provider = BuildProvider(server.BaseUrl);
        var batch = People(4);

        var error = await Assert.ThrowsAsync<EmailNotSentException>(() => provider.GetRequiredService<IEmailSender>().SendAsync(batch));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal([400, 503, 503, 503], server.Requests.Select(r => r.Status));
        Assert.Empty(error.Partial.Sent);
        Assert.Equal([batch.Recipients[1].MessageId], error.Partial.Failed.Keys);
        Assert.Contains("3 of 4 'invitation' emails not sent", error.Message, StringComparison.Ordinal);
    }

    private static EmailBatch People(int count) => new(
        "invitation",
        "Thư mời",
        "<p>-name-</p>",
        "-name-",
        Enumerable.Range(0, count)
            .Select(i => new EmailRecipient(
                "invitation:c1:" + i.ToString(CultureInfo.InvariantCulture),
                $"nguoi{i}.{Guid.NewGuid():N}@example.vn",
                null,
                new Dictionary<string, string> { ["-name-"] = "Người " + i.ToString(CultureInfo.InvariantCulture) }))
            .ToList());

    private static void AssertAcceptedOnce(FakeMailSendServer server, IEnumerable<EmailRecipient> recipients) =>
        Assert.Equal(recipients.Select(r => r.Email).Order(StringComparer.Ordinal), server.AcceptedEmails.Order(StringComparer.Ordinal));

    private static void AssertAllSent(EmailBatch batch, EmailSendResult result)
    {
        Assert.Equal(batch.Recipients.Select(r => r.MessageId), result.Sent);
        Assert.Empty(result.Failed);
    }

    private static EmailBatch OneRecipientBatch() => new(
        "reminder",
        "Nhắc nhở",
        "<p>{{name}}</p>",
        "{{name}}",
        [new EmailRecipient("reminder:c1:i1", "an.nguyen@example.vn", "Nguyễn Văn An", new Dictionary<string, string> { ["{{name}}"] = "An" })]);

    /// <summary>The SendGrid sender against <paramref name="baseUrl"/>; short back-off and 2 retries unless <paramref name="defaults"/>.</summary>
    internal static ServiceProvider BuildProvider(string baseUrl, Dictionary<string, string?>? settings = null, bool defaults = false)
    {
        var values = new Dictionary<string, string?>
        {
            ["Workflow:Email:SendGridApiKey"] = ApiKey,
            ["Workflow:Email:SendGridBaseUrl"] = baseUrl,
        };
        if (!defaults)
        {
            values["Workflow:Email:SendGridRetryDelay"] = "00:00:00.020";
            values["Workflow:Email:SendGridMaxRetries"] = "2";
        }

        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddWorkflowEmail(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
