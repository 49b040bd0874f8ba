using System.Text.Json;
using static Workflow.UnitTests.Complaints.ComplaintsTestData;
using Workflow.Complaints.Calendar;

namespace Workflow.UnitTests.Complaints;

public sealed class HolidayCalendarTests
{
    [Theory]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2030, "2030-02-03")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    public void Lunar_fallback_gives_the_known_Tet_dates(int year, string expected) =>
        Assert.Equal(D(expected), LunarHolidays.LunarNewYear(year));

    [Theory]
    [InlineData(2020, "2020-04-02")] // leap 4th month that year: comes after the 3rd, no effect
    [InlineData(2021, "2021-04-21")]
    [InlineData(2023, "2023-04-29")] // leap 2nd month that year: the 3rd month is index 4
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    public void Lunar_fallback_gives_the_known_Hung_Kings_days(int year, string expected) =>
        Assert.Equal(D(expected), LunarHolidays.HungKingsDay(year));

    [Fact]
    public void Computed_year_has_Tet_five_days_and_compensatory_days_for_weekend_holidays()
    {
        // 2028: 1/1 is a Saturday → Mon 3/1 off; Tết = Tue 25/1 (giao thừa) ... Sat 29/1 (mùng 4) → Mon 31/1 off;
        // 30/4 is a Sunday and Mon 1/5 a holiday → Tue 2/5 off; 2/9 is a Saturday (1/9 Friday) → Mon 4/9 off.
        var year = LunarHolidays.Compute(2028);
        var off = year.Days.Where(d => d.Type == HolidayDayType.DayOff).Select(d => d.Date).ToList();
        Assert.Equal([D("2028-01-03"), D("2028-01-31"), D("2028-05-02"), D("2028-09-04")], off);
        Assert.Equal(
            [D("2028-01-25"), D("2028-01-26"), D("2028-01-27"), D("2028-01-28"), D("2028-01-29")],
            year.Days.Where(d => d.Name.StartsWith("Tết Âm lịch", StringComparison.Ordinal)).Select(d => d.Date));

        var calendar = HolidayCalendar.Create([]);
        Assert.False(calendar.IsWorkingDay(D("2028-01-03")));
        Assert.False(calendar.IsWorkingDay(D("2028-01-31")));
        Assert.True(calendar.IsWorkingDay(D("2028-02-01")));
        // 2/9/2029 is a Sunday (1/9 Saturday): both compensated, Mon 3/9 and Tue 4/9.
        Assert.False(calendar.IsWorkingDay(D("2029-09-03")));
        Assert.False(calendar.IsWorkingDay(D("2029-09-04")));
        Assert.True(calendar.IsWorkingDay(D("2029-09-05")));
    }

    [Fact]
    public void Data_wins_over_the_computed_fallback()
    {
        // 2025 data: Fri 2/5 swapped off, Sat 26/4 worked; the fallback knows neither.
        Assert.True(Calendar.HasDataFor(2025));
        Assert.False(Calendar.IsWorkingDay(D("2025-05-02")));
        Assert.True(Calendar.IsWorkingDay(D("2025-04-26")));
        Assert.False(Calendar.IsWorkingDay(D("2025-01-27")), "27/1/2025 is a Tết day by the announcement, before the lunar eve");

        var fallbackOnly = HolidayCalendar.Create([]);
        Assert.True(fallbackOnly.IsWorkingDay(D("2025-05-02")));
        Assert.False(fallbackOnly.IsWorkingDay(D("2025-04-26")));
    }

    [Fact]
    public void Built_in_years_are_2025_to_2027()
    {
        Assert.Equal([2025, 2026, 2027], Calendar.YearsWithData);
        Assert.False(Calendar.IsWorkingDay(D("2026-01-02")));
        Assert.True(Calendar.IsWorkingDay(D("2026-01-10")));
        Assert.False(Calendar.IsWorkingDay(D("2027-02-11")));
    }

    [Fact]
    public void Organisers_add_a_year_without_code_and_it_wins()
    {
        var calendar = HolidayCalendar.LoadBuiltIn();
        Assert.True(calendar.IsWorkingDay(D("2028-02-02")));

        using var body = JsonDocument.Parse("""
            { "year": 2028, "source": "test announcement", "days": [
              { "date": "2028-01-01", "type": "holiday", "name": "Tết Dương lịch" },
              { "date": "2028-02-02", "type": "dayOff", "name": "Nghỉ hoán đổi" },
              { "date": "2028-02-12", "type": "makeUpWorkday", "name": "Làm bù" } ] }
            """);
        Assert.True(HolidayDataLoader.TryRead(body.RootElement, out var year, out var parseErrors), string.Join("; ", parseErrors));
        Assert.Empty(calendar.AddYear(year!));

        Assert.True(calendar.HasDataFor(2028));
        Assert.False(calendar.IsWorkingDay(D("2028-02-02")));
        Assert.True(calendar.IsWorkingDay(D("2028-02-12")));
        // What the data lists is all there is for that year: 26/1 is now an ordinary Wednesday.
        Assert.True(calendar.IsWorkingDay(D("2028-01-26")));
    }

    [Fact]
    public void Extra_holiday_files_load_at_start()
    {
        var path = Path.Combine(Path.GetTempPath(), $"holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "year": 2029, "days": [ { "date": "2029-01-01", "type": "holiday", "name": "Tết Dương lịch" }, { "date": "2029-01-02", "type": "dayOff", "name": "Thử" } ] }""");
        try
        {
            var calendar = HolidayCalendar.LoadBuiltIn([path]);
            Assert.Equal([2025, 2026, 2027, 2029], calendar.YearsWithData);
            Assert.False(calendar.IsWorkingDay(D("2029-01-02")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{ "year": 2028, "days": [ { "date": "2028-01-01", "type": "holiday", "name": "A" }, { "date": "2028-01-01", "type": "holiday", "name": "B" } ] }""", "days[1].date")]
    [InlineData("""{ "year": 2028, "days": [ { "date": "2028-01-01", "type": "holiday", "name": "A" }, { "date": "2028-02-02", "type": "makeUpWorkday", "name": "Wed" } ] }""", "days[1].type")]
    [InlineData("""{ "year": 2028, "days": [ { "date": "2028-01-01", "type": "holiday", "name": "A" }, { "date": "2028-02-05", "type": "dayOff", "name": "Sat" } ] }""", "days[1].type")]
    [InlineData("""{ "year": 2028, "days": [ { "date": "2028-01-01", "type": "holiday", "name": "A" }, { "date": "2029-06-01", "type": "holiday", "name": "B" } ] }""", "days[1].date")]
    [InlineData("""{ "year": 2028, "days": [ { "date": "2028-01-01", "type": "feast", "name": "A" } ] }""", "days[0].type")]
    [InlineData("""{ "year": 2028, "days": [ { "date": "01/01/2028", "type": "holiday", "name": "A" } ] }""", "days[0].date")]
    [InlineData("""{ "year": 2028, "days": [] }""", "days")]
    [InlineData("""{ "year": 2028, "colour": "red", "days": [ { "date": "2028-01-01", "type": "holiday", "name": "A" } ] }""", "colour")]
    public void Bad_holiday_data_is_refused(string json, string field)
    {
        using var document = JsonDocument.Parse(json);
        Assert.False(HolidayDataLoader.TryRead(document.RootElement, out _, out var errors));
        Assert.Contains(errors, e => e.Field == field);
        Assert.Throws<HolidayDataException>(() => HolidayDataLoader.Parse(json, "bad.json"));
    }

    [Fact]
    public void AddYear_validates_and_leaves_the_calendar_unchanged_on_error()
    {
        var calendar = HolidayCalendar.LoadBuiltIn();
        var errors = calendar.AddYear(new HolidayYear(2025, [new HolidayDay(D("2025-05-02"), HolidayDayType.MakeUpWorkday, "wrong")]));

        Assert.NotEmpty(errors);
        Assert.False(calendar.IsWorkingDay(D("2025-05-02")));
    }
}
