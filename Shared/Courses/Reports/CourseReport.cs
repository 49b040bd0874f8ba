using Workflow.Courses.Certificates;

namespace Workflow.Courses.Reports;

/// <summary>The follow-up summary of a course (<c>GET /api/courses/{id}/report</c>), computed from the stored rows.</summary>
public sealed record CourseReport(
    string CourseId,
    string Title,
    CoursePhase Phase,
    AttendanceReport Attendance,
    IReadOnlyList<Absence> Absences,
    SurveyReport Survey,
    LearningReports Reports,
    CertificateReport Certificates);

/// <param name="Invited">Everyone invited (a person who handed his invitation to a colleague counts once, as the colleague).</param>
/// <param name="Expected">Accepted people: those expected at the sessions.</param>
/// <param name="PresentAtEverySession">Accepted people marked present at every session.</param>
public sealed record AttendanceReport(int Invited, int Expected, int PresentAtEverySession, IReadOnlyList<SessionAttendance> Sessions, IReadOnlyList<UnitAttendance> Units);

/// <param name="Session">0-based, as in <c>attendance[n]</c> of the invitee list.</param>
/// <param name="Unmarked">Accepted people without a mark for the session (yet).</param>
public sealed record SessionAttendance(int Session, DateTimeOffset Start, DateTimeOffset End, int Present, int Absent, int Excused, int Unmarked);

/// <param name="Unit">The unit as the invitees carry it (null: none given).</param>
public sealed record UnitAttendance(string? Unit, int Invited, int Expected, int PresentAtEverySession, IReadOnlyList<SessionAttendance> Sessions);

/// <summary>Someone invited who was not there: declined (with the reason he gave), or accepted and marked absent or excused.</summary>
/// <param name="Status"><c>declined</c>, <c>absent</c> (absent at one session at least) or <c>excused</c> (excused only).</param>
/// <param name="Sessions">The sessions missed, numbered from 1 (empty for a declined invitation).</param>
/// <param name="Reason">The reason the person gave when declining (null: none given).</param>
public sealed record Absence(string Name, string? Unit, string Status, IReadOnlyList<int> Sessions, string? Reason);

/// <param name="Averages">Per rating (1–5), rounded to one decimal; null while nobody answered.</param>
/// <param name="Comments">The free comments as written (no names: the survey is read as a whole).</param>
public sealed record SurveyReport(int Answers, SurveyAverages Averages, IReadOnlyList<string> Comments);

public sealed record SurveyAverages(double? Content, double? Presenter, double? Organisation);

/// <param name="Required">The course's <c>followUp.reportRequired</c>.</param>
/// <param name="Expected">Accepted people present at one session at least (those asked for a report).</param>
/// <param name="Graded">Submitted reports an organiser has graded (<see cref="CourseReports.GradeOf"/>).</param>
public sealed record LearningReports(bool Required, int Expected, int Submitted, int Missing, int Graded, IReadOnlyList<UnitReports> Units)
{
    /// <summary>How many reports have each grade (scale keys, in the order first given), and whether it passes.</summary>
    public IReadOnlyList<GradeCount> Grades { get; init; } = [];

    /// <summary>People whose certificate waits for a grade (<see cref="CertificateRules.IsHeldForGrade"/>).</summary>
    public int HeldForGrade { get; init; }
}

/// <param name="Grade">The scale entry's key (<see cref="FollowUp.ReportGrade.Grade"/>).</param>
public sealed record GradeCount(string Grade, bool Passing, int Count);

/// <param name="Missing">Names of those expected who have not submitted, for the organiser to chase.</param>
public sealed record UnitReports(string? Unit, int Expected, int Submitted, int Graded, IReadOnlyList<string> Missing);

public sealed record CertificateReport(int Eligible, int Issued, IReadOnlyList<IssuedCertificate> Numbers);

public sealed record IssuedCertificate(string Number, string Name, string? Unit);

/// <summary>The pure computation of <see cref="CourseReport"/>: units in Vietnamese order, people without a unit last.</summary>
public static class CourseReports
{
    private static readonly StringComparer Vietnamese = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public static CourseReport For(Course course, IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitees);
        var invited = invitees.Where(i => i.Status != InviteeStatus.Delegated).ToList();
        var accepted = invitees.Where(i => i.Status == InviteeStatus.Accepted).ToList();
        var units = invited
            .GroupBy(i => i.Unit ?? string.Empty, StringComparer.Ordinal)
            .OrderBy(g => g.Key.Length == 0 ? 1 : 0)
            .ThenBy(g => g.Key, Vietnamese)
            .Select(g =>
            {
                var unitAccepted = g.Where(i => i.Status == InviteeStatus.Accepted).ToList();
                return new UnitAttendance(
                    g.Key.Length == 0 ? null : g.Key, g.Count(), unitAccepted.Count, unitAccepted.Count(i => AtEverySession(course, i)), Sessions(course, unitAccepted));
            })
            .ToList();
        var attendance = new AttendanceReport(invited.Count, accepted.Count, accepted.Count(i => AtEverySession(course, i)), Sessions(course, accepted), units);

