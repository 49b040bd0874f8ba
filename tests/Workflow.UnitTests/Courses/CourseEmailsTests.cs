using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Courses;
using Workflow.Courses.Links;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.Templates;

namespace Workflow.UnitTests.Courses;

public sealed partial class CourseEmailsTests
{
    private const string BaseUrl = "https://dieuhanh.example.vn";
    private const string Organisation = "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa";
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly LinkTokens _tokens;
    private readonly CourseEmails _emails;

    public CourseEmailsTests()
    {
        _tokens = new LinkTokens(
            Options.Create(new LinkOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7)).ToArray()) } }),
            _time);
        _emails = new CourseEmails(
            new TemplateRenderer(),
            _tokens,
            Options.Create(new WorkflowOptions { PublicBaseUrl = BaseUrl + "/", OrganisationName = Organisation }));
    }

    /// <summary>A Thursday afternoon session given in UTC, and a two-day session crossing midnight in Vietnam but not in UTC.</summary>
    private static Course NewCourse(string language = "vi", string title = "Bồi dưỡng nghiệp vụ công tác dân vận") => new(
        "c0ffee0123456789",
        new CourseDefinition
        {
            Title = title,
            Description = "Chuyên đề: Chính quyền phòng ngừa, xử lý điểm nóng",
            Presenters = ["Nguyễn Thế Trung", "Lê Thị Hà"],
            Venue = "Hội trường Ban Dân vận Tỉnh ủy",
            Sessions =
            [
                new CourseSession(new DateTimeOffset(2027, 5, 14, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 5, 14, 18, 30, 0, TimeSpan.Zero)),
                new CourseSession(new DateTimeOffset(2027, 5, 13, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 5, 13, 10, 0, 0, TimeSpan.Zero)),
            ],
            RsvpDeadline = new DateTimeOffset(2027, 5, 6, 17, 0, 0, Vn),
            OrganiserEmails = ["bandanvan@example.vn", "Van.Phong@Example.vn"],
            Language = language,
        },
        CoursePhase.Inviting,
        new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 4, 21, 2, 0, 0, TimeSpan.Zero));

    private static Invitee Person(string id, string name, string email, string? unit = null, InviteeStatus status = InviteeStatus.Pending) =>
        new("c0ffee0123456789", id, name, email, unit, null, status, null, false, null, EmailStatus.Sent, null, null);

    private static readonly Invitee[] People =
    [
        Person("a1a1a1a1a1a1a1a1a1a1", "Nguyễn Văn An", "an.nguyen@example.vn", "Sở Nội vụ"),
        Person("b2b2b2b2b2b2b2b2b2b2", "Lê <b>& Bình", "binh.le@example.vn", "UBND phường Hạc Thành"),
    ];

    /// <summary>What one person receives: the batch with that recipient's substitutions applied, as every sender does.</summary>
    private static (string Subject, string Html, string Text) For(EmailBatch batch, EmailRecipient recipient) =>
        (EmailSubstitutions.Apply(batch.Subject, recipient.Substitutions),
         EmailSubstitutions.Apply(batch.Html, recipient.Substitutions),
         EmailSubstitutions.Apply(batch.Text, recipient.Substitutions));

    [Fact]
    public void Vietnamese_invitation_names_the_course_and_shows_sessions_in_Vietnam_time()
    {
        var batch = _emails.Invitation(NewCourse(), People);

        Assert.Equal("invitation", batch.Kind);
        Assert.Equal("Thư mời tham dự: Bồi dưỡng nghiệp vụ công tác dân vận", batch.Subject);
        var (_, html, text) = For(batch, batch.Recipients[0]);
        foreach (var body in new[] { html, text })
        {
            Assert.Contains("Thứ Năm, 13/05/2027, 14:00 – 17:00", body, StringComparison.Ordinal);
            // 23:00 on Friday to 01:30 on Saturday in Vietnam: the end is on another day, so it carries its date.
            Assert.Contains("Thứ Sáu, 14/05/2027, 23:00 – Thứ Bảy, 15/05/2027, 01:30", body, StringComparison.Ordinal);
            Assert.Contains("Thứ Năm, 06/05/2027, 17:00", body, StringComparison.Ordinal); // the RSVP deadline
            Assert.Contains("Hội trường Ban Dân vận Tỉnh ủy", body, StringComparison.Ordinal);
            Assert.Contains("Nguyễn Thế Trung, Lê Thị Hà", body, StringComparison.Ordinal);
            Assert.Contains(Organisation, body, StringComparison.Ordinal);
            Assert.Contains("Kính gửi", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Dear", body, StringComparison.Ordinal);
        }

        // Sessions in time order, whatever order they were given in.
        Assert.True(text.IndexOf("13/05/2027", StringComparison.Ordinal) < text.IndexOf("14/05/2027", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_recipient_gets_their_own_name_and_a_reply_link_that_verifies_to_them()
    {
        var course = NewCourse();
        var batch = _emails.Invitation(course, People);

        Assert.Equal(["an.nguyen@example.vn", "binh.le@example.vn"], batch.Recipients.Select(r => r.Email));
        // The display name leaves out what means something in an address list (< > , ; " ...); the greeting keeps the name as written.
        Assert.Equal(["Nguyễn Văn An", "Lê b & Bình"], batch.Recipients.Select(r => r.Name));
        for (var i = 0; i < People.Length; i++)
        {
            var person = People[i];
            var (subject, html, text) = For(batch, batch.Recipients[i]);

            Assert.Contains("Kính gửi " + person.Name + ",", text, StringComparison.Ordinal);
            Assert.DoesNotContain(People[1 - i].Name, text, StringComparison.Ordinal);
            Assert.DoesNotContain(People[1 - i].Email, html, StringComparison.Ordinal);

            var textLinks = LinkRegex().Matches(text).Select(m => m.Value).ToList();
            var htmlLinks = DevOutbox.ExtractLinks(html);
            var link = Assert.Single(textLinks.Distinct());
            Assert.Equal([link], htmlLinks);
            Assert.StartsWith(BaseUrl + "/api/r/", link, StringComparison.Ordinal); // no double slash from the configured trailing '/'
            Assert.Equal(LinkCheck.Valid, _tokens.Verify(link[(BaseUrl + "/api/r/").Length..], LinkPurpose.Rsvp, out var claims));
            Assert.Equal(course.Id, claims!.CourseId);
            Assert.Equal(person.Id, claims.InviteeId);
            // Valid until the course starts (late replies are still taken until then).
            Assert.Equal(new DateTimeOffset(2027, 5, 13, 7, 0, 0, TimeSpan.Zero), claims.ExpiresAt);
            Assert.DoesNotContain(SubstitutionKeys.Open.ToString(), subject + html + text, StringComparison.Ordinal); // every key was replaced
        }
    }

    [Fact]
    public void A_name_with_markup_is_encoded_in_html_and_kept_as_written_in_text()
    {
        var batch = _emails.Invitation(NewCourse(), People);
        var (_, html, text) = For(batch, batch.Recipients[1]);

        // The markup is encoded (the reader sees the characters, the mail client no tag) and reads back as written.
        Assert.Contains("&lt;b&gt;&amp; B", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("Kính gửi Lê <b>& Bình,", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Kính gửi Lê <b>& Bình,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_in_course_data_is_encoded_in_html()
    {
        var course = NewCourse(title: "Lớp <b>đặc biệt</b> & \"mới\"");
        course = course with
        {
            Definition = course.Definition with
            {
                Venue = "<script>alert(1)</script> Hội trường",
                Description = "<img src=x onerror=alert(1)>",
                Presenters = ["<i>Nguyễn</i>"],
            },
        };
        var batch = _emails.Invitation(course, People);
        var (subject, html, text) = For(batch, batch.Recipients[0]);

        Assert.Equal("Thư mời tham dự: Lớp <b>đặc biệt</b> & \"mới\"", subject); // a subject is plain text
        Assert.Contains("Lớp &lt;b&gt;đặc biệt&lt;/b&gt; &amp; ", html, StringComparison.Ordinal);
        foreach (var markup in new[] { "<b>", "<script>", "<img", "<i>" })
        {
            Assert.DoesNotContain(markup, html, StringComparison.Ordinal);
        }

        Assert.Contains("<script>alert(1)</script> Hội trường", text, StringComparison.Ordinal);
        // The layout's <title> carries the subject, encoded too.
        Assert.Matches("<title>Thư mời tham dự: Lớp &lt;b&gt;", html);
    }

    [Fact]
    public void English_course_gives_english_words_and_weekdays()
    {
        var batch = _emails.Invitation(NewCourse("en"), People);
        var (subject, html, text) = For(batch, batch.Recipients[0]);

        Assert.Equal("Invitation: Bồi dưỡng nghiệp vụ công tác dân vận", subject);
        foreach (var body in new[] { html, text })
        {
            Assert.Contains("Dear Nguyễn Văn An,", body, StringComparison.Ordinal);
            Assert.Contains("Thursday, 13/05/2027, 14:00 – 17:00", body, StringComparison.Ordinal);
            Assert.Contains("Please reply by", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Kính gửi", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Thứ", body, StringComparison.Ordinal);
        }

        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Equal("Reminder to reply: Bồi dưỡng nghiệp vụ công tác dân vận", _emails.Reminder(NewCourse("en"), People, _time.GetUtcNow()).Subject);
    }

    [Fact]
    public void Message_ids_are_deterministic_per_person_and_per_reminder_time()
    {
        var course = NewCourse();
        var first = _emails.Invitation(course, People).Recipients.Select(r => r.MessageId).ToList();
        var again = _emails.Invitation(course, People.Reverse().ToArray()).Recipients.Select(r => r.MessageId).Reverse().ToList();

        Assert.Equal(first, again);
        Assert.Equal(2, first.Distinct().Count());
        Assert.Equal("invitation:c0ffee0123456789:a1a1a1a1a1a1a1a1a1a1", first[0]);

        var at3 = new DateTimeOffset(2027, 5, 3, 10, 0, 0, TimeSpan.Zero);
        var at1 = at3.AddDays(2);
        var r3 = _emails.Reminder(course, People, at3).Recipients.Select(r => r.MessageId).ToList();
        Assert.Equal(r3, _emails.Reminder(course, People, at3).Recipients.Select(r => r.MessageId));
        Assert.Empty(r3.Intersect(_emails.Reminder(course, People, at1).Recipients.Select(r => r.MessageId)));
        Assert.Empty(r3.Intersect(first));
        // The same instant written with another offset is the same reminder.
        Assert.Equal(r3, _emails.Reminder(course, People, at3.ToOffset(Vn)).Recipients.Select(r => r.MessageId));
    }

    [Fact]
    public void Reminder_is_personal_and_in_vietnamese()
    {
        var course = NewCourse();
        var batch = _emails.Reminder(course, People, new DateTimeOffset(2027, 5, 3, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal("reminder", batch.Kind);
        Assert.Equal("Nhắc trả lời thư mời: Bồi dưỡng nghiệp vụ công tác dân vận", batch.Subject);
        var (_, html, text) = For(batch, batch.Recipients[1]);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("Kính gửi Lê <b>& Bình,", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Kính gửi Lê <b>& Bình,", text, StringComparison.Ordinal);
        var link = Assert.Single(DevOutbox.ExtractLinks(html));
        Assert.Equal(LinkCheck.Valid, _tokens.Verify(link.Split("/api/r/")[1], LinkPurpose.Rsvp, out var claims));
        Assert.Equal(People[1].Id, claims!.InviteeId);
    }

    [Fact]
    public void A_batch_larger_than_the_sender_limit_is_refused()
    {
        var many = Enumerable.Range(0, EmailBatch.MaxRecipients + 1)
            .Select(i => Person($"id{i}", $"Người {i}", $"p{i}@example.vn"))
            .ToList();

        Assert.Throws<ArgumentOutOfRangeException>(() => _emails.Invitation(NewCourse(), many));
    }

    [Fact]
    public void Rsvp_summary_goes_to_each_organiser_with_counts_per_unit_and_no_invitee_addresses()
    {
        var course = NewCourse();
        Invitee[] invitees =
        [
            Person("i1", "Nguyễn Văn An", "an.nguyen@example.vn", "Sở Nội vụ", InviteeStatus.Accepted),
            Person("i2", "Trần Thị Bình", "binh.tran@example.vn", "Sở Nội vụ", InviteeStatus.NoResponse),
            Person("i3", "Lê Văn Cường", "cuong.le@example.vn", "Sở Nội vụ", InviteeStatus.Declined),
            Person("i4", "Phạm Thị Dung", "dung.pham@example.vn", "Đảng ủy xã Quảng Phú", InviteeStatus.Accepted),
            Person("i5", "Hoàng Văn Em", "em.hoang@example.vn", "Ban <Tổ chức> & Kiểm tra", InviteeStatus.NoResponse),
            Person("i6", "Vũ Thị Giang", "giang.vu@example.vn", null, InviteeStatus.Accepted),
        ];

        var batch = _emails.RsvpSummary(course, invitees);

        Assert.Equal("Tổng hợp trả lời thư mời: Bồi dưỡng nghiệp vụ công tác dân vận", batch.Subject);
        Assert.Equal(["bandanvan@example.vn", "Van.Phong@Example.vn"], batch.Recipients.Select(r => r.Email));
        Assert.Equal(
            ["rsvp-summary:c0ffee0123456789:bandanvan@example.vn", "rsvp-summary:c0ffee0123456789:van.phong@example.vn"],
            batch.Recipients.Select(r => r.MessageId));

        var (subject, html, text) = For(batch, batch.Recipients[0]);
        Assert.Contains("- Sở Nội vụ: Được mời 3, Nhận lời 1, Từ chối 1, Không trả lời 1", text, StringComparison.Ordinal);
        Assert.Contains("- Đảng ủy xã Quảng Phú: Được mời 1, Nhận lời 1, Từ chối 0, Không trả lời 0", text, StringComparison.Ordinal);
        Assert.Contains("- (không ghi đơn vị): Được mời 1, Nhận lời 1, Từ chối 0, Không trả lời 0", text, StringComparison.Ordinal);
        Assert.Contains("Tổng cộng: Được mời 6, Nhận lời 3, Từ chối 1, Không trả lời 2", text, StringComparison.Ordinal);
        Assert.Contains("Ban &lt;Tổ chức&gt; &amp; Kiểm tra", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Tổ chức>", html, StringComparison.Ordinal);

        // Units in Vietnamese alphabetical order: "Ban" < "Đảng" < "Sở".
        Assert.True(text.IndexOf("- Ban <Tổ chức>", StringComparison.Ordinal) < text.IndexOf("- Đảng ủy", StringComparison.Ordinal));
        Assert.True(text.IndexOf("- Đảng ủy", StringComparison.Ordinal) < text.IndexOf("- Sở Nội vụ", StringComparison.Ordinal));

        foreach (var person in invitees)
        {
            Assert.DoesNotContain(person.Email, subject + html + text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.Name, subject + html + text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(DevOutbox.ExtractLinks(html), l => l.Contains("/api/r/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vi", "- Nguyễn Văn An <an.nguyen@example.vn> (thư mời): Dịch vụ email đã từ chối gửi thư này. Nguyên văn của dịch vụ email: “Does not contain a valid address.”",
        "- Lê Thị Hà <ha.le@example.vn> (thư nhắc): Dịch vụ email không trả lời kịp nên không rõ thư đã đến hay chưa.")]
    [InlineData("en", "- Nguyễn Văn An <an.nguyen@example.vn> (invitation): The email service refused to send this message. The email service's words: “Does not contain a valid address.”",
        "- Lê Thị Hà <ha.le@example.vn> (reminder): The email service did not answer in time, so the message may or may not have been delivered.")]
    public void Rsvp_summary_says_why_an_email_failed_in_the_course_s_language_with_the_service_s_words_as_data(string language, string refused, string unconfirmed)
    {
        Invitee[] invitees =
        [
            Person("i1", "Nguyễn Văn An", "an.nguyen@example.vn", "Sở Nội vụ") with { EmailStatus = EmailStatus.Failed, EmailError = EmailFailure.Refused(400, "Does not contain a valid address.") },
            Person("i2", "Lê Thị Hà", "ha.le@example.vn", "Sở Nội vụ") with { EmailError = EmailFailure.Unconfirmed(TimeSpan.FromSeconds(100)) },
        ];

        var batch = _emails.RsvpSummary(NewCourse(language), invitees);
        var (_, html, text) = For(batch, batch.Recipients[0]);

        Assert.Contains(refused, text, StringComparison.Ordinal);
        Assert.Contains(unconfirmed, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused by", text + html, StringComparison.Ordinal);
        Assert.DoesNotContain("(400)", text + html, StringComparison.Ordinal);
        Assert.DoesNotContain("100 s", text + html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkRegex();
}
