using Workflow.Complaints.Calendar;
using Workflow.Courses;
using Workflow.Templates;

namespace Workflow.UnitTests.Courses.Reports;

/// <summary>Sessions on days state bodies do not work get a warning (issue 18 item 7), by the product's holiday calendar.</summary>
public sealed class ScheduleWarningsTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly HolidayCalendar Calendar = HolidayCalendar.LoadBuiltIn();

    private static CourseSession On(int year, int month, int day, int hour = 8) =>
        new(new DateTimeOffset(year, month, day, hour, 0, 0, Vn), new DateTimeOffset(year, month, day, hour, 0, 0, Vn).AddHours(3));

    [Fact]
    public void A_normal_Tuesday_has_no_warning()
    {
        Assert.Empty(ScheduleWarnings.For([On(2027, 5, 11)], Calendar, "vi"));
    }

    [Fact]
    public void A_Saturday_is_a_weekend_warning_saying_the_day()
    {
        var warning = Assert.Single(ScheduleWarnings.For([On(2027, 5, 11), On(2027, 5, 15)], Calendar, "vi"));

        Assert.Equal((ScheduleWarnings.Weekend, 2, new DateOnly(2027, 5, 15)), (warning.Code, warning.Session, warning.Date));
        Assert.Equal("Buổi 2 (Thứ Bảy, 15/05/2027) rơi vào ngày nghỉ cuối tuần. Lớp vẫn được lưu; hãy xem lại lịch.", new TemplateRenderer().Render(warning.Said, "vi"));
    }

    [Fact]
    public void Tet_is_a_holiday_warning_with_its_name_and_a_day_off_in_lieu_too()
    {
        // 2027: Tết mùng 3 is Monday 08/02; Wednesday 10/02 is the day off for mùng 1 (a Saturday).
        var warnings = ScheduleWarnings.For([On(2027, 2, 8), On(2027, 2, 10)], Calendar, "vi");

        Assert.Equal([ScheduleWarnings.Holiday, ScheduleWarnings.DayOff], warnings.Select(w => w.Code));
        var said = new TemplateRenderer().Render(warnings[0].Said, "vi");
        Assert.Contains("Thứ Hai, 08/02/2027", said, StringComparison.Ordinal);
        Assert.Contains("Tết Âm lịch", said, StringComparison.Ordinal);
    }

    [Fact]
    public void National_day_2_9_is_a_holiday_warning_by_the_day_in_Vietnam_time_in_english_for_an_english_course()
    {
        // 01/09 at 18:00 UTC is 02/09 at 01:00 in Viet Nam: Quốc khánh, a Thursday in 2027.
        var session = new CourseSession(new DateTimeOffset(2027, 9, 1, 18, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 9, 1, 20, 0, 0, TimeSpan.Zero));
        var warning = Assert.Single(ScheduleWarnings.For([session], Calendar, "en"));

        Assert.Equal((ScheduleWarnings.Holiday, new DateOnly(2027, 9, 2)), (warning.Code, warning.Date));
        var said = new TemplateRenderer().Render(warning.Said, "en");
        Assert.StartsWith("Session 1 (Thursday, 02/09/2027) falls on a public holiday: ", said, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_over_two_days_is_looked_at_on_each()
    {
        var friday = new DateTimeOffset(2027, 5, 14, 8, 0, 0, Vn);
        var warnings = ScheduleWarnings.For([new CourseSession(friday, friday.AddDays(1).AddHours(2))], Calendar, "vi");

        Assert.Equal([new DateOnly(2027, 5, 15)], warnings.Select(w => w.Date));
    }

    [Fact]
    public void A_year_beyond_the_data_uses_the_computed_calendar()
    {
        // 2031 has no data file: the computed year still knows Quốc khánh (a Tuesday).
        Assert.Equal([ScheduleWarnings.Holiday], ScheduleWarnings.For([On(2031, 9, 2)], Calendar, "vi").Select(w => w.Code));
    }
}
