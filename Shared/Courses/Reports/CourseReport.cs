using Workflow.Courses.Certificates;

namespace Workflow.Courses.Reports;

/// <summary>The follow-up summary of a course (<c>GET /api/courses/{id}/report</c>), computed from the stored rows.</summary>
public sealed record CourseReport(
    string CourseId,
    string Title,
    CoursePhase Phase,
    AttendanceReport Attendance,
    SurveyReport Survey,
    LearningReports Reports,
    CertificateReport Certificates);

/// <param name="Expected">Accepted people: those expected at the sessions.</param>
/// <param name="PresentAtEverySession">Accepted people marked present at every session.</param>
public sealed record AttendanceReport(int Expected, int PresentAtEverySession, IReadOnlyList<SessionAttendance> Sessions, IReadOnlyList<UnitAttendance> Units);

/// <param name="Session">0-based, as in <c>attendance[n]</c> of the invitee list.</param>
/// <param name="Unmarked">Accepted people without a mark for the session (yet).</param>
public sealed record SessionAttendance(int Session, DateTimeOffset Start, DateTimeOffset End, int Present, int Absent, int Excused, int Unmarked);

/// <param name="Unit">The unit as the invitees carry it (null: none given).</param>
public sealed record UnitAttendance(string? Unit, int Expected, int PresentAtEverySession, IReadOnlyList<SessionAttendance> Sessions);

/// <param name="Averages">Per rating (1–5), rounded to one decimal; null while nobody answered.</param>
/// <param name="Comments">The free comments as written (no names: the survey is read as a whole).</param>
public sealed record SurveyReport(int Answers, SurveyAverages Averages, IReadOnlyList<string> Comments);

public sealed record SurveyAverages(double? Content, double? Presenter, double? Organisation);

/// <param name="Required">The course's <c>followUp.reportRequired</c>.</param>
/// <param name="Expected">Accepted people present at one session at least (those asked for a report).</param>
public sealed record LearningReports(bool Required, int Expected, int Submitted, int Missing, IReadOnlyList<UnitReports> Units)
{
    /// <summary>Reports graded (of those submitted, by anyone listed).</summary>
    public int Graded { get; init; }

    /// <summary>How many reports have each grade (scale keys, in the order first given), and whether it passes.</summary>
    public IReadOnlyList<GradeCount> Grades { get; init; } = [];

    /// <summary>People whose certificate waits for a grade (<see cref="CertificateRules.IsHeldForGrade"/>).</summary>
    public int HeldForGrade { get; init; }
}

/// <param name="Grade">The scale entry's key (<see cref="FollowUp.ReportGrade.Grade"/>).</param>
public sealed record GradeCount(string Grade, bool Passing, int Count);

/// <param name="Missing">Names of those expected who have not submitted, for the organiser to chase.</param>
public sealed record UnitReports(string? Unit, int Expected, int Submitted, IReadOnlyList<string> Missing);

public sealed record CertificateReport(int Eligible, int Issued, IReadOnlyList<IssuedCertificate> Numbers);

public sealed record IssuedCertificate(string Number, string Name, string? Unit);

/// <summary>The pure computation of <see cref="CourseReport"/>.</summary>
public static class CourseReports
{
    private static readonly StringComparer Vietnamese = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public static CourseReport For(Course course, IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitees);
        var accepted = invitees.Where(i => i.Status == InviteeStatus.Accepted).ToList();
        var units = accepted
            .GroupBy(i => i.Unit ?? string.Empty, StringComparer.Ordinal)
            .OrderBy(g => g.Key, Vietnamese)
            .Select(g => new UnitAttendance(g.Key.Length == 0 ? null : g.Key, g.Count(), g.Count(i => AtEverySession(course, i)), Sessions(course, [.. g])))
            .ToList();
        var attendance = new AttendanceReport(accepted.Count, accepted.Count(i => AtEverySession(course, i)), Sessions(course, accepted), units);

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
            [.. expected
                .GroupBy(i => i.Unit ?? string.Empty, StringComparer.Ordinal)
                .OrderBy(g => g.Key, Vietnamese)
                .Select(g => new UnitReports(
                    g.Key.Length == 0 ? null : g.Key,
                    g.Count(),
                    g.Count(i => i.Report is not null),
                    [.. g.Where(i => i.Report is null).Select(i => i.Name).Order(Vietnamese)]))])
        {
            Graded = invitees.Count(i => i is { Report: not null, Grade: not null }),
            Grades = [.. invitees.Where(i => i.Report is not null).Select(i => i.Grade).OfType<FollowUp.ReportGrade>()
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
        return new CourseReport(course.Id, course.Definition.Title, course.Phase, attendance, survey, reports, certificates);
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
