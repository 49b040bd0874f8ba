using Workflow.Access;

namespace Workflow.Courses.FollowUp;

/// <summary>
/// The grade an organiser gave a learning report, as the invitee row stores it (columns <c>ReportGrade</c>,
/// <c>ReportGradePassing</c>, <c>ReportGradeComment</c>, <c>ReportGradedAt</c>, <c>ReportGradedById</c>,
/// <c>ReportGradedByName</c>): the one type every reader of grades goes through (API, roster, course report, PDF).
/// </summary>
/// <param name="Grade">The scale entry's key (<c>dat</c>, <c>chuaDat</c>...).</param>
/// <param name="Passing">Whether that entry counted as passing when the grade was given (the certificate reads this).</param>
/// <param name="Comment">The organiser's comment, as typed (null: none).</param>
/// <param name="At">When it was given (the last regrade).</param>
/// <param name="By">Who gave it.</param>
public sealed record ReportGrade(string Grade, bool Passing, string? Comment, DateTimeOffset At, Author By);

/// <summary>One entry of the grading scale.</summary>
public sealed class GradeOption
{
    /// <summary>Stable key stored on the rows and sent by the API (letters and digits, 1 to 20, a letter first).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Whether this grade passes (a condition of the certificate when the course asks for it).</summary>
    public bool Passing { get; set; }

    /// <summary>Its name for Vietnamese courses; empty: the string table's <c>grading.grade.{key}</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Its name for English courses; empty: the string table's <c>grading.grade.{key}</c>.</summary>
    public string? NameEn { get; set; }
}

/// <summary>The grading scale (<c>Workflow:Grading:Scale</c>); empty: <see cref="GradingOptions.DefaultScale"/>.</summary>
public sealed class GradingOptions
{
    public const string Section = "Workflow:Grading";

    public List<GradeOption> Scale { get; set; } = [];

    /// <summary>Xuất sắc / Khá / Đạt (passing), Chưa đạt: names from the string tables (<c>grading.grade.*</c>).</summary>
    public static IReadOnlyList<GradeOption> DefaultScale { get; } =
    [
        new() { Key = "xuatSac", Passing = true },
        new() { Key = "kha", Passing = true },
        new() { Key = "dat", Passing = true },
        new() { Key = "chuaDat", Passing = false },
    ];

    /// <summary>Every key is letters and digits (1 to 20, a letter first) and keys are unique.</summary>
    public static bool IsValid(GradingOptions options) =>
        options is not null
        && options.Scale.All(o => o.Key is { Length: >= 1 and <= 20 } k && char.IsAsciiLetter(k[0]) && k.All(char.IsAsciiLetterOrDigit))
        && options.Scale.Select(o => o.Key).Distinct(StringComparer.Ordinal).Count() == options.Scale.Count;

    /// <summary>The scale in force: the configured one, or the default when none is configured.</summary>
    public IReadOnlyList<GradeOption> Effective => Scale.Count > 0 ? Scale : DefaultScale;
}

/// <summary>What the organiser sent: a grade key and a comment.</summary>
public sealed record GradeInput(string? Grade, string? Comment);

/// <summary>The graded invitee, and whether this was a first grade, a regrade or the same grade again.</summary>
public sealed record GradeChange(Invitee Invitee, bool Unchanged, bool Regraded);

/// <summary>
/// Grading learning reports (issue 18 item 4), plain C#: a submitted report gets one grade of the scale and an optional
/// comment (at most <see cref="MaxComment"/> characters, kept as typed); a new grade replaces it (a regrade), with the
/// author and time on the grade and one audit line each (<c>graded</c> / <c>regraded</c>, the grade key as its note).
/// </summary>
public static class GradingRules
{
    public const int MaxComment = 2_000;

    public const string Graded = "graded";
    public const string Regraded = "regraded";

    /// <summary>Grades <paramref name="invitee"/>'s report; refused when nothing was submitted (409) or the input is wrong (400).</summary>
    public static Outcome<GradeChange> Grade(Invitee invitee, GradeInput input, IReadOnlyList<GradeOption> scale, DateTimeOffset now, Author by)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(by);
        if (invitee.Report is null)
        {
            return Outcome<GradeChange>.Conflict(Phrase.Of("grading.error.nothingSubmitted"));
        }

        var errors = new ValidationErrors();
        var key = input.Grade?.Trim();
        var option = scale.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.Ordinal));
        errors.Require(option is not null, "grade", Phrase.Of("grading.error.grade", ("grades", string.Join(", ", scale.Select(o => o.Key)))));
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Replace("\r\n", "\n", StringComparison.Ordinal);
        errors.Require((comment?.Length ?? 0) <= MaxComment, "comment", Phrase.Of("grading.error.commentLength", ("max", string.Create(CultureInfo.InvariantCulture, $"{MaxComment:N0}"))));
        errors.Require(TextRules.IsMultiLine(comment) && !HasBrokenSurrogates(comment), "comment", Phrase.Of("error.noControlCharactersOtherThanLineBreaks2"));
        if (errors.Count > 0)
        {
            return Outcome<GradeChange>.Invalid(errors.ToList());
        }

        var previous = invitee.Grade;
        if (previous is not null && previous.Grade == option!.Key && previous.Comment == comment)
        {
            return Outcome<GradeChange>.Done(new GradeChange(invitee, Unchanged: true, Regraded: false));
        }

        var grade = new ReportGrade(option!.Key, option.Passing, comment, now, by);
        var line = AuditActor.Organiser(by).Entry(now, previous is null ? Graded : Regraded, option.Key);
        return Outcome<GradeChange>.Done(new GradeChange(
            invitee with { Grade = grade, Audit = InviteeRules.Append(invitee.Audit, line) },
            Unchanged: false,
            Regraded: previous is not null));
    }

    /// <summary>The grade's name in <paramref name="language"/>: the configured name, else the string table's.</summary>
    public static string NameOf(string key, IReadOnlyList<GradeOption> scale, string language, IReadOnlyDictionary<string, string> strings)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(strings);
        var option = scale.FirstOrDefault(o => o.Key == key);
        var configured = language == "en" ? option?.NameEn : option?.Name;
        return !string.IsNullOrWhiteSpace(configured) ? configured
            : strings.TryGetValue("grading.grade." + key, out var name) ? name
            : key;
    }

    private static bool HasBrokenSurrogates(string? text)
    {
        for (var i = 0; text is not null && i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
