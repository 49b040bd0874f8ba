using Microsoft.Extensions.DependencyInjection;
using Workflow.Courses.Attendance;
using Workflow.Courses.Calendar;
using Workflow.Courses.Certificates;
using Workflow.Courses.FollowUp;

namespace Workflow.Courses;

/// <summary>
/// What happens at a milestone: one row each in <see cref="MilestoneTable"/>. The number of a kind is stored in the
/// flows' histories (the plans the flow read, the inputs of <see cref="RunMilestoneActivity"/>), so a new kind is
/// appended with the next number and no kind is ever renumbered.
/// </summary>
public enum MilestoneKind
{
    /// <summary>A reminder before the RSVP deadline to whoever is still pending.</summary>
    Reminder = 0,

    /// <summary>The RSVP deadline: the silent become "no response", organisers get the summary.</summary>
    RsvpDeadline = 1,

    /// <summary>The course was cancelled: one cancellation email to everyone still concerned, then the flow ends.</summary>
    Cancellation = 2,

    /// <summary>Times, venue or RSVP deadline changed: one notice (old and new) to the people concerned.</summary>
    Rescheduled = 3,

    /// <summary>The organiser asked for a reminder now to chosen pending invitees (one request).</summary>
    RemindNow = 4,

    /// <summary>The last follow-up due date: certificates numbered and emailed to those who completed the course.</summary>
    Certificates = 5,

    /// <summary>Attendance: the first session starts, the phase becomes inProgress.</summary>
    CourseStart = 6,

    /// <summary>Attendance: a session ended; accepted people without a mark become absent for it.</summary>
    SessionEnd = 7,

    /// <summary>Attendance: the last session ended; absences, each unit's attendance report once, phase followUp.</summary>
    CourseEnd = 8,

    /// <summary>Follow-up: after the last session, the survey link (and the report link when required) to those present.</summary>
    FollowUpStart = 9,

    /// <summary>Follow-up: a reminder before a due date to those asked who have not sent the survey (or the report).</summary>
    FollowUpReminder = 10,

    /// <summary>Follow-up: at the last due date, the organisers' summary; the course is completed.</summary>
    FollowUpClose = 11,

    /// <summary>Calendar: the reminder before the course (<c>reminders.beforeCourse</c>) to accepted people, with the .ics.</summary>
    CourseReminder = 12,

    /// <summary>Certificates again after a grade arrived (<c>certificatesGraded:{round}</c>): those whose passing grade came after the certificates.</summary>
    CertificatesGraded = 13,
}

/// <summary>
/// The milestone table: one row per <see cref="MilestoneKind"/>, naming the step (a method of a registered steps class)
/// that runs it. Both hosts run every milestone through one activity, <see cref="RunMilestoneActivity"/>, which looks the
/// row up here; the orchestrator never reads this table, it only hands the milestone to that activity. The arguments of a
/// step (a session's index, a reminder's time, a request id) come from the milestone itself: its time and its key, read
/// back with the helpers of the schedule that made it. Every step is idempotent (it reads the tables, does what is still
/// missing, marks it done), because an activity may run more than once. Adding a milestone: docs/milestones.md.
/// </summary>
public static class MilestoneTable
{
    public static IReadOnlyList<MilestoneRow> Rows { get; } =
    [
        // The RSVP phase (CourseSchedule).
        Row<CourseFlowSteps>(MilestoneKind.Reminder, (steps, m, ct) => steps.RemindAsync(new ReminderRequest(m.CourseId, m.Milestone.At), ct)),
        Row<CourseFlowSteps>(MilestoneKind.RsvpDeadline, (steps, m, ct) => steps.CloseRsvpAsync(m.CourseId, ct)),

        // The organiser's changes (CourseSchedule, from the course's change state).
        Row<CourseChangeSteps>(MilestoneKind.Cancellation, (steps, m, ct) => steps.SendCancellationAsync(m.CourseId, ct)),
        Row<CourseChangeSteps>(MilestoneKind.Rescheduled, (steps, m, ct) => steps.SendRescheduleNoticeAsync(m.CourseId, ct)),
        Row<CourseChangeSteps>(MilestoneKind.RemindNow, (steps, m, ct) => steps.RemindNowAsync(new RemindNowRequest(m.CourseId, CourseSchedule.RequestIdOf(m.Milestone)), ct)),

        // Certificates (CertificateSchedule).
        Row<CertificateSteps>(MilestoneKind.Certificates, (steps, m, ct) => steps.IssueAsync(m.CourseId, ct)),
        Row<CertificateSteps>(MilestoneKind.CertificatesGraded, (steps, m, ct) => steps.IssueAfterGradeAsync(m.CourseId, m.Milestone.Key, ct)),

        // Attendance (AttendanceSchedule).
        Row<AttendanceSteps>(MilestoneKind.CourseStart, (steps, m, ct) => steps.StartCourseAsync(m.CourseId, ct)),
        Row<AttendanceSteps>(MilestoneKind.SessionEnd, (steps, m, ct) => steps.EndSessionAsync(new SessionEndRequest(m.CourseId, AttendanceSchedule.SessionOf(m.Milestone)), ct)),
        Row<AttendanceSteps>(MilestoneKind.CourseEnd, (steps, m, ct) => steps.EndCourseAsync(m.CourseId, ct)),

        // Follow-up (FollowUpSchedule).
        Row<FollowUpSteps>(MilestoneKind.FollowUpStart, (steps, m, ct) => steps.StartAsync(m.CourseId, ct)),
        Row<FollowUpSteps>(MilestoneKind.FollowUpReminder, (steps, m, ct) => steps.RemindAsync(FollowUpSchedule.ReminderOf(m.CourseId, m.Milestone), ct)),
        Row<FollowUpSteps>(MilestoneKind.FollowUpClose, (steps, m, ct) => steps.CloseAsync(m.CourseId, ct)),

        // Calendar (CalendarSchedule).
        Row<CalendarSteps>(MilestoneKind.CourseReminder, (steps, m, ct) => steps.SendCourseReminderAsync(new CourseReminderRequest(m.CourseId, m.Milestone.At, m.Milestone.Key), ct)),
    ];

    private static readonly Dictionary<MilestoneKind, MilestoneRow> ByKind =
        Rows.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.First());

    /// <summary>The row of <paramref name="kind"/>; a kind without a row is a programming error (a unit test checks every kind has one).</summary>
    public static MilestoneRow Of(MilestoneKind kind) =>
        ByKind.TryGetValue(kind, out var row) ? row : throw new InvalidOperationException($"No row in {nameof(MilestoneTable)} for milestone kind {kind}.");

    private static MilestoneRow Row<TSteps>(MilestoneKind kind, Func<TSteps, MilestoneRequest, CancellationToken, Task<int>> step)
        where TSteps : notnull =>
        new(kind, typeof(TSteps), (services, request, cancellationToken) => step(services.GetRequiredService<TSteps>(), request, cancellationToken));
}

/// <summary>One row of <see cref="MilestoneTable"/>.</summary>
/// <param name="Kind">The milestone kind.</param>
/// <param name="Steps">The steps class (a registered service) whose method runs it.</param>
/// <param name="Run">Runs the step: resolves <paramref name="Steps"/> and calls its method with the milestone's arguments; returns how many emails (or marks) it made.</param>
public sealed record MilestoneRow(MilestoneKind Kind, Type Steps, Func<IServiceProvider, MilestoneRequest, CancellationToken, Task<int>> Run);
