namespace Workflow.Courses;

/// <summary>
/// One point of a course's schedule.
/// </summary>
/// <param name="At">When it is due (UTC).</param>
/// <param name="Kind">What happens then.</param>
/// <param name="Key">Stable name of the milestone (<c>reminder:2027-05-07T10:00:00Z</c>, <c>rsvpDeadline</c>): the same milestone keeps it across recomputations.</param>
/// <param name="RunsIfLate">Whether it still runs when the flow comes to it after its time (the deadline must close the RSVP; a reminder that is already past is skipped).</param>
public sealed record Milestone(DateTimeOffset At, MilestoneKind Kind, string Key, bool RunsIfLate);

/// <summary>The last milestone the flow handled (it carries it from one generation to the next).</summary>
public sealed record MilestoneMark(DateTimeOffset At, string Key);

/// <summary>
/// The course's schedule as data (SPEC §2): a pure function from the stored course to its ordered milestones.
/// The flow sleeps until the next one after the last it handled, runs it, and computes the schedule again from
/// the tables, so a reschedule or a cancellation (table writes followed by the "changed" event) moves every future
/// milestone at once and nothing already done is repeated. Later phases add their milestones here.
/// </summary>
public static class CourseSchedule
{
    /// <summary>The milestones still ahead of a course in its current phase, in order.</summary>
    public static IReadOnlyList<Milestone> For(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var changes = course.State;
        if (course.Phase == CoursePhase.Cancelled)
        {
            // Until the cancellation emails are marked sent; then nothing is ahead and the flow ends.
            return changes is { CancelledAt: { } cancelledAt, CancellationSent: false }
                ? [new Milestone(cancelledAt, MilestoneKind.Cancellation, CancellationKey, RunsIfLate: true)]
                : [];
        }

        var notice = changes.NoticeDue && course.Phase is CoursePhase.Inviting or CoursePhase.RsvpClosed
            ? new[] { new Milestone(changes.ChangedAt ?? course.StartedAt ?? course.CreatedAt, MilestoneKind.Rescheduled, RescheduledPrefix + changes.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), RunsIfLate: true) }
            : [];
        // The later phases' milestones (course reminders, sessions, follow-up): each part of the course adds its own
        // rows here from its own pure function of the stored course; done ones leave through course.Progress.
        IEnumerable<Milestone> later =
        [
            .. Calendar.CalendarSchedule.For(course),
            .. Attendance.AttendanceSchedule.For(course),
            .. FollowUp.FollowUpSchedule.For(course),
            .. Certificates.CertificateSchedule.For(course),
        ];
        if (course.Phase != CoursePhase.Inviting)
        {
            return Order([.. notice, .. later]);
        }

        var remindNow = changes.RemindNow.Select(r => new Milestone(r.At, MilestoneKind.RemindNow, RemindNowPrefix + r.RequestId, RunsIfLate: true));
        var deadline = course.RsvpDeadline;
        var reminders = ReminderPolicy.TimesBefore(deadline, course.Definition.Reminders?.BeforeRsvpDeadline)
            .Select(t => new Milestone(t, MilestoneKind.Reminder, "reminder:" + t.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), RunsIfLate: false));
        return Order([.. reminders, new Milestone(deadline, MilestoneKind.RsvpDeadline, "rsvpDeadline", RunsIfLate: true), .. notice, .. remindNow, .. later]);
    }

    public const string CancellationKey = "cancellation";
    public const string RescheduledPrefix = "rescheduled:";
    public const string RemindNowPrefix = "remindNow:";

    /// <summary>The request id a <see cref="MilestoneKind.RemindNow"/> milestone is about.</summary>
    public static string RequestIdOf(Milestone milestone)
    {
        ArgumentNullException.ThrowIfNull(milestone);
        return milestone.Key[RemindNowPrefix.Length..];
    }

    /// <summary>The mark to carry after handling <paramref name="handled"/>: the later of it and <paramref name="last"/>,
    /// so a late milestone (a notice, a remind-now) never makes the flow run again what it had already passed.</summary>
    public static MilestoneMark After(MilestoneMark last, Milestone handled)
    {
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(handled);
        return handled.At > last.At || (handled.At == last.At && string.CompareOrdinal(handled.Key, last.Key) > 0)
            ? new MilestoneMark(handled.At, handled.Key)
            : last;
    }

    /// <summary>
    /// The milestone to wait for after <paramref name="last"/>: the first one after it in time (then key) order, or one
    /// that runs even when late. Milestones at or before the mark were handled (or were already past when the flow
    /// started) and are not run again.
    /// </summary>
    public static Milestone? Next(IReadOnlyList<Milestone> schedule, MilestoneMark last)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(last);
        return Order(schedule).FirstOrDefault(m => m.RunsIfLate || m.At > last.At || (m.At == last.At && string.CompareOrdinal(m.Key, last.Key) > 0));
    }

    private static List<Milestone> Order(IEnumerable<Milestone> milestones) =>
        [.. milestones.OrderBy(m => m.At).ThenBy(m => m.Key, StringComparer.Ordinal)];
}
