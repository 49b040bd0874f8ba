using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflow.Courses;

namespace Workflow.Functions.Durable;

/// <summary>
/// Entry points of the course flow: each calls the same class the local host registers under the same name. Every
/// milestone runs through the one <see cref="RunMilestoneActivity"/> trigger (its step is a row of <see cref="MilestoneTable"/>),
/// so a new milestone adds no function here.
/// </summary>
public sealed class CourseFlowFunctions(
    SendInvitationsActivity sendInvitations,
    GetCoursePlanActivity getPlan,
    RunMilestoneActivity runMilestone)
{
    [Function(nameof(CourseOrchestrator))]
    public static Task<string> RunCourseFlow([OrchestrationTrigger] TaskOrchestrationContext context, CourseFlowInput input) =>
        new CourseOrchestrator().RunAsync(context, input);

    [Function(nameof(SendInvitationsActivity))]
    public Task<int> SendInvitations([ActivityTrigger] string courseId, FunctionContext context) =>
        sendInvitations.RunAsync(ActivityContext.For(context), courseId);

    [Function(nameof(GetCoursePlanActivity))]
    public Task<CoursePlan> GetCoursePlan([ActivityTrigger] string courseId, FunctionContext context) =>
        getPlan.RunAsync(ActivityContext.For(context), courseId);

    [Function(nameof(RunMilestoneActivity))]
    public Task<int> RunMilestone([ActivityTrigger] MilestoneRequest request, FunctionContext context) =>
        runMilestone.RunAsync(ActivityContext.For(context), request);
}

/// <summary>The SDK's activity context, filled from the Functions invocation.</summary>
internal sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    public static ActivityContext For(FunctionContext context) =>
        new(
            context.FunctionDefinition.Name,
            context.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? string.Empty : string.Empty);
}
