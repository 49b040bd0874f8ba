using Workflow.Access;
namespace Workflow.Courses.Attendance;

/// <summary>When a session's check-in is open: from <c>checkIn.opensBefore</c> before its start until its end.</summary>
/// <param name="Session">0-based index into the course's sessions.</param>
public sealed record CheckInWindow(int Session, DateTimeOffset Opens, DateTimeOffset Start, DateTimeOffset Closes)
{
    public bool IsOpen(DateTimeOffset now) => now >= Opens && now < Closes;
}

/// <summary>Whether a person can check in now, and if not, why (the page says it in words).</summary>
public enum CheckInState
{
    /// <summary>A window is open and the person may check in (<see cref="CheckInStatus.Session"/>).</summary>
    Open,

    /// <summary>Already checked in (or marked present) for the session whose window is open.</summary>
    AlreadyPresent,

    /// <summary>The organisers marked this session for the person (absent or excused): a check-in does not replace it.</summary>
    MarkedByOrganiser,

    /// <summary>No window is open yet; the next opens at <see cref="CheckInStatus.OpensAt"/>.</summary>
    NotYetOpen,

    /// <summary>Every session has ended.</summary>
    Closed,

    /// <summary>The person holds no seat (not accepted: pending, declined, waitlisted...).</summary>
    NotAccepted,

    /// <summary>The course was cancelled (or never started).</summary>
    CourseNotRunning,
}

/// <param name="Session">The session concerned (0-based): the open one, or the next one for <see cref="CheckInState.NotYetOpen"/>.</param>
/// <param name="OpensAt">When the next window opens (for <see cref="CheckInState.NotYetOpen"/>).</param>
public sealed record CheckInStatus(CheckInState State, int? Session, DateTimeOffset? OpensAt);

/// <summary>An attendance change of one invitee: the invitee after it, and whether anything changed (the same mark again does not).</summary>
public sealed record AttendanceChange(Invitee Invitee, int Session, bool Unchanged);

/// <summary>
/// Attendance (SPEC §2 step 8) as plain functions of the course, the invitee and the time: the check-in windows, the
/// person's check-in by link, the organiser's marks (which override a check-in) and the flow's "absent" after a session
/// for accepted people without a mark. Every change writes one mark per session and one line of the audit trail; the
/// invitee store writes both in one merge under the row's ETag (<see cref="InviteeColumns.Attendance"/>).
/// Sessions are 0-based positions in the course as it is now (the API and the pages number them from 1); a mark is
/// stored under the session's id (<see cref="CourseSessions"/>), so it stays with its session when the course is rescheduled.
/// </summary>
public static class AttendanceRules
{
    public const string DefaultOpensBefore = "PT60M";

    /// <summary>How long before a session starts its check-in opens (the course's policy, default 60 minutes).</summary>
    public static TimeSpan OpensBefore(CourseDefinition course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return CourseValidation.TryParseDuration(course.CheckIn?.OpensBefore, out var before) ? before : TimeSpan.FromMinutes(60);
    }

    /// <summary>Each session's window, in session order (the stored order, which is by start).</summary>
    public static IReadOnlyList<CheckInWindow> Windows(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var before = OpensBefore(course.Definition);
        return [.. course.Definition.Sessions.Select((s, i) => new CheckInWindow(i, s.Start - before, s.Start, s.End))];
    }

    /// <summary>When the last session ends: the check-in link is valid until then.</summary>
    public static DateTimeOffset LastSessionEnd(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return course.Definition.Sessions.Max(s => s.End);
    }

    /// <summary>The session whose window is open now; when windows overlap (a session opens before the previous one ended), the later one.</summary>
    public static CheckInWindow? OpenWindow(Course course, DateTimeOffset now) =>
        Windows(course).LastOrDefault(w => w.IsOpen(now));

    /// <summary>Can this person check in now, and for which session; if not, why.</summary>
    public static CheckInStatus Status(Course course, Invitee invitee, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        if (course.Phase is CoursePhase.Cancelled or CoursePhase.Draft)
        {
            return new CheckInStatus(CheckInState.CourseNotRunning, null, null);
        }

        if (invitee.Status != InviteeStatus.Accepted)
        {
            return new CheckInStatus(CheckInState.NotAccepted, null, null);
        }

        if (OpenWindow(course, now) is { } open)
        {
            return invitee.AttendanceFor(course, open.Session) switch
            {
                { Status: AttendanceStatus.Present } => new CheckInStatus(CheckInState.AlreadyPresent, open.Session, null),
                { } => new CheckInStatus(CheckInState.MarkedByOrganiser, open.Session, null),
                null => new CheckInStatus(CheckInState.Open, open.Session, null),
            };
        }

        var next = Windows(course).Where(w => w.Opens > now).MinBy(w => w.Opens);
        return next is null
            ? new CheckInStatus(CheckInState.Closed, null, null)
            : new CheckInStatus(CheckInState.NotYetOpen, next.Session, next.Opens);
    }

