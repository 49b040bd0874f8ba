using Workflow.Courses.Nominations;
using Workflow.Courses.Storage;
using Workflow.Units;

namespace Workflow.Courses.Attendance;

/// <summary>
/// The attendance milestones' steps (<see cref="AttendanceSchedule"/>, rows of <see cref="MilestoneTable"/>). Idempotent like every flow step: each reads
/// the tables, does what is missing, and records the milestone done (<see cref="CourseStore.MarkMilestoneDoneAsync"/>)
/// last, so a crash before that runs it again and finds nothing left to do.
/// </summary>
public sealed partial class AttendanceSteps(
    CourseStore courses,
    InviteeStore inviteeStore,
    AttendanceWriter attendanceWriter,
    NominationStore nominations,
    UnitStore units,
    UnitReportStore reports,
    AttendanceEmails emails,
    IEmailSender sender,
    TimeProvider time,
    ILogger<AttendanceSteps> logger)
{
    /// <summary>The first session starts: the phase becomes inProgress (from rsvpClosed; a cancelled course stays cancelled).</summary>
    public async Task<int> StartCourseAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courses.RequireAsync(courseId, cancellationToken);
        return await MarkPhaseMilestoneAsync(course, AttendanceSchedule.CourseStartKey, CoursePhase.InProgress, cancellationToken);
    }

    /// <summary>Session <paramref name="request"/>.Session ended: accepted people without a mark for it become absent.</summary>
    public async Task<int> EndSessionAsync(SessionEndRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var course = await courses.RequireAsync(request.CourseId, cancellationToken);
        var marked = await MarkAbsencesAsync(course, request.Session, cancellationToken);
        await courses.MarkMilestoneDoneAsync(course.Id, AttendanceSchedule.SessionEndKey(request.Session), null, cancellationToken);
        return marked;
    }

    /// <summary>
    /// The last session ended: absences of every ended session (so the reports are complete whatever order the same-instant
    /// milestones run in), then each unit's report once, then the phase becomes followUp.
    /// </summary>
    public async Task<int> EndCourseAsync(string courseId, CancellationToken cancellationToken)
    {
        var course = await courses.RequireAsync(courseId, cancellationToken);
        if (course.Phase is CoursePhase.RsvpClosed or CoursePhase.InProgress)
        {
            for (var n = 0; n < course.Definition.Sessions.Count; n++)
            {
                await MarkAbsencesAsync(course, n, cancellationToken);
                await courses.MarkMilestoneDoneAsync(course.Id, AttendanceSchedule.SessionEndKey(n), null, cancellationToken);
            }

            await SendUnitReportsAsync(course, cancellationToken);
        }

        return await MarkPhaseMilestoneAsync(course, AttendanceSchedule.CourseEndKey, CoursePhase.FollowUp, cancellationToken);
    }

    /// <summary>
    /// Records the milestone <paramref name="key"/> done and, when the course is between its RSVP and its follow-up (RSVP
    /// closed or in progress), moves its phase to <paramref name="phase"/>; a cancelled course stays cancelled. No emails.
    /// </summary>
    private async Task<int> MarkPhaseMilestoneAsync(Course course, string key, CoursePhase phase, CancellationToken cancellationToken)
    {
        var to = course.Phase is CoursePhase.RsvpClosed or CoursePhase.InProgress ? phase : (CoursePhase?)null;
        await courses.MarkMilestoneDoneAsync(course.Id, key, to, cancellationToken);
        LogPhase(logger, course.Id, key);
        return 0;
    }

    /// <summary>Each unit of the course gets its report once (mark per unit in <see cref="UnitReportStore"/>); returns how many units were sent one now.</summary>
    public async Task<int> SendUnitReportsAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        var everyone = await inviteeStore.ListInviteesAsync(course.Id, cancellationToken);
        var asked = (await nominations.ListAsync(course.Id, cancellationToken))
            .GroupBy(n => UnitKeys.Normalize(n.Unit), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var sent = await reports.ListSentAsync(course.Id, cancellationToken);
        int done = 0, noContact = 0;
        foreach (var group in everyone.Where(i => !string.IsNullOrWhiteSpace(i.Unit)).GroupBy(i => UnitKeys.Normalize(i.Unit!), StringComparer.Ordinal))
        {
            var unitName = group.First().Unit!.Trim();
            var unitId = NominationRules.IdFor(course.Id, unitName);
            if (sent.Contains(unitId))
            {
                continue;
            }

            var contacts = await ContactsAsync(asked.GetValueOrDefault(group.Key), unitName, cancellationToken);
            if (contacts.Count == 0)
            {
                noContact++;
                continue;
            }

            var people = group.Where(i => i.Status != InviteeStatus.Delegated && i.Status != InviteeStatus.Cancelled).ToList();
            var result = await sender.SendAsync(emails.UnitReport(course, new UnitAttendance(unitId, unitName, contacts, people)), cancellationToken);
            await reports.MarkSentAsync(course.Id, unitId, unitName, result.Sent.Count, time.GetUtcNow(), cancellationToken);
            done++;
        }

        LogReports(logger, course.Id, done, noContact);
        return done;
    }

    /// <summary>
    /// Who receives a unit's report: the contact the organiser gave when asking the unit to nominate (he named the people),
    /// else the unit's contact emails in the units registry; none when the unit is in neither.
    /// </summary>
    private async Task<IReadOnlyList<string>> ContactsAsync(Nomination? nomination, string unit, CancellationToken cancellationToken)
    {
        if (nomination is not null)
        {
            return [nomination.ContactEmail];
        }

        var registered = await units.FindAsync(unit, cancellationToken);
        return registered?.ContactEmails.Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
    }

    private async Task<int> MarkAbsencesAsync(Course course, int session, CancellationToken cancellationToken)
    {
        if (course.Phase is not (CoursePhase.RsvpClosed or CoursePhase.InProgress) || session >= course.Definition.Sessions.Count)
        {
            return 0;
        }

        var marked = await attendanceWriter.MarkAbsentAfterSessionAsync(course, session, time.GetUtcNow(), cancellationToken);
        LogAbsent(logger, course.Id, session + 1, marked);
        return marked;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: milestone {Key} done")]
    private static partial void LogPhase(ILogger logger, string courseId, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: session {Session} ended, {Count} accepted people without a mark marked absent")]
    private static partial void LogAbsent(ILogger logger, string courseId, int session, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: attendance reports sent to {Units} units; {NoContact} units have no contact (not asked to nominate, not in the registry)")]
    private static partial void LogReports(ILogger logger, string courseId, int units, int noContact);
}

/// <param name="Session">0-based.</param>
public sealed record SessionEndRequest(string CourseId, int Session);
