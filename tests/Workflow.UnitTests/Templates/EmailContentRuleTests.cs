using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Fluid.Values;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Complaints;
using Workflow.Complaints.Alerts;
using Workflow.Complaints.Cases;
using Workflow.Courses;
using Workflow.Courses.Calendar;
using Workflow.Courses.Links;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.Templates;

namespace Workflow.UnitTests.Templates;

/// <summary>
/// The email-content rule, enforced by <see cref="TemplateRenderer"/>: nothing a user typed can add a header, change a
/// recipient, inject markup or pull a substitution into a message. Each hostile value goes into every free-text field of
/// every email kind; the result is compared with the same message built from harmless values.
/// </summary>
public sealed partial class EmailContentRuleTests
{
    private const string BaseUrl = "https://dieuhanh.example.vn";
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly TemplateRenderer _templates = new();
    private readonly CourseEmails _courses;
    private readonly ComplaintAlertEmails _complaints;

    public EmailContentRuleTests()
    {
        var tokens = new LinkTokens(
            Options.Create(new LinkOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 5)).ToArray()) } }),
            _time);
        var workflow = Options.Create(new WorkflowOptions { PublicBaseUrl = BaseUrl, OrganisationName = "Ban Tuyên giáo và Dân vận Tỉnh ủy" });
        _courses = new CourseEmails(_templates, tokens, workflow);
        _complaints = new ComplaintAlertEmails(_templates, workflow, Options.Create(new ComplaintOptions()));
        _nominations = new Workflow.Courses.Nominations.NominationEmails(_courses, _templates, tokens, workflow);
        _certificates = new Workflow.Courses.Certificates.CertificateEmails(_templates, _courses, workflow);
        _followUp = new Workflow.Courses.FollowUp.FollowUpEmails(_courses, _templates, tokens, workflow);
        _calendar = new CalendarEmails(_templates, _courses, new CourseChangeEmails(_templates, _courses), new Workflow.Courses.Attendance.CheckInLinks(tokens, workflow), workflow);
    }

    private readonly Workflow.Courses.Certificates.CertificateEmails _certificates;

    private readonly CalendarEmails _calendar;

    private readonly Workflow.Courses.Nominations.NominationEmails _nominations;
    private readonly Workflow.Courses.FollowUp.FollowUpEmails _followUp;

    /// <summary>What a hostile organiser, invitee or officer might type.</summary>
    private static readonly string[] HostileTexts =
    [
        "-name- -nameHtml- -link- %name% {{name}}",                                   // the old SendGrid keys and look-alikes
        SubstitutionKeys.Name + SubstitutionKeys.NameHtml + SubstitutionKeys.Link + "\uE000link", // the keys themselves, typed
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)><a href='javascript:x'>",
        "Lớp mới\r\nBcc: evil@example.com\r\nSubject: x\n\n<b>body</b>",
        "\u202Egnp.exe\u202C \u2066ab\u2069 zero\u200Bwidth\u200D\uFEFF \uDB40\uDC01tag",
        "nul\0 bell\a esc\u001B[31m del\u007F nel\u0085 ls\u2028 ps\u2029 vt\v ff\f",
        "{{ person_link }} {% raw %}{{ t.greeting }}{% endraw %} {{ 'x' | raw }}",
        new string('L', 10_000) + " -link- " + new string('<', 500),
        "An, Bình; <evil@attacker.example> \"Chi\" \\ : @ [x]",
        "&amp; &lt;b&gt; &#x3C;script&#x3E;",
        "lone \uD800 surrogate \uDC00 end",
    ];

    /// <summary>Indexes into <see cref="HostileTexts"/> (test names stay printable).</summary>
    public static TheoryData<int> Hostile => new(Enumerable.Range(0, HostileTexts.Length));

    /// <summary>Every email kind that exists; new kinds join this table (with the personal keys they carry).</summary>
    private IEnumerable<(string Kind, EmailBatch Batch, string[] Keys)> Kinds(string text)
    {
        var course = Course(text);
        var people = People(text);
        yield return ("invitation", _courses.Invitation(course, people), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("reminder", _courses.Reminder(course, people, new DateTimeOffset(2027, 5, 3, 1, 0, 0, TimeSpan.Zero)), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("promoted", _courses.Promotion(course, people), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]); // seats (issue 8)
        yield return ("rsvp-summary", _courses.RsvpSummary(course, people), []);

        // Cancel, reschedule notice, remind now (issue 8): the reason and the old venue are hostile too.
        var changed = course with
        {
            Changes = new CourseChanges
            {
                CancelReason = text,
                Version = 1,
                Previous = new CourseTimes(course.Definition.Sessions, text + " cũ", course.Definition.RsvpDeadline),
            },
        };
        var changes = new CourseChangeEmails(_templates, _courses);
        yield return ("course-cancelled", changes.Cancellation(changed, people), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml]);
        yield return ("course-rescheduled", changes.Rescheduled(changed, people, 1), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("remind-now", changes.RemindNow(changed, people, "req-1"), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        // Calendar (issue 9): one email per person, each with his .ics (hostile title, venue, description and name in it too).
        var accepted = people[1] with { Arrival = 3 };
        yield return ("confirmation", _calendar.Confirmation(course, accepted), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("course-reminder", _calendar.CourseReminder(course, accepted, new DateTimeOffset(2027, 5, 12, 7, 0, 0, TimeSpan.Zero)), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("promoted with calendar", _calendar.Promotion(changed, accepted), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("course-rescheduled with calendar", _calendar.Rescheduled(changed, accepted, 1), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        // Nominations.
        var nomination = new Workflow.Courses.Nominations.Nomination("c0ffee0123456789", "d4d4d4d4d4d4d4d4d4d4", text, "vanphong@example.vn", 3, [], null, null);
        yield return ("nomination", _nominations.Request(course, nomination), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("nomination-silent", _nominations.SilentNominees(course, nomination, people), []);
        yield return ("rsvp-summary units without nominees", _courses.RsvpSummary(course, people, [text]), []);
        // Certificates (issue 9): one message per person, the PDF attached; the name as typed, the number from storage.
        var certificate = new Workflow.Courses.Certificates.CertificateRecord("BDNV-2027-000123", course.Id, people[0].Id, people[0].Name, text, "13/05/2027", new DateOnly(2027, 5, 28), "vi");
        yield return ("certificate", _certificates.Certificate(course, certificate, people[0].Email, new byte[] { 0x25, 0x50, 0x44, 0x46 }), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml]);
        // Attendance: a unit's attendance report (unit, names, positions and reasons hostile).
        yield return ("unit-attendance", new Workflow.Courses.Attendance.AttendanceEmails(_courses, _templates).UnitReport(course, new Workflow.Courses.Attendance.UnitAttendance("d4d4d4d4d4d4d4d4d4d4", text, ["vanphong@example.vn"], people)), []);
        // Follow-up (issue 9): survey and report requests, reminders, and the summary with typed comments and names.
        var followed = course with { Phase = CoursePhase.FollowUp, Definition = course.Definition with { FollowUp = new FollowUpPolicy { ReportRequired = true } } };
        var attended = people.Select((p, n) => p with
        {
            Attendance = [new AttendanceMark("s1", AttendanceStatus.Present, followed.FirstSessionStart, "organiser", "organiser")],
            Survey = new SurveyAnswer(4, 5, n + 1, text, followed.FirstSessionStart.AddDays(1)),
        }).ToList();
        yield return ("followup-survey", _followUp.Request(followed, Workflow.Courses.FollowUp.FollowUpKind.Survey, attended), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("followup-report", _followUp.Request(followed, Workflow.Courses.FollowUp.FollowUpKind.Report, attended), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("followup-reminder", _followUp.Reminder(followed, Workflow.Courses.FollowUp.FollowUpKind.Report, new DateTimeOffset(2027, 5, 25, 3, 0, 0, TimeSpan.Zero), attended), [SubstitutionKeys.Name, SubstitutionKeys.NameHtml, SubstitutionKeys.Link]);
        yield return ("followup-summary", _followUp.Summary(followed, attended), []);
        var today = new DateOnly(2027, 5, 3);
        var deadline = Deadline(text);
        yield return ("complaint-alert officer", _complaints.Officers(deadline, 2, today, "d2"), []);
        yield return ("complaint-alert officer overdue", _complaints.Officers(deadline, -3, today, ComplaintAlerts.Overdue), []);
        yield return ("complaint-alert unit", _complaints.UnitContacts(deadline, -3, today, ["lanhdao.donvi@example.vn"]), []);
        yield return ("complaint-digest", _complaints.Digest([(deadline, 0), (Deadline(text, "case-2"), -1)], today, ["lanhdao@example.vn"]), []);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_text_in_every_field_changes_no_header_no_recipient_no_markup_and_pulls_no_substitution(int index)
    {
        var hostile = HostileTexts[index];
        var benign = Kinds("Bồi dưỡng nghiệp vụ").ToDictionary(k => k.Kind);
        foreach (var (kind, batch, keys) in Kinds(hostile))
        {
            var twin = benign[kind].Batch;

            // Subject: one line, no control or format characters, bounded; no key a user could have put there.
            AssertHeaderSafe(batch.Subject, kind);
            Assert.True(batch.Subject.Length <= UserText.MaxSubject, kind);
            Assert.Equal(Keys(twin.Subject), Keys(batch.Subject));

            // Keys appear exactly where the template put them (as many as in the harmless message), and nowhere else.
            Assert.Equal(Keys(twin.Html), Keys(batch.Html));
            Assert.Equal(Keys(twin.Text), Keys(batch.Text));
            foreach (var part in new[] { batch.Subject, batch.Html, batch.Text })
            {
                Assert.False(Strip(part, SubstitutionKeys.All).Any(IsPrivateUse), $"{kind}: a key character outside the renderer's keys");
            }

            if (keys.Length > 0)
            {
                Assert.Equal(1, Count(batch.Html, SubstitutionKeys.NameHtml));
                Assert.Equal(0, Count(batch.Html, SubstitutionKeys.Name));
                var links = keys.Contains(SubstitutionKeys.Link) ? 1 : 0; // a cancellation has nothing to answer: no link
                Assert.Equal(links, Count(batch.Html, SubstitutionKeys.Link));
                Assert.Equal(1, Count(batch.Text, SubstitutionKeys.Name));
                Assert.Equal(0, Count(batch.Text, SubstitutionKeys.NameHtml));
                Assert.Equal(links, Count(batch.Text, SubstitutionKeys.Link));
            }

            // HTML: the same tags and attributes as the harmless message; no markup from user text.
            Assert.Equal(Shape(twin.Html), Shape(batch.Html));
            AssertNoStrayMarkup(batch.Html, kind);
            AssertBodySafe(batch.Text, kind);

            Assert.Equal(twin.Recipients.Select(r => r.MessageId), batch.Recipients.Select(r => r.MessageId));
            AssertCalendarSafe(batch, twin, kind);
            Assert.Equal(twin.Recipients.Select(r => r.Email), batch.Recipients.Select(r => r.Email));
            for (var i = 0; i < batch.Recipients.Count; i++)
            {
                var recipient = batch.Recipients[i];
                Assert.Equal(keys, recipient.Substitutions.Keys.ToArray());
                Assert.All(recipient.Substitutions.Values, v => Assert.False(v.Any(IsPrivateUse) || v.Any(char.IsControl), kind));
                if (recipient.Name is not null)
                {
                    AssertHeaderSafe(recipient.Name, kind);
                    Assert.Equal(-1, recipient.Name.IndexOfAny([',', ';', '<', '>', '"', '@']));
                }

                if (recipient.Substitutions.TryGetValue(SubstitutionKeys.NameHtml, out var nameHtml))
                {
                    Assert.Equal(-1, nameHtml.IndexOfAny(['<', '>', '"', '\'']));
                    Assert.Equal(recipient.Substitutions[SubstitutionKeys.Name], WebUtility.HtmlDecode(nameHtml));
                }

                // What the recipient receives (SendGrid's way, as the dev outbox does it).
                var subject = EmailSubstitutions.Apply(batch.Subject, recipient.Substitutions);
                var html = EmailSubstitutions.Apply(batch.Html, recipient.Substitutions);
                var text = EmailSubstitutions.Apply(batch.Text, recipient.Substitutions);
                AssertHeaderSafe(subject, kind);
                Assert.Equal(batch.Subject, subject); // no subject holds a personal value
                Assert.False((subject + html + text).Any(IsPrivateUse), kind);
                Assert.Equal(Shape(twin.Html), Shape(html));
                AssertNoStrayMarkup(html, kind);
                AssertBodySafe(text, kind);
                if (recipient.Substitutions.TryGetValue(SubstitutionKeys.Link, out var link))
                {
                    Assert.Equal([link], DevOutbox.ExtractLinks(html));
                    Assert.Equal(1, Count(text, link));
                    Assert.Equal(1, Count(html, link));
                    if (batch.Recipients.Count == 1)
                    {
                        continue; // one message per recipient (nominations): there is no other recipient to leak
                    }

                    var other = batch.Recipients[1 - i].Substitutions;
                    Assert.DoesNotContain(other[SubstitutionKeys.Link], subject + html + text, StringComparison.Ordinal);
                    Assert.DoesNotContain(batch.Recipients[1 - i].Email, subject + html + text, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void A_title_holding_the_old_keys_stays_as_typed_and_pulls_nothing()
    {
        var course = Course("Lớp -name- và -link-");
        var batch = _courses.Invitation(course, People("An"));
        var recipient = batch.Recipients[0];
        var subject = EmailSubstitutions.Apply(batch.Subject, recipient.Substitutions);
        var html = EmailSubstitutions.Apply(batch.Html, recipient.Substitutions);

        // Before: the subject carried the personal link and the HTML the raw name. Now the title reads as typed.
        Assert.Equal("Thư mời tham dự: Lớp -name- và -link-", subject);
        Assert.Contains("<h1 style=\"font-size:20px;margin:8px 0 16px\">Lớp -name- và -link-</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Kính gửi An &lt;1&gt;,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("An <1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_and_control_characters_never_reach_a_subject_and_long_subjects_are_cut()
    {
        var batch = _courses.Invitation(Course("Lớp\r\nBcc: evil@example.com\u0000\u202E" + new string('x', 400)), People("An"));

        Assert.StartsWith("Thư mời tham dự: Lớp Bcc: evil@example.com" + "xxx", batch.Subject, StringComparison.Ordinal);
        Assert.Equal(UserText.MaxSubject, batch.Subject.Length);
        Assert.EndsWith("x…", batch.Subject, StringComparison.Ordinal);
        // The text part keeps the line break (it is plain text), never the other control or format characters.
        Assert.Contains("Lớp\nBcc: evil@example.com" + "xxx", batch.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_line_description_keeps_its_lines_in_the_text_part()
    {
        var course = Course("Lớp");
        course = course with { Definition = course.Definition with { Description = "Dòng một\r\nDòng hai\rDòng ba\n\tDòng bốn" } };

        var text = _courses.Invitation(course, People("An")).Text;

        Assert.Contains("Dòng một\nDòng hai\nDòng ba\n Dòng bốn", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void The_reply_page_encodes_hostile_text_and_keeps_its_structure(int index)
    {
        var hostile = HostileTexts[index];
        string Page(string value) => _templates.Render("reply-page", html: true, new Dictionary<string, object?>
        {
            ["language"] = "vi",
            ["organisation"] = "Ban",
            ["heading"] = "Trả lời",
            ["course_title"] = value,
            ["sessions"] = new[] { value, value },
            ["venue"] = value,
            ["message"] = value,
            ["message_class"] = "status",
            ["lines"] = new[] { value },
            ["show_form"] = true,
            ["status"] = "declined",
            ["reason"] = value,
            ["change_until"] = value,
        }, "vi");

        var page = Page(hostile);

        Assert.Equal(Shape(Page("Lớp")), Shape(page));
        AssertNoStrayMarkup(page, "reply-page");
        Assert.DoesNotContain(page, IsPrivateUse);
    }

    [Fact]
    public void Models_cannot_set_the_renderers_own_values_or_pass_ready_made_markup()
    {
        var course = Course("Lớp");
        var model = _courses.CourseModel(course);
        var to = new[] { new EmailTo("m1", "a@example.vn", "An", BaseUrl + "/api/r/x") };

        foreach (var reserved in new[] { "person_name", "person_link", "t", "body", "subject" })
        {
            var bad = new Dictionary<string, object?>(model) { [reserved] = "<b>x</b>" };
            Assert.Throws<ArgumentException>(() => _templates.Email("invitation", "invitationSubject", bad, "vi", to));
        }

        var raw = new Dictionary<string, object?>(model) { ["title"] = new StringValue("<b>x</b>", encode: false) };
        Assert.Throws<ArgumentException>(() => _templates.Email("invitation", "invitationSubject", raw, "vi", to));
        var nested = new Dictionary<string, object?>(model) { ["sessions"] = new List<object?> { new StringValue("<b>x</b>", encode: false) } };
        Assert.Throws<ArgumentException>(() => _templates.Email("invitation", "invitationSubject", nested, "vi", to));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://x.example/a\"><script>")]
    [InlineData("https://x.example/a b")]
    [InlineData("https://x.example/?a=1&b=2")]
    [InlineData("/api/r/relative")]
    public void A_personal_link_that_would_need_encoding_is_refused(string link)
    {
        var model = _courses.CourseModel(Course("Lớp"));

        Assert.Throws<ArgumentException>(() => _templates.Email("invitation", "invitationSubject", model, "vi", [new EmailTo("m1", "a@example.vn", "An", link)]));
    }

    [Fact]
    public void Messages_without_personal_values_carry_no_substitutions()
    {
        var batch = _courses.RsvpSummary(Course("Lớp"), People("An"));

        Assert.All(batch.Recipients, r => Assert.Empty(r.Substitutions));
        Assert.DoesNotContain(batch.Subject + batch.Html + batch.Text, IsPrivateUse);
    }

    [Theory]
    [InlineData("Nguyễn Văn An", "Nguyễn Văn An")]
    [InlineData("  Lê\r\n Thị\tHà  ", "Lê Thị Hà")]
    [InlineData("An, Bình; <evil@x.example>", "An Bình evil x.example")]
    [InlineData("\u202Enạp\u200B", "nạp")]
    [InlineData(",;<>", null)]
    [InlineData(null, null)]
    public void Display_names_are_one_line_without_address_list_characters(string? name, string? expected) =>
        Assert.Equal(expected, UserText.DisplayName(name));

    [Fact]
    public void Body_text_keeps_letters_emoji_and_line_breaks_and_drops_control_format_and_private_use_characters()
    {
        Assert.Equal("Hội trường 🏛️ A\nB\nC\nD E", UserText.Body("Hội trường 🏛️ A\r\nB\rC\u2028D\tE"));
        Assert.Equal("ab", UserText.Body("a\0\u001B\u007F\u202E\u2066\u200B\uFEFF\uE000\uE001\uDB40\uDC01\uDB80\uDC00b"));
        Assert.Equal("a\nb", UserText.Body("a\u0085b"));
        Assert.Equal("ab", UserText.Body("a\uD800b"));
        Assert.Equal("A B C", UserText.Line("  A\n\nB \t C "));
    }

    [Fact]
    public void A_long_subject_is_never_cut_inside_a_key_and_the_html_title_takes_the_encoded_name()
    {
        var subject = UserText.Subject(new string('x', UserText.MaxSubject - 4) + " " + SubstitutionKeys.Name + " yyyy");

        Assert.Equal(new string('x', UserText.MaxSubject - 4) + "…", subject);
        Assert.Equal(
            "&lt;b&gt; " + SubstitutionKeys.NameHtml + " &amp; " + SubstitutionKeys.Link,
            TemplateRenderer.EncodeKeepingKeys("<b> " + SubstitutionKeys.Name + " & " + SubstitutionKeys.Link));
    }

    private Course Course(string text) => new(
        "c0ffee0123456789",
        new CourseDefinition
        {
            Title = text,
            Description = text,
            Presenters = [text, text],
            Venue = text,
            Sessions =
            [
                new CourseSession(new DateTimeOffset(2027, 5, 13, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 5, 13, 10, 0, 0, TimeSpan.Zero)),
            ],
            RsvpDeadline = new DateTimeOffset(2027, 5, 6, 17, 0, 0, Vn),
            OrganiserEmails = ["bandanvan@example.vn"],
            Language = "vi",
        },
        CoursePhase.Inviting,
        _time.GetUtcNow(),
        _time.GetUtcNow());

    /// <summary>Two invitees with hostile names, units and reasons (distinct, so each must see only their own).</summary>
    private static Invitee[] People(string text) =>
    [
        new("c0ffee0123456789", "a1a1a1a1a1a1a1a1a1a1", text + " <1>", "an.nguyen@example.vn", text, text, InviteeStatus.Declined, null, false, text, EmailStatus.Sent, null, null),
        new("c0ffee0123456789", "b2b2b2b2b2b2b2b2b2b2", text + " <2>", "binh.le@example.vn", text, text, InviteeStatus.Accepted, null, false, null, EmailStatus.Sent, null, null),
    ];

    private static IndexedDeadline Deadline(string text, string caseId = "case-1") =>
        new(caseId, Stage.Resolve, new DateOnly(2027, 5, 5), CountingUnit.WorkingDays, text, CaseKind.FirstComplaint, text, ["canbo@example.vn"], text);

    private static void AssertHeaderSafe(string value, string kind)
    {
        Assert.False(value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) && c != ' '), $"{kind}: control or line break in a header: {Escape(value)}");
        Assert.False(value.Any(IsFormat), $"{kind}: format character in a header: {Escape(value)}");
        Assert.False(HasLoneSurrogate(value), kind);
    }

    /// <summary>An attached .ics parses with the same events as the harmless one, and its text fields hold no control or format characters.</summary>
    private static void AssertCalendarSafe(EmailBatch batch, EmailBatch twin, string kind)
    {
        Assert.Equal(twin.Attachments?.Count ?? 0, batch.Attachments?.Count ?? 0);
        foreach (var (file, harmless) in (batch.Attachments ?? []).Zip(twin.Attachments ?? []).Where(f => f.First.ContentType.StartsWith("text/calendar", StringComparison.Ordinal)))
        {
            var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(file.Content.Span))!;
            var expected = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(harmless.Content.Span))!;
            Assert.Equal(expected.Events.Select(e => (e.Uid, e.Sequence, e.Start, e.End, e.Organizer?.Value)), calendar.Events.Select(e => (e.Uid, e.Sequence, e.Start, e.End, e.Organizer?.Value)));
            foreach (var e in calendar.Events)
            {
                AssertBodySafe(e.Summary! + e.Location + e.Description, kind + " .ics");
                Assert.False((e.Summary + e.Location + e.Description).Any(IsPrivateUse), kind);
            }
        }
    }

    private static void AssertBodySafe(string text, string kind)
    {
        Assert.False(text.Any(c => char.IsControl(c) && c != '\n'), $"{kind}: control character in the text part: {Escape(text)}");
        Assert.False(text.Any(IsFormat), $"{kind}: format character in the text part");
        Assert.False(HasLoneSurrogate(text), kind);
    }

    /// <summary>No &lt; or &gt; outside the template's tags, no control or format characters.</summary>
    private static void AssertNoStrayMarkup(string html, string kind)
    {
        var outside = TagRegex().Replace(html, " ");
        Assert.False(outside.Contains('<', StringComparison.Ordinal) || outside.Contains('>', StringComparison.Ordinal), $"{kind}: markup outside the template's tags");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TagRegex().Matches(html), m => m.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase)); // as text it is harmless
        Assert.False(html.Any(c => char.IsControl(c) && c != '\n'), $"{kind}: control character in HTML");
        Assert.False(html.Any(IsFormat), $"{kind}: format character in HTML");
    }

    /// <summary>Each tag's name and attribute names, in order: what a browser would build, whatever the text.</summary>
    private static List<string> Shape(string html) => TagRegex().Matches(html)
        .Select(m =>
        {
            var tag = m.Value;
            var name = TagNameRegex().Match(tag).Value;
            var attributes = AttributeRegex().Matches(tag[(1 + name.Length)..]).Select(a => a.Groups["name"].Value);
            return name + "[" + string.Join(",", attributes) + "]";
        })
        .ToList();

    private static int[] Keys(string part) => SubstitutionKeys.All.Select(k => Count(part, k)).ToArray();

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Strip(string text, IEnumerable<string> keys) =>
        keys.Aggregate(text, (t, k) => t.Replace(k, string.Empty, StringComparison.Ordinal));

    private static bool HasLoneSurrogate(string value) =>
        value.Select((c, i) => char.IsHighSurrogate(c) ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) : !char.IsLowSurrogate(c) || i > 0 && char.IsHighSurrogate(value[i - 1]))
            .Any(ok => !ok);

    private static bool IsPrivateUse(char c) => c is >= '\uE000' and <= '\uF8FF';

    private static bool IsFormat(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static string Escape(string value) => string.Concat(value.Take(200).Select(c => c < ' ' || c > '~' && !char.IsLetter(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"^</?[^\s/>]*")]
    private static partial Regex TagNameRegex();

    [GeneratedRegex("""\s(?<name>[^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")]
    private static partial Regex AttributeRegex();
}
