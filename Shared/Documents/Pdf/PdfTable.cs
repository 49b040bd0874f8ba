using PdfSharp.Drawing;

namespace Workflow.Documents.Pdf;

/// <summary>A column of a <see cref="PdfTable"/>: its heading, its share of the width, how its cells align.</summary>
public sealed record PdfColumn(string Heading, double Share, TextAlign Align = TextAlign.Left);

/// <summary>A row of a table: its cells, or one line across the table (a group heading) when <paramref name="Across"/> is set.</summary>
/// <param name="MinHeight">The row's least height in points (a signature row leaves room to sign).</param>
public sealed record PdfRow(IReadOnlyList<string> Cells, string? Across = null, bool Shaded = false, double MinHeight = 0);

/// <summary>
/// A table across a <see cref="DocumentPdfWriter"/> page: a shaded heading row, repeated on every page the table reaches,
/// then the rows, each cell wrapped (<see cref="TextWrap"/>) and ruled.
/// </summary>
public static class PdfTable
{
    private const double Pad = 3.5;
    private static readonly XPen Rule = new(XColors.Black, 0.6);
    private static readonly XBrush Shade = new XSolidBrush(XColor.FromArgb(0xee, 0xee, 0xee));

    /// <param name="keepAfter">Room to keep below the last row on its page (what must not stand alone on the next: the
    /// signatures), so the last row moves over with it rather than leave it alone.</param>
    public static void Draw(DocumentPdfWriter pdf, IReadOnlyList<PdfColumn> columns, IReadOnlyList<PdfRow> rows, double size = 10, double keepAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var total = columns.Sum(c => c.Share);
        var widths = columns.Select(c => pdf.Width * c.Share / total).ToList();
        var body = pdf.Font(size);
        var bold = pdf.Font(size, TextStyle.Bold);
        var heading = new PdfRow([.. columns.Select(c => c.Heading)], Shaded: true);
        var centred = columns.Select(_ => TextAlign.Center).ToList();
        pdf.Room(0);
        var headingHeight = Height(pdf, heading, widths, bold);
        pdf.Room(headingHeight + Height(pdf, rows.Count > 0 ? rows[0] : heading, widths, body));
        Row(pdf, heading, widths, bold, centred, headingHeight);
        var aligns = columns.Select(c => c.Align).ToList();
        for (var n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            var font = row.Across is null ? body : bold;
            var height = Height(pdf, row, widths, font);
            if (pdf.Y + height + (n == rows.Count - 1 ? keepAfter : 0) > pdf.Bottom && n > 0)
            {
                pdf.NewPage();
                Row(pdf, heading, widths, bold, centred, headingHeight);
            }

            Row(pdf, row, widths, font, aligns, height);
        }
    }

    private static double Height(DocumentPdfWriter pdf, PdfRow row, List<double> widths, XFont font)
    {
        var line = font.GetHeight() * 1.15;
        var lines = row.Across is not null
            ? pdf.Wrap(row.Across, font, pdf.Width - (2 * Pad)).Count
            : row.Cells.Select((c, n) => pdf.Wrap(c, font, widths[n] - (2 * Pad)).Count).DefaultIfEmpty(1).Max();
        return Math.Max(row.MinHeight, (Math.Max(1, lines) * line) + (2 * Pad));
    }

    private static void Row(DocumentPdfWriter pdf, PdfRow row, List<double> widths, XFont font, List<TextAlign> aligns, double height)
    {
        var gfx = pdf.Graphics;
        var line = font.GetHeight() * 1.15;
        if (row.Shaded)
        {
            gfx.DrawRectangle(Shade, pdf.Left, pdf.Y, pdf.Width, height);
        }

        if (row.Across is not null)
        {
            gfx.DrawRectangle(Rule, pdf.Left, pdf.Y, pdf.Width, height);
            var y = pdf.Y + Pad;
            foreach (var text in pdf.Wrap(row.Across, font, pdf.Width - (2 * Pad)))
            {
                y += line;
                gfx.DrawString(text, font, XBrushes.Black, new XPoint(pdf.Left + Pad, y - (line * 0.25)), XStringFormats.BaseLineLeft);
            }

            pdf.Y += height;
            return;
        }

        var x = pdf.Left;
        for (var n = 0; n < widths.Count; n++)
        {
            gfx.DrawRectangle(Rule, x, pdf.Y, widths[n], height);
            var cell = n < row.Cells.Count ? row.Cells[n] : string.Empty;
            var lines = pdf.Wrap(cell, font, widths[n] - (2 * Pad));
            var y = pdf.Y + Pad + (aligns[n] == TextAlign.Center && row.Shaded ? (height - (2 * Pad) - (lines.Count * line)) / 2 : 0);
            foreach (var text in lines)
            {
                y += line;
                var (at, format) = aligns[n] switch
                {
                    TextAlign.Center => (x + (widths[n] / 2), XStringFormats.BaseLineCenter),
                    TextAlign.Right => (x + widths[n] - Pad, XStringFormats.BaseLineRight),
                    _ => (x + Pad, XStringFormats.BaseLineLeft),
                };
                gfx.DrawString(text, font, XBrushes.Black, new XPoint(at, y - (line * 0.25)), format);
            }

            x += widths[n];
        }

        pdf.Y += height;
    }
}
