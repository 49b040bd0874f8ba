namespace Workflow.Courses.Attendance;

/// <summary>
/// The attendance milestones of a course (joined into <see cref="CourseSchedule.For"/>): <c>courseStart</c> at the first
/// session's start (phase <c>inProgress</c>), <c>sessionEnd:{n}</c> at each session's end (accepted people without a mark
/// become absent for session n, 0-based), <c>courseEnd</c> at the last session's end (absences of every session, then each
/// unit's attendance report once, phase <c>followUp</c>). All run even when late and leave the schedule once done
/// (<see cref="Course.Progress"/>). None while the course is a draft or still inviting: the RSVP deadline (never after the
/// first start) closes the RSVP first, also when both fall on the same instant.
/// </summary>
public static class AttendanceSchedule
{
    public const string CourseStartKey = "courseStart";
    public const string SessionEndPrefix = "sessionEnd:";
    public const string CourseEndKey = "courseEnd";

    public static IReadOnlyList<Milestone> For(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Phase is not (CoursePhase.RsvpClosed or CoursePhase.InProgress) || course.Definition.Sessions.Count == 0)
        {
            return [];
        }

        var sessions = course.Definition.Sessions;
        return
        [
            .. course.Progress.Pending(
            [
                new Milestone(course.FirstSessionStart, MilestoneKind.CourseStart, CourseStartKey, RunsIfLate: true),
                .. sessions.Select((session, n) => new Milestone(session.End, MilestoneKind.SessionEnd, SessionEndKey(n), RunsIfLate: true)),
                new Milestone(AttendanceRules.LastSessionEnd(course), MilestoneKind.CourseEnd, CourseEndKey, RunsIfLate: true),
            ]),
        ];
    }

    public static string SessionEndKey(int session) => SessionEndPrefix + session.ToString(CultureInfo.InvariantCulture);

    /// <summary>The 0-based session a <see cref="MilestoneKind.SessionEnd"/> milestone is about.</summary>
    public static int SessionOf(Milestone milestone)
    {
        ArgumentNullException.ThrowIfNull(milestone);
        return int.Parse(milestone.Key.AsSpan(SessionEndPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
