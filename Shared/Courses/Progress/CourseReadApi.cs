using Microsoft.AspNetCore.Http;
using Workflow.Courses.Nominations;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses.Progress;

/// <summary>
/// The organiser page's reads, the same in the Functions app and the local host: the course list, a course's live
/// progress (cheap to poll: per-instance cache, ETag and 304) and the units asked to nominate.
/// </summary>
public sealed class CourseReadApi(CourseStore courses, InviteeStore inviteeStore, NominationStore nominations, CourseProgressCache progress)
{
    /// <summary>How many courses of a page have their counts read at once (one invitee scan each).</summary>
    private const int ParallelCounts = 4;

    /// <summary><c>GET /api/courses?phase=&amp;top=&amp;skip=&amp;q=</c> → <c>{total, items}</c>, newest first.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = CourseListQuery.Parse(request.Query["phase"], request.Query["top"], request.Query["skip"], request.Query["q"]);
        if (!query.IsDone)
        {
            return Problems.Validation(query.Errors);
        }

        var all = await courses.ListCoursesAsync(query.Value!.Phase, cancellationToken);
        var (total, page) = CourseList.Select(all, query.Value);
        var items = new CourseSummaryView[page.Count];
        await Parallel.ForAsync(0, page.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelCounts, CancellationToken = cancellationToken }, async (i, ct) =>
            items[i] = CourseSummaryView.From(page[i], await inviteeStore.CountAsync(page[i].Id, ct, page[i].SessionIds, page[i].Tallied)));
        return Results.Json(new CourseListView(total, items), WorkflowJson.Options);
    }

    /// <summary>
    /// <c>GET /api/courses/{id}/progress</c> → <c>{id, phase, counts, replies, generatedAt}</c> with a strong <c>ETag</c> and
    /// <c>Cache-Control: no-cache</c>; a matching <c>If-None-Match</c> → 304 without a body.
    /// </summary>
    public async Task<IResult> ProgressAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await progress.GetAsync(id, cancellationToken);
        if (snapshot is null)
        {
            return CourseAnswers.NotFound(id);
        }

        return new ProgressResult(snapshot, ETags.Matches(request, snapshot.ETag));
    }

    /// <summary><c>GET /api/courses/{id}/units</c> → the units asked to nominate, by unit name (Vietnamese order).</summary>
    public Task<IResult> UnitsAsync(string id, CancellationToken cancellationToken) =>
        courses.WithCourseAsync(id, async _ => Results.Json(NominationUnitView.List(await nominations.ListAsync(id, cancellationToken)), WorkflowJson.Options), cancellationToken);

    /// <summary>The progress answer: 200 with the cached bytes, or 304; both carry the ETag and <c>Cache-Control: no-cache</c>.</summary>
    private sealed class ProgressResult(ProgressSnapshot snapshot, bool notModified) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.Headers.ETag = snapshot.ETag;
            response.Headers.CacheControl = "no-cache";
            if (notModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = snapshot.Body.Length;
            await response.Body.WriteAsync(snapshot.Body, httpContext.RequestAborted);
        }
    }
}
