using System.Text.Json.Serialization;
using Workflow.Courses.FollowUp;
using Workflow.Courses.Progress;
using Workflow.Courses.Storage;
using Workflow.Email;

namespace Workflow.Courses;

/// <summary>The course as the organiser sends it (SPEC §4 "Course JSON").</summary>
public sealed record CourseDefinition
{
    public string Title { get; init; } = string.Empty;
    public string? Description { get; init; }
    public IReadOnlyList<string> Presenters { get; init; } = [];
    public string Venue { get; init; } = string.Empty;
    public IReadOnlyList<CourseSession> Sessions { get; init; } = [];
    public DateTimeOffset? RsvpDeadline { get; init; }
    public int? Capacity { get; init; }
    public IReadOnlyList<string> OrganiserEmails { get; init; } = [];
    public string Language { get; init; } = "vi";
    public ReminderPolicy Reminders { get; init; } = new();

    /// <summary>Check-in window policy (SPEC §2 step 8); stored now, used by the attendance milestones.</summary>
    public CheckInPolicy? CheckIn { get; init; }

    /// <summary>Follow-up policy (SPEC §2 step 9); stored now, used by the follow-up milestones.</summary>
    public FollowUpPolicy? FollowUp { get; init; }

    /// <summary>Seats: at most this many accepted people of a unit (optional; the capacity holds as well).</summary>
    public IReadOnlyList<UnitQuota>? UnitQuotas { get; init; }

    /// <summary>Who signs the course's letters (issue 18); none: the course sends no Giấy mời or nomination letter.</summary>
    public LetterSigner? Letter { get; init; }

    /// <summary>
    /// Whether accepts are counted against seats (a capacity or unit quotas). Without either nobody ever waits, so a reply
    /// needs no seat row: accepts of a course without seats never touch a row that other replies touch.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool CountsSeats => Capacity is not null || UnitQuotas is { Count: > 0 };
}

/// <summary>A unit's share of the seats (<c>unitQuotas: [{unit, quota}]</c>).</summary>
public sealed record UnitQuota(string Unit, int Quota);

public sealed record CheckInPolicy
{
    /// <summary>How long before a session starts check-in opens (ISO-8601 duration, default PT60M).</summary>
    public string? OpensBefore { get; init; }
}

public sealed record FollowUpPolicy
{
    public string? SurveyDue { get; init; }

    public bool? ReportRequired { get; init; }

    public string? ReportDue { get; init; }

    /// <summary>Whether the certificate needs a passing grade of the learning report (<see cref="GradingRules"/>); default false.</summary>
    public bool? CertificateRequiresPassingGrade { get; init; }

    public IReadOnlyList<string>? RemindersBeforeDue { get; init; }
}

/// <summary>A session of a course: its times and its stable id.</summary>
/// <param name="Id">
/// The session's id in its course (<see cref="CourseSessions"/>): given by the API when the session is created, kept
/// when the session moves, and the key its attendance marks are stored under. Null only in what a client sends (a new
/// session) and in courses built in memory, where a session without an id is known by its position
/// (<see cref="CourseSessions.PositionalId"/>), which is also what courses stored before session ids read as.
/// </param>
public sealed record CourseSession(DateTimeOffset Start, DateTimeOffset End, [property: JsonPropertyOrder(-1)] string? Id = null)
{
    /// <summary>Whether the session is at the same times as <paramref name="other"/> (ids not compared).</summary>
    public bool SameTimes(CourseSession other) => other is not null && Start == other.Start && End == other.End;
}

public sealed record ReminderPolicy
{
    /// <summary>ISO-8601 durations before the RSVP deadline, for example <c>P3D</c>, <c>P1D</c>, or <c>PT30S</c> in tests.</summary>
    public IReadOnlyList<string> BeforeRsvpDeadline { get; init; } = ["P3D", "P1D"];

    public IReadOnlyList<string> BeforeCourse { get; init; } = ["P1D"];

    /// <summary>The times <paramref name="offsets"/> (ISO-8601 durations) before <paramref name="anchor"/>: those that parse, strictly before it, each once, in the order given.</summary>
    public static IEnumerable<DateTimeOffset> TimesBefore(DateTimeOffset anchor, IEnumerable<string>? offsets) =>
        (offsets ?? [])
            .Select(d => CourseValidation.TryParseDuration(d, out var offset) ? anchor - offset : (DateTimeOffset?)null)
            .OfType<DateTimeOffset>()
            .Where(t => t < anchor)
            .Distinct();
}

public enum CoursePhase
{
    Draft,
    Inviting,
    RsvpClosed,
    InProgress,
    FollowUp,
    Completed,
    Cancelled,
}

/// <summary>A course phase by name: its wire name for the API, its words for a person.</summary>
public static class CoursePhases
{
    /// <summary>The phase as the API writes it (<c>draft</c>, <c>rsvpClosed</c>...): data, never shown in a sentence.</summary>
    public static string WireName(CoursePhase phase) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(phase.ToString());

