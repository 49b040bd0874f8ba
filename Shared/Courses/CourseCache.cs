using System.Collections.Concurrent;
using Workflow.Courses.Storage;

namespace Workflow.Courses;

/// <summary>
/// Courses as the reply pages read them, kept for a few seconds: a burst of attendees answering costs one
/// course read, not one each. Only for pages (a phase change shows within <see cref="MaxAge"/>); the API
/// and the flow read the table. A copy is never the last word: every reply written carries the check of the
/// course's guard row (<see cref="Course.Guard"/>), so a reply decided on a copy older than a change of the course
/// is refused by storage and decided again on the course as stored, which then replaces the copy here
/// (<see cref="Remember"/>).
/// </summary>
public sealed class CourseCache(CourseStore courseStore, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 1_000;

    private readonly ConcurrentDictionary<string, (Course? Course, DateTimeOffset ReadAt)> _entries = new(StringComparer.Ordinal);

    public async Task<Course?> GetAsync(string courseId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(courseId, out var entry) && now - entry.ReadAt < MaxAge)
        {
            return entry.Course;
        }

        var course = await courseStore.GetAsync(courseId, cancellationToken);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[courseId] = (course, now);
        return course;
    }

    /// <summary>Keeps <paramref name="course"/>, read from the table after the cached copy was found stale, unless the copy is newer still.</summary>
    public void Remember(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var now = time.GetUtcNow();
        _entries.AddOrUpdate(
            course.Id,
            (course, now),
            (_, entry) => entry.Course is { } cached && cached.Guard > course.Guard ? entry : (course, now));
    }
}
