using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcalCalendar = Ical.Net.Calendar;

namespace Workflow.Courses.Calendar;

/// <summary>The words of a person's calendar file, already rendered (and neutralised) by the template renderer.</summary>
/// <param name="Summary">The event title (the course title).</param>
/// <param name="Location">The venue.</param>
/// <param name="Description">The description: course, times, presenters and the person's personal page link.</param>
public sealed record CalendarText(string Summary, string Location, string Description);

/// <summary>
/// A course as an iCalendar file (RFC 5545, SPEC §2 step 7), made with Ical.Net: <c>METHOD:PUBLISH</c>, one VEVENT per
/// session, times in UTC (<c>DTSTART:…Z</c>), the first organiser as ORGANIZER, the venue as LOCATION.
/// <para>
/// Identity: a course of several sessions is several events, each with its own stable UID
/// <c>{courseId}-{n}@workflow</c> (<c>n</c> = the session's 0-based index in the organiser's order, as attendance counts
/// sessions). UIDs never change for the course's life and <c>SEQUENCE</c> is the course's change version
/// (<see cref="CourseChanges.Version"/>), so a calendar that imported an earlier file updates the same entries after a
/// reschedule. A session dropped by the last reschedule is sent again as <c>STATUS:CANCELLED</c> so calendars remove it.
/// </para>
/// Pure: the same course and text give the same bytes (DTSTAMP is the time of the course's last change, not "now").
/// User text is escaped by Ical.Net (<c>;</c> <c>,</c> <c>\</c> and line breaks), and reaches here neutralised.
/// </summary>
public static class CourseCalendar
{
    public const string ContentType = "text/calendar";
    public const string ProductId = "-//Workflow//Course calendar//VI";
    public const string UidDomain = "workflow";

    /// <summary>The attachment's file name in the course's language.</summary>
    public static string FileName(string language) => language == "en" ? "course.ics" : "lich-hoc.ics";

    /// <summary>The UID of session <paramref name="session"/> (0-based) of a course: the same for the course's whole life.</summary>
    public static string UidOf(string courseId, int session) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{courseId}-{session}@{UidDomain}");

    /// <summary>The calendar file as UTF-8 bytes (no BOM, CRLF line ends, long lines folded).</summary>
    public static byte[] Build(Course course, CalendarText text, string? organiserName = null) =>
        Encoding.UTF8.GetBytes(Serialize(course, text, organiserName));

    /// <summary>The calendar file as text.</summary>
    public static string Serialize(Course course, CalendarText text, string? organiserName = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(text);
        var definition = course.Definition;
        var calendar = new IcalCalendar { Method = "PUBLISH", ProductId = ProductId };
        var stamp = Utc(course.State.ChangedAt ?? course.StartedAt ?? course.CreatedAt);
        var organiser = definition.OrganiserEmails is [{ Length: > 0 } email, ..]
            ? new Organizer("mailto:" + email) { CommonName = ParameterValue(organiserName) }
            : null;
        var sequence = course.State.Version;

        for (var n = 0; n < definition.Sessions.Count; n++)
        {
            calendar.Events.Add(Event(course.Id, n, definition.Sessions[n], "CONFIRMED"));
        }

        // A session the last reschedule removed: the same UID, cancelled.
        var before = course.State.Previous?.Sessions ?? [];
        for (var n = definition.Sessions.Count; n < before.Count; n++)
        {
            calendar.Events.Add(Event(course.Id, n, before[n], "CANCELLED"));
        }

        return new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException("Ical.Net returned no text for the course calendar.");

        CalendarEvent Event(string courseId, int n, CourseSession session, string status) => new()
        {
            Uid = UidOf(courseId, n),
            Sequence = sequence,
            DtStamp = stamp,
            Start = Utc(session.Start),
            End = Utc(session.End),
            Summary = text.Summary,
            Location = text.Location,
            Description = text.Description,
            Organizer = organiser,
            Status = status,
        };
    }

    private static CalDateTime Utc(DateTimeOffset at) => new(at.UtcDateTime, CalDateTime.UtcTzId);

    /// <summary>A parameter value (the organiser's CN) may not hold a double quote or control characters (RFC 5545 §3.1).</summary>
    private static string? ParameterValue(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var clean = new string(value.Where(c => c != '"' && !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? null : clean;
    }
}
