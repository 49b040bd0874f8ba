using Workflow.Courses;

namespace Workflow.Durable;

/// <summary>
/// Every orchestrator and activity, registered under its type name in both hosts (the Functions app's
/// entry points use <c>nameof</c> of the same types; a test compares the two sets).
/// </summary>
public static class WorkflowRegistry
{
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(CourseOrchestrator),
    ];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(SendInvitationsActivity),
        typeof(GetCoursePlanActivity),
        typeof(RunMilestoneActivity), // every milestone kind (MilestoneTable)
    ];
}
