using Workflow.Courses;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Courses;

public sealed class CourseValidationTests
{
    private static readonly DateTimeOffset Now = new(2027, 4, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private static readonly CourseDefinition Good = new()
    {
        Title = "Bồi dưỡng nghiệp vụ cán bộ phụ trách công tác dân vận các cơ quan Nhà nước",
        Description = "Chuyên đề: Chính quyền phòng ngừa, giải quyết, xử lý điểm nóng",
        Presenters = ["Nguyễn Thế Trung"],
        Venue = "Hội trường Ban Dân vận Tỉnh ủy",
        Sessions = [new CourseSession(new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn), new DateTimeOffset(2027, 5, 13, 17, 0, 0, Vn))],
        RsvpDeadline = new DateTimeOffset(2027, 5, 6, 17, 0, 0, Vn),
        Capacity = 120,
        OrganiserEmails = ["bandanvan@example.vn"],
        Language = "vi",
        Reminders = new ReminderPolicy { BeforeRsvpDeadline = ["P3D", "P1D"], BeforeCourse = ["P1D"] },
    };

    private static Dictionary<string, string[]> Validate(CourseDefinition course) =>
        CourseValidation.Validate(course, Now).ToDictionary(e => e.Key, e => e.Value.Select(p => p.En()).ToArray(), StringComparer.Ordinal);

    private static Dictionary<string, Phrase[]> Phrases(CourseDefinition course) => CourseValidation.Validate(course, Now);

    [Fact]
    public void The_spec_example_is_valid()
    {
        Assert.Empty(Validate(Good));
        Assert.Empty(Validate(Good with { Language = "en", Capacity = null, Description = null, Presenters = [] }));
    }

