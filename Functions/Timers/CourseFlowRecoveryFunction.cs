using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Courses;
using Workflow.Durable;

namespace Workflow.Functions.Timers;

public sealed class CourseFlowRecoveryFunction(CourseFlowRecovery recovery)
{
    [Function(CourseFlowRecovery.FunctionName)]
    public Task Run(
        [TimerTrigger(CourseFlowRecovery.Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        recovery.RunAsync(new DurableTaskWorkflowClient(client), context.CancellationToken);
}
