using Microsoft.AspNetCore.Http;
using Workflow.Access;
using Workflow.Courses.Storage;
using Workflow.Http;
using Workflow.Units;

namespace Workflow.Courses.Nominations;

/// <summary><c>POST /api/courses/{id}/units</c>: the organiser asks units to nominate, the same in both hosts.</summary>
public sealed partial class NominationApi(
    CourseStore courses,
    NominationStore nominations,
    UnitStore units,
    TemplateRenderer words,
    CourseFlows flows,
    TimeProvider time,
    ILogger<NominationApi> logger)
{
    /// <summary>
    /// Takes <c>[{unit, contactEmail, quota}]</c>. Each row is validated on its own: valid rows are stored (a unit asked again
    /// gets the new contact and quota, not a second row), refused rows come back with their field path. Nothing valid → 400.
    /// </summary>
    public Task<IResult> AddUnitsAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return courses.WithCourseAsync(id, async course =>
        {
            if (course.Phase is not (CoursePhase.Draft or CoursePhase.Inviting))
            {
                return Problems.Conflict(Phrase.Of("error.unitsCanBeAskedToNominateWhile"));
            }

            var (rows, problem) = await RequestReader.ReadJsonAsync<List<NominationInput?>>(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (rows!.Count is 0 or > NominationRules.MaxUnitsPerRequest)
            {
                return Problems.Validation("body", Phrase.Of("error.between1AndUnitsAreNeeded", ("maxUnitsPerRequest", NominationRules.MaxUnitsPerRequest)));
            }

            var registry = (await units.ListAsync(cancellationToken))
                .GroupBy(u => UnitKeys.Normalize(u.Name), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var (valid, rejected) = NominationRules.Validate(rows, registry);
            if (valid.Count == 0)
            {
                return Problems.Validation(rejected.GroupBy(r => r.Field).ToDictionary(g => g.Key, g => g.Select(r => r.Reason).ToArray()));
            }

            var (added, updated) = await nominations.UpsertAsync(id, valid, cancellationToken);
            var author = request.Caller().Author;
            var now = time.GetUtcNow();
            var recorded = await courses.UpdateCourseAsync(
                id, c => Outcome<Course>.Done(CourseHistory.Record(c, author, now, CourseHistory.NominationsAsked, CourseHistory.Count(valid.Count))), cancellationToken);
            course = recorded.Value ?? course;
            if (course.Phase == CoursePhase.Inviting)
            {
                await flows.WakeAsync(course, "nominations", cancellationToken);
            }

            LogAdded(logger, id, added, updated, rejected.Count);
            return Results.Json(
                new { added, updated, rejected = rejected.Select(r => new { r.Row, r.Field, Reason = words.Say(r.Reason, request) }).ToList() },
                WorkflowJson.Options);
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: {Added} units asked to nominate, {Updated} updated, {Rejected} rejected")]
    private static partial void LogAdded(ILogger logger, string courseId, int added, int updated, int rejected);
}
