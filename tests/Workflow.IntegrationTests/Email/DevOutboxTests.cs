using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Workflow.Email;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Email;

[Collection(AzuriteCollection.Name)]
public sealed class DevOutboxTests(AzuriteFixture azurite) : IDisposable
{
    private const string Html =
        "<p>Kính gửi {{name}},</p><p>Ban Tuyên giáo và Dân vận Tỉnh ủy trân trọng kính mời đồng chí dự lớp {{title}}.</p>" +
        "<p><a href=\"{{acceptUrl}}\">Nhận lời</a> · <a class='btn' href='{{declineUrl}}'>Từ chối</a> · " +
        "<a href=\"/relative/ignored\">x</a> · <a href=\"mailto:bandanvan@example.vn\">liên hệ</a> · " +
        "<a HREF = \"https://x.example/lich?khoa=1&amp;ngay=2\">Lịch</a></p>";

    private const string Text = "Kính gửi {{name}}, nhận lời: {{acceptUrl}} — từ chối: {{declineUrl}}";

    private readonly string _tableName = "DevOutbox" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflow-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 5, 2, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Substitutions_are_applied_per_recipient_and_links_extracted()
    {
        await using var provider = BuildProvider();
        var sender = provider.GetRequiredService<IEmailSender>();
        var outbox = provider.GetRequiredService<IDevOutbox>();

        await sender.SendAsync(Invitation("c1", ("an.nguyen@example.vn", "Nguyễn Văn An"), ("binh.tran@example.vn", "Trần Thị Bình")));

        var items = await outbox.ListAsync(null);
        Assert.Equal(2, items.Count);
        var an = items[0];
        Assert.Equal(["an.nguyen@example.vn"], an.To);
        Assert.Equal("Thư mời: Bồi dưỡng nghiệp vụ dân vận — Nguyễn Văn An", an.Subject);
        Assert.Equal("Kính gửi Nguyễn Văn An, nhận lời: https://x.example/api/r/accept-an.nguyen@example.vn — từ chối: https://x.example/api/r/decline-an.nguyen@example.vn", an.Text);
        Assert.Contains("<p>Kính gửi Nguyễn Văn An,</p>", an.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", an.Html, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow(), an.SentAt);
        Assert.Equal(
            ["https://x.example/api/r/accept-an.nguyen@example.vn", "https://x.example/api/r/decline-an.nguyen@example.vn", "https://x.example/lich?khoa=1&ngay=2"],
            an.Links);
        Assert.Equal([new DevOutboxAttachment("khoa-hoc.ics", "text/calendar")], an.Attachments);
        Assert.Equal(DevOutboxTable.IdFor("invitation:c1:an.nguyen@example.vn"), an.Id);

        var binh = items[1];
        Assert.Equal(["binh.tran@example.vn"], binh.To);
        Assert.Contains("Trần Thị Bình", binh.Subject, StringComparison.Ordinal);
        Assert.Equal("https://x.example/api/r/accept-binh.tran@example.vn", binh.Links[0]);
    }

    [Fact]
    public async Task A_scheduled_batch_is_kept_at_once_and_dropped_when_cancelled()
    {
        await using var provider = BuildProvider();
        var sender = provider.GetRequiredService<IEmailSender>();
        var scheduled = provider.GetRequiredService<IScheduledSends>();
        var outbox = provider.GetRequiredService<IDevOutbox>();
        var cancelled = await scheduled.NewBatchIdAsync();
        var kept = await scheduled.NewBatchIdAsync();
        Assert.NotEqual(cancelled, kept);
        var sendAt = _time.GetUtcNow().AddMinutes(15);
        await sender.SendAsync(Invitation("c1", ("an.nguyen@example.vn", "An")) with { Schedule = new EmailSchedule(cancelled, sendAt) });
        await sender.SendAsync(Invitation("c2", ("binh.tran@example.vn", "Bình")) with { Schedule = new EmailSchedule(kept, sendAt) });
        Assert.Equal(2, (await outbox.ListAsync(null)).Count);

        Assert.True(await scheduled.CancelAsync(cancelled));

        Assert.Equal(["binh.tran@example.vn"], (await outbox.ListAsync(null)).Select(i => i.To[0]));
        Assert.Single(Directory.GetFiles(_directory, "*.eml"));
    }

    [Fact]
    public async Task The_same_message_sent_twice_is_stored_once()
    {
        await using var provider = BuildProvider();
        var sender = provider.GetRequiredService<IEmailSender>();
        var outbox = provider.GetRequiredService<IDevOutbox>();
        var batch = Invitation("c1", ("an.nguyen@example.vn", "An"), ("binh.tran@example.vn", "Bình"));

        await sender.SendAsync(batch);
        _time.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(batch); // an activity run twice
        _time.Advance(TimeSpan.FromMinutes(1));
        // Partly known: one stored message and one new one in the same transaction.
        await sender.SendAsync(Invitation("c1", ("binh.tran@example.vn", "Bình"), ("chi.le@example.vn", "Chi")));

        var items = await outbox.ListAsync(null);
        Assert.Equal(["an.nguyen@example.vn", "binh.tran@example.vn", "chi.le@example.vn"], items.Select(i => i.To[0]));
        Assert.Equal(_time.GetUtcNow().AddMinutes(-2), items[1].SentAt); // the first sending is the one kept
        Assert.Equal(3, Directory.GetFiles(_directory, "*.eml").Length);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task List_is_oldest_first_and_filters_by_recipient_case_insensitively()
    {
        await using var provider = BuildProvider();
        var sender = provider.GetRequiredService<IEmailSender>();
        var outbox = provider.GetRequiredService<IDevOutbox>();

        await sender.SendAsync(Invitation("c1", ("an.nguyen@example.vn", "An"), ("binh.tran@example.vn", "Bình"), ("chi.le@example.vn", "Chi")));
        _time.Advance(TimeSpan.FromHours(1));
        await sender.SendAsync(Invitation("c2", ("An.Nguyen@Example.vn", "An")));
        _time.Advance(TimeSpan.FromHours(1));
        await sender.SendAsync(Invitation("c3", ("binh.tran@example.vn", "Bình"), ("an.nguyen@example.vn", "An")));

        var all = await outbox.ListAsync(null);
        Assert.Equal(6, all.Count);
        Assert.Equal(all.OrderBy(i => i.SentAt).Select(i => i.Id), all.Select(i => i.Id));
        Assert.Equal(
            ["an.nguyen@example.vn", "binh.tran@example.vn", "chi.le@example.vn", "An.Nguyen@Example.vn", "binh.tran@example.vn", "an.nguyen@example.vn"],
            all.Select(i => i.To[0]));

        var an = await outbox.ListAsync("AN.NGUYEN@example.VN");
        Assert.Equal(3, an.Count);
        Assert.Equal(
            [DevOutboxTable.IdFor("invitation:c1:an.nguyen@example.vn"), DevOutboxTable.IdFor("invitation:c2:An.Nguyen@Example.vn"), DevOutboxTable.IdFor("invitation:c3:an.nguyen@example.vn")],
            an.Select(i => i.Id));
        Assert.Empty(await outbox.ListAsync("nobody@example.vn"));
    }

    [Fact]
    public async Task Eml_files_parse_back_with_MimeKit_with_the_Vietnamese_subject_intact()
    {
        await using var provider = BuildProvider();
        await provider.GetRequiredService<IEmailSender>().SendAsync(Invitation("c1", ("an.nguyen@example.vn", "Nguyễn Văn An")));
        var item = Assert.Single(await provider.GetRequiredService<IDevOutbox>().ListAsync(null));

        var path = Path.Combine(_directory, item.Id + ".eml");
        Assert.True(File.Exists(path));
        using var message = await MimeMessage.LoadAsync(path);
        Assert.Equal("Thư mời: Bồi dưỡng nghiệp vụ dân vận — Nguyễn Văn An", message.Subject);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
        Assert.Equal("an.nguyen@example.vn", to.Address);
        Assert.Equal("Nguyễn Văn An", to.Name);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(message.From));
        Assert.Equal("no-reply@bandanvan.example.vn", from.Address);
        Assert.Equal("Ban Tuyên giáo và Dân vận Tỉnh ủy", from.Name);
        Assert.Equal(item.Text, message.TextBody!.TrimEnd('\r', '\n'));
        Assert.Equal(item.Html, message.HtmlBody!.TrimEnd('\r', '\n'));
        Assert.Equal(item.SentAt, message.Date);

        var mixed = Assert.IsType<Multipart>(message.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        var ics = Assert.IsAssignableFrom<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("khoa-hoc.ics", ics.FileName);
        Assert.Equal("text/calendar", ics.ContentType.MimeType);
        using var content = new MemoryStream();
        await ics.Content!.DecodeToAsync(content);
        Assert.Equal(IcsBytes, content.ToArray());
    }

    [Fact]
    public async Task Large_bodies_round_trip_through_the_table()
    {
        await using var provider = BuildProvider();
        var sender = provider.GetRequiredService<IEmailSender>();
        var outbox = provider.GetRequiredService<IDevOutbox>();
        var html25K = BigHtml(25 * 1024);      // about 20K UTF-16 characters: one property
        var html100K = BigHtml(100 * 1024);    // over 32K characters: split over several properties
        var html2M = BigHtml(2 * 1024 * 1024); // past the 1 MiB entity limit: gzip-compressed
        var bigAttachment = new byte[100 * 1024];
        new Random(7).NextBytes(bigAttachment);

        await sender.SendAsync(new EmailBatch("summary", "Báo cáo", html25K, "25K", [Recipient("big:25", "a@example.vn")]));
        await sender.SendAsync(new EmailBatch("summary", "Báo cáo", html100K, html100K, [Recipient("big:100", "b@example.vn")]));
        await sender.SendAsync(new EmailBatch("summary", "Báo cáo", html2M, "2M",
            [Recipient("big:2M", "c@example.vn")], [new EmailAttachment("bao-cao.pdf", "application/pdf", bigAttachment)]));

        var items = await outbox.ListAsync(null);
        Assert.Equal(3, items.Count);
        Assert.True(Encoding.UTF8.GetByteCount(items[0].Html) >= 25 * 1024);
        Assert.Equal(html25K, items[0].Html);
        Assert.Equal(html100K, items[1].Html);
        Assert.Equal(html100K, items[1].Text);
        Assert.Equal(html2M, items[2].Html);
        Assert.Equal([new DevOutboxAttachment("bao-cao.pdf", "application/pdf")], items[2].Attachments);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => "https://x.example/api/r/" + i.ToString(CultureInfo.InvariantCulture)), items[0].Links.Take(3));

        // How they are kept: one property, string chunks, gzip chunks; the big attachment as metadata only.
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(_tableName);
        var e25 = (await table.GetEntityAsync<TableEntity>(DevOutboxTable.Partition, DevOutboxTable.IdFor("big:25"))).Value;
        Assert.Null(e25.GetInt32("HtmlParts"));
        var e100 = (await table.GetEntityAsync<TableEntity>(DevOutboxTable.Partition, DevOutboxTable.IdFor("big:100"))).Value;
        Assert.True(e100.GetInt32("HtmlParts") > 2);
        var e2M = (await table.GetEntityAsync<TableEntity>(DevOutboxTable.Partition, DevOutboxTable.IdFor("big:2M"))).Value;
        Assert.NotNull(e2M.GetInt32("HtmlGzParts"));
        Assert.Null(e2M.GetBinary("Attachment0"));

        // The .eml still carries the whole attachment.
        using var eml = await MimeMessage.LoadAsync(Path.Combine(_directory, items[2].Id + ".eml"));
        using var content = new MemoryStream();
        await Assert.IsAssignableFrom<MimePart>(Assert.Single(eml.Attachments)).Content!.DecodeToAsync(content);
        Assert.Equal(bigAttachment, content.ToArray());
    }

