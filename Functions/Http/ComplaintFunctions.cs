using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;

namespace Workflow.Functions.Http;

/// <summary>Complaint HTTP triggers: bind, call the shared handler, answer.</summary>
public sealed class ComplaintFunctions(ComplaintApi complaints, HolidayApi holidays)
{
    [Function("RegisterComplaint")]
    public Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints")] HttpRequest req) =>
        complaints.RegisterAsync(req, req.HttpContext.RequestAborted).AsAction();

    [Function("ListComplaints")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "complaints")] HttpRequest req) =>
        complaints.ListAsync(req, req.HttpContext.RequestAborted).AsAction();

    [Function("GetComplaint")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "complaints/{id}")] HttpRequest req, string id) =>
        complaints.GetAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("AcceptComplaint")]
    public Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/accept")] HttpRequest req, string id) =>
        complaints.AcceptAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("ExtendComplaint")]
    public Task<IActionResult> Extend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/extend")] HttpRequest req, string id) =>
        complaints.ExtendAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("ResolveComplaint")]
    public Task<IActionResult> Resolve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/resolve")] HttpRequest req, string id) =>
        complaints.ResolveAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("WithdrawComplaint")]
    public Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/withdraw")] HttpRequest req, string id) =>
        complaints.WithdrawAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("AddHolidayYear")]
    public Task<IActionResult> AddHolidayYear(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "holidays")] HttpRequest req) =>
        holidays.AddYearAsync(req, req.HttpContext.RequestAborted).AsAction();
}
