using Microsoft.DurableTask;
using Workflow.Courses;

namespace Workflow.IntegrationTests.Durable.Fakes;

/// <summary>
/// Stands in for the course flow under its name (<see cref="CourseFlowRecovery"/> starts <c>CourseOrchestrator</c>):
/// counts its first generation's runs per course (<see cref="ExecutionCounter"/>, key <c>{courseId}:flow</c>),
/// continues as new once, then waits for <see cref="StopEvent"/>.
/// </summary>
public sealed class CourseOrchestrator : TaskOrchestrator<CourseFlowInput, string>
{
    public const string StopEvent = "Stop";
    public const string Continued = "continued";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, CourseFlowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.LastMilestoneAt is null)
        {
            await context.CallActivityAsync<int>(nameof(CountStepActivity), new StepInput(input.CourseId, "flow"));
            context.ContinueAsNew(input with { LastMilestoneAt = context.CurrentUtcDateTime });
            return "first generation";
        }

        context.SetCustomStatus(Continued);
        return await context.WaitForExternalEvent<string>(StopEvent);
    }
}
