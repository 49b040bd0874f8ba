namespace Workflow.Courses;

/// <summary>Names shared by the course flow's starters, the orchestrator and the handlers that signal it.</summary>
public static class CourseFlow
{
    /// <summary>Raised after a fact about the course changed in the tables (invitees added...): the flow re-reads and acts.</summary>
    public const string ChangedEvent = "CourseChanged";

    public static string InstanceIdFor(string courseId) => "course-" + courseId;
}
