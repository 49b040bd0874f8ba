using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Courses.Certificates;
using Workflow.Courses.Reports;

namespace Workflow.Functions.Http;

/// <summary>Issue 9: the certificate verification page (anonymous), the course report and the roster export.</summary>
public sealed class CertificateFunctions(CertificatePage certificates, CourseExportsApi exports)
{
    [Function("VerifyCertificate")]
    public Task<IActionResult> VerifyCertificate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "certificates/{number}")] HttpRequest req, string number) =>
        certificates.GetAsync(number, req.HttpContext.RequestAborted).AsAction();

    [Function("GetCourseReport")]
    public Task<IActionResult> GetCourseReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/report")] HttpRequest req, string id) =>
        exports.ReportAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("GetRoster")]
    public Task<IActionResult> GetRoster(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/roster")] HttpRequest req, string id) =>
        exports.RosterAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    /// <summary>Issue 18: the sign-in sheet (danh sách ký nhận) of one session, numbered from 1, as a PDF.</summary>
    [Function("GetSignInSheet")]
    public Task<IActionResult> GetSignInSheet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/sessions/{session}/sign-in-sheet")] HttpRequest req, string id, string session) =>
        exports.SignInSheetAsync(id, session, req.HttpContext.RequestAborted).AsAction();
}
