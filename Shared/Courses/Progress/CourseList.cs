using Microsoft.Extensions.Primitives;

namespace Workflow.Courses.Progress;

/// <summary><c>GET /api/courses?phase=&amp;top=&amp;skip=&amp;q=</c> as a typed query (an empty parameter counts as not given).</summary>
/// <param name="Search">Words to find in the title or venue, compared without case or diacritics (null: every course).</param>
public sealed record CourseListQuery(CoursePhase? Phase, int Top, int Skip, string? Search = null)
{
    public const int DefaultTop = 50;
    public const int MaxTop = 200;
    public const int MaxSearch = 200;

    /// <summary>The phases by their JSON names (<c>draft</c>, <c>rsvpClosed</c>...), as the API writes them.</summary>
    private static readonly Dictionary<string, CoursePhase> Phases = Enum.GetValues<CoursePhase>()
        .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.ToString()), StringComparer.Ordinal);

    /// <summary>Reads the parameters; each bad one is a field error naming it (<c>phase</c>, <c>top</c>, <c>skip</c>, <c>q</c>).</summary>
    public static Outcome<CourseListQuery> Parse(StringValues phase, StringValues top, StringValues skip, StringValues q = default)
    {
        var errors = new List<ValidationError>();
        CoursePhase? parsedPhase = null;
        if (One(phase, "phase", errors) is { } phaseText)
        {
            if (Phases.TryGetValue(phaseText, out var p))
            {
                parsedPhase = p;
            }
            else
            {
                errors.Add(new("phase", Phrase.Of("error.phaseIsOneOf", ("keys", string.Join(", ", Phases.Keys)))));
            }
        }

        var parsedTop = Number(top, "top", 1, MaxTop, DefaultTop, errors, Phrase.Of("error.aWholeNumberFrom1To", ("maxTop", MaxTop)));
        var parsedSkip = Number(skip, "skip", 0, int.MaxValue, 0, errors, Phrase.Of("error.aWholeNumber0OrMore"));
        var search = One(q, "q", errors)?.Trim();
        if (search is { Length: > MaxSearch } || !TextRules.IsSingleLine(search))
        {
            errors.Add(new("q", Phrase.Of("error.oneLineOfAtMostCharacters", ("maxSearch", MaxSearch))));
            search = null;
        }

        return Outcome<CourseListQuery>.DoneUnless(errors, new CourseListQuery(parsedPhase, parsedTop, parsedSkip, string.IsNullOrEmpty(search) ? null : search));
    }

    private static int Number(StringValues values, string field, int min, int max, int fallback, List<ValidationError> errors, Phrase message)
    {
        if (One(values, field, errors) is not { } text)
        {
            return fallback;
        }

        // Digits only: int.TryParse would also take trailing NUL characters ("1\0").
        if (text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors.Add(new(field, message));
        return fallback;
    }

    /// <summary>The parameter's one value, or null when not given or empty; given twice is an error.</summary>
    private static string? One(StringValues values, string field, List<ValidationError> errors)
    {
        if (values.Count > 1)
        {
            errors.Add(new(field, Phrase.Of("error.giveItOnce")));
            return null;
        }

        var text = values.ToString();
        return text.Length == 0 ? null : text;
    }
}

/// <summary>A course as the list shows it.</summary>
public sealed record CourseSummaryView(
    string Id,
    string Title,
    CoursePhase Phase,
    string Venue,
    string Language,
    DateTimeOffset? FirstSessionStart,
    DateTimeOffset? LastSessionEnd,
    DateTimeOffset? RsvpDeadline,
    int? Capacity,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    CourseCounts Counts)
{
    public static CourseSummaryView From(Course c, CourseCounts counts)
    {
        ArgumentNullException.ThrowIfNull(c);
        var d = c.Definition;
        return new CourseSummaryView(
            c.Id, d.Title, c.Phase, d.Venue, d.Language,
            d.Sessions.Count == 0 ? null : d.Sessions.Min(s => s.Start),
            d.Sessions.Count == 0 ? null : d.Sessions.Max(s => s.End),
            d.RsvpDeadline, d.Capacity, c.CreatedAt, c.StartedAt, counts);
    }
}

/// <summary>One page of the course list: how many courses match in all, and this page's.</summary>
public sealed record CourseListView(int Total, IReadOnlyList<CourseSummaryView> Items);

/// <summary>The list's order and paging as plain functions.</summary>
public static class CourseList
{
    /// <summary>
    /// The courses of the query's phase whose title or venue holds the search words (each, in any order, without case or
    /// diacritics: "boi duong hoa lu" finds "Bồi dưỡng … Hoa Lư"), newest first: by first session start descending (a
    /// course without sessions last), then created descending, then id; and the page <c>[skip, skip + top)</c> of them,
    /// with the total before paging.
    /// </summary>
    public static (int Total, IReadOnlyList<Course> Page) Select(IEnumerable<Course> courses, CourseListQuery query)
    {
        ArgumentNullException.ThrowIfNull(courses);
        ArgumentNullException.ThrowIfNull(query);
        var words = query.Search is null ? [] : TextRules.Fold(query.Search).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var matching = courses
            .Where(c => query.Phase is null || c.Phase == query.Phase)
            .Where(c => words.Length == 0 || words.All(TextRules.Fold(c.Definition.Title + " " + c.Definition.Venue).Contains))
            .ToList();
        var page = matching
            .OrderByDescending(c => c.Definition.Sessions.Count == 0 ? DateTimeOffset.MinValue : c.Definition.Sessions.Min(s => s.Start))
            .ThenByDescending(c => c.CreatedAt)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Skip(query.Skip)
            .Take(query.Top)
            .ToList();
        return (matching.Count, page);
    }
}
