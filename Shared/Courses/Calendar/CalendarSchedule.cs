namespace Workflow.Courses.Calendar;

/// <summary>
/// The calendar's milestones (SPEC §2 step 7): a <see cref="MilestoneKind.CourseReminder"/> at each
/// <c>reminders.beforeCourse</c> offset (default P1D) before the first session, key <c>courseReminder:{utc O}</c>.
/// Not run when late (a reminder the flow comes to after its time is skipped); a sent one leaves the schedule through
/// <see cref="Course.Progress"/>. Only while the course has not started (phase inviting or RSVP closed).
/// </summary>
public static class CalendarSchedule
{
    public const string CourseReminderPrefix = "courseReminder:";

    public static IReadOnlyList<Milestone> For(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Phase is not (CoursePhase.Inviting or CoursePhase.RsvpClosed) || course.Definition.Sessions.Count == 0)
        {
            return [];
        }

        var reminders = ReminderPolicy.TimesBefore(course.FirstSessionStart, course.Definition.Reminders?.BeforeCourse)
            .Select(t => new Milestone(t, MilestoneKind.CourseReminder, KeyOf(t), RunsIfLate: false));
        return [.. course.Progress.Pending(reminders).OrderBy(m => m.At)];
    }

    public static string KeyOf(DateTimeOffset at) => CourseReminderPrefix + at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
