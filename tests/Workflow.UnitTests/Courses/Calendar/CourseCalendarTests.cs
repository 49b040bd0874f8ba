using System.Text;
using Ical.Net.CalendarComponents;
using Workflow.Courses;
using Workflow.Courses.Calendar;
using IcalCalendar = Ical.Net.Calendar;

namespace Workflow.UnitTests.Courses.Calendar;

/// <summary>The course's .ics as a pure function of the course: every field parsed back with Ical.Net.</summary>
public sealed class CourseCalendarTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly CalendarText Text = new("Bồi dưỡng nghiệp vụ công tác dân vận", "Hội trường Ban Dân vận Tỉnh ủy", "Trang cá nhân: https://dieuhanh.example.vn/api/r/abc");

    /// <summary>Two sessions given in Vietnam time (the second one first in time), changed twice since the start.</summary>
    private static Course NewCourse(int version = 2, CourseTimes? previous = null) => new(
        "c0ffee0123456789",
        new CourseDefinition
        {
            Title = "ignored: the text comes rendered",
            Venue = "ignored",
            Sessions =
            [
                new CourseSession(new DateTimeOffset(2027, 5, 14, 8, 0, 0, Vn), new DateTimeOffset(2027, 5, 14, 11, 30, 0, Vn)),
                new CourseSession(new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn), new DateTimeOffset(2027, 5, 13, 17, 0, 0, Vn)),
            ],
            RsvpDeadline = new DateTimeOffset(2027, 5, 6, 17, 0, 0, Vn),
            OrganiserEmails = ["bandanvan@example.vn", "vanphong@example.vn"],
        },
        CoursePhase.Inviting,
        new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 4, 21, 2, 0, 0, TimeSpan.Zero),
        new CourseChanges { Version = version, NoticeVersion = version, ChangedAt = new DateTimeOffset(2027, 4, 25, 3, 0, 0, TimeSpan.Zero), Previous = previous });

    private static (IcalCalendar Calendar, string Raw) Parse(byte[] bytes)
    {
        var raw = Encoding.UTF8.GetString(bytes);
        return (IcalCalendar.Load(raw) ?? throw new InvalidOperationException("no calendar"), raw);
    }

    [Fact]
    public void A_course_is_published_as_one_event_per_session_with_every_field_in_utc()
    {
        var (calendar, raw) = Parse(CourseCalendar.Build(NewCourse(), Text, "Ban Tuyên giáo và Dân vận Tỉnh ủy"));

        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal(CourseCalendar.ProductId, calendar.ProductId);
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal(["c0ffee0123456789-0@workflow", "c0ffee0123456789-1@workflow"], calendar.Events.Select(e => e.Uid));
        var first = Events(calendar)[0];
        Assert.True(first.Start!.IsUtc);
        Assert.Equal(new DateTime(2027, 5, 14, 1, 0, 0, DateTimeKind.Utc), first.Start.AsUtc);
        Assert.Equal(new DateTime(2027, 5, 14, 4, 30, 0, DateTimeKind.Utc), first.End!.AsUtc);
        Assert.Equal(new DateTime(2027, 5, 13, 7, 0, 0, DateTimeKind.Utc), Events(calendar)[1].Start!.AsUtc);
        Assert.Contains("DTSTART:20270514T010000Z\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("DTEND:20270513T100000Z\r\n", raw, StringComparison.Ordinal);
        foreach (var e in calendar.Events)
        {
            Assert.Equal(2, e.Sequence);
            Assert.Equal(Text.Summary, e.Summary);
            Assert.Equal(Text.Location, e.Location);
            Assert.Equal(Text.Description, e.Description);
            Assert.Equal("CONFIRMED", e.Status);
            Assert.Equal(new Uri("mailto:bandanvan@example.vn"), e.Organizer!.Value);
            Assert.Equal("Ban Tuyên giáo và Dân vận Tỉnh ủy", e.Organizer.CommonName);
            Assert.Equal(new DateTime(2027, 4, 25, 3, 0, 0, DateTimeKind.Utc), e.DtStamp!.AsUtc); // the last change, not "now"
        }

        Assert.DoesNotContain("VTIMEZONE", raw, StringComparison.Ordinal);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", raw, StringComparison.Ordinal);
        Assert.False(Encoding.UTF8.GetPreamble().SequenceEqual(CourseCalendar.Build(NewCourse(), Text).Take(3)));
    }

    [Fact]
    public void The_same_course_gives_the_same_bytes()
    {
        Assert.Equal(CourseCalendar.Build(NewCourse(), Text, "Ban"), CourseCalendar.Build(NewCourse(), Text, "Ban"));
    }

    [Fact]
    public void A_reschedule_keeps_the_uids_raises_the_sequence_and_cancels_a_dropped_session()
    {
        var before = NewCourse(version: 0);
        var moved = new CourseSession(new DateTimeOffset(2027, 5, 20, 8, 0, 0, Vn), new DateTimeOffset(2027, 5, 20, 11, 0, 0, Vn));
        var after = before with
        {
            Definition = before.Definition with { Sessions = [moved] },
            Changes = new CourseChanges { Version = 1, ChangedAt = new DateTimeOffset(2027, 4, 26, 0, 0, 0, TimeSpan.Zero), Previous = CourseTimes.Of(before.Definition) },
        };

        var (old, _) = Parse(CourseCalendar.Build(before, Text));
        var (updated, _) = Parse(CourseCalendar.Build(after, Text));

        Assert.Equal(old.Events.Select(e => e.Uid), updated.Events.Select(e => e.Uid));
        Assert.All(old.Events, e => Assert.Equal(0, e.Sequence));
        Assert.All(updated.Events, e => Assert.Equal(1, e.Sequence));
        Assert.Equal(("CONFIRMED", moved.Start.UtcDateTime), (Events(updated)[0].Status, Events(updated)[0].Start!.AsUtc));
        Assert.Equal(("CANCELLED", before.Definition.Sessions[1].Start.UtcDateTime), (Events(updated)[1].Status, Events(updated)[1].Start!.AsUtc));
    }

    [Theory]
    [InlineData("Lớp; học, mới\r\nBcc: evil@example.com\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@x\\n \\; \"q\" 'a'")]
    [InlineData("ORGANIZER:mailto:evil@example.com\nLOCATION:x\rSUMMARY:y")]
    [InlineData("Một dòng rất dài có dấu tiếng Việt ở mỗi chữ: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự; và hơn thế nữa, mãi mãi")]
    public void User_text_with_line_breaks_and_separators_cannot_break_the_file(string typed)
    {
        var text = new CalendarText(typed, typed + " (venue)", typed + "\n\n" + typed);

        var (calendar, raw) = Parse(CourseCalendar.Build(NewCourse(), text, "Ban \"Dân vận\"; Tỉnh ủy:\r\nX"));

        Assert.Equal(2, calendar.Events.Count);
        Assert.Equal(["c0ffee0123456789-0@workflow", "c0ffee0123456789-1@workflow"], calendar.Events.Select(e => e.Uid));
        var expected = (Summary: Lf(typed), Location: Lf(typed) + " (venue)", Description: Lf(typed) + "\n\n" + Lf(typed));
        Assert.All(calendar.Events, e =>
        {
            Assert.Equal(expected, (e.Summary, e.Location, e.Description));
            Assert.Equal(new Uri("mailto:bandanvan@example.vn"), e.Organizer!.Value);
            Assert.Equal("Ban Dân vận; Tỉnh ủy:X", e.Organizer.CommonName);
        });

        // Every line ends with CRLF and is folded at 75 octets; nothing typed starts a line of its own.
        var lines = raw.Split("\r\n");
        Assert.Equal(string.Empty, lines[^1]);
        Assert.DoesNotContain('\n', string.Concat(lines));
        Assert.DoesNotContain('\r', string.Concat(lines));
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, l));
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.Equal(2, lines.Count(l => l.StartsWith("UID:", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.StartsWith("ORGANIZER", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("BCC", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_file_name_follows_the_course_language()
    {
        Assert.Equal(("lich-hoc.ics", "course.ics"), (CourseCalendar.FileName("vi"), CourseCalendar.FileName("en")));
        Assert.Equal("text/calendar", CourseCalendar.ContentType);
    }

    private static string Lf(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static Ical.Net.CalendarComponents.CalendarEvent[] Events(IcalCalendar calendar) => [.. calendar.Events];
}