    /// <summary>The person checks in with his link: only an accepted person, only inside a window, for the session whose window is open.</summary>
    public static Outcome<AttendanceChange> CheckIn(Course course, Invitee current, DateTimeOffset now)
    {
        var status = Status(course, current, now);
        return status.State switch
        {
            CheckInState.Open => Outcome<AttendanceChange>.Done(Apply(course, current, status.Session!.Value, AttendanceStatus.Present, now, AuditActor.Link(current.Name))),
            CheckInState.AlreadyPresent => Outcome<AttendanceChange>.Done(new AttendanceChange(current, status.Session!.Value, Unchanged: true)),
            _ => Outcome<AttendanceChange>.Conflict(Phrase.Of("error.noCheckInNow", ("state", status.State.ToString()))),
        };
    }

    /// <summary>
    /// The organiser marks a person for a session: present, absent or excused, for anyone on the list (an offline reply,
    /// someone who came without answering), overriding a check-in or an earlier mark. "Excused" may be given ahead of the
    /// session (someone announced he will miss it); "present" and "absent" only once the session's check-in has opened.
    /// Not for a course in draft, cancelled or completed.
    /// </summary>
    /// <param name="session">0-based.</param>
    /// <param name="by">The organiser who marks (the signed-in person or key): the audit line names him.</param>
    public static Outcome<AttendanceChange> Mark(Course course, Invitee current, int session, AttendanceStatus status, DateTimeOffset now, Author by)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(by);
        if (WhyNoMarks(course) is { } why)
        {
            return Outcome<AttendanceChange>.Conflict(why);
        }

        var windows = Windows(course);
        if (session < 0 || session >= windows.Count)
        {
            return Outcome<AttendanceChange>.Invalid("session", Phrase.Of("error.theCourseHasSessions1", ("windows", windows.Count)));
        }

        if (status != AttendanceStatus.Excused && now < windows[session].Opens)
        {
            return Outcome<AttendanceChange>.Invalid(
                "session",
                Phrase.Of("error.sessionHasNotOpenedForCheckIn", ("session", session + 1)));
        }

        if (current.AttendanceFor(course, session) is { } mark && mark.Status == status && mark.Channel == InviteeRules.Name(ReplyChannel.Organiser))
        {
            return Outcome<AttendanceChange>.Done(new AttendanceChange(current, session, Unchanged: true));
        }

        return Outcome<AttendanceChange>.Done(Apply(course, current, session, status, now, AuditActor.Organiser(by)));
    }

    /// <summary>Why the organiser cannot mark attendance of this course now (null: he can).</summary>
    public static Phrase? WhyNoMarks(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return course.Phase switch
        {
            CoursePhase.Draft => Phrase.Of("error.theCourseHasNotBeenStarted"),
            CoursePhase.Cancelled => Phrase.Of("error.theCourseWasCancelled"),
            CoursePhase.Completed => Phrase.Of("error.theCourseIsCompletedAttendanceIsFinal"),
            _ => null,
        };
    }

    /// <summary>
    /// After session <paramref name="session"/> ended: an accepted person without a mark for it becomes absent (by the
    /// system). Null when there is nothing to change (not accepted, already marked, the session not over).
    /// </summary>
    public static Invitee? MarkAbsentAfterSession(Course course, Invitee current, int session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(current);
        if (current.Status != InviteeStatus.Accepted || session < 0 || session >= course.Definition.Sessions.Count
            || now < course.Definition.Sessions[session].End || current.AttendanceFor(course, session) is not null)
        {
            return null;
        }

        return Apply(course, current, session, AttendanceStatus.Absent, now, AuditActor.System).Invitee;
    }

    /// <summary>Writes the mark of session <paramref name="session"/> (0-based, now) under the session's id, so it follows the session.</summary>
    private static AttendanceChange Apply(Course course, Invitee current, int session, AttendanceStatus status, DateTimeOffset now, AuditActor by)
    {
        var channelName = InviteeRules.Name(by.Channel);
        var sessionId = course.SessionId(session);
        var marks = current.Attendance.Where(a => a.SessionId != sessionId).Append(new AttendanceMark(sessionId, status, now, channelName, by.By)).ToList();
        var previous = current.AttendanceFor(sessionId);
        // Audit data, not a sentence: the session's number and the mark it replaced, as the audit's "what" is written.
        var note = previous is null
            ? string.Create(CultureInfo.InvariantCulture, $"session {session + 1}")
            : string.Create(CultureInfo.InvariantCulture, $"session {session + 1} (was {InviteeRules.Name(previous.Status)})");
        var audit = InviteeRules.Append(current.Audit, by.Entry(now, InviteeRules.Name(status), note));
        return new AttendanceChange(current with { Attendance = marks, Audit = audit }, session, Unchanged: false);
    }
}