        var answers = invitees.Select(i => i.Survey).OfType<SurveyAnswer>().OrderBy(s => s.At).ToList();
        var survey = new SurveyReport(
            answers.Count,
            new SurveyAverages(Average(answers, a => a.Content), Average(answers, a => a.Presenter), Average(answers, a => a.Organisation)),
            [.. answers.Select(a => a.Comments?.Trim()).Where(c => !string.IsNullOrEmpty(c)).Select(c => c!)]);

        var expected = accepted.Where(i => i.Attendance.Any(a => a.Status == AttendanceStatus.Present)).ToList();
        var reports = new LearningReports(
            CertificateRules.ReportRequired(course),
            expected.Count,
            expected.Count(i => i.Report is not null),
            expected.Count(i => i.Report is null),
            expected.Count(i => i.Report is not null && GradeOf(i) is not null),
            [.. expected
                .GroupBy(i => i.Unit ?? string.Empty, StringComparer.Ordinal)
                .OrderBy(g => g.Key.Length == 0 ? 1 : 0)
                .ThenBy(g => g.Key, Vietnamese)
                .Select(g => new UnitReports(
                    g.Key.Length == 0 ? null : g.Key,
                    g.Count(),
                    g.Count(i => i.Report is not null),
                    g.Count(i => i.Report is not null && GradeOf(i) is not null),
                    [.. g.Where(i => i.Report is null).Select(i => i.Name).Order(Vietnamese)]))])
        {
            Grades = [.. invitees.Select(GradeOf).OfType<FollowUp.ReportGrade>()
                .GroupBy(g => g.Grade, StringComparer.Ordinal)
                .Select(g => new GradeCount(g.Key, g.Last().Passing, g.Count()))],
            HeldForGrade = invitees.Count(i => CertificateRules.IsHeldForGrade(course, i)),
        };

        var issued = invitees
            .Where(i => i.CertificateNumber is not null)
            .OrderBy(i => i.CertificateNumber, StringComparer.Ordinal)
            .Select(i => new IssuedCertificate(i.CertificateNumber!, i.Name, i.Unit))
            .ToList();
        var certificates = new CertificateReport(CertificateRules.Eligible(course, invitees).Count, issued.Count, issued);
        return new CourseReport(course.Id, course.Definition.Title, course.Phase, attendance, Absences(course, invitees), survey, reports, certificates);
    }

    /// <summary>The grade an organiser gave <paramref name="invitee"/>'s learning report, or null while it is not graded: the one place the report reads grades.</summary>
    public static FollowUp.ReportGrade? GradeOf(Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        return invitee.Report is null ? null : invitee.Grade;
    }

    /// <summary>Declined invitations (with their reasons), then accepted people absent or excused at a session, each by unit then name.</summary>
    private static List<Absence> Absences(Course course, IReadOnlyList<Invitee> invitees)
    {
        var declined = invitees
            .Where(i => i.Status == InviteeStatus.Declined)
            .Select(i => new Absence(i.Name, i.Unit, "declined", [], string.IsNullOrWhiteSpace(i.Reason) ? null : i.Reason.Trim()));
        var missed = invitees
            .Where(i => i.Status == InviteeStatus.Accepted)
            .Select(i =>
            {
                var marks = Enumerable.Range(0, course.Definition.Sessions.Count).Select(n => (Session: n + 1, Mark: i.AttendanceFor(course, n)?.Status)).ToList();
                var away = marks.Where(m => m.Mark is AttendanceStatus.Absent or AttendanceStatus.Excused).ToList();
                return away.Count == 0
                    ? null
                    : new Absence(i.Name, i.Unit, away.Any(m => m.Mark == AttendanceStatus.Absent) ? "absent" : "excused", [.. away.Select(m => m.Session)], null);
            })
            .OfType<Absence>();
        return [.. declined.Concat(missed)
            .OrderBy(a => a.Status == "declined" ? 0 : 1)
            .ThenBy(a => a.Unit is null ? 1 : 0)
            .ThenBy(a => a.Unit ?? string.Empty, Vietnamese)
            .ThenBy(a => a.Name, Vietnamese)];
    }

    /// <summary>The mean of a rating, rounded half away from zero to one decimal (4.25 → 4.3); null for no answers.</summary>
    public static double? Average(IReadOnlyCollection<SurveyAnswer> answers, Func<SurveyAnswer, int> rating)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(rating);
        if (answers.Count == 0)
        {
            return null;
        }

        // Exact in decimal: sum / count, then one decimal.
        var mean = (decimal)answers.Sum(rating) / answers.Count;
        return (double)Math.Round(mean, 1, MidpointRounding.AwayFromZero);
    }

    private static bool AtEverySession(Course course, Invitee invitee) =>
        course.Definition.Sessions.Count > 0
        && Enumerable.Range(0, course.Definition.Sessions.Count).All(n => invitee.AttendanceFor(course, n)?.Status == AttendanceStatus.Present);

    private static List<SessionAttendance> Sessions(Course course, IReadOnlyCollection<Invitee> people) =>
        [.. course.Definition.Sessions.Select((s, n) => new SessionAttendance(
            n,
            s.Start,
            s.End,
            people.Count(i => i.AttendanceFor(course, n)?.Status == AttendanceStatus.Present),
            people.Count(i => i.AttendanceFor(course, n)?.Status == AttendanceStatus.Absent),
            people.Count(i => i.AttendanceFor(course, n)?.Status == AttendanceStatus.Excused),
            people.Count(i => i.AttendanceFor(course, n) is null)))];
}
