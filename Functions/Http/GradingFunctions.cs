using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Courses.FollowUp;

namespace Workflow.Functions.Http;

/// <summary>Issue 18 item 4: the learning reports read (list, file), graded, and downloaded as one ZIP.</summary>
public sealed class GradingFunctions(GradingApi grading)
{
    [Function("ListReports")]
    public Task<IActionResult> ListReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/reports")] HttpRequest req, string id) =>
        grading.ListAsync(id, req.HttpContext.RequestAborted).AsAction();

    [Function("DownloadReports")]
    public Task<IActionResult> DownloadReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/reports/archive")] HttpRequest req, string id) =>
        grading.ArchiveAsync(id, req.HttpContext.RequestAborted).AsAction();

    [Function("GetReportFile")]
    public Task<IActionResult> GetReportFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/reports/{inviteeId}/file")] HttpRequest req, string id, string inviteeId) =>
        grading.FileAsync(req, id, inviteeId, req.HttpContext.RequestAborted).AsAction();

    [Function("GradeReport")]
    public Task<IActionResult> GradeReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "courses/{id}/reports/{inviteeId}/grade")] HttpRequest req,
        string id,
        string inviteeId,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => grading.GradeAsync(req, id, inviteeId, req.HttpContext.RequestAborted)).AsAction();
}
