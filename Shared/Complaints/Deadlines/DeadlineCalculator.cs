using Workflow.Complaints.Calendar;
namespace Workflow.Complaints.Deadlines;

/// <summary>
/// The counting convention of SPEC §3 (Bộ luật Dân sự 2015, Art. 147–148): the day of the event is
/// not counted; a period in days ends on start + N, moved to the next working day when that day is
/// a weekend or holiday; a period in working days ends on the N-th working day after the start.
/// </summary>
public static class DeadlineCalculator
{
    /// <summary>The last day of a period of <paramref name="period"/> units counted from the day after <paramref name="start"/>.</summary>
    public static DateOnly Due(DateOnly start, int period, CountingUnit unit, HolidayCalendar calendar) => unit switch
    {
        CountingUnit.Days => AddDays(start, period, calendar),
        CountingUnit.WorkingDays => AddWorkingDays(start, period, calendar),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown counting unit."),
    };

    /// <summary>start + <paramref name="days"/> calendar days; a weekend or holiday last day moves to the next working day.</summary>
    public static DateOnly AddDays(DateOnly start, int days, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var due = start.AddDays(days);
        while (!calendar.IsWorkingDay(due))
        {
            due = due.AddDays(1);
        }

        return due;
    }

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="start"/> (the start day itself is not counted).</summary>
    public static DateOnly AddWorkingDays(DateOnly start, int days, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var due = start;
        var counted = 0;
        while (counted < days)
        {
            due = due.AddDays(1);
            if (calendar.IsWorkingDay(due))
            {
                counted++;
            }
        }

        return due;
    }
}
