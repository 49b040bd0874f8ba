namespace Workflow.Courses.FollowUp;

/// <summary>What a follow-up submission is: the survey or the learning report (each has its own link, due date and reminders).</summary>
public enum FollowUpKind
{
    Survey,
    Report,
}

/// <summary>
/// A course's follow-up policy resolved (SPEC §2 step 9, §4 <c>followUp</c>): defaults filled in and due dates counted from
/// the end of the last session. Defaults: survey due P7D, no report, report due P14D, one reminder P2D before each due date.
/// </summary>
/// <param name="Start">The end of the last session: the follow-up starts then.</param>
/// <param name="SurveyDue">Until when the survey may be answered or corrected.</param>
/// <param name="ReportDue">Until when the learning report may be submitted or corrected; null when none is required.</param>
/// <param name="RemindersBeforeDue">Offsets before each due date at which those who have not submitted are reminded.</param>
public sealed record FollowUpPlan(DateTimeOffset Start, DateTimeOffset SurveyDue, DateTimeOffset? ReportDue, IReadOnlyList<TimeSpan> RemindersBeforeDue)
{
    public static readonly TimeSpan DefaultSurveyDue = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultReportDue = TimeSpan.FromDays(14);
    public static readonly TimeSpan DefaultReminder = TimeSpan.FromDays(2);

    public bool ReportRequired => ReportDue is not null;

    /// <summary>The last due date: the follow-up closes then (organiser summary, phase completed).</summary>
    public DateTimeOffset Close => ReportDue is { } report && report > SurveyDue ? report : SurveyDue;

    /// <summary>The due date of <paramref name="kind"/> (a report that is not required has none).</summary>
    public DateTimeOffset? DueOf(FollowUpKind kind) => kind == FollowUpKind.Survey ? SurveyDue : ReportDue;

    /// <summary>The plan of a stored course (its policy validated on create and PATCH; an unparsable value falls back to the default).</summary>
    public static FollowUpPlan For(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var policy = course.Definition.FollowUp ?? new FollowUpPolicy();
        var start = course.Definition.Sessions.Max(s => s.End);
        var reminders = policy.RemindersBeforeDue is null
            ? [DefaultReminder]
            : policy.RemindersBeforeDue
                .Select(d => CourseValidation.TryParseDuration(d, out var offset) ? offset : (TimeSpan?)null)
                .OfType<TimeSpan>()
                .Distinct()
                .OrderByDescending(d => d)
                .ToList();
        return new FollowUpPlan(
            start,
            start + Duration(policy.SurveyDue, DefaultSurveyDue),
            policy.ReportRequired == true ? start + Duration(policy.ReportDue, DefaultReportDue) : null,
            reminders);
    }

    /// <summary>The reminder times of <paramref name="kind"/>: each offset before its due date, strictly after the start.</summary>
    public IReadOnlyList<DateTimeOffset> RemindersOf(FollowUpKind kind) =>
        DueOf(kind) is { } due
            ? [.. RemindersBeforeDue.Select(d => due - d).Where(t => t > Start).Distinct().Order()]
            : [];

    private static TimeSpan Duration(string? text, TimeSpan fallback) =>
        CourseValidation.TryParseDuration(text, out var value) ? value : fallback;
}
