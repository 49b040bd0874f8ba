namespace Workflow.Courses;

/// <summary>
/// What the organiser changed on a started course and what the flow has told people about it, kept on the course
/// row (written with its ETag). <see cref="CourseSchedule"/> turns each thing not yet told into a milestone that
/// runs even when late; its activity sends the emails and marks them here, so the milestone leaves the schedule.
/// </summary>
public sealed record CourseChanges
{
    public static readonly CourseChanges None = new();

    /// <summary>Why the course was cancelled (shown to people in the cancellation email).</summary>
    public string? CancelReason { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>The cancellation emails are out (the <see cref="MilestoneKind.Cancellation"/> milestone is done).</summary>
    public bool CancellationSent { get; init; }

    /// <summary>How many changes of times, venue or RSVP deadline people must be told about (0: none yet).</summary>
    public int Version { get; init; }

    /// <summary>The last version whose notice is out; a notice is due while it is below <see cref="Version"/>.</summary>
    public int NoticeVersion { get; init; }

    /// <summary>When the last noticed change was made (the <see cref="MilestoneKind.Rescheduled"/> milestone's time).</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    /// <summary>The times and venue people last heard about (the "before" of the notice).</summary>
    public CourseTimes? Previous { get; init; }

    /// <summary>Remind-now requests whose emails are not out yet, in request order.</summary>
    public IReadOnlyList<RemindNowRef> RemindNow { get; init; } = [];

    public bool NoticeDue => Version > NoticeVersion;
}

/// <summary>The part of a course a reschedule notice compares.</summary>
public sealed record CourseTimes(IReadOnlyList<CourseSession> Sessions, string Venue, DateTimeOffset? RsvpDeadline)
{
    public static CourseTimes Of(CourseDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new([.. definition.Sessions], definition.Venue, definition.RsvpDeadline);
    }

    /// <summary>Same venue, deadline and session times (session ids are not compared: a notice is about times).</summary>
    public bool SameAs(CourseTimes other) =>
        other is not null && Venue == other.Venue && RsvpDeadline == other.RsvpDeadline
        && Sessions.Count == other.Sessions.Count && Sessions.Zip(other.Sessions).All(p => p.First.SameTimes(p.Second));
}

/// <summary>A remind-now request still to send (its row in the RemindRequests table holds the chosen invitees).</summary>
public sealed record RemindNowRef(string RequestId, DateTimeOffset At);
