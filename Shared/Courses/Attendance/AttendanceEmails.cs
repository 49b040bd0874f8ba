namespace Workflow.Courses.Attendance;

/// <summary>One unit's people in a course, for its attendance report.</summary>
/// <param name="UnitId">The unit's id within the course (<see cref="Nominations.NominationRules.IdFor"/>): names the report's sent mark and message ids.</param>
public sealed record UnitAttendance(string UnitId, string Unit, IReadOnlyList<string> Contacts, IReadOnlyList<Invitee> People);

/// <summary>The unit attendance report (SPEC §2 step 8): after the last session, to each unit contact, once. Values go to the renderer raw.</summary>
public sealed class AttendanceEmails(CourseEmails courses, TemplateRenderer templates)
{
    /// <summary>
    /// The report of one unit: its accepted people with their mark per session (present / absent / excused / not marked), the
    /// people who declined (with their reason), did not answer, or stayed on the waitlist. One message per contact; the id
    /// names course, unit and contact, so it is sent once.
    /// </summary>
    public EmailBatch UnitReport(Course course, UnitAttendance unit)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(unit);
        var language = course.Definition.Language;
        var strings = templates.Strings(language);
        var sessions = course.Definition.Sessions.Count;
        var byName = unit.People.OrderBy(p => p.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true)).ToList();
        Dictionary<string, object?> Person(Invitee p) => new(StringComparer.Ordinal)
        {
            ["name"] = p.Name,
            ["position"] = p.Position ?? string.Empty,
            ["reason"] = p.Status == InviteeStatus.Declined ? p.Reason ?? string.Empty : string.Empty,
            ["marks"] = Enumerable.Range(0, sessions).Select(n => strings[MarkKey(p.AttendanceFor(course, n))]).ToList(),
        };

        var model = courses.CourseModel(course);
        model["unit"] = unit.Unit;
        model["attended"] = byName.Where(p => p.Status == InviteeStatus.Accepted || p.Attendance.Count > 0).Select(Person).ToList();
        model["declined"] = byName.Where(p => p.Status == InviteeStatus.Declined && p.Attendance.Count == 0).Select(Person).ToList();
        model["silent"] = byName.Where(p => p.Status is InviteeStatus.NoResponse or InviteeStatus.Pending && p.Attendance.Count == 0).Select(Person).ToList();
        model["waitlisted"] = byName.Where(p => p.Status == InviteeStatus.Waitlisted && p.Attendance.Count == 0).Select(Person).ToList();
        var recipients = unit.Contacts
            .Select(c => new EmailTo($"unit-attendance:{course.Id}:{unit.UnitId}:{c.ToLowerInvariant()}", c))
            .ToList();
        return templates.Email("unit-attendance", "unitAttendanceSubject", model, language, recipients);
    }

    /// <summary>The words key of a mark (<c>attendancePresent</c>..., <c>attendanceNone</c> when unmarked).</summary>
    public static string MarkKey(AttendanceMark? mark) => mark is null ? "attendanceNone" : "attendance" + mark.Status;
}
