using System.Collections.Concurrent;

namespace Workflow.Courses;

/// <summary>
/// Courses as the reply pages read them, kept for a few seconds: a burst of attendees answering costs one
/// course read, not one each. Only for pages (a phase change shows within <see cref="MaxAge"/>); the API
/// and the flow read the table.
/// </summary>
public sealed class CourseCache(CourseRepository repository, TimeProvider time)
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

        var course = await repository.GetAsync(courseId, cancellationToken);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[courseId] = (course, now);
        return course;
    }
}
