using Workflow.Complaints.Calendar;

namespace Workflow.Courses;

/// <summary>A warning about a course's schedule: not a refusal, the course is saved as asked.</summary>
/// <param name="Code">The string-table key of the warning (<c>warnings.sessionOnHoliday</c>, …).</param>
/// <param name="Session">The session's number from 1.</param>
/// <param name="Date">The day in Vietnam time the warning is about.</param>
/// <param name="Said">The warning as a phrase (key and arguments), put into the course's words by the API.</param>
public sealed record ScheduleWarning(string Code, int Session, DateOnly Date, Phrase Said);

/// <summary>A warning in the course's words, as the API answers it.</summary>
/// <param name="Date">The day, <c>yyyy-MM-dd</c> (for programs; the page shows <paramref name="Message"/>).</param>
public sealed record CourseWarning(string Code, int Session, string Date, string Message);

/// <summary>
/// Sessions on a day state bodies do not work (issue 18 item 7): a public holiday or Tết, a day off in lieu (nghỉ bù) or a
/// Saturday or Sunday that is not a make-up working day, by the product's holiday calendar (<see cref="HolidayCalendar"/>:
/// the built-in and added years, computed years beyond them). Pure: the calendar is given.
/// </summary>
public static class ScheduleWarnings
{
    public const string Holiday = "warnings.sessionOnHoliday";
    public const string DayOff = "warnings.sessionOnDayOff";
    public const string Weekend = "warnings.sessionOnWeekend";

    /// <summary>Days of one session looked at, at most (a session longer than this is refused by the course's rules anyway).</summary>
    private const int MaxDays = 31;

    /// <summary>One warning per session and day it touches that is not a working day, in session order.</summary>
    public static IReadOnlyList<ScheduleWarning> For(IReadOnlyList<CourseSession> sessions, HolidayCalendar calendar, string language)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(calendar);
        var warnings = new List<ScheduleWarning>();
        var ordered = sessions.Where(s => s is not null).OrderBy(s => s.Start).ToList();
        for (var n = 0; n < ordered.Count; n++)
        {
            var first = DateOnly.FromDateTime(VietnamTime.ToLocal(ordered[n].Start).DateTime);
            var last = DateOnly.FromDateTime(VietnamTime.ToLocal(ordered[n].End).DateTime);
            for (var day = first; day <= last && day.DayNumber - first.DayNumber < MaxDays; day = day.AddDays(1))
            {
                if (About(n + 1, day, calendar, language) is { } warning)
                {
                    warnings.Add(warning);
                }
            }
        }

        return warnings;
    }

    /// <summary>The warning for session <paramref name="session"/> on <paramref name="day"/>, or null on a working day.</summary>
    public static ScheduleWarning? About(int session, DateOnly day, HolidayCalendar calendar, string language)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var listed = Listed(day, calendar);
        var said = VietnamTime.FormatDay(day, language);
        return listed?.Type switch
        {
            HolidayDayType.Holiday => new ScheduleWarning(Holiday, session, day, Phrase.Of(Holiday, ("session", session), ("day", said), ("name", listed.Name))),
            HolidayDayType.DayOff => new ScheduleWarning(DayOff, session, day, Phrase.Of(DayOff, ("session", session), ("day", said), ("name", listed.Name))),
            HolidayDayType.MakeUpWorkday => null,
            _ => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
                ? new ScheduleWarning(Weekend, session, day, Phrase.Of(Weekend, ("session", session), ("day", said)))
                : null,
        };
    }

    /// <summary>The calendar's entry for a day (its year's data, or the computed year; a swap may be listed in the next or last year).</summary>
    private static HolidayDay? Listed(DateOnly day, HolidayCalendar calendar)
    {
        foreach (var year in new[] { day.Year, day.Year + 1, day.Year - 1 })
        {
            if (year is < LunarHolidays.MinYear or > LunarHolidays.MaxYear && !calendar.HasDataFor(year))
            {
                continue;
            }

            if (calendar.YearOf(year).Days.FirstOrDefault(d => d.Date == day) is { } listed)
            {
                return listed;
            }
        }

        return null;
    }
}

/// <summary>
/// The warnings of a course's schedule in the course's words, for the create and edit answers: the holiday calendar with
/// the years added through the API (<see cref="Complaints.ComplaintRules.EnsureHolidaysAsync"/>); when those cannot be read
/// the built-in calendar still answers (a warning never fails a request).
/// </summary>
public sealed partial class CourseWarnings(Complaints.ComplaintRules rules, TemplateRenderer words, ILogger<CourseWarnings> logger)
{
    public async Task<IReadOnlyList<CourseWarning>> ForAsync(CourseDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        try
        {
            await rules.EnsureHolidaysAsync(cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            LogHolidaysUnread(logger, ex);
        }

        var language = definition.Language;
        return [.. ScheduleWarnings.For(definition.Sessions, rules.Calendar, language)
            .Select(w => new CourseWarning(w.Code, w.Session, w.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), words.Render(w.Said, language)))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Holiday years added through the API could not be read; schedule warnings use the built-in calendar")]
    private static partial void LogHolidaysUnread(ILogger logger, Exception exception);
}
