using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Courses;
using Workflow.Courses.Calendar;
using Workflow.Courses.Links;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.Templates;
using IcalCalendar = Ical.Net.Calendar;

namespace Workflow.UnitTests.Courses.Calendar;

/// <summary>The emails that carry the .ics: one per person, the person's own link in the file, the course's language.</summary>
public sealed class CalendarEmailsTests
{
    private const string BaseUrl = "https://dieuhanh.example.vn";
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 4, 22, 2, 0, 0, TimeSpan.Zero));
    private readonly LinkTokens _tokens;
    private readonly CalendarEmails _emails;

    public CalendarEmailsTests()
    {
        _tokens = new LinkTokens(
            Options.Create(new LinkOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 11)).ToArray()) } }),
            _time);
        var templates = new TemplateRenderer();
        var workflow = Options.Create(new WorkflowOptions { PublicBaseUrl = BaseUrl, OrganisationName = "Ban Tuyên giáo và Dân vận Tỉnh ủy" });
        var courses = new CourseEmails(templates, _tokens, workflow);
        _emails = new CalendarEmails(templates, courses, new CourseChangeEmails(templates, courses), new Workflow.Courses.Attendance.CheckInLinks(_tokens, workflow), workflow);
    }

    private static Course NewCourse(string language = "vi") => new(
        "c0ffee0123456789",
        new CourseDefinition
        {
            Title = "Bồi dưỡng nghiệp vụ công tác dân vận",
            Description = "Chuyên đề: dân vận chính quyền",
            Presenters = ["Nguyễn Thế Trung"],
            Venue = "Hội trường Ban Dân vận Tỉnh ủy",
            Sessions = [new CourseSession(new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn), new DateTimeOffset(2027, 5, 13, 17, 0, 0, Vn))],
            RsvpDeadline = new DateTimeOffset(2027, 5, 6, 17, 0, 0, Vn),
            OrganiserEmails = ["bandanvan@example.vn"],
            Language = language,
        },
        CoursePhase.Inviting,
        new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 4, 21, 2, 0, 0, TimeSpan.Zero));

    private static readonly Invitee An = new("c0ffee0123456789", "a1a1a1a1a1a1a1a1a1a1", "Nguyễn Văn An", "an@example.vn", "Sở Nội vụ", null, InviteeStatus.Accepted, null, false, null, EmailStatus.Sent, null, null) { Arrival = 7 };

    private static (IcalCalendar Calendar, string Link) Calendar(EmailBatch batch)
    {
        var file = Assert.Single(batch.Attachments!);
        Assert.Equal("text/calendar", file.ContentType);
        var calendar = IcalCalendar.Load(Encoding.UTF8.GetString(file.Content.Span))!;
        var description = Assert.Single(calendar.Events).Description!;
        var link = description.Split('\n').Select(l => l[(l.IndexOf("https://", StringComparison.Ordinal) is var i and >= 0 ? i : l.Length)..]).Single(l => l.Length > 0);
        return (calendar, link);
    }

    [Fact]
    public void The_confirmation_is_one_email_named_by_the_acceptance_with_the_file_holding_the_persons_own_link()
    {
        var batch = _emails.Confirmation(NewCourse(), An);

        Assert.Equal("confirmation", batch.Kind);
        Assert.Equal("Xác nhận đăng ký tham dự: Bồi dưỡng nghiệp vụ công tác dân vận", batch.Subject);
        var recipient = Assert.Single(batch.Recipients);
        Assert.Equal(("confirmation:c0ffee0123456789:a1a1a1a1a1a1a1a1a1a1:7", "an@example.vn"), (recipient.MessageId, recipient.Email));
        Assert.Equal("lich-hoc.ics", batch.Attachments![0].FileName);
        Assert.Contains("Tệp lịch (.ics) đính kèm", batch.Text, StringComparison.Ordinal);

        var (calendar, link) = Calendar(batch);
        var e = Events(calendar)[0];
        Assert.Equal(("Bồi dưỡng nghiệp vụ công tác dân vận", "Hội trường Ban Dân vận Tỉnh ủy"), (e.Summary, e.Location));
        Assert.Contains("Trang cá nhân của đồng chí", e.Description, StringComparison.Ordinal);
        Assert.Contains("Thứ Năm, 13/05/2027, 14:00", e.Description, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Thế Trung", e.Description, StringComparison.Ordinal);
        Assert.Equal(recipient.Substitutions[SubstitutionKeys.Link], link); // the same personal page as the email's button
        Assert.Equal(LinkCheck.Valid, _tokens.Verify(link.Split("/api/r/")[1], LinkPurpose.Rsvp, out var claims));
        Assert.Equal((NewCourse().Id, An.Id), (claims!.CourseId, claims.InviteeId));
    }

    [Fact]
    public void An_english_course_gets_english_words_in_the_email_and_the_file()
    {
        var batch = _emails.CourseReminder(NewCourse("en"), An, new DateTimeOffset(2027, 5, 12, 7, 0, 0, TimeSpan.Zero));

        Assert.Equal("Course reminder: Bồi dưỡng nghiệp vụ công tác dân vận", batch.Subject);
        Assert.Equal($"courseReminder:c0ffee0123456789:a1a1a1a1a1a1a1a1a1a1:{new DateTimeOffset(2027, 5, 12, 7, 0, 0, TimeSpan.Zero).UtcTicks}", batch.Recipients[0].MessageId);
        Assert.Equal("course.ics", batch.Attachments![0].FileName);
        Assert.Contains("Your personal page", Events(Calendar(batch).Calendar)[0].Description, StringComparison.Ordinal);

        // The reminder's personal link is the check-in page (the QR code at the door), a link of its own purpose.
        var link = batch.Recipients[0].Substitutions.Values.Single(v => v.StartsWith(BaseUrl + "/api/r/", StringComparison.Ordinal));
        Assert.Equal(LinkCheck.Valid, _tokens.Verify(link[(BaseUrl.Length + "/api/r/".Length)..], LinkPurpose.CheckIn, out _));
        Assert.Contains("Your check-in page", batch.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_promotion_and_the_reschedule_notice_carry_the_file_with_the_courses_sequence()
    {
        var course = NewCourse() with { Changes = new CourseChanges { Version = 3, Previous = CourseTimes.Of(NewCourse().Definition) } };

        var promotion = _emails.Promotion(course, An);
        var notice = _emails.Rescheduled(course, An, 3);

        Assert.Equal("promoted:c0ffee0123456789:a1a1a1a1a1a1a1a1a1a1", Assert.Single(promotion.Recipients).MessageId);
        Assert.Equal("rescheduled:c0ffee0123456789:a1a1a1a1a1a1a1a1a1a1:3", Assert.Single(notice.Recipients).MessageId);
        Assert.Equal(3, Events(Calendar(promotion).Calendar)[0].Sequence);
        Assert.Equal(3, Events(Calendar(notice).Calendar)[0].Sequence);
        Assert.Contains("Tệp lịch (.ics) đính kèm", notice.Text, StringComparison.Ordinal);
        Assert.Contains("Tệp lịch (.ics) đính kèm", promotion.Html, StringComparison.Ordinal);
    }

    private static Ical.Net.CalendarComponents.CalendarEvent[] Events(IcalCalendar calendar) => [.. calendar.Events];
}
