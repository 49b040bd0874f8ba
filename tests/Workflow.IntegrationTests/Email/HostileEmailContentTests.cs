using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Workflow.Complaints;
using Workflow.Complaints.Alerts;
using Workflow.Complaints.Cases;
using Workflow.Courses;
using Workflow.Courses.Calendar;
using Workflow.Courses.FollowUp;
using Workflow.Courses.Links;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Templates;

namespace Workflow.IntegrationTests.Email;

/// <summary>
/// One email of every kind, with hostile text in every free-text field, sent through the SendGrid sender to the fake
/// Mail Send server and through the dev outbox: the JSON SendGrid receives is safe (no header or recipient changed, no
/// markup, no substitution pulled by user text), and the dev outbox keeps exactly what SendGrid would deliver.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class HostileEmailContentTests(AzuriteFixture azurite) : IDisposable
{
    private const string BaseUrl = "https://dieuhanh.example.vn";

    /// <summary>Everything at once: old and new substitution keys, markup, header injection, bidi and zero-width, NUL, Liquid, address-list characters, a lone surrogate, length.</summary>
    private static readonly string Hostile =
        "-name- -nameHtml- -link- " + SubstitutionKeys.Name + SubstitutionKeys.NameHtml + SubstitutionKeys.Link + "\uE000 " +
        "<script>alert(1)</script> \"><img src=x onerror=alert(1)> 'onmouseover='x " +
        "\r\nBcc: evil@example.com\r\nSubject: hijacked\r\n\r\n<b>body</b> " +
        "\u202Egnp.exe\u202C \u2066x\u2069 zero\u200Bwidth\uFEFF nul\0 esc\u001B[31m nel\u0085 ls\u2028 " +
        "{{ person_link }} {% raw %}x{% endraw %} , ; <x@evil.example> \\ \uD800 " + new string('L', 300);

    private const string Benign = "Bồi dưỡng nghiệp vụ công tác dân vận";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly string _tableName = "DevOutbox" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflow-hostile-" + Guid.NewGuid().ToString("N"));

    private static readonly string[] PersonalKeys = [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link];
    private static readonly DateOnly Today = new(2027, 5, 3);

    /// <summary>
    /// Every email kind that exists, with the personal substitution keys each recipient carries and how many times the
    /// recipient's link appears in the HTML and the text. New kinds join this table.
    /// </summary>
    private static readonly EmailKind[] Table =
    [
        new("invitation", (b, text) => b.Courses.Invitation(Course(text), People(text)), PersonalKeys, LinksInHtml: 1, LinksInText: 1),
        new("reminder", (b, text) => b.Courses.Reminder(Course(text), People(text), new DateTimeOffset(2027, 5, 3, 1, 0, 0, TimeSpan.Zero)), PersonalKeys, 1, 1),
        new("rsvp-summary", (b, text) => b.Courses.RsvpSummary(Course(text), People(text)), [], 0, 0),
        // Cancel, reschedule notice, remind now (issue 8).
        new("course-cancelled", (b, text) => b.Changes.Cancellation(Changed(text), People(text)), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml], 0, 0),
        new("course-rescheduled", (b, text) => b.Changes.Rescheduled(Changed(text), People(text), 2), PersonalKeys, 1, 1),
        new("remind-now", (b, text) => b.Changes.RemindNow(Changed(text), People(text), "req-1"), PersonalKeys, 1, 1),

        // Seats (issue 8): "a seat is now yours" after a promotion from the waitlist.
        new("promoted", (b, text) => b.Courses.Promotion(Course(text), People(text)), PersonalKeys, 1, 1),

        // Calendar (issue 9): one email per person with his .ics (the file holds the hostile title, venue, description and his link).
        new("confirmation", (b, text) => b.Calendar.Confirmation(Course(text), People(text)[1] with { Arrival = 4 }), PersonalKeys, 1, 1, Calendar: true),
        new("course-reminder", (b, text) => b.Calendar.CourseReminder(Course(text), People(text)[1], new DateTimeOffset(2027, 5, 12, 7, 0, 0, TimeSpan.Zero)), PersonalKeys, 1, 1, Calendar: true),
        new("promoted with calendar", (b, text) => b.Calendar.Promotion(Changed(text), People(text)[1]), PersonalKeys, 1, 1, Calendar: true),
        new("course-rescheduled with calendar", (b, text) => b.Calendar.Rescheduled(Changed(text), People(text)[1], 2), PersonalKeys, 1, 1, Calendar: true),

        // Nominations: the request to a unit contact (his link), silent nominees, the summary's units without nominees.
        new("nomination", (b, text) => b.Nominations.Request(Course(text), Nomination(text)), PersonalKeys, 1, 1),
        new("nomination-silent", (b, text) => b.Nominations.SilentNominees(Course(text), Nomination(text), People(text)), [], 0, 0),
        // Attendance: each unit's attendance report after the last session (unit name, people, positions, reasons hostile).
        new("unit-attendance", (b, text) => b.Attendance.UnitReport(Course(text), new Workflow.Courses.Attendance.UnitAttendance("d4d4d4d4d4d4d4d4d4d4", text, ["vanphong@example.vn", "lanhdao@example.vn"], People(text))), [], 0, 0),
        new("rsvp-summary units without nominees", (b, text) => b.Courses.RsvpSummary(Course(text), People(text), [text, text + " 2"]), [], 0, 0),
        // Certificates (issue 9): one message per person with his PDF attached (the number comes from storage, the name as typed).
        new("certificate", (b, text) => b.Certificates.Certificate(Course(text), Certificate(text), People(text)[0].Email, new byte[] { 0x25, 0x50, 0x44, 0x46 }), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml], 0, 0),
        // Follow-up (issue 9): survey and report requests and reminders (their own links), the summary with typed comments and names.
        new("followup-survey", (b, text) => b.FollowUp.Request(Followed(text), FollowUpKind.Survey, Attended(text)), PersonalKeys, 1, 1),
        new("followup-report", (b, text) => b.FollowUp.Request(Followed(text), FollowUpKind.Report, Attended(text)), PersonalKeys, 1, 1),
        new("followup-reminder", (b, text) => b.FollowUp.Reminder(Followed(text), FollowUpKind.Survey, new DateTimeOffset(2027, 5, 18, 3, 0, 0, TimeSpan.Zero), Attended(text)), PersonalKeys, 1, 1),
        new("followup-summary", (b, text) => b.FollowUp.Summary(Followed(text), Attended(text)), [], 0, 0),
        // Letters (issue 18): the person's Giấy mời with his invitation (one per request), the unit's công văn with its request;
        // the PDFs print hostile names, titles, units and venues literally, wrapped.
        new("invitation with Giấy mời", (b, text) => b.Courses.Invitation(Lettered(text), [People(text)[1]]) with { Attachments = [b.Letters.Invitation(Lettered(text), People(text)[1])] }, PersonalKeys, 1, 1, Letter: true),
        new("nomination with công văn", (b, text) => b.Nominations.Request(Lettered(text), Nomination(text)) with { Attachments = [b.Letters.Nomination(Lettered(text), Nomination(text))] }, PersonalKeys, 1, 1, Letter: true),
        new("complaint-alert officer", (b, text) => b.Complaints.Officers(Deadline(text), 2, Today, "d2"), [], 0, 0),
        new("complaint-alert officer overdue", (b, text) => b.Complaints.Officers(Deadline(text), -4, Today, ComplaintAlerts.Overdue), [], 0, 0),
        new("complaint-alert unit", (b, text) => b.Complaints.UnitContacts(Deadline(text), -4, Today, ["lanhdao.donvi@example.vn", "vanthu.donvi@example.vn"]), [], 0, 0),
        new("complaint-digest", (b, text) => b.Complaints.Digest([(Deadline(text), 0), (Deadline(text, "case-2"), -1)], Today, ["lanhdao@example.vn", "pho.lanhdao@example.vn"]), [], 0, 0),
    ];

    public static TheoryData<string> Kinds => new(Table.Select(k => k.Name));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Hostile_text_in_every_field_reaches_SendGrid_as_safe_json_and_the_dev_outbox_keeps_the_same(string name)
    {
        var kind = Table.Single(k => k.Name == name);
        var builders = new Builders(_time);
        var batch = kind.Build(builders, Hostile);
        var benign = kind.Build(builders, Benign);
        // Two recipients, so one cannot see the other's data. One message per person where the content is personal:
        // nomination emails (per unit contact), certificate emails (that person's PDF), calendar emails (the .ics holds the link).
        var onePerPerson = name.StartsWith("nomination", StringComparison.Ordinal) || name == "certificate" || kind.Calendar || kind.Letter;
        Assert.True(batch.Recipients.Count >= 2 || (onePerPerson && batch.Recipients.Count == 1), "two recipients, so one cannot see the other's data");

        // SendGrid: the JSON the Mail Send API receives.
        await using var server = await FakeMailSendServer.StartAsync();
        await using (var provider = SendGridEmailSenderTests.BuildProvider(server.BaseUrl))
        {
            await provider.GetRequiredService<IEmailSender>().SendAsync(batch);
        }

        var request = Assert.Single(server.Requests);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        var subject = root.GetProperty("subject").GetString()!;
        var content = root.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        var text = content["text/plain"];
        var html = content["text/html"];

        AssertHeader(subject, "subject");
        Assert.DoesNotContain(subject, IsPrivateUse); // no key in any subject: none carries a personal value
        if (benign.Subject.Contains(Benign, StringComparison.Ordinal))
        {
            Assert.Contains("-link-", subject, StringComparison.Ordinal); // typed text stays text
        }

        Assert.Equal(KeyCounts(benign.Html), KeyCounts(html));
        Assert.Equal(KeyCounts(benign.Text), KeyCounts(text));
        Assert.DoesNotContain(Strip(subject + html + text), IsPrivateUse); // no key character but the renderer's keys
        AssertHtml(html, benign.Html);
        AssertText(text);

        var personalizations = root.GetProperty("personalizations").EnumerateArray().ToList();
        Assert.Equal(batch.Recipients.Select(r => r.Email), personalizations.Select(p => Assert.Single(p.GetProperty("to").EnumerateArray()).GetProperty("email").GetString()));
        Assert.Equal(batch.Recipients.Select(r => r.MessageId), personalizations.Select(p => p.GetProperty("custom_args").GetProperty("messageId").GetString()));
        Assert.All(personalizations, p => Assert.False(p.TryGetProperty("cc", out _) || p.TryGetProperty("bcc", out _) || p.TryGetProperty("headers", out _) || p.TryGetProperty("subject", out _)));
        Assert.False(root.TryGetProperty("headers", out _));
        Assert.False(root.TryGetProperty("reply_to", out _));
        var ics = kind.Calendar ? AssertCalendarAttachment(root, batch, benign) : null;
        var letter = kind.Letter ? AssertLetterAttachment(root, batch) : null;

        var delivered = new Dictionary<string, (string Subject, string Html, string Text)>(StringComparer.Ordinal);
        var substitutions = personalizations.Select(Substitutions).ToList();
        for (var i = 0; i < personalizations.Count; i++)
        {
            var p = personalizations[i];
            var to = p.GetProperty("to")[0];
            if (to.TryGetProperty("name", out var toName))
            {
                var displayName = toName.GetString()!;
                AssertHeader(displayName, "to.name");
                Assert.Equal(-1, displayName.IndexOfAny([',', ';', '<', '>', '"', '@']));
            }

            var mine = substitutions[i];
            Assert.Equal(kind.Keys, mine.Keys);
            foreach (var value in mine.Values)
            {
                Assert.DoesNotContain(value, IsPrivateUse); // no value holds a key
                Assert.DoesNotContain(value, char.IsControl);
            }

            // What this person receives, expanded the SendGrid way.
            var (s, h, t) = (Expand(subject, mine), Expand(html, mine), Expand(text, mine));
            AssertHeader(s, "delivered subject");
            Assert.DoesNotContain(s + h + t, IsPrivateUse);
            AssertHtml(h, benign.Html);
            AssertText(t);
            if (mine.TryGetValue(SubstitutionKeys.Link, out var link))
            {
                Assert.StartsWith(BaseUrl + "/api/r/", link, StringComparison.Ordinal);
                Assert.Equal(kind.LinksInHtml, Count(h, link));
                Assert.Equal(kind.LinksInText, Count(t, link));
                Assert.DoesNotContain(link, s, StringComparison.Ordinal);
                Assert.Equal([link], DevOutbox.ExtractLinks(h));
            }

            Assert.DoesNotContain("/api/r/", s, StringComparison.Ordinal);
            for (var j = 0; j < personalizations.Count; j++)
            {
                if (j != i)
                {
                    Assert.DoesNotContain(batch.Recipients[j].Email, s + h + t, StringComparison.OrdinalIgnoreCase);
                    Assert.All(substitutions[j].Values, other => Assert.DoesNotContain(other, s + h + t, StringComparison.Ordinal));
                }
            }

            delivered[batch.Recipients[i].MessageId] = (s, h, t);
        }

        // The dev outbox: the same batch, kept per recipient, is exactly what SendGrid delivers.
        await using (var outboxProvider = BuildOutboxProvider())
        {
            await outboxProvider.GetRequiredService<IEmailSender>().SendAsync(batch);
            var items = await outboxProvider.GetRequiredService<IDevOutbox>().ListAsync(null);
            Assert.Equal(batch.Recipients.Count, items.Count);
            foreach (var recipient in batch.Recipients)
            {
                var item = Assert.Single(items, m => m.Id == DevOutboxTable.IdFor(recipient.MessageId));
                var expected = delivered[recipient.MessageId];
                Assert.Equal([recipient.Email], item.To);
                Assert.Equal(expected.Subject, item.Subject);
                Assert.Equal(expected.Html, item.Html);
                Assert.Equal(expected.Text, item.Text);

                // The .eml: one recipient, the address given, no header from user text.
                using var eml = await MimeMessage.LoadAsync(Path.Combine(_directory, item.Id + ".eml"));
                var mailbox = Assert.IsType<MailboxAddress>(Assert.Single(eml.To));
                Assert.Equal(recipient.Email, mailbox.Address);
                Assert.Empty(eml.Cc);
                Assert.Empty(eml.Bcc);
                Assert.Equal(expected.Subject, eml.Subject);
                Assert.DoesNotContain(eml.Headers, header => header.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
                if (letter is not null)
                {
                    Assert.Equal([new DevOutboxAttachment(batch.Attachments![0].FileName, "application/pdf")], item.Attachments);
                    var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(eml.Attachments));
                    using var bytes = new MemoryStream();
                    await part.Content!.DecodeToAsync(bytes);
                    Assert.Equal(letter, bytes.ToArray());
                }

                if (ics is not null)
                {
                    // The outbox keeps the .ics (table and .eml) byte for byte as SendGrid receives it.
                    Assert.Equal([new DevOutboxAttachment(batch.Attachments![0].FileName, "text/calendar")], item.Attachments);
                    var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(eml.Attachments));
                    using var bytes = new MemoryStream();
                    await part.Content!.DecodeToAsync(bytes);
                    Assert.Equal(ics, bytes.ToArray());
                }
            }
        }
    }

    /// <summary>
    /// SendGrid receives the person's .ics as one base64 attachment; it parses as a calendar with the same events as the
    /// harmless one (no event, UID or organiser added by typed text), and its text holds no control or format character.
    /// </summary>
    private static byte[] AssertCalendarAttachment(JsonElement root, EmailBatch batch, EmailBatch benign)
    {
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal(batch.Attachments![0].FileName, attachment.GetProperty("filename").GetString());
        Assert.Equal("text/calendar", attachment.GetProperty("type").GetString());
        Assert.Equal("attachment", attachment.GetProperty("disposition").GetString());
        var bytes = Convert.FromBase64String(attachment.GetProperty("content").GetString()!);
        Assert.Equal(batch.Attachments[0].Content.ToArray(), bytes);
        var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(bytes))!;
        var harmless = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(benign.Attachments![0].Content.Span))!;
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal(
            harmless.Events.Select(e => (e.Uid, e.Sequence, e.Start, e.End, e.Status, e.Organizer?.Value)),
            calendar.Events.Select(e => (e.Uid, e.Sequence, e.Start, e.End, e.Status, e.Organizer?.Value)));
        Assert.All(calendar.Events, e => AssertText(e.Summary + "\n" + e.Location + "\n" + e.Description));
        Assert.All(calendar.Events, e => Assert.DoesNotContain(e.Summary + e.Location + e.Description, IsPrivateUse));
        return bytes;
    }

    /// <summary>
    /// SendGrid receives the letter as one base64 PDF; read back with PdfPig it prints the typed markup literally, the
    /// 300-letter run whole (wrapped, not cut), every glyph inside the page, and no control or format character.
    /// </summary>
    private static byte[] AssertLetterAttachment(JsonElement root, EmailBatch batch)
    {
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal(batch.Attachments![0].FileName, attachment.GetProperty("filename").GetString());
        Assert.Matches("^[A-Za-z0-9_-]+\\.pdf$", batch.Attachments[0].FileName);
        Assert.Equal("application/pdf", attachment.GetProperty("type").GetString());
        var bytes = Convert.FromBase64String(attachment.GetProperty("content").GetString()!);
        Assert.Equal(batch.Attachments[0].Content.ToArray(), bytes);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var pages = pdf.GetPages().ToList();
        // Justified lines draw their words apart (no space glyph between them): compare without spaces.
        var text = string.Concat(pages.SelectMany(p => p.Letters).Select(l => l.Value));
        var glyphs = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", glyphs, StringComparison.Ordinal);
        Assert.Contains("{{person_link}}{%raw%}x{%endraw%}", glyphs, StringComparison.Ordinal);
        Assert.Contains(new string('L', 300), glyphs, StringComparison.Ordinal);
        Assert.DoesNotContain(text, c => char.IsControl(c) || IsPrivateUse(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format);
        Assert.All(pages.SelectMany(p => p.Letters), l => Assert.InRange(l.BoundingBox.Right, 0, pages[0].Width));
        return bytes;
    }

    private ServiceProvider BuildOutboxProvider()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Workflow:Email:OutboxDirectory"] = _directory })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new TableServiceClient(azurite.ConnectionString));
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(sp => new DevOutboxTable(sp.GetRequiredService<TableServiceClient>(), _tableName));
        services.AddWorkflowEmail(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>SendGrid substitutions: each key replaced literally, in the order given.</summary>
    private static string Expand(string value, IReadOnlyDictionary<string, string> substitutions) =>
        substitutions.Aggregate(value, (v, s) => v.Replace(s.Key, s.Value, StringComparison.Ordinal));

    private static Dictionary<string, string> Substitutions(JsonElement personalization) =>
        personalization.TryGetProperty("substitutions", out var subs)
            ? subs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : [];

    private static void AssertHeader(string value, string what)
    {
        Assert.False(value.Any(c => char.IsControl(c) || (char.IsWhiteSpace(c) && c != ' ')), $"{what}: a control character or line break");
        Assert.False(value.Any(IsFormat), $"{what}: a format character");
        Assert.False(HasLoneSurrogate(value), $"{what}: a lone surrogate");
    }

    private static void AssertText(string text)
    {
        Assert.False(text.Any(c => char.IsControl(c) && c != '\n'), "text: a control character");
        Assert.False(text.Any(IsFormat), "text: a format character");
        Assert.False(HasLoneSurrogate(text), "text: a lone surrogate");
    }

    /// <summary>The HTML holds the same tags and attributes as the harmless message, and no markup outside them.</summary>
    private static void AssertHtml(string html, string benign)
    {
        Assert.Equal(Shape(benign), Shape(html));
        var outside = TagRegex().Replace(html, " ");
        Assert.DoesNotContain("<", outside, StringComparison.Ordinal);
        Assert.DoesNotContain(">", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.False(html.Any(c => char.IsControl(c) && c != '\n'), "html: a control character");
        Assert.False(html.Any(IsFormat), "html: a format character");
    }

    private static List<string> Shape(string html) => TagRegex().Matches(html)
        .Select(m =>
        {
            var name = TagNameRegex().Match(m.Value).Value;
            return name + "[" + string.Join(",", AttributeRegex().Matches(m.Value[(1 + name.Length)..]).Select(a => a.Groups["name"].Value)) + "]";
        })
        .ToList();

    private static int[] KeyCounts(string part) => SubstitutionKeys.All.Select(k => Count(part, k)).ToArray();

    private static int Count(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    private static string Strip(string text) => SubstitutionKeys.All.Aggregate(text, (t, k) => t.Replace(k, string.Empty, StringComparison.Ordinal));

    private static bool IsPrivateUse(char c) => c is >= '\uE000' and <= '\uF8FF';

    private static bool IsFormat(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static bool HasLoneSurrogate(string value) =>
        value.Select((c, i) => char.IsHighSurrogate(c) ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(value[i - 1])))
            .Any(ok => !ok);

    private static Course Course(string text) => new(
        "c0ffee0123456789",
        new CourseDefinition
        {
            Title = text,
            Description = text,
            Presenters = [text, text],
            Venue = text,
            Sessions = [new CourseSession(new DateTimeOffset(2027, 5, 13, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 5, 13, 10, 0, 0, TimeSpan.Zero))],
            RsvpDeadline = new DateTimeOffset(2027, 5, 6, 10, 0, 0, TimeSpan.Zero),
            OrganiserEmails = ["bandanvan@example.vn", "vanphong@example.vn"],
            Language = "vi",
        },
        CoursePhase.Inviting,
        new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero));

    /// <summary>The course cancelled with a hostile reason and rescheduled from a hostile venue.</summary>
    private static Course Changed(string text)
    {
        var course = Course(text);
        return course with
        {
            Changes = new CourseChanges
            {
                CancelReason = text,
                CancelledAt = new DateTimeOffset(2027, 4, 21, 2, 0, 0, TimeSpan.Zero),
                Version = 2,
                NoticeVersion = 1,
                Previous = new CourseTimes([new CourseSession(new DateTimeOffset(2027, 5, 12, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 5, 12, 10, 0, 0, TimeSpan.Zero))], text + " cũ", new DateTimeOffset(2027, 5, 5, 10, 0, 0, TimeSpan.Zero)),
            },
        };
    }

    /// <summary>Invitees whose name, unit, position and reason are hostile (names distinct, so each must see only their own).</summary>
    private static Invitee[] People(string text) =>
    [
        new("c0ffee0123456789", "a1a1a1a1a1a1a1a1a1a1", "An " + text, "an.nguyen@example.vn", text, text, InviteeStatus.Declined, null, false, text, EmailStatus.Sent, null, null),
        new("c0ffee0123456789", "b2b2b2b2b2b2b2b2b2b2", "Bình " + text, "binh.le@example.vn", text, text, InviteeStatus.Accepted, null, false, null, EmailStatus.Sent, null, null),
        new("c0ffee0123456789", "c3c3c3c3c3c3c3c3c3c3", "Chi " + text, "chi.tran@example.vn", text + " 2", text, InviteeStatus.NoResponse, null, false, null, EmailStatus.Sent, null, null),
    ];

    /// <summary>The course with a signer (hostile name, title and authority) and its letters' numbers.</summary>
    private static Course Lettered(string text)
    {
        var course = Course(text);
        return course with
        {
            Definition = course.Definition with { Letter = new LetterSigner(text, text, text) },
            Letters = new CourseLetterNumbers(new LetterNumber(2027, 15, new DateOnly(2027, 4, 20)), new LetterNumber(2027, 16, new DateOnly(2027, 4, 20))),
        };
    }

    /// <summary>A certificate of the first person (hostile name) of a course with a hostile title.</summary>
    private static Workflow.Courses.Certificates.CertificateRecord Certificate(string text) =>
        new("BDNV-2027-000123", "c0ffee0123456789", People(text)[0].Id, People(text)[0].Name, text, "13/05/2027", new DateOnly(2027, 5, 28), "vi");
    /// <summary>The course after its last session, a learning report required.</summary>
    private static Course Followed(string text)
    {
        var course = Course(text);
        return course with { Phase = CoursePhase.FollowUp, Definition = course.Definition with { FollowUp = new FollowUpPolicy { ReportRequired = true } } };
    }

    /// <summary>The people, present at the session, with hostile survey comments; one sent a report, the others are missing.</summary>
    private static Invitee[] Attended(string text) =>
    [
        .. People(text).Select((p, n) => p with
        {
            Attendance = [new AttendanceMark("s1", AttendanceStatus.Present, new DateTimeOffset(2027, 5, 13, 7, 0, 0, TimeSpan.Zero), "organiser", "organiser")],
            Survey = new SurveyAnswer(5, 4, 1 + n, text, new DateTimeOffset(2027, 5, 14, 7, 0, 0, TimeSpan.Zero)),
            Report = n == 0 ? new LearningReport(text, new DateTimeOffset(2027, 5, 15, 7, 0, 0, TimeSpan.Zero)) : null,
        }),
    ];

    /// <summary>A nomination whose unit name is hostile.</summary>
    private static Workflow.Courses.Nominations.Nomination Nomination(string text) =>
        new("c0ffee0123456789", "d4d4d4d4d4d4d4d4d4d4", text, "vanphong@example.vn", 3, ["a1a1a1a1a1a1a1a1a1a1"], null, null);

    /// <summary>A deadline whose case code, handling unit and subject are hostile, for two officers.</summary>
    private static IndexedDeadline Deadline(string text, string caseId = "case-1") =>
        new(caseId, Stage.Resolve, new DateOnly(2027, 5, 5), CountingUnit.WorkingDays, text, CaseKind.FirstComplaint, text, ["canbo1@example.vn", "canbo2@example.vn"], text);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"^</?[^\s/>]*")]
    private static partial Regex TagNameRegex();

    [GeneratedRegex("""\s(?<name>[^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")]
    private static partial Regex AttributeRegex();

    /// <param name="Build">Builds the batch with <c>text</c> in every free-text field.</param>
    /// <param name="Keys">The substitution keys each recipient carries.</param>
    /// <param name="Calendar">The message carries the person's .ics (one recipient per batch).</param>
    /// <param name="Letter">The message carries a letter PDF (issue 18; one recipient per batch).</param>
    private sealed record EmailKind(string Name, Func<Builders, string, EmailBatch> Build, string[] Keys, int LinksInHtml, int LinksInText, bool Calendar = false, bool Letter = false);

    /// <summary>The product's email builders, as the hosts make them.</summary>
    private sealed class Builders
    {
        public Builders(TimeProvider time)
        {
            var templates = new TemplateRenderer();
            var workflow = Options.Create(new WorkflowOptions { PublicBaseUrl = BaseUrl, OrganisationName = "Ban Tuyên giáo và Dân vận Tỉnh ủy" });
            var tokens = new LinkTokens(
                Options.Create(new LinkOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray()) } }),
                time);
            Courses = new CourseEmails(templates, tokens, workflow);
            Changes = new CourseChangeEmails(templates, Courses);
            Complaints = new ComplaintAlertEmails(templates, workflow, Options.Create(new ComplaintOptions()));
            Nominations = new Workflow.Courses.Nominations.NominationEmails(Courses, templates, tokens, workflow);
            Certificates = new Workflow.Courses.Certificates.CertificateEmails(templates, Courses, workflow);
            Attendance = new Workflow.Courses.Attendance.AttendanceEmails(Courses, templates);
            FollowUp = new FollowUpEmails(Courses, templates, tokens, workflow);
            Calendar = new CalendarEmails(templates, Courses, Changes, new Workflow.Courses.Attendance.CheckInLinks(tokens, workflow), workflow);
            var issuer = Options.Create(new Workflow.Documents.Letters.LetterOptions());
            Letters = new Workflow.Documents.Letters.LetterAttachments(
                new Workflow.Documents.Letters.PartyLetters(templates),
                new Workflow.Documents.Letters.LetterPdf(Options.Create(new Workflow.Courses.Certificates.CertificateOptions()), issuer),
                issuer);
        }

        public Workflow.Documents.Letters.LetterAttachments Letters { get; }

        public Workflow.Courses.Certificates.CertificateEmails Certificates { get; }

        public Workflow.Courses.Attendance.AttendanceEmails Attendance { get; }

        public FollowUpEmails FollowUp { get; }

        public CalendarEmails Calendar { get; }

        public Workflow.Courses.Nominations.NominationEmails Nominations { get; }

        public CourseEmails Courses { get; }

        public CourseChangeEmails Changes { get; }

        public ComplaintAlertEmails Complaints { get; }
    }
}
