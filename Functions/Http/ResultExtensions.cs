using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Workflow.Durable;

namespace Workflow.Functions.Http;

/// <summary>The shared handlers answer with minimal-API <see cref="IResult"/>s; the Functions ASP.NET Core integration executes <see cref="IActionResult"/>s.</summary>
internal static class ResultExtensions
{
    public static async Task<IActionResult> AsAction(this Task<IResult> result) => new ResultAction(await result);

    public static IActionResult AsAction(this IResult result) => new ResultAction(result);

    /// <summary>Runs a handler with this invocation's Durable Task client as the one its course flows use (<see cref="WorkflowClientScope"/>).</summary>
    public static Task<IResult> Run(this DurableTaskClient client, Func<Task<IResult>> handler) =>
        WorkflowClientScope.RunAsync(new DurableTaskWorkflowClient(client), handler);

    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