    /// <summary>
    /// The phase as a person reads it, in the reader's language (<c>phase.*</c> of the string tables, the words of the
    /// organiser page's phase badge): what a sentence naming a phase takes.
    /// </summary>
    public static Phrase Named(CoursePhase phase) => Phrase.Of("phase." + WireName(phase));
}

public enum InviteeStatus
{
    Pending,
    Accepted,
    Declined,
    Delegated,
    Waitlisted,
    NoResponse,
    Cancelled,
}

public enum EmailStatus
{
    NotSent,
    Sent,

    /// <summary>The invitation was refused by the email service for good, or is unconfirmed (no answer): see
    /// <see cref="Invitee.EmailError"/>. The flow does not invite this person again by itself.</summary>
    Failed,
}

public sealed record Course(
    string Id,
    CourseDefinition Definition,
    CoursePhase Phase,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    CourseChanges? Changes = null)
{
    public string InstanceId => CourseFlow.InstanceIdFor(Id);

    /// <summary>The organiser's changes (cancel, reschedule, remind now) and what the flow has done about them.</summary>
    public CourseChanges State => Changes ?? CourseChanges.None;

    /// <summary>Milestones of the later phases already done (see <see cref="CourseProgress"/>).</summary>
    public CourseProgress Progress { get; init; } = CourseProgress.None;

    public DateTimeOffset RsvpDeadline => Definition.RsvpDeadline ?? throw new InvalidOperationException("A stored course always has an RSVP deadline.");

    public DateTimeOffset FirstSessionStart => Definition.Sessions.Min(s => s.Start);

    /// <summary>The id of the session at <paramref name="index"/> (0-based, in the course's current order).</summary>
    public string SessionId(int index) => Definition.Sessions[index].Id ?? CourseSessions.PositionalId(index);

    /// <summary>The sessions' ids in the course's current order (the order the API, the pages and the papers number them).</summary>
    public IReadOnlyList<string> SessionIds => [.. Definition.Sessions.Select((_, n) => SessionId(n))];

    /// <summary>
    /// The version of the course's guard row: raised by every change of the phase or the definition, which replaces the
    /// guard row of the invitee partition, so that a reply decided on an older copy (a cached course) is refused by
    /// storage (<see cref="CourseStore"/>, issue 11). 0 for a course never changed since it was created.
    /// </summary>
    public long Guard { get; init; }

    /// <summary>Whether the course keeps its counts in tally rows (every course created since issue 19 item 4); false: the
    /// progress poll counts by a scan, as before (<see cref="Storage.InviteeStore.ReadProgressAsync"/>).</summary>
    public bool Tallied { get; init; }

    /// <summary>The numbers of the course's letters, each allocated once (<see cref="CourseLetterNumbers"/>).</summary>
    public CourseLetterNumbers Letters { get; init; } = CourseLetterNumbers.None;

    /// <summary>Who changed the course, what and when, oldest first (<see cref="CourseHistory"/>; the newest 200 lines).</summary>
    public IReadOnlyList<Workflow.Access.HistoryEntry> History { get; init; } = [];
}

/// <param name="Version">The stored row's version (ETag) when read: an update from this read fails if the row changed since.</param>
/// <param name="EmailError">Why the last email to this person failed (invitation refused or unconfirmed, or a reminder), as data the organiser reads in words; null when none did.</param>
public sealed record Invitee(
    string CourseId,
    string Id,
    string Name,
    string Email,
    string? Unit,
    string? Position,
    InviteeStatus Status,
    DateTimeOffset? RepliedAt,
    bool Late,
    string? Reason,
    EmailStatus EmailStatus,
    DateTimeOffset? InvitedAt,
    DateTimeOffset? LastReminderFor,
    string? Version = null,
    EmailFailure? EmailError = null)
{
    /// <summary>The id of the person with normalised email <paramref name="emailKey"/> in a course: derived from both, so the
    /// same person can never be added twice to a course (it is the invitee row's key).</summary>
    public static string IdFor(string courseId, string emailKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(courseId + "\n" + emailKey)).AsSpan(0, 10));

    /// <summary>Seats: the place in the arrival order of a waitlisted or accepted person (the seat row's sequence).</summary>
    public long? Arrival { get; init; }

    /// <summary>The colleague this invitation was handed to (id of the new invitee).</summary>
    public string? DelegatedTo { get; init; }

    /// <summary>Who changed this invitee, what, when and through which channel (oldest first).</summary>
    public IReadOnlyList<AuditEntry> Audit { get; init; } = [];

    /// <summary>The last scheduled batch of an invitation or reminder round this person was handed over in
    /// (<see cref="Courses.Handover"/>, written before the hand-over); null when none.</summary>
    public string? Handover { get; init; }

    /// <summary>Outbox mark: promoted from the waitlist, promotion email not yet sent.</summary>
    public bool PromotionPending { get; init; }

    /// <summary>Outbox mark: accepted by an answer (link or organiser), confirmation email (with the .ics) not yet sent.
    /// Set in the same write as the acceptance; the acceptance's <see cref="Arrival"/> names the message.</summary>
    public bool ConfirmationPending { get; init; }

    /// <summary>The time of the last course reminder (before the first session) this person was sent, if any.</summary>
    public DateTimeOffset? CourseReminderFor { get; init; }

    /// <summary>Attendance marks, at most one per session (by session id), from a check-in, the organiser or the flow.</summary>
    public IReadOnlyList<AttendanceMark> Attendance { get; init; } = [];

    /// <summary>The follow-up survey as answered (null: not answered).</summary>
    public SurveyAnswer? Survey { get; init; }

    /// <summary>The learning report (bài thu hoạch) as submitted (null: not submitted).</summary>
    public LearningReport? Report { get; init; }

    /// <summary>The certificate issued to this person (null: none).</summary>
    public string? CertificateNumber { get; init; }

    /// <summary>The organiser's grade of the learning report (null: not graded).</summary>
    public ReportGrade? Grade { get; init; }

    /// <summary>The mark for the session with id <paramref name="sessionId"/>, or null when there is none.</summary>
    public AttendanceMark? AttendanceFor(string sessionId) => Attendance.FirstOrDefault(a => a.SessionId == sessionId);

    /// <summary>The mark for session <paramref name="index"/> (0-based) of <paramref name="course"/> as it is now, or null.</summary>
    public AttendanceMark? AttendanceFor(Course course, int index)
    {
        ArgumentNullException.ThrowIfNull(course);
        return AttendanceFor(course.SessionId(index));
    }
}

