using Workflow.Courses.Links;

namespace Workflow.Courses.FollowUp;

/// <summary>
/// The follow-up emails: the survey request and the learning-report request (each with its own personal link, once per person),
/// the reminders before each due date (the id names the kind and the reminder time) and the organisers' summary at the close.
/// Values go to the renderer raw.
/// </summary>
public sealed class FollowUpEmails(CourseEmails courses, TemplateRenderer templates, LinkTokens tokens, IOptions<WorkflowOptions> options)
{
    /// <summary>How long after the last due date a follow-up link still opens its page (read-only then).</summary>
    public static readonly TimeSpan LinkGrace = TimeSpan.FromDays(30);

    /// <summary>"Please answer the survey" (or "please send your learning report") to people present, once each.</summary>
    public EmailBatch Request(Course course, FollowUpKind kind, IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitees);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(invitees.Count, EmailBatch.MaxRecipients);
        var (template, subject, prefix) = kind == FollowUpKind.Survey
            ? ("followup-survey", "followUpSurveySubject", "followup-survey")
            : ("followup-report", "followUpReportSubject", "followup-report");
        var recipients = invitees.Select(i => new EmailTo($"{prefix}:{course.Id}:{i.Id}", i.Email, i.Name, Link(course, i, kind))).ToList();
        return templates.Email(template, subject, Model(course, kind), course.Definition.Language, recipients);
    }

    /// <summary>A reminder before <paramref name="kind"/>'s due date; the id names the kind and the reminder time, so each reaches a person once.</summary>
    public EmailBatch Reminder(Course course, FollowUpKind kind, DateTimeOffset reminderFor, IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitees);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(invitees.Count, EmailBatch.MaxRecipients);
        var name = kind == FollowUpKind.Survey ? "survey" : "report";
        var recipients = invitees
            .Select(i => new EmailTo($"followup-reminder:{course.Id}:{i.Id}:{name}:{reminderFor.UtcTicks}", i.Email, i.Name, Link(course, i, kind)))
            .ToList();
        var subject = kind == FollowUpKind.Survey ? "followUpSurveyReminderSubject" : "followUpReportReminderSubject";
        return templates.Email("followup-reminder", subject, Model(course, kind), course.Definition.Language, recipients);
    }

    /// <summary>
    /// The organisers' summary at the follow-up's close: attendance per session, survey averages and comments (without names),
    /// and by unit the people present, surveys and reports submitted, and who has not sent the required report.
    /// </summary>
    public EmailBatch Summary(Course course, IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitees);
        var language = course.Definition.Language;
        var strings = templates.Strings(language);
        var culture = CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "vi-VN");
        var plan = FollowUpPlan.For(course);
        var model = courses.CourseModel(course);
        var sessions = course.Definition.Sessions;
        model["attendance"] = sessions
            .Select((s, n) => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["number"] = n + 1,
                ["session"] = VietnamTime.FormatRange(s.Start, s.End, language),
                ["present"] = invitees.Count(i => i.AttendanceFor(course, n)?.Status == AttendanceStatus.Present),
                ["absent"] = invitees.Count(i => i.AttendanceFor(course, n)?.Status == AttendanceStatus.Absent),
                ["excused"] = invitees.Count(i => i.AttendanceFor(course, n)?.Status == AttendanceStatus.Excused),
            })
            .ToList();
        var surveys = invitees.Select(i => i.Survey).OfType<SurveyAnswer>().ToList();
        string Average(Func<SurveyAnswer, int> rating) =>
            surveys.Count == 0 ? "–" : surveys.Average(rating).ToString("0.0", culture);
        model["survey_count"] = surveys.Count;
        model["content_average"] = Average(s => s.Content);
        model["presenter_average"] = Average(s => s.Presenter);
        model["organisation_average"] = Average(s => s.Organisation);
        model["comments"] = surveys.Where(s => s.Comments is not null).OrderBy(s => s.At).Select(s => s.Comments!).ToList();
        model["report_required"] = plan.ReportRequired;
        var asked = invitees.Where(FollowUpRules.IsAsked).ToList();
        model["units"] = asked
            .GroupBy(i => i.Unit ?? strings["noUnit"], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true))
            .Select(g => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = g.Key,
                ["present"] = g.Count(),
                ["surveyed"] = g.Count(i => i.Survey is not null),
                ["reported"] = g.Count(i => i.Report is not null),
                ["missing"] = plan.ReportRequired
                    ? g.Where(i => i.Report is null).Select(i => i.Name).Order(StringComparer.Ordinal).ToList()
                    : new List<string>(),
            })
            .ToList();
        model["total_present"] = asked.Count;
        model["total_reported"] = asked.Count(i => i.Report is not null);
        var recipients = course.Definition.OrganiserEmails
            .Select(e => new EmailTo($"followup-summary:{course.Id}:{e.ToLowerInvariant()}", e))
            .ToList();
        return templates.Email("followup-summary", "followUpSummarySubject", model, language, recipients);
    }

    /// <summary>The person's survey or report page, valid until <see cref="LinkGrace"/> after the last due date (read-only after the due date).</summary>
    public string Link(Course course, Invitee invitee, FollowUpKind kind)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        var purpose = kind == FollowUpKind.Survey ? LinkPurpose.Survey : LinkPurpose.Report;
        var token = tokens.Create(new LinkClaims(course.Id, invitee.Id, purpose, FollowUpPlan.For(course).Close + LinkGrace));
        return options.Value.PublicBaseUrl.TrimEnd('/') + "/api/r/" + token;
    }

    private Dictionary<string, object?> Model(Course course, FollowUpKind kind)
    {
        var model = courses.CourseModel(course);
        var due = FollowUpPlan.For(course).DueOf(kind) ?? throw new InvalidOperationException("No learning report is required for this course.");
        model["kind"] = kind == FollowUpKind.Survey ? "survey" : "report";
        model["due"] = VietnamTime.Format(due, course.Definition.Language);
        return model;
    }
}
