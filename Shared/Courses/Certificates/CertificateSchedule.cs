namespace Workflow.Courses.Certificates;

/// <summary>
/// The certificates' place in the course schedule (<see cref="CourseSchedule"/>): one milestone at the last follow-up due
/// date, key <c>certificates</c> (ordinally before <c>followUpClose</c>, so at the same instant certificates are issued
/// before the course is closed), run even when late, and gone once done (<see cref="CourseProgress"/>). When the course
/// needs passing grades, a grade given later raises <see cref="CourseProgress.GradeRound"/>, and once the certificates are
/// done the milestone <c>certificatesGraded:{round}</c> (run even when late, at the same due date) issues the certificates
/// that grade earned; it leaves once its round is done.
/// </summary>
public static class CertificateSchedule
{
    public const string Key = "certificates";
    public const string GradedPrefix = "certificatesGraded:";

    public static IEnumerable<Milestone> For(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Phase is CoursePhase.Draft or CoursePhase.Cancelled || course.Definition.Sessions.Count == 0)
        {
            return [];
        }

        if (!course.Progress.IsDone(Key))
        {
            return [new Milestone(CertificateRules.LastDueDate(course), MilestoneKind.Certificates, Key, RunsIfLate: true)];
        }

        var graded = GradedKey(course.Progress.GradeRound);
        return course.Progress.GradeRound > 0 && !course.Progress.IsDone(graded)
            ? [new Milestone(CertificateRules.LastDueDate(course), MilestoneKind.CertificatesGraded, graded, RunsIfLate: true)]
            : [];
    }

    public static string GradedKey(int round) => GradedPrefix + round.ToString(CultureInfo.InvariantCulture);
}
