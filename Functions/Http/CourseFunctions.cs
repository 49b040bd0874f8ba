using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Courses;
using Workflow.Courses.Links;
using Workflow.Http;

namespace Workflow.Functions.Http;

/// <summary>HTTP triggers: bind, call the shared handler, answer.</summary>
public sealed class CourseFunctions(CourseApi courses, PersonalLinkRouter links, HealthApi health)
{
    [Function("CreateCourse")]
    public Task<IActionResult> CreateCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses")] HttpRequest req) =>
        courses.CreateAsync(req, req.HttpContext.RequestAborted).AsAction();

    [Function("GetCourse")]
    public Task<IActionResult> GetCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}")] HttpRequest req, string id) =>
        courses.GetAsync(id, req.HttpContext.RequestAborted).AsAction();

    [Function("AddInvitees")]
    public Task<IActionResult> AddInvitees(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{id}/invitees")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => courses.AddInviteesAsync(req, id, req.HttpContext.RequestAborted)).AsAction();

    [Function("ListInvitees")]
    public Task<IActionResult> ListInvitees(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/invitees")] HttpRequest req, string id) =>
        courses.ListInviteesAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("StartCourse")]
    public Task<IActionResult> StartCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{id}/start")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => courses.StartAsync(req, id, req.HttpContext.RequestAborted)).AsAction();

    [Function("ReplyPage")]
    public Task<IActionResult> Reply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", Route = "r/{token}")] HttpRequest req,
        string token,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => links.HandleAsync(req, token, req.HttpContext.RequestAborted)).AsAction();

    [Function("Health")]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        health.GetAsync(req.HttpContext.RequestAborted).AsAction();
}
