using Microsoft.AspNetCore.Http;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses;

/// <summary>What the organiser's course APIs answer about a course named by its id in the route.</summary>
public static class CourseAnswers
{
    /// <summary>404: no course has the id <paramref name="id"/>.</summary>
    public static IResult NotFound(string id) => Problems.NotFound(Phrase.Of("error.noCourse", ("courseId", ResourceIds.Shown(id))));

    /// <summary>The answer <paramref name="answer"/> gives for the stored course <paramref name="id"/>, or 404 when there is none.</summary>
    public static async Task<IResult> WithCourseAsync(this CourseStore courseStore, string id, Func<Course, Task<IResult>> answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(courseStore);
        ArgumentNullException.ThrowIfNull(answer);
        var course = await courseStore.GetAsync(id, cancellationToken);
        return course is null ? NotFound(id) : await answer(course);
    }

    /// <summary>
    /// The answer <paramref name="answer"/> gives for the stored course <paramref name="id"/> and the request's JSON body:
    /// 404 when there is no course, else the body's 400 when it is not a <typeparamref name="TBody"/>.
    /// </summary>
    public static Task<IResult> WithCourseAndBodyAsync<TBody>(this CourseStore courseStore, HttpRequest request, string id, Func<Course, TBody, Task<IResult>> answer, CancellationToken cancellationToken)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        return courseStore.WithCourseAsync(id, async course =>
        {
            var (body, problem) = await RequestReader.ReadJsonAsync<TBody>(request, cancellationToken);
            return problem ?? await answer(course, body!);
        }, cancellationToken);
    }
}
