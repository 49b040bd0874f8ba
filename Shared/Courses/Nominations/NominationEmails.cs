using Workflow.Courses.Links;

namespace Workflow.Courses.Nominations;

/// <summary>The nomination emails: the request to a unit contact (with the personal nomination link) and, at the RSVP deadline,
/// the list of the unit's nominees who stayed silent. One message per unit; values go to the renderer raw.</summary>
public sealed class NominationEmails(CourseEmails courses, TemplateRenderer templates, LinkTokens tokens, IOptions<WorkflowOptions> options)
{
    /// <summary>The nomination request to one unit's contact (addressed by the unit's name); the id names course and nomination, so it is sent once.</summary>
    public EmailBatch Request(Course course, Nomination nomination)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(nomination);
        var model = UnitModel(course, nomination);
        var to = new EmailTo($"nomination:{course.Id}:{nomination.Id}", nomination.ContactEmail, nomination.Unit, Link(course, nomination));
        return templates.Email("nomination", "nominationSubject", model, course.Definition.Language, [to]);
    }

    /// <summary>At the RSVP deadline: the unit's nominees who never answered, to its contact.</summary>
    public EmailBatch SilentNominees(Course course, Nomination nomination, IReadOnlyList<Invitee> silent)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(nomination);
        ArgumentNullException.ThrowIfNull(silent);
        var model = UnitModel(course, nomination);
        model["silent"] = silent.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => NomineeRow(i)).ToList();
        var to = new EmailTo($"nomination-silent:{course.Id}:{nomination.Id}", nomination.ContactEmail);
        return templates.Email("nomination-silent", "nominationSilentSubject", model, course.Definition.Language, [to]);
    }

    /// <summary>The unit contact's page: valid until the first session, so after the RSVP deadline it still shows the list (read-only).</summary>
    public string Link(Course course, Nomination nomination)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(nomination);
        var token = tokens.Create(new LinkClaims(course.Id, nomination.Id, LinkPurpose.Nominate, course.FirstSessionStart));
        return options.Value.PublicBaseUrl.TrimEnd('/') + "/api/r/" + token;
    }

    /// <summary>One nominee as the nomination templates list them: the silent-nominees email, and the unit's page with the nominee's state.</summary>
    internal static Dictionary<string, object?> NomineeRow(Invitee nominee, string? state = null)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = nominee.Name,
            ["email"] = nominee.Email,
            ["position"] = nominee.Position ?? string.Empty,
        };
        if (state is not null)
        {
            row["state"] = state;
        }

        return row;
    }

    private Dictionary<string, object?> UnitModel(Course course, Nomination nomination)
    {
        var model = courses.CourseModel(course);
        model["unit"] = nomination.Unit;
        model["quota"] = nomination.Quota;
        return model;
    }
}
