using System.Globalization;
using Workflow.Access;

namespace Workflow.Courses;

/// <summary>
/// A course's history (<see cref="Course.History"/>): who created, edited, started, cancelled it, sent reminders, added
/// invitees or asked units to nominate, and when. Each line is appended to the course in the same ETag'd write as the
/// change it names (<see cref="Storage.CourseStore.UpdateCourseAsync"/>), so it is neither lost nor doubled; the newest
/// <see cref="Max"/> lines are kept.
/// </summary>
public static class CourseHistory
{
    public const int Max = 200;

    public const string Created = "created";
    public const string Edited = "edited";
    public const string Started = "started";
    public const string Cancelled = "cancelled";
    public const string RemindersSent = "remindersSent";
    public const string InviteesAdded = "inviteesAdded";
    public const string NominationsAsked = "nominationsAsked";

    /// <summary>The course with one more line: <paramref name="what"/> by <paramref name="by"/> at <paramref name="at"/>.</summary>
    public static Course Record(Course course, Author by, DateTimeOffset at, string what, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(by);
        return course with { History = History.Append(course.History, new HistoryEntry(at, by, what, detail), Max) };
    }

    /// <summary>A count as a line's detail ("12").</summary>
    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The course without its last <see cref="Started"/> line: a start whose flow could not be scheduled is undone, as if
    /// it had not happened (the organiser starts again).
    /// </summary>
    public static Course WithoutLastStart(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var last = course.History.Count - 1;
        return last >= 0 && course.History[last].What == Started ? course with { History = [.. course.History.Take(last)] } : course;
    }
}
