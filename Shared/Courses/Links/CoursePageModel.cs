namespace Workflow.Courses.Links;

/// <summary>
/// What a personal-link page shows of its course: exactly the course values the page templates read
/// (<c>Shared/Templates/*-page.html.liquid</c>: language, organisation, heading, course title, sessions, venue), in the
/// course's language. The emails have their own model (<see cref="CourseEmails.CourseModel"/>); each page adds its own
/// values (the person's status, the form) to <see cref="ToTemplateModel"/>.
/// </summary>
public sealed record CoursePageModel(string Language, string Organisation, string Heading, string CourseTitle, IReadOnlyList<string> Sessions, string Venue)
{
    public static CoursePageModel Of(Course course, string organisation, string heading)
    {
        ArgumentNullException.ThrowIfNull(course);
        var d = course.Definition;
        var sessions = d.Sessions.OrderBy(s => s.Start).Select(s => VietnamTime.FormatRange(s.Start, s.End, d.Language)).ToList();
        return new CoursePageModel(d.Language, organisation, heading, d.Title, sessions, d.Venue);
    }

    /// <summary>The template's values; the page adds its own.</summary>
    public Dictionary<string, object?> ToTemplateModel() => new(StringComparer.Ordinal)
    {
        ["language"] = Language,
        ["organisation"] = Organisation,
        ["heading"] = Heading,
        ["course_title"] = CourseTitle,
        ["sessions"] = Sessions,
        ["venue"] = Venue,
    };
}
