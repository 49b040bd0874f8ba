using Workflow.Courses;
using Workflow.Courses.Calendar;

namespace Workflow.UnitTests.Courses.Calendar;

/// <summary>The course reminder milestones, alone and inside the course's schedule.</summary>
public sealed class CalendarScheduleTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Start = new(2027, 5, 13, 14, 0, 0, Vn);

    private static Course NewCourse(CoursePhase phase = CoursePhase.Inviting, params string[] beforeCourse) => new(
        "c0ffee0000000001",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = [new CourseSession(Start.AddDays(1), Start.AddDays(1).AddHours(3)), new CourseSession(Start, Start.AddHours(3))],
            RsvpDeadline = new DateTimeOffset(2027, 5, 10, 17, 0, 0, Vn),
            OrganiserEmails = ["bandanvan@example.vn"],
            Reminders = new ReminderPolicy { BeforeRsvpDeadline = [], BeforeCourse = beforeCourse },
        },
        phase,
        new DateTimeOffset(2027, 4, 1, 8, 0, 0, Vn),
        new DateTimeOffset(2027, 4, 1, 9, 0, 0, Vn));

    [Fact]
    public void A_reminder_comes_at_each_offset_before_the_first_session_and_is_skipped_when_late()
    {
        var schedule = CalendarSchedule.For(NewCourse(CoursePhase.Inviting, "PT2H", "P1D", "PT24H", "soon", "P1M"));

        Assert.Equal([Start.AddDays(-1), Start.AddHours(-2)], schedule.Select(m => m.At));
        Assert.All(schedule, m => Assert.Equal(MilestoneKind.CourseReminder, m.Kind));
        Assert.All(schedule, m => Assert.False(m.RunsIfLate));
        Assert.Equal("courseReminder:2027-05-12T07:00:00.0000000Z", schedule[0].Key);
        Assert.Equal(schedule[0].Key, CalendarSchedule.KeyOf(Start.AddDays(-1)));
    }

    [Fact]
    public void The_default_policy_is_one_day_before()
    {
        var course = NewCourse();
        course = course with { Definition = course.Definition with { Reminders = new ReminderPolicy() } };

        Assert.Equal([Start.AddDays(-1)], CalendarSchedule.For(course).Select(m => m.At));
    }

    [Fact]
    public void The_course_schedule_holds_the_reminder_while_inviting_and_after_the_rsvp_closed()
    {
        // (The attendance, follow-up and certificate parts of the schedule have their own tests.)
        var inviting = CourseSchedule.For(NewCourse(CoursePhase.Inviting, "P1D")).Where(m => m.Kind <= MilestoneKind.RemindNow || m.Kind == MilestoneKind.CourseReminder);
        Assert.Equal([MilestoneKind.RsvpDeadline, MilestoneKind.CourseReminder], inviting.Select(m => m.Kind));

        var closed = NewCourse(CoursePhase.RsvpClosed, "P1D");
        Assert.Equal([MilestoneKind.CourseReminder], CourseSchedule.For(closed).Where(m => m.Kind <= MilestoneKind.RemindNow || m.Kind == MilestoneKind.CourseReminder).Select(m => m.Kind));
        Assert.True(CourseFlowRecovery.NeedsFlow(closed));
    }

    [Fact]
    public void A_sent_reminder_leaves_the_schedule()
    {
        var course = NewCourse(CoursePhase.RsvpClosed, "P1D", "PT2H");
        var done = course with { Progress = course.Progress.With(CalendarSchedule.KeyOf(Start.AddDays(-1))) };

        Assert.Equal([Start.AddHours(-2)], CalendarSchedule.For(done).Select(m => m.At));
        var all = done with { Progress = done.Progress.With(CalendarSchedule.KeyOf(Start.AddHours(-2))) };
        Assert.DoesNotContain(CourseSchedule.For(all), m => m.Kind == MilestoneKind.CourseReminder);
    }

    [Theory]
    [InlineData(CoursePhase.Draft)]
    [InlineData(CoursePhase.InProgress)]
    [InlineData(CoursePhase.Completed)]
    [InlineData(CoursePhase.Cancelled)]
    public void No_reminder_before_the_start_or_once_the_course_runs_or_is_cancelled(CoursePhase phase)
    {
        Assert.Empty(CalendarSchedule.For(NewCourse(phase, "P1D")));
        Assert.DoesNotContain(CourseSchedule.For(NewCourse(phase, "P1D")), m => m.Kind == MilestoneKind.CourseReminder);
    }

    [Fact]
    public void A_reschedule_moves_the_reminder_with_the_first_session()
    {
        var course = NewCourse(CoursePhase.RsvpClosed, "P1D");
        var moved = course with { Definition = course.Definition with { Sessions = [new CourseSession(Start.AddDays(7), Start.AddDays(7).AddHours(3))] } };

        Assert.Equal([Start.AddDays(6)], CalendarSchedule.For(moved).Select(m => m.At));
    }
}
