using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Workflow.Functions.Http;

/// <summary>The shared handlers answer with minimal-API <see cref="IResult"/>s; the Functions ASP.NET Core integration executes <see cref="IActionResult"/>s.</summary>
internal static class ResultExtensions
{
    public static async Task<IActionResult> AsAction(this Task<IResult> result) => new ResultAction(await result);

    public static IActionResult AsAction(this IResult result) => new ResultAction(result);

    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