    [Fact]
    public void An_empty_course_names_every_required_field()
    {
        var errors = Validate(new CourseDefinition { Reminders = new ReminderPolicy() });

        Assert.Equal(["organiserEmails", "rsvpDeadline", "sessions", "title", "venue"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.NotEmpty(messages));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("")]
    public void A_blank_title_or_venue_is_refused(string blank)
    {
        Assert.Contains("title", Validate(Good with { Title = blank }).Keys);
        Assert.Contains("venue", Validate(Good with { Venue = blank }).Keys);
    }

    [Fact]
    public void Overlong_text_language_capacity_and_presenters_are_refused_by_field()
    {
        Assert.Equal(["title"], Validate(Good with { Title = new string('x', CourseValidation.MaxTitle + 1) }).Keys);
        Assert.Empty(Validate(Good with { Title = new string('x', CourseValidation.MaxTitle) }));
        Assert.Equal(["description"], Validate(Good with { Description = new string('x', CourseValidation.MaxDescription + 1) }).Keys);
        Assert.Equal(["language"], Validate(Good with { Language = "fr" }).Keys);
        Assert.Equal(["capacity"], Validate(Good with { Capacity = 0 }).Keys);
        Assert.Equal(["presenters[1]"], Validate(Good with { Presenters = ["Nguyễn Thế Trung", " "] }).Keys);
    }

    [Fact]
    public void Unit_quotas_are_optional_and_each_bad_row_is_named()
    {
        Assert.Empty(Validate(Good with { UnitQuotas = [new UnitQuota("Sở Nội vụ", 5), new UnitQuota("Sở Tư pháp", 3)] }));
        Assert.Equal(["unitQuotas[1].quota"], Validate(Good with { UnitQuotas = [new UnitQuota("Sở Nội vụ", 5), new UnitQuota("Sở Tư pháp", 0)] }).Keys);
        Assert.Equal(["unitQuotas[0].unit"], Validate(Good with { UnitQuotas = [new UnitQuota(" ", 5)] }).Keys);
        Assert.Equal(["unitQuotas[0].unit"], Validate(Good with { UnitQuotas = [new UnitQuota("a\nb", 5)] }).Keys);
        Assert.Equal(["unitQuotas[1].unit"], Validate(Good with { UnitQuotas = [new UnitQuota("Sở Nội vụ", 5), new UnitQuota(" sở nội vụ", 1)] }).Keys);
    }

    [Fact]
    public void A_session_ending_before_or_when_it_starts_is_refused_with_its_index()
    {
        var start = new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn);
        var errors = Validate(Good with
        {
            Sessions =
            [
                new CourseSession(start, start.AddHours(3)),
                new CourseSession(start.AddDays(1), start.AddDays(1).AddHours(-1)),
                new CourseSession(start.AddDays(2), start.AddDays(2)),
            ],
        });

        Assert.Equal(["sessions[1]", "sessions[2]"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_session_is_refused()
    {
        Assert.Equal(["sessions"], Validate(Good with { Sessions = [] }).Keys);
    }

    [Fact]
    public void An_rsvp_deadline_after_the_first_session_starts_is_refused()
    {
        var first = new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn);
        var course = Good with
        {
            // The first session is the earliest one, not the first listed.
            Sessions = [new CourseSession(first.AddDays(1), first.AddDays(1).AddHours(3)), new CourseSession(first, first.AddHours(3))],
        };

        Assert.Empty(Validate(course with { RsvpDeadline = first }));
        var errors = Validate(course with { RsvpDeadline = first.AddMinutes(1) });
        Assert.Equal(["rsvpDeadline"], errors.Keys);
        Assert.Contains("first session", errors["rsvpDeadline"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_rsvp_deadline_in_the_past_or_now_is_refused()
    {
        Assert.Equal(["rsvpDeadline"], Validate(Good with { RsvpDeadline = Now.AddMinutes(-1) }).Keys);
        Assert.Equal(["rsvpDeadline"], Validate(Good with { RsvpDeadline = Now }).Keys);
        Assert.Empty(Validate(Good with { RsvpDeadline = Now.AddMinutes(1) }));
    }

    [Theory]
    [InlineData("an@example.vn", true)]
    [InlineData("nguyen.van.an+dv@so-noivu.thanhhoa.gov.vn", true)]
    [InlineData("an@localhost", false)]
    [InlineData("an.example.vn", false)]
    [InlineData("an@@example.vn", false)]
    [InlineData(" an@example.vn", false)]
    [InlineData("Nguyễn An <an@example.vn>", false)]
    [InlineData("an@example.vn, binh@example.vn", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Email_addresses(string? email, bool valid)
    {
        Assert.Equal(valid, CourseValidation.IsEmail(email));
    }

    [Fact]
    public void Bad_or_missing_organiser_emails_are_refused()
    {
        Assert.Equal(["organiserEmails"], Validate(Good with { OrganiserEmails = [] }).Keys);
        Assert.Equal(["organiserEmails[1]"], Validate(Good with { OrganiserEmails = ["bandanvan@example.vn", "not an email"] }).Keys);
    }

    [Theory]
    [InlineData("P3D", 3 * 24 * 3600)]
    [InlineData("PT30S", 30)]
    [InlineData("PT12H", 12 * 3600)]
    [InlineData("P1DT12H", 36 * 3600)]
    [InlineData("PT90M", 90 * 60)]
    public void Positive_day_and_time_durations_are_accepted(string text, int seconds)
    {
        Assert.True(CourseValidation.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Fact]
    public void Line_breaks_in_one_line_fields_are_refused_by_field()
    {
        Assert.Equal(["title"], Validate(Good with { Title = "Lớp A\r\nBcc: x@example.vn" }).Keys);
        Assert.Equal(["venue"], Validate(Good with { Venue = "Hội trường\n" }).Keys);
        Assert.Equal(["presenters[0]"], Validate(Good with { Presenters = ["Nguyễn\u2028Trung"] }).Keys);
        Assert.Empty(Validate(Good with { Description = "Dòng 1\r\nDòng 2" }));
    }

    [Theory]
    [InlineData("P366D")]
    [InlineData("P3650000D")]
    [InlineData("PT8785H")]
    [InlineData("P10675199D")]
    public void Durations_over_one_year_are_refused(string text)
    {
        Assert.False(CourseValidation.TryParseDuration(text, out _));
        Assert.Equal(["reminders.beforeRsvpDeadline[0]"], Validate(Good with { Reminders = new ReminderPolicy { BeforeRsvpDeadline = [text] } }).Keys);
    }

    [Theory]
    [InlineData("P366D")]
    [InlineData("PT8785H")]
    [InlineData("P10675199D")]
    [InlineData("P99999999D")]
    public void An_offset_over_the_limit_is_told_the_limit_in_words_not_as_a_duration_code(string text)
    {
        var errors = Phrases(Good with { Reminders = new ReminderPolicy { BeforeCourse = [text] } });

        var message = Assert.Single(errors["reminders.beforeCourse[0]"]);
        Assert.Equal("Khoảng thời gian quá dài: tối đa 365 ngày", message.Vi());
        Assert.Equal("Too long: at most 365 days.", message.En());
    }

    [Fact]
    public void A_due_offset_over_the_limit_is_told_the_limit_in_words_by_its_field()
    {
        var errors = Phrases(Good with { FollowUp = new FollowUpPolicy { ReportDue = "P400D", RemindersBeforeDue = ["P2D", "P500D"] } });

        Assert.Equal("Khoảng thời gian quá dài: tối đa 365 ngày", Assert.Single(errors["followUp.reportDue"]).Vi());
        Assert.Equal("Too long: at most 365 days.", Assert.Single(errors["followUp.remindersBeforeDue[1]"]).En());
        Assert.All(errors.Values.SelectMany(m => m), m => Assert.DoesNotMatch("P[0-9]+D", m.Vi() + m.En()));
    }

    [Theory]
    [InlineData("P0D")]
    [InlineData("PT0S")]
    public void A_zero_offset_is_told_it_must_be_more_than_zero(string text)
    {
        var message = Assert.Single(Phrases(Good with { Reminders = new ReminderPolicy { BeforeCourse = [text] } })["reminders.beforeCourse[0]"]);
        Assert.Equal("Khoảng thời gian phải lớn hơn 0", message.Vi());
        Assert.Equal("The time must be more than zero.", message.En());
    }

    [Fact]
    public void An_offset_that_is_no_duration_names_the_form_the_API_takes_and_its_limit_in_words()
    {
        var message = Assert.Single(Phrases(Good with { Reminders = new ReminderPolicy { BeforeCourse = ["3 days"] } })["reminders.beforeCourse[0]"]);
        Assert.Equal("Use a positive ISO-8601 duration of at most 365 days, such as P3D, PT12H or PT30S.", message.En());
        Assert.DoesNotContain("P365D", message.Vi(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_in_and_follow_up_offsets_are_checked_by_field()
    {
        var errors = Validate(Good with
        {
            CheckIn = new CheckInPolicy { OpensBefore = "soon" },
            FollowUp = new FollowUpPolicy { SurveyDue = "P7D", ReportDue = "P400D", RemindersBeforeDue = ["P2D", "x"] },
        });
        Assert.Equal(["checkIn.opensBefore", "followUp.remindersBeforeDue[1]", "followUp.reportDue"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("P1M")]
    [InlineData("P1Y")]
    [InlineData("P1Y2D")]
    [InlineData("-P1D")]
    [InlineData("3 days")]
    [InlineData("PT0S")]
    [InlineData("P0D")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("1D")]
    [InlineData("")]
    [InlineData(null)]
    public void Ambiguous_negative_zero_or_free_text_durations_are_refused(string? text)
    {
        Assert.False(CourseValidation.TryParseDuration(text, out _));
    }

    [Fact]
    public void A_minute_duration_is_not_mistaken_for_a_month()
    {
        Assert.True(CourseValidation.TryParseDuration("PT1M", out var minute));
        Assert.Equal(TimeSpan.FromMinutes(1), minute);
    }

    [Fact]
    public void Bad_reminder_durations_are_refused_with_their_list_and_index()
    {
        var errors = Validate(Good with { Reminders = new ReminderPolicy { BeforeRsvpDeadline = ["P3D", "P1M", "3 days"], BeforeCourse = ["-P1D"] } });

        Assert.Equal(
            ["reminders.beforeCourse[0]", "reminders.beforeRsvpDeadline[1]", "reminders.beforeRsvpDeadline[2]"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
