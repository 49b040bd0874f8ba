namespace Workflow.Courses.Certificates;

/// <summary>
/// The certificates' place in the course schedule (<see cref="CourseSchedule"/>): one milestone at the last follow-up due
/// date, key <c>certificates</c> (ordinally before <c>followUpClose</c>, so at the same instant certificates are issued
/// before the course is closed), run even when late, and gone once done (<see cref="CourseProgress"/>).
/// </summary>
public static class CertificateSchedule
{
    public const string Key = "certificates";

    public static IEnumerable<Milestone> For(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (course.Phase is CoursePhase.Draft or CoursePhase.Cancelled || course.Definition.Sessions.Count == 0 || course.Progress.IsDone(Key))
        {
            return [];
        }

        return [new Milestone(CertificateRules.LastDueDate(course), MilestoneKind.Certificates, Key, RunsIfLate: true)];
    }
}
