using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Organiser;

namespace Workflow.Functions.Http;

/// <summary>
/// Issue 10: the organiser's page. The shell and its static files are anonymous because they hold no data (the page
/// signs in with the function key and calls the function-level API routes); personal links stay anonymous too.
/// </summary>
public sealed class OrganiserPageFunctions(OrganiserPage page)
{
    [Function("OrganiserPage")]
    public Task<IActionResult> Shell(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organiser")] HttpRequest req) =>
        Task.FromResult(page.Shell(req)).AsAction();

    [Function("OrganiserPageFile")]
    public Task<IActionResult> File(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organiser/{file}")] HttpRequest req, string file) =>
        Task.FromResult(page.Asset(req, file)).AsAction();
}
