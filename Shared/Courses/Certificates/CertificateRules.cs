using System.Text.RegularExpressions;

namespace Workflow.Courses.Certificates;

/// <summary>
/// Who gets a certificate and how its number reads (SPEC §2 step 9). Pure rules, no storage:
/// <list type="bullet">
/// <item>eligible: accepted, marked present at every session of the course, and — when the course's
/// <c>followUp.reportRequired</c> is true — the learning report submitted; when the course's
/// <c>followUp.certificateRequiresPassingGrade</c> is true, the report submitted and graded with a passing grade (a report
/// not graded yet holds the certificate until its grade arrives: <see cref="IsHeldForGrade"/>);</item>
/// <item>number: <c>{prefix}-{year}-{sequence:000000}</c>, for example <c>BDNV-2027-000123</c>, the year being the year of
/// the course's first session in Vietnam time; the sequence is allocated in storage (<see cref="CertificateStore"/>),
/// one counter per year, so numbers are unique within a course year across all courses and hosts.</item>
/// </list>
/// </summary>
public static partial class CertificateRules
{
    /// <summary>Whether the course asks for a learning report (<c>followUp.reportRequired</c>, default false).</summary>
    public static bool ReportRequired(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return course.Definition.FollowUp?.ReportRequired == true;
    }

    /// <summary>Whether <paramref name="invitee"/> has earned a certificate of <paramref name="course"/>.</summary>
    public static bool IsEligible(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        var sessions = course.Definition.Sessions.Count;
        return invitee.Status == InviteeStatus.Accepted
            && sessions > 0
            && Enumerable.Range(0, sessions).All(n => invitee.AttendanceFor(course, n)?.Status == AttendanceStatus.Present)
            && (!ReportRequired(course) || invitee.Report is not null)
            && (!RequiresPassingGrade(course) || invitee is { Report: not null, Grade.Passing: true });
    }

    /// <summary>Whether the course makes a passing grade of the learning report a condition (<c>followUp.certificateRequiresPassingGrade</c>).</summary>
    public static bool RequiresPassingGrade(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return course.Definition.FollowUp?.CertificateRequiresPassingGrade == true;
    }

    /// <summary>
    /// Whether <paramref name="invitee"/> would have a certificate but for a grade not given yet: the course needs a passing
    /// grade, he completed the course and sent his report, and nobody graded it. His certificate is issued once a passing
    /// grade arrives (<see cref="CertificateSchedule"/>'s <c>certificatesGraded</c> milestone).
    /// </summary>
    public static bool IsHeldForGrade(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        return RequiresPassingGrade(course) && invitee is { Report: not null, Grade: null } && IsEligible(course, invitee with { Grade = Passed });
    }

    private static readonly FollowUp.ReportGrade Passed = new("held", true, null, DateTimeOffset.MinValue, Workflow.Access.Author.System);

    /// <summary>The eligible invitees in a stable order (name, then id), the order numbers are given in.</summary>
    public static IReadOnlyList<Invitee> Eligible(Course course, IEnumerable<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(invitees);
        return [.. invitees
            .Where(i => IsEligible(course, i))
            .OrderBy(i => i.Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true))
            .ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    /// <summary>The course year that numbers the certificates: the year of the first session in Vietnam time.</summary>
    public static int YearOf(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return VietnamTime.ToLocal(course.FirstSessionStart).Year;
    }

    /// <summary>When the last session ends.</summary>
    public static DateTimeOffset LastSessionEnd(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return course.Definition.Sessions.Max(s => s.End);
    }

    /// <summary>
    /// The last follow-up due date: the last session's end plus the survey period, or the report period when a report is
    /// required and it is longer: the follow-up's close (<see cref="FollowUp.FollowUpPlan.Close"/>), so both run at one instant.
    /// </summary>
    public static DateTimeOffset LastDueDate(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return FollowUp.FollowUpPlan.For(course).Close;
    }

    /// <summary><c>BDNV-2027-000123</c>.</summary>
    public static string FormatNumber(string prefix, int year, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year:0000}-{sequence:000000}");
    }

    /// <summary>Highest sequence a year can hold (six digits are shown; more are allowed up to nine).</summary>
    public const long MaxSequence = 999_999_999;

    /// <summary>Reads a number as typed in a URL; false for anything that is not one (nothing else reaches storage).</summary>
    public static bool TryParseNumber(string? text, out int year, out long sequence)
    {
        year = 0;
        sequence = 0;
        if (text is null || text.Length > 40)
        {
            return false;
        }

        var match = NumberRegex().Match(text);
        if (!match.Success)
        {
            return false;
        }

        year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        sequence = long.Parse(match.Groups["seq"].Value, CultureInfo.InvariantCulture);
        return sequence >= 1 && year >= 2000;
    }

    /// <summary>A prefix of two to ten capital letters (configuration; see <see cref="CertificateOptions.NumberPrefix"/>).</summary>
    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixRegex().IsMatch(prefix);

    [GeneratedRegex(@"^[A-Z]{2,10}-(?<year>[0-9]{4})-(?<seq>[0-9]{6,9})\z", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"^[A-Z]{2,10}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixRegex();
}
