namespace Workflow.Complaints.Calendar;

/// <summary>
/// The computed fallback for years without data: the fixed holidays of Labour Code 2019 Art. 112,
/// Tết and Hùng Kings' Commemoration from <see cref="ChineseLunisolarCalendar"/>, and a compensatory
/// day (nghỉ bù, Art. 111(3)) for each holiday on a Saturday or Sunday. Announced swaps cannot be
/// computed; enter the year's data when the Government announces them.
/// </summary>
/// <remarks>
/// The Chinese calendar is computed for UTC+8, the Vietnamese one for UTC+7; in rare years
/// (e.g. 1985, 2007) a new moon near midnight makes them differ by a day or a month. Data wins.
/// </remarks>
public static class LunarHolidays
{
    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>The first year the fallback computes.</summary>
    public const int MinYear = 1901;

    /// <summary>The last year the fallback computes.</summary>
    public const int MaxYear = 2100;

    /// <summary>Mùng 1 Tết: the first day of the lunar year that starts in <paramref name="year"/>.</summary>
    public static DateOnly LunarNewYear(int year) => FromLunar(year, 1, 1);

    /// <summary>Giỗ Tổ Hùng Vương: the 10th day of the (ordinary, not leap) 3rd lunar month.</summary>
    public static DateOnly HungKingsDay(int year) => FromLunar(year, 3, 10);

    /// <summary>The computed holidays and compensatory days of a year.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="MinYear"/>–<see cref="MaxYear"/>.</exception>
    public static HolidayYear Compute(int year)
    {
        CheckYear(year);
        var tet = LunarNewYear(year);
        var holidays = new List<HolidayDay>
        {
            new(new DateOnly(year, 1, 1), HolidayDayType.Holiday, "Tết Dương lịch"),
            new(tet.AddDays(-1), HolidayDayType.Holiday, "Tết Âm lịch (giao thừa)"),
            new(tet, HolidayDayType.Holiday, "Tết Âm lịch (mùng 1)"),
            new(tet.AddDays(1), HolidayDayType.Holiday, "Tết Âm lịch (mùng 2)"),
            new(tet.AddDays(2), HolidayDayType.Holiday, "Tết Âm lịch (mùng 3)"),
            new(tet.AddDays(3), HolidayDayType.Holiday, "Tết Âm lịch (mùng 4)"),
            new(HungKingsDay(year), HolidayDayType.Holiday, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
            new(new DateOnly(year, 4, 30), HolidayDayType.Holiday, "Ngày Chiến thắng"),
            new(new DateOnly(year, 5, 1), HolidayDayType.Holiday, "Ngày Quốc tế lao động"),
            new(new DateOnly(year, 9, 1), HolidayDayType.Holiday, "Quốc khánh (ngày liền kề)"),
            new(new DateOnly(year, 9, 2), HolidayDayType.Holiday, "Quốc khánh"),
        };
        holidays.Sort((a, b) => a.Date.CompareTo(b.Date));

        var taken = holidays.Select(h => h.Date).ToHashSet();
        var days = new List<HolidayDay>(holidays);
        foreach (var holiday in holidays.Where(h => IsWeekend(h.Date)))
        {
            var day = holiday.Date.AddDays(1);
            while (IsWeekend(day) || taken.Contains(day))
            {
                day = day.AddDays(1);
            }

            taken.Add(day);
            days.Add(new HolidayDay(day, HolidayDayType.DayOff, $"Nghỉ bù {holiday.Name} ({holiday.Date:dd/MM})"));
        }

        days.Sort((a, b) => a.Date.CompareTo(b.Date));
        return new HolidayYear(
            year,
            days,
            "Computed: Bộ luật Lao động 2019 Điều 111(3), 112; lunar dates from System.Globalization.ChineseLunisolarCalendar.",
            "Fallback for a year without data: Tết = giao thừa + mùng 1–4, Quốc khánh = 1/9 + 2/9, no announced swaps.");
    }

    private static DateOnly FromLunar(int year, int month, int day)
    {
        CheckYear(year);

        // In a leap year the leap month takes an index of its own: GetLeapMonth returns that index
        // (e.g. 3 for a leap 2nd month), and every later month moves up by one.
        var leap = Lunar.GetLeapMonth(year);
        var index = leap != 0 && leap <= month ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }

    private static void CheckYear(int year)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"The lunar fallback covers {MinYear}–{MaxYear}; enter holiday data for other years.");
        }
    }

    internal static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
