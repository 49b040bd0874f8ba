using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Courses.Attendance;

namespace Workflow.Functions.Http;

/// <summary>Attendance: the organiser marks present, absent or excused per session, in bulk; the QR code image of a check-in link.</summary>
public sealed class AttendanceFunctions(AttendanceApi attendance, CheckInPage checkIn)
{
    [Function("RecordAttendance")]
    public Task<IActionResult> RecordAttendance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "courses/{id}/attendance")] HttpRequest req,
        string id) =>
        attendance.RecordAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("CheckInQr")]
    public IActionResult CheckInQr(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "r/{token}/qr")] HttpRequest req,
        string token) =>
        checkIn.QrImage(req, token).AsAction();
}
