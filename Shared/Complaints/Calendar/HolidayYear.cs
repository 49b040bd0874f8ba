using System.Text.Json.Serialization;

namespace Workflow.Complaints.Calendar;

/// <summary>What a listed day is.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<HolidayDayType>))]
public enum HolidayDayType
{
    /// <summary>A public holiday of Labour Code 2019 Art. 112 (ngày nghỉ lễ, tết). May fall on a weekend.</summary>
    Holiday,

    /// <summary>A weekday off: compensatory (nghỉ bù, Art. 111(3)/112(3)) or swapped (hoán đổi) with a make-up day.</summary>
    DayOff,

    /// <summary>A Saturday or Sunday worked in exchange for a swapped day off (làm bù).</summary>
    MakeUpWorkday,
}

/// <summary>One listed day of a holiday year.</summary>
/// <param name="Date">The day.</param>
/// <param name="Type">Holiday, day off or make-up working day.</param>
/// <param name="Name">What it is, e.g. "Tết Dương lịch" or "Nghỉ bù Giỗ Tổ Hùng Vương".</param>
public sealed record HolidayDay(DateOnly Date, HolidayDayType Type, string Name);

/// <summary>
/// The announced days of one year. Entries are dated in the year, or up to
/// <see cref="SpillDays"/> days either side of it for a swap that crosses New Year.
/// </summary>
/// <param name="Year">The year.</param>
/// <param name="Days">Holidays, days off and make-up working days.</param>
/// <param name="Source">The announcement(s) it follows.</param>
/// <param name="Note">Assumptions, open points.</param>
public sealed record HolidayYear(int Year, IReadOnlyList<HolidayDay> Days, string? Source = null, string? Note = null)
{
    /// <summary>How far outside its year an entry may be dated (a swap around New Year).</summary>
    public const int SpillDays = 31;

    public const int MinYear = 1900;

    public const int MaxYear = 2200;

    /// <summary>Every problem with this year's data; empty when it can be used.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (Year is < MinYear or > MaxYear)
        {
            errors.Add(new("year", Phrase.Of("error.theYearMustBeFromTo", ("minYear", MinYear), ("maxYear", MaxYear))));
            return errors;
        }

        if (Days is null || Days.Count == 0)
        {
            errors.Add(new("days", Phrase.Of("error.atLeastOneDayIsNeeded")));
            return errors;
        }

        var first = new DateOnly(Year, 1, 1).AddDays(-SpillDays);
        var last = new DateOnly(Year, 12, 31).AddDays(SpillDays);
        var seen = new HashSet<DateOnly>();
        foreach (var (_, field, day) in ListEntries.Of("days", Days, Phrase.Of("error.theEntryIsEmpty"), errors.Add))
        {
            if (day.Date < first || day.Date > last)
            {
                errors.Add(new($"{field}.date", Phrase.Of("error.isNotInOrWithinDaysOf", ("day", string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd}")), ("year", Year), ("spillDays", SpillDays))));
            }

            if (!seen.Add(day.Date))
            {
                errors.Add(new($"{field}.date", Phrase.Of("error.isListedTwice", ("day", string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd}")))));
            }

            if (string.IsNullOrWhiteSpace(day.Name) || day.Name.Length > 200)
            {
                errors.Add(new($"{field}.name", Phrase.Of("error.aNameOfAtMost200Characters")));
            }

            var weekend = day.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            switch (day.Type)
            {
                case HolidayDayType.MakeUpWorkday when !weekend:
                    errors.Add(new($"{field}.type", Phrase.Of("error.aMakeUpWorkingDayMustBe", ("day", string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd}")), ("dayOfWeek", day.Date.DayOfWeek))));
                    break;
                case HolidayDayType.DayOff when weekend:
                    errors.Add(new($"{field}.type", Phrase.Of("error.aDayOffMustBeAWeekday", ("day", string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd}")), ("dayOfWeek", day.Date.DayOfWeek))));
                    break;
                case HolidayDayType.Holiday or HolidayDayType.DayOff or HolidayDayType.MakeUpWorkday:
                    break;
                default:
                    errors.Add(new($"{field}.type", Phrase.Of("error.unknownTypeHolidayDayoffMakeupworkday")));
                    break;
            }
        }

        if (!Days.Any(d => d is not null && d.Type == HolidayDayType.Holiday && d.Date.Year == Year))
        {
            errors.Add(new("days", Phrase.Of("error.atLeastOneHolidayDatedInIs", ("year", Year))));
        }

        return errors;
    }
}

/// <summary>Holiday data that cannot be used: thrown at start, with the source and the reasons.</summary>
public sealed class HolidayDataException : Exception
{
    public HolidayDataException()
    {
    }

    public HolidayDataException(string message)
        : base(message)
    {
    }

    public HolidayDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
