namespace Workflow.Courses.FollowUp;

/// <summary>
/// The follow-up's milestones (SPEC §2 step 9), a pure function of the stored course that <see cref="CourseSchedule"/> adds to
/// the course's schedule: <c>followUpStart</c> at the end of the last session (runs even when late: the survey and report links),
/// reminders before each due date (<c>followUpReminder:{survey|report}:{utc}</c>, skipped when late) and <c>followUpClose</c> at the
/// last due date (runs even when late: the organisers' summary, phase completed). Done ones leave through course.Progress.
/// </summary>
public static class FollowUpSchedule
{
    public const string StartKey = "followUpStart";
    public const string CloseKey = "followUpClose";
    public const string ReminderPrefix = "followUpReminder:";

    public static IReadOnlyList<Milestone> For(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Phase is CoursePhase.Draft or CoursePhase.Cancelled or CoursePhase.Completed || course.Definition.Sessions.Count == 0)
        {
            return [];
        }

        var plan = FollowUpPlan.For(course);
        return
        [
            .. course.Progress.Pending(new Milestone(plan.Start, MilestoneKind.FollowUpStart, StartKey, RunsIfLate: true)),
            .. new[] { FollowUpKind.Survey, FollowUpKind.Report }.SelectMany(kind =>
                plan.RemindersOf(kind).Select(t => new Milestone(t, MilestoneKind.FollowUpReminder, ReminderKey(kind, t), RunsIfLate: false))),
            .. course.Progress.Pending(new Milestone(plan.Close, MilestoneKind.FollowUpClose, CloseKey, RunsIfLate: true)),
        ];
    }

    public static string ReminderKey(FollowUpKind kind, DateTimeOffset at) =>
        ReminderPrefix + (kind == FollowUpKind.Survey ? "survey:" : "report:") + at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The request a <see cref="MilestoneKind.FollowUpReminder"/> milestone stands for.</summary>
    public static FollowUpReminderRequest ReminderOf(string courseId, Milestone milestone)
    {
        ArgumentNullException.ThrowIfNull(milestone);
        var kind = milestone.Key.StartsWith(ReminderPrefix + "report:", StringComparison.Ordinal) ? FollowUpKind.Report : FollowUpKind.Survey;
        return new FollowUpReminderRequest(courseId, kind, milestone.At);
    }
}

/// <summary>A follow-up reminder: to those asked who have not sent <paramref name="Kind"/>, once per <paramref name="ReminderFor"/>.</summary>
public sealed record FollowUpReminderRequest(string CourseId, FollowUpKind Kind, DateTimeOffset ReminderFor);
