using Workflow.Courses;
using Workflow.Courses.Attendance;

namespace Workflow.UnitTests.Courses.Attendance;

/// <summary>The attendance milestones in the course's schedule.</summary>
public sealed class AttendanceScheduleTests
{
    private static Course Course(CoursePhase phase, params string[] done) =>
        AttendanceRulesTests.Course(phase) with { Progress = new CourseProgress(done) };

    [Fact]
    public void After_the_rsvp_closes_the_course_start_each_session_end_and_the_course_end_are_ahead_and_run_even_when_late()
    {
        var course = Course(CoursePhase.RsvpClosed);
        var schedule = Attendance(CourseSchedule.For(course));
        var sessions = course.Definition.Sessions;

        Assert.Equal(["courseStart", "sessionEnd:0", "courseEnd", "sessionEnd:1"], schedule.Select(m => m.Key));
        Assert.Equal([sessions[0].Start, sessions[0].End, sessions[1].End, sessions[1].End], schedule.Select(m => m.At));
        Assert.Equal([MilestoneKind.CourseStart, MilestoneKind.SessionEnd, MilestoneKind.CourseEnd, MilestoneKind.SessionEnd], schedule.Select(m => m.Kind));
        Assert.All(schedule, m => Assert.True(m.RunsIfLate));
        Assert.Equal(1, AttendanceSchedule.SessionOf(schedule[^1]));
    }

    [Fact]
    public void Done_milestones_leave_the_schedule()
    {
        var schedule = Attendance(CourseSchedule.For(Course(CoursePhase.InProgress, "courseStart", "sessionEnd:0")));
        Assert.Equal(["courseEnd", "sessionEnd:1"], schedule.Select(m => m.Key));
        Assert.Empty(Attendance(CourseSchedule.For(Course(CoursePhase.InProgress, "courseStart", "sessionEnd:0", "sessionEnd:1", "courseEnd"))));
    }

    [Theory]
    [InlineData(CoursePhase.Draft)]
    [InlineData(CoursePhase.FollowUp)]
    [InlineData(CoursePhase.Completed)]
    [InlineData(CoursePhase.Cancelled)]
    public void No_attendance_milestones_outside_the_rsvp_closed_and_in_progress_phases(CoursePhase phase)
    {
        Assert.Empty(AttendanceSchedule.For(Course(phase)));
    }

    [Fact]
    public void While_inviting_the_rsvp_deadline_comes_first_even_at_the_same_instant_as_the_first_session()
    {
        var course = Course(CoursePhase.Inviting);
        course = course with { Definition = course.Definition with { RsvpDeadline = course.FirstSessionStart } };
        Assert.Empty(AttendanceSchedule.For(course));
        Assert.DoesNotContain(CourseSchedule.For(course), m => m.Kind is MilestoneKind.CourseStart or MilestoneKind.SessionEnd or MilestoneKind.CourseEnd);
    }

    /// <summary>The attendance part of a schedule (the follow-up and certificates parts add their own rows).</summary>
    private static List<Milestone> Attendance(IReadOnlyList<Milestone> schedule) =>
        [.. schedule.Where(m => m.Kind is MilestoneKind.CourseStart or MilestoneKind.SessionEnd or MilestoneKind.CourseEnd)];
}
