using Workflow.Complaints.Cases;

namespace Workflow.Complaints.Alerts;

/// <summary>
/// The complaint alert emails from their templates. They carry the case code, kind, stage, unit and dates
/// (officers also see the case's short subject); never anyone's identity. Message ids are deterministic:
/// <c>complaint-alert:{day}:{caseId}:{stage}:{threshold}:{role}:{email}</c> and <c>complaint-digest:{day}:{email}</c>.
/// </summary>
public sealed class ComplaintAlertEmails(TemplateRenderer templates, IOptions<WorkflowOptions> workflow, IOptions<ComplaintOptions> options)
{
    public EmailBatch Officers(IndexedDeadline deadline, int daysLeft, DateOnly today, string threshold)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return Alert(deadline, daysLeft, today, threshold, "officer", deadline.OfficerEmails, showSubject: true);
    }

    public EmailBatch UnitContacts(IndexedDeadline deadline, int daysLeft, DateOnly today, IReadOnlyList<string> contacts)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return Alert(deadline, daysLeft, today, ComplaintAlerts.Overdue, "unit", contacts, showSubject: false);
    }

    public EmailBatch Digest(IReadOnlyList<(IndexedDeadline Deadline, int DaysLeft)> items, DateOnly today, IReadOnlyList<string> leadership)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(leadership);
        var language = Language;
        var model = Base(language, today);
        model["rows"] = items.Select(i => Row(i.Deadline, i.DaysLeft, language)).ToList();
        model["count"] = items.Count;
        model["overdue_count"] = items.Count(i => i.DaysLeft < 0);
        var day = ComplaintStore.DueKey(today);
        return templates.Email("complaint-digest", "complaintDigestSubject", model, language, leadership
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(e => new EmailTo($"complaint-digest:{day}:{e.ToLowerInvariant()}", e))
            .ToList());
    }

    private string Language => options.Value.Language is "en" ? "en" : "vi";

    private EmailBatch Alert(IndexedDeadline d, int daysLeft, DateOnly today, string threshold, string role, IReadOnlyList<string> to, bool showSubject)
    {
        var language = Language;
        var model = Base(language, today);
        foreach (var (key, value) in Row(d, daysLeft, language))
        {
            model[key] = value;
        }

        model["show_subject"] = showSubject && !string.IsNullOrWhiteSpace(d.Subject);
        model["subject_text"] = showSubject ? d.Subject ?? string.Empty : string.Empty;
        model["to_unit"] = role == "unit";
        var day = ComplaintStore.DueKey(today);
        var prefix = $"complaint-alert:{day}:{d.CaseId}:{ComplaintVocabulary.Name(d.Stage)}:{threshold}:{role}:";
        return templates.Email("complaint-alert", daysLeft < 0 ? "complaintOverdueSubject" : "complaintAlertSubject", model, language, to
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(e => new EmailTo(prefix + e.ToLowerInvariant(), e))
            .ToList());
    }

    private Dictionary<string, object?> Base(string language, DateOnly today) => new(StringComparer.Ordinal)
    {
        ["language"] = language,
        ["organisation"] = workflow.Value.OrganisationName,
        ["today"] = Date(today),
    };

    private Dictionary<string, object?> Row(IndexedDeadline d, int daysLeft, string language)
    {
        var t = templates.Strings(language);
        var counts = new Dictionary<string, object?>(StringComparer.Ordinal) { ["days_left"] = daysLeft, ["days_overdue"] = -daysLeft };
        var leftText = templates.RenderString(daysLeft < 0 ? "overdueText" : daysLeft == 0 ? "dueTodayText" : "daysLeftText", counts, language);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["left_text"] = leftText,
            ["code"] = d.Code,
            ["kind_name"] = t["kind_" + ComplaintVocabulary.Name(d.Kind)],
            ["stage_name"] = t["stage_" + ComplaintVocabulary.Name(d.Stage)],
            ["unit"] = d.HandlingUnit,
            ["due"] = Date(d.Due),
            ["counted_in"] = t["countedIn_" + ComplaintVocabulary.Name(d.CountedIn)],
            ["days_left"] = daysLeft,
            ["days_overdue"] = -daysLeft,
            ["overdue"] = daysLeft < 0,
            ["on_the_day"] = daysLeft == 0,
        };
    }


    private static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
