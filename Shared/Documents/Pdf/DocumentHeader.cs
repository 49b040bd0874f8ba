namespace Workflow.Documents.Pdf;

/// <summary>
/// The heading of the organiser's papers (sign-in sheets, course reports): the configured issuing body
/// (<c>Workflow:Documents</c>, the same as the letters'), the place and the date, drawn by <see cref="PartyHeading"/>.
/// </summary>
/// <param name="Parent">The body above the issuer (<c>TỈNH ỦY NINH BÌNH</c>); null: the issuer alone.</param>
/// <param name="Body">The issuing body (<c>BAN DÂN VẬN</c>).</param>
/// <param name="Place">The place written before the date (<c>Ninh Bình</c>); null: the date alone.</param>
public sealed record DocumentHeader(string? Parent, string Body, string? Place, DateOnly Date, string Language)
{
    public static DocumentHeader Of(Letters.LetterOptions documents, DateOnly date, string language)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return new DocumentHeader(documents.IssuerParent, documents.Issuer, documents.Place, date, language);
    }

    /// <summary>The heading as the papers print it (no number): the Party's name, the issuer in capitals, the place and date.</summary>
    public PartyHeading Heading(TemplateRenderer templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var upper = CultureInfo.GetCultureInfo("vi-VN");
        var date = templates.RenderString("sheets.dateLine", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["day"] = Date.Day.ToString("00", CultureInfo.InvariantCulture),
            ["month"] = Date.Month.ToString("00", CultureInfo.InvariantCulture),
            ["year"] = Date.Year.ToString(CultureInfo.InvariantCulture),
        }, Language);
        if (Place is { } place)
        {
            date = UserText.Line(place) + ", " + date;
        }

        return new PartyHeading(
            templates.Strings(Language)["sheets.party"],
            UserText.Line(Parent ?? string.Empty).ToUpper(upper),
            UserText.Line(Body).ToUpper(upper),
            string.Empty,
            date);
    }
}