public enum AttendanceStatus
{
    Present,
    Absent,
    Excused,
}

/// <summary>Attendance of one person at one session.</summary>
/// <param name="SessionId">The session's id (<see cref="CourseSession.Id"/>): the mark follows its session when the course
/// is rescheduled. Marks stored before session ids carried the session's position; they read as its positional id
/// (<see cref="AttendanceMarks"/>).</param>
/// <param name="Channel">How it was recorded: <c>link</c> (check-in), <c>organiser</c> or <c>system</c> (absent after the session's end).</param>
/// <param name="By">Who recorded it (the person's name for a check-in, <c>organiser</c>, <c>system</c>).</param>
public sealed record AttendanceMark(string SessionId, AttendanceStatus Status, DateTimeOffset At, string Channel, string By);

/// <summary>A follow-up survey answer: ratings 1–5 and free comments.</summary>
public sealed record SurveyAnswer(int Content, int Presenter, int Organisation, string? Comments, DateTimeOffset At);

/// <summary>A learning report: the text and optionally one file kept in blob storage.</summary>
public sealed record LearningReport(string Text, DateTimeOffset At, ReportFile? File = null);

/// <param name="Blob">The blob's name in the reports container.</param>
public sealed record ReportFile(string Name, string ContentType, long Length, string Blob);

/// <summary>A row to import, before validation.</summary>
public sealed record InviteeInput(string? Name, string? Email, string? Unit, string? Position);

public sealed record RejectedRow(int Row, Phrase Reason);

public sealed record DuplicateRow(int Row, string Email);

public sealed record CourseCounts(
    int Invited,
    int Pending,
    int Accepted,
    int Declined,
    int Delegated,
    int Waitlisted,
    int NoResponse,
    int Present,
    int Absent,
    int Excused,
    int Surveyed,
    int Reported,
    int EmailsSent,
    int EmailsFailed = 0)
{
    /// <summary>Attendance per session, in session order (<see cref="SessionCounts.Session"/> numbers them from 1).</summary>
    public IReadOnlyList<SessionCounts> Sessions { get; init; } = [];
}

/// <summary>One session's attendance: marks by status, and accepted people not marked (yet).</summary>
/// <param name="Session">The session's number, from 1 (as the attendance API and the pages number them).</param>
public sealed record SessionCounts(int Session, int Present, int Absent, int Excused, int Unmarked);

/// <summary>What the follow-up flow has sent to one person (its "sent" marks: SendGrid cannot drop a message it has seen).</summary>
/// <param name="SurveyAskedAt">When the survey link went (null: not yet).</param>
/// <param name="ReportAskedAt">When the learning-report link went (null: not yet).</param>
/// <param name="SurveyRemindedFor">The last survey reminder time this person had.</param>
/// <param name="ReportRemindedFor">The last report reminder time this person had.</param>
public sealed record FollowUpMarks(DateTimeOffset? SurveyAskedAt, DateTimeOffset? ReportAskedAt, DateTimeOffset? SurveyRemindedFor, DateTimeOffset? ReportRemindedFor)
{
    public DateTimeOffset? AskedAt(FollowUpKind kind) => kind == FollowUpKind.Survey ? SurveyAskedAt : ReportAskedAt;

    public DateTimeOffset? RemindedFor(FollowUpKind kind) => kind == FollowUpKind.Survey ? SurveyRemindedFor : ReportRemindedFor;
}

/// <summary>An invitee with his follow-up marks.</summary>
public sealed record FollowUpInvitee(Invitee Invitee, FollowUpMarks Marks);

/// <summary>What one scan of a course's invitees gives: the counts, and (for the progress view) each reply's current status and time.</summary>
public sealed record InviteeScan(CourseCounts Counts, IReadOnlyList<ReplyMark> Replies);
