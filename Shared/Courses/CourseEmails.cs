using Workflow.Courses.Links;

namespace Workflow.Courses;

/// <summary>
/// Builds the course's emails from their templates: one batch per message kind. Values go to the renderer as typed
/// (it neutralises and encodes them); each invitee's name and reply link become substitutions the renderer builds.
/// </summary>
public sealed class CourseEmails(TemplateRenderer templates, LinkTokens tokens, IOptions<WorkflowOptions> options)
{
    /// <summary>One invitation batch for at most <see cref="EmailBatch.MaxRecipients"/> invitees.</summary>
    public EmailBatch Invitation(Course course, IReadOnlyList<Invitee> invitees) =>
        Personal(course, invitees, "invitation", "invitationSubject", i => $"invitation:{course.Id}:{i.Id}");

    /// <summary>One reminder batch; the id names the reminder time, so each reminder reaches a person once.</summary>
    public EmailBatch Reminder(Course course, IReadOnlyList<Invitee> invitees, DateTimeOffset reminderFor) =>
        Personal(course, invitees, "reminder", "reminderSubject", i => $"reminder:{course.Id}:{i.Id}:{reminderFor.UtcTicks}");

    /// <summary>Seats (issue 8): "a seat is now yours" to people promoted from the waitlist, once each (the id names the person).</summary>
    public EmailBatch Promotion(Course course, IReadOnlyList<Invitee> invitees) =>
        Personal(course, invitees, "promoted", "promotedSubject", i => $"promoted:{course.Id}:{i.Id}");

    /// <summary>
    /// The organisers' summary at the RSVP deadline: counts by unit, and the invitees whose email failed (name,
    /// address, reason: organisers may see their invitees' addresses) so they can reach them another way.
    /// </summary>
    /// <param name="unitsWithoutNominees">Units asked to nominate that named no one (listed for the organisers).</param>
    public EmailBatch RsvpSummary(Course course, IReadOnlyList<Invitee> invitees, IReadOnlyList<string>? unitsWithoutNominees = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitees);
        var language = course.Definition.Language;
        var strings = templates.Strings(language);
        var units = invitees
            .GroupBy(i => i.Unit ?? strings["noUnit"], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true))
            .Select(g => UnitRow(g.Key, g.ToList()))
            .ToList();
        var model = CourseModel(course);
        model["units"] = units;
        model["total"] = UnitRow(strings["total"], invitees);
        model["failed"] = invitees
            .Where(i => i.EmailError is not null)
            .OrderBy(i => i.Email, StringComparer.OrdinalIgnoreCase)
            .Select(i => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = i.Name,
                ["email"] = i.Email,
                ["what"] = strings[i.EmailStatus == EmailStatus.Failed ? "failedInvitation" : "failedReminder"],
                ["reason"] = templates.Render(i.EmailError!.Said, language),
            })
            .ToList();
        model["units_without_nominees"] = unitsWithoutNominees ?? [];
        var recipients = course.Definition.OrganiserEmails
            .Select(e => new EmailTo($"rsvp-summary:{course.Id}:{e.ToLowerInvariant()}", e))
            .ToList();
        return templates.Email("rsvp-summary", "summarySubject", model, language, recipients);
    }

    public string ReplyLink(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        var token = tokens.Create(new LinkClaims(course.Id, invitee.Id, LinkPurpose.Rsvp, course.FirstSessionStart));
        return options.Value.PublicBaseUrl.TrimEnd('/') + "/api/r/" + token;
    }

    /// <summary>Values every course message and page shows (strings only, already formatted for people).</summary>
    public Dictionary<string, object?> CourseModel(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var d = course.Definition;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["language"] = d.Language,
            ["organisation"] = options.Value.OrganisationName,
            ["title"] = d.Title,
            ["description"] = d.Description ?? string.Empty,
            ["venue"] = d.Venue,
            ["presenters"] = string.Join(", ", d.Presenters),
            ["sessions"] = d.Sessions.OrderBy(s => s.Start).Select(s => VietnamTime.FormatRange(s.Start, s.End, d.Language)).ToList(),
            ["deadline"] = VietnamTime.Format(course.RsvpDeadline, d.Language),
        };
    }

    private EmailBatch Personal(Course course, IReadOnlyList<Invitee> invitees, string template, string subjectKey, Func<Invitee, string> messageId)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(invitees.Count, EmailBatch.MaxRecipients);
        var recipients = invitees.Select(i => new EmailTo(messageId(i), i.Email, i.Name, ReplyLink(course, i))).ToList();
        return templates.Email(template, subjectKey, CourseModel(course), course.Definition.Language, recipients);
    }

    private static Dictionary<string, object?> UnitRow(string name, IReadOnlyCollection<Invitee> invitees) => new(StringComparer.Ordinal)
    {
        ["name"] = name,
        ["invited"] = invitees.Count,
        ["accepted"] = invitees.Count(i => i.Status == InviteeStatus.Accepted),
        ["declined"] = invitees.Count(i => i.Status == InviteeStatus.Declined),
        ["noResponse"] = invitees.Count(i => i.Status == InviteeStatus.NoResponse),
    };
}
