using Workflow.Courses.Certificates;
using Workflow.Documents.Pdf;

namespace Workflow.Courses.Reports;

/// <summary>
/// Draws a <see cref="SignInSheet"/> (danh sách ký nhận) as A4 portrait PDF: the Party document heading, the title, the
/// course, the session's day and time in Vietnam time and the venue, then the table (STT, name, position, unit, a wide
/// signature column) with its heading on every page, the waitlist after a marked line, the totals and the organisers'
/// confirmation; page numbers at the foot.
/// </summary>
public sealed class SignInSheetPdf(TemplateRenderer templates, IOptions<CertificateOptions> fonts, IOptions<Documents.Letters.LetterOptions> documents)
{
    /// <summary>Room to sign in each row (points): about 9 mm.</summary>
    public const double RowHeight = 26;

    public byte[] Render(SignInSheet sheet, DateOnly printedOn)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var language = sheet.Language;
        var t = templates.Strings(language);
        string Say(string key, params (string Name, object? Value)[] values) =>
            templates.RenderString(key, values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal), language);

        using var pdf = new DocumentPdfWriter(fonts.Value.FontDirectory, UserText.Line(Say("sheets.fileTitle", ("session", sheet.Session), ("title", sheet.Title))), UserText.Line(documents.Value.IssuerName));
        pdf.NewPage();
        DocumentHeader.Of(documents.Value, printedOn, language).Heading(templates).Draw(pdf);
        pdf.Centered(t["sheets.title"], pdf.Font(15, TextStyle.Bold), before: 4);
        pdf.Centered(Say("sheets.course", ("title", UserText.Line(sheet.Title))), pdf.Font(11.5, TextStyle.Bold), before: 6);
        pdf.Centered(Say("sheets.session", ("session", sheet.Session), ("sessions", sheet.Sessions), ("time", VietnamTime.FormatRange(sheet.Start, sheet.End, language))), pdf.Font(11), before: 2);
        pdf.Centered(Say("sheets.venue", ("venue", UserText.Line(sheet.Venue))), pdf.Font(11), before: 2);
        pdf.Y += 12;

        var accepted = sheet.Rows.Where(r => !r.Waitlisted).ToList();
        var waitlist = sheet.Rows.Where(r => r.Waitlisted).ToList();
        if (sheet.Rows.Count == 0)
        {
            pdf.Flush(t["sheets.nobody"], pdf.Font(11, TextStyle.Italic));
        }
        else
        {
            var rows = accepted.Select(r => Row(r, shaded: false)).ToList();
            if (waitlist.Count > 0)
            {
                rows.Add(new PdfRow([], Across: t["sheets.waitlist"]));
                rows.AddRange(waitlist.Select(r => Row(r, shaded: true, place: Say("sheets.waitlistPlace", ("place", r.WaitlistPosition)))));
            }

            PdfTable.Draw(pdf,
            [
                new PdfColumn(t["sheets.number"], 0.55, TextAlign.Center),
                new PdfColumn(t["sheets.name"], 2.35),
                new PdfColumn(t["sheets.position"], 1.75),
                new PdfColumn(t["sheets.unit"], 2.35),
                new PdfColumn(t["sheets.signature"], 2.0),
            ], rows, keepAfter: 30 + SignOff.Height);
        }

        pdf.Flush(Say("sheets.total", ("accepted", accepted.Count), ("waitlisted", waitlist.Count)), pdf.Font(10.5, TextStyle.Italic), before: 8);
        SignOff.Draw(pdf, t["sheets.signOff"], t["sheets.signNote"], name: null);
        return pdf.ToBytes((page, pages) => Say("sheets.page", ("page", page), ("pages", pages)));
    }

    private static PdfRow Row(SignInRow row, bool shaded, string? place = null) => new(
        [
            row.Number.ToString(CultureInfo.InvariantCulture),
            UserText.Name(row.Name),
            UserText.Line(row.Position ?? string.Empty),
            UserText.Line(row.Unit ?? string.Empty),
            place ?? string.Empty,
        ],
        Shaded: shaded,
        MinHeight: RowHeight);
}
