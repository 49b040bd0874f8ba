using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Courses.Attendance;
using Workflow.Courses.Links;

namespace Workflow.Functions.Http;

/// <summary>Attendance: the organiser marks present, absent or excused per session, in bulk; the QR code image of a check-in link.</summary>
public sealed class AttendanceFunctions(AttendanceApi attendance, PersonalLinkRouter links)
{
    [Function("RecordAttendance")]
    public Task<IActionResult> RecordAttendance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{id}/attendance")] HttpRequest req,
        string id) =>
        attendance.RecordAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("CheckInQr")]
    public IActionResult CheckInQr(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "r/{token}/qr")] HttpRequest req,
        string token) =>
        links.QrImage(req, token).AsAction();
}
