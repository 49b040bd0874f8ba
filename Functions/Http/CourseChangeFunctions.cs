using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Courses;

namespace Workflow.Functions.Http;

/// <summary>HTTP triggers of the organiser's changes (cancel, edit/reschedule, remind now): bind, call the shared handler, answer.</summary>
public sealed class CourseChangeFunctions(CourseChangesApi changes)
{
    [Function("CancelCourse")]
    public Task<IActionResult> CancelCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{id}/cancel")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => changes.CancelAsync(req, id, req.HttpContext.RequestAborted)).AsAction();

    [Function("PatchCourse")]
    public Task<IActionResult> PatchCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "courses/{id}")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => changes.PatchAsync(req, id, req.HttpContext.RequestAborted)).AsAction();

    [Function("RemindNow")]
    public Task<IActionResult> RemindNow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{id}/remind")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => changes.RemindAsync(req, id, req.HttpContext.RequestAborted)).AsAction();
}
