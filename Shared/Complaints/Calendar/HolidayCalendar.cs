using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Workflow.Complaints.Calendar;

/// <summary>
/// Which days are working days for state bodies: Monday–Friday except holidays and days off
/// (nghỉ bù), plus make-up Saturdays (làm bù). Built from per-year data (built-in and added),
/// with <see cref="LunarHolidays"/> computing any year without data. Data always wins for a year it
/// covers. Thread-safe; <see cref="AddYear"/> may run while deadlines are computed.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> _computed = new();
    private volatile Snapshot _snapshot;

    private HolidayCalendar(Snapshot snapshot) => _snapshot = snapshot;

    /// <summary>Years covered by data, ascending.</summary>
    public IReadOnlyList<int> YearsWithData => [.. _snapshot.Years.Keys.Order()];

    /// <summary>The built-in years (Shared/Complaints/Calendar/Data) plus extra holiday files, validated.</summary>
    /// <exception cref="HolidayDataException">Invalid data, with the file and every reason.</exception>
    public static HolidayCalendar LoadBuiltIn(IEnumerable<string>? extraFiles = null) =>
        Create(HolidayDataLoader.Load(extraFiles));

    /// <summary>A calendar of the given years (a later year object for the same year replaces an earlier one).</summary>
    /// <exception cref="HolidayDataException">A year is invalid.</exception>
    public static HolidayCalendar Create(IEnumerable<HolidayYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        var calendar = new HolidayCalendar(Snapshot.Empty);
        foreach (var year in years)
        {
            var errors = calendar.AddYear(year);
            if (errors.Count > 0)
            {
                throw new HolidayDataException($"Holiday data for {year.Year} is invalid:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
            }
        }

        return calendar;
    }

    /// <summary>
    /// Adds or replaces a year's announced days (the whole year: what the data lists is all there is).
    /// Returns the validation errors; the calendar is unchanged when there are any.
    /// </summary>
    public IReadOnlyList<ValidationError> AddYear(HolidayYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var errors = year.Validate().ToList();
        if (errors.Count > 0)
        {
            return errors;
        }

        lock (_gate)
        {
            var years = new Dictionary<int, HolidayYear>(_snapshot.Years) { [year.Year] = year };
            var merged = new Dictionary<DateOnly, HolidayDay>();
            foreach (var other in years.Values.OrderBy(y => y.Year))
            {
                foreach (var day in other.Days)
                {
                    if (merged.TryGetValue(day.Date, out var existing) && existing.Type != day.Type)
                    {
                        errors.Add(new("days", Phrase.Of("error.isAInAnotherYearSData", ("day", string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd}")), ("type", existing.Type), ("type2", day.Type))));
                        continue;
                    }

                    merged[day.Date] = day;
                }
            }

            if (errors.Count == 0)
            {
                _snapshot = new Snapshot(years.ToFrozenDictionary(), merged.ToFrozenDictionary(p => p.Key, p => p.Value.Type));
            }
        }

        return errors;
    }

    /// <summary>Whether a year is covered by data (otherwise it is computed).</summary>
    public bool HasDataFor(int year) => _snapshot.Years.ContainsKey(year);

    /// <summary>A year's days: its data when it has any, the computed fallback otherwise.</summary>
    public HolidayYear YearOf(int year) => _snapshot.Years.TryGetValue(year, out var data) ? data : LunarHolidays.Compute(year);

    /// <summary>Monday–Friday except holidays and days off, plus make-up working days.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A year without data outside the fallback's range (1901–2100).</exception>
    public bool IsWorkingDay(DateOnly date)
    {
        var snapshot = _snapshot;
        if (snapshot.Listed.TryGetValue(date, out var type))
        {
            return type == HolidayDayType.MakeUpWorkday;
        }

        if (LunarHolidays.IsWeekend(date))
        {
            return false;
        }

        if (snapshot.Years.ContainsKey(date.Year))
        {
            return true;
        }

        var computed = _computed.GetOrAdd(date.Year, static y => LunarHolidays.Compute(y).Days.Select(d => d.Date).ToFrozenSet());
        return !computed.Contains(date);
    }

    private sealed record Snapshot(FrozenDictionary<int, HolidayYear> Years, FrozenDictionary<DateOnly, HolidayDayType> Listed)
    {
        public static readonly Snapshot Empty = new(FrozenDictionary<int, HolidayYear>.Empty, FrozenDictionary<DateOnly, HolidayDayType>.Empty);
    }
}
