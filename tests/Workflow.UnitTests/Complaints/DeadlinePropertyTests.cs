using CsCheck;
using Workflow.Complaints;
using static Workflow.UnitTests.Complaints.ComplaintsTestData;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Deadlines;

namespace Workflow.UnitTests.Complaints;

/// <summary>Properties of the counting convention over data years (2025–2027) and computed years around them.</summary>
public sealed class DeadlinePropertyTests
{
    private const int Iterations = 3_000;

    private static readonly Gen<DateOnly> Start = Gen.DateOnly[D("2023-01-01"), D("2030-12-31")];

    private static readonly Gen<int> Period = Gen.Int[0, 120];

    private static readonly Gen<CountingUnit> Unit = Gen.Enum<CountingUnit>();

    [Fact]
    public void Due_is_always_a_working_day() =>
        Gen.Select(Start, Gen.Int[1, 120], Unit).Sample(
            (start, period, unit) => Assert.True(Calendar.IsWorkingDay(DeadlineCalculator.Due(start, period, unit, Calendar))),
            iter: Iterations);

    [Fact]
    public void Due_is_after_the_start_and_never_before_start_plus_period() =>
        Gen.Select(Start, Gen.Int[1, 120], Unit).Sample(
            (start, period, unit) => Assert.True(DeadlineCalculator.Due(start, period, unit, Calendar) >= start.AddDays(period)),
            iter: Iterations);

    [Fact]
    public void More_days_never_give_an_earlier_due() =>
        Gen.Select(Start, Period, Gen.Int[0, 60], Unit).Sample(
            (start, period, more, unit) => Assert.True(
                DeadlineCalculator.Due(start, period + more, unit, Calendar) >= DeadlineCalculator.Due(start, period, unit, Calendar)),
            iter: Iterations);

    [Fact]
    public void Later_start_never_gives_an_earlier_due() =>
        Gen.Select(Start, Period, Gen.Int[0, 30], Unit).Sample(
            (start, period, later, unit) => Assert.True(
                DeadlineCalculator.Due(start.AddDays(later), period, unit, Calendar) >= DeadlineCalculator.Due(start, period, unit, Calendar)),
            iter: Iterations);

    [Fact]
    public void Working_day_counts_skip_every_holiday_and_day_off()
    {
        var nonWorking = Enumerable.Range(2025, 5)
            .SelectMany(y => Calendar.YearOf(y).Days)
            .Where(d => d.Type != HolidayDayType.MakeUpWorkday)
            .Select(d => d.Date)
            .ToHashSet();

        Gen.Select(Gen.DateOnly[D("2024-12-01"), D("2029-06-30")], Gen.Int[1, 60]).Sample(
            (start, period) =>
            {
                var due = DeadlineCalculator.AddWorkingDays(start, period, Calendar);
                var counted = 0;
                for (var day = start.AddDays(1); day <= due; day = day.AddDays(1))
                {
                    if (Calendar.IsWorkingDay(day))
                    {
                        counted++;
                        Assert.DoesNotContain(day, nonWorking);
                        Assert.True(day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || Calendar.YearOf(day.Year).Days.Any(d => d.Date == day && d.Type == HolidayDayType.MakeUpWorkday));
                    }
                }

                Assert.Equal(period, counted);
            },
            iter: Iterations);
    }

    [Fact]
    public void Calendar_day_periods_only_move_past_non_working_days()
    {
        Gen.Select(Start, Gen.Int[1, 120]).Sample(
            (start, period) =>
            {
                var due = DeadlineCalculator.AddDays(start, period, Calendar);
                for (var day = start.AddDays(period); day < due; day = day.AddDays(1))
                {
                    Assert.False(Calendar.IsWorkingDay(day));
                }
            },
            iter: Iterations);
    }
}
