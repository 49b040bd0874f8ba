namespace Workflow.IntegrationTests.Api.BadInput;

/// <summary>Where a hostile text goes.</summary>
public enum TextTarget
{
    /// <summary>A field of a new course (<c>POST /api/courses</c>); when stored, its reply page is read too.</summary>
    Course,

    /// <summary>A field of one invitee row (JSON) added to a new draft course.</summary>
    Invitee,

    /// <summary>The name column of one CSV row added to a new draft course.</summary>
    InviteeCsv,

    /// <summary>A field of a new complaint case.</summary>
    Complaint,

    /// <summary>The name of a unit in <c>PUT /api/units</c>.</summary>
    UnitName,

    /// <summary>The decline reason posted on the reply page (the started course's second invitee).</summary>
    DeclineReason,
}

/// <summary>
/// One hostile text in one free-text field. <paramref name="SingleLine"/> text with CR/LF must be refused (400 naming
/// <paramref name="Field"/>, or for invitee rows a rejected row); any other value is either refused the same way or
/// stored verbatim (read back as JSON text, and shown encoded where it reaches a page).
/// </summary>
public sealed record HostileText(string Name, TextTarget Target, string Field, string Value, bool SingleLine)
{
    /// <summary>Whether this value must be refused: CR/LF (or other control characters) in a single-line field.</summary>
    public bool MustRefuse => SingleLine && Value.Any(char.IsControl);

    public override string ToString() => $"{Name}: {Target} {Field} = {Value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}";
}

public static class HostileTextTable
{
    public const string Html = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    public const string Substitutions = "-name- -link- -subject- {{name}} %name% $name";
    public const string CrLf = "Lớp A\r\nBcc: x@evil.example\r\nSubject: hi";

    /// <summary>Each free-text field: (target, field as the errors map names it, single line?).</summary>
    public static readonly (TextTarget Target, string Field, bool SingleLine)[] Fields =
    [
        (TextTarget.Course, "title", true),
        (TextTarget.Course, "description", false),
        (TextTarget.Course, "venue", true),
        (TextTarget.Course, "presenters[0]", true),
        (TextTarget.Invitee, "[0].name", true),
        (TextTarget.Invitee, "[0].unit", true),
        (TextTarget.Invitee, "[0].position", true),
        (TextTarget.Complaint, "code", true),
        (TextTarget.Complaint, "subject", false),
        (TextTarget.Complaint, "handlingUnit", true),
        (TextTarget.UnitName, "[0].name", true),
        (TextTarget.DeclineReason, "reason", false),
    ];

    public static IReadOnlyList<HostileText> Cases { get; } = Build();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static HostileText Find(string name) => Cases.Single(c => c.Name == name);

    private static List<HostileText> Build()
    {
        var rows = new List<HostileText>();
        foreach (var (target, field, singleLine) in Fields)
        {
            var where = $"{target} {field}";
            rows.Add(new($"{where}: HTML and script", target, field, Html, singleLine));
            rows.Add(new($"{where}: substitution keys", target, field, Substitutions, singleLine));
            rows.Add(new($"{where}: CR/LF and headers", target, field, CrLf, singleLine));
        }

        // Formula-like names in a CSV import: refused, or stored as text (never 5xx).
        rows.Add(new("csv name: =HYPERLINK", TextTarget.InviteeCsv, "[0].name", "=HYPERLINK(\"http://evil.example\",\"x\")", true));
        rows.Add(new("csv name: +cmd", TextTarget.InviteeCsv, "[0].name", "+cmd|' /C calc'!A0", true));
        rows.Add(new("csv name: -1+1", TextTarget.InviteeCsv, "[0].name", "-1+1", true));
        rows.Add(new("csv name: @SUM", TextTarget.InviteeCsv, "[0].name", "@SUM(1+1)", true));
        rows.Add(new("csv name: HTML", TextTarget.InviteeCsv, "[0].name", Html, true));
        rows.Add(new("csv name: CR/LF in quotes", TextTarget.InviteeCsv, "[0].name", CrLf, true));
        return rows;
    }
}
