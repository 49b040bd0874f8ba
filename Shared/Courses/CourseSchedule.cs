namespace Workflow.Courses;

/// <summary>What happens at a milestone; each kind has one idempotent activity (<see cref="CourseOrchestrator"/>).</summary>
public enum MilestoneKind
{
    /// <summary>A reminder before the RSVP deadline to whoever is still pending.</summary>
    Reminder,

    /// <summary>The RSVP deadline: the silent become "no response", organisers get the summary.</summary>
    RsvpDeadline,
}

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
        if (course.Phase != CoursePhase.Inviting)
        {
            return [];
        }

        var deadline = course.RsvpDeadline;
        var reminders = (course.Definition.Reminders?.BeforeRsvpDeadline ?? [])
            .Select(d => CourseValidation.TryParseDuration(d, out var offset) ? deadline - offset : (DateTimeOffset?)null)
            .OfType<DateTimeOffset>()
            .Where(t => t < deadline)
            .Distinct()
            .Select(t => new Milestone(t, MilestoneKind.Reminder, "reminder:" + t.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), RunsIfLate: false));
        return Order([.. reminders, new Milestone(deadline, MilestoneKind.RsvpDeadline, "rsvpDeadline", RunsIfLate: true)]);
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
