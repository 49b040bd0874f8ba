using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Courses.Progress;

namespace Workflow.Functions.Http;

/// <summary>The organiser page's reads (issue 10): the course list, a course's live progress, the units asked to nominate.</summary>
public sealed class CourseReadFunctions(CourseReadApi reads)
{
    [Function("ListCourses")]
    public Task<IActionResult> ListCourses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses")] HttpRequest req) =>
        reads.ListAsync(req, req.HttpContext.RequestAborted).AsAction();

    [Function("GetCourseProgress")]
    public Task<IActionResult> GetCourseProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/progress")] HttpRequest req, string id) =>
        reads.ProgressAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("ListNominationUnits")]
    public Task<IActionResult> ListNominationUnits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/units")] HttpRequest req, string id) =>
        reads.UnitsAsync(id, req.HttpContext.RequestAborted).AsAction();
}