    [Fact]
    public async Task Without_an_outbox_directory_only_the_table_is_written()
    {
        await using var provider = BuildProvider(outboxDirectory: null);
        await provider.GetRequiredService<IEmailSender>().SendAsync(Invitation("c1", ("an.nguyen@example.vn", "An")));

        Assert.Single(await provider.GetRequiredService<IDevOutbox>().ListAsync(null));
        Assert.False(Directory.Exists(_directory));
    }

    private static readonly byte[] IcsBytes = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nSUMMARY:Bồi dưỡng\r\nEND:VCALENDAR\r\n");

    private static EmailBatch Invitation(string courseId, params (string Email, string Name)[] people) => new(
        "invitation",
        "Thư mời: {{title}} — {{name}}",
        Html,
        Text,
        people.Select(p => new EmailRecipient(
            $"invitation:{courseId}:{p.Email}",
            p.Email,
            p.Name,
            new Dictionary<string, string>
            {
                ["{{name}}"] = p.Name,
                ["{{title}}"] = "Bồi dưỡng nghiệp vụ dân vận",
                ["{{acceptUrl}}"] = "https://x.example/api/r/accept-" + p.Email.ToLowerInvariant(),
                ["{{declineUrl}}"] = "https://x.example/api/r/decline-" + p.Email.ToLowerInvariant(),
            })).ToList(),
        [new EmailAttachment("khoa-hoc.ics", "text/calendar", IcsBytes)]);

    private static EmailRecipient Recipient(string messageId, string email) =>
        new(messageId, email, null, new Dictionary<string, string>());

    private static string BigHtml(int utf8Bytes)
    {
        var html = new StringBuilder("<html><body>");
        for (var i = 0; Encoding.UTF8.GetByteCount(html.ToString()) < utf8Bytes; i++)
        {
            for (var j = 0; j < 50; j++, i++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>Đồng chí số {i}: <a href=\"https://x.example/api/r/{i}\">Nhận lời tham dự lớp bồi dưỡng</a> — Hội trường Ban Dân vận 😀</p>\n");
            }
        }

        return html.Append("</body></html>").ToString();
    }

    private ServiceProvider BuildProvider(string? outboxDirectory = "")
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Workflow:Email:OutboxDirectory"] = outboxDirectory == "" ? _directory : outboxDirectory,
            })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new TableServiceClient(azurite.ConnectionString));
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(sp => new DevOutboxTable(sp.GetRequiredService<TableServiceClient>(), _tableName));
        services.AddWorkflowEmail(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
