using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Courses.Attendance;

namespace Workflow.Functions.Http;

/// <summary>Attendance: the organiser marks present, absent or excused per session, in bulk.</summary>
public sealed class AttendanceFunctions(AttendanceApi attendance)
{
    [Function("RecordAttendance")]
    public Task<IActionResult> RecordAttendance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "courses/{id}/attendance")] HttpRequest req,
        string id) =>
        attendance.RecordAsync(req, id, req.HttpContext.RequestAborted).AsAction();
}
