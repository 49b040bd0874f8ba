using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Workflow.Courses.Reports;

/// <summary>
/// The heading block of a Party document (Hướng dẫn 36-HD/VPTW): on the left the issuing body (its superior above it, when
/// set, then the body in bold and a star), on the right the Party's name underlined and the place and date.
/// </summary>
/// <param name="Parent">The body above the issuer (<c>TỈNH ỦY NINH BÌNH</c>); null: the issuer alone.</param>
/// <param name="Body">The issuing body (<c>BAN DÂN VẬN</c>).</param>
/// <param name="Place">The place written before the date (<c>Ninh Bình</c>); null: the date alone.</param>
public sealed record DocumentHeader(string? Parent, string Body, string? Place, DateOnly Date, string Language)
{
    /// <summary>The issuer of the organiser's papers: the configured issuing body (<c>Workflow:Documents</c>), the same as the letters'.</summary>
    public static DocumentHeader Of(Documents.Letters.LetterOptions documents, DateOnly date, string language)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return new DocumentHeader(documents.IssuerParent, documents.Issuer, documents.Place, date, language);
    }
}

/// <summary>A column of a <see cref="OfficialPdf.Table"/>: its heading, its share of the width, how its cells align.</summary>
public sealed record PdfColumn(string Heading, double Share, XStringAlignment Align = XStringAlignment.Near);

/// <summary>A row of a table: its cells, or one line across the table (a group heading) when <paramref name="Across"/> is set.</summary>
/// <param name="MinHeight">The row's least height in points (a signature row leaves room to sign).</param>
public sealed record PdfRow(IReadOnlyList<string> Cells, string? Across = null, bool Shaded = false, double MinHeight = 0);

/// <summary>
/// An A4 portrait document in the layout of Vietnamese administrative papers (margins of Nghị định 30/2020: top and bottom
/// 20 mm, left 30 mm, right 17.5 mm), drawn with PDFsharp in the certificates' Noto Sans (embedded subset, Unicode), with
/// text that wraps, tables whose heading repeats on each new page, and "page n/m" at the foot of every page.
/// </summary>
public sealed class OfficialPdf : IDisposable
{
    public const double MarginLeft = 85;
    public const double MarginRight = 50;
    public const double MarginTop = 57;
    public const double MarginBottom = 57;

    /// <summary>The height of <see cref="SignOff"/>: title, note, room to sign and the name.</summary>
    public const double SignOffHeight = 125;

    private static readonly XPdfFontOptions Embedded = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
    private static readonly XPen Rule = new(XColors.Black, 0.6);
    private static readonly XBrush Shade = new XSolidBrush(XColor.FromArgb(0xee, 0xee, 0xee));
    private readonly PdfDocument _document = new();
    private readonly string _family;
    private XGraphics? _gfx;

    public OfficialPdf(string family, string title, string author)
    {
        _family = family;
        _document.Info.Title = UserText.Line(title);
        _document.Info.Author = UserText.Line(author);
        NewPage();
    }

    /// <summary>Where the next line starts (points from the top of the page).</summary>
    public double Y { get; set; }

    public static double PageWidth => XUnit.FromMillimeter(210).Point;

    public static double PageHeight => XUnit.FromMillimeter(297).Point;

    /// <summary>The width between the margins.</summary>
    public static double Width => PageWidth - MarginLeft - MarginRight;

    private XGraphics Gfx => _gfx ?? throw new ObjectDisposedException(nameof(OfficialPdf));

    public XFont Font(double size, bool bold = false, bool italic = false) =>
        new(_family, size, (bold ? XFontStyleEx.Bold : XFontStyleEx.Regular) | (italic ? XFontStyleEx.Italic : XFontStyleEx.Regular), Embedded);

    public void NewPage()
    {
        _gfx?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        _gfx = XGraphics.FromPdfPage(page);
        Y = MarginTop;
    }

    /// <summary>Starts a new page when less than <paramref name="height"/> is left.</summary>
    public void KeepRoom(double height)
    {
        if (Y + height > PageHeight - MarginBottom)
        {
            NewPage();
        }
    }

    /// <summary>
    /// The heading block of a Party document (Hướng dẫn 36-HD/VPTW, mẫu 1): left, the issuer centred over a star; right,
    /// the Party's name in bold with a rule under it, then the place and date in italics. The one method that draws it.
    /// </summary>
    public void Header(DocumentHeader header, TemplateRenderer templates)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(templates);
        var upper = CultureInfo.GetCultureInfo("vi-VN");
        var leftWidth = Width * 0.44;
        var leftCentre = MarginLeft + leftWidth / 2;
        var rightCentre = MarginLeft + leftWidth + (Width - leftWidth) / 2;
        var top = Y;

        var y = top;
        if (header.Parent is { } parent)
        {
            y = Lines(UserText.Line(parent).ToUpper(upper), Font(11), leftCentre, leftWidth, y, XStringAlignment.Center, balanced: true);
        }

        y = Lines(UserText.Line(header.Body).ToUpper(upper), Font(11, bold: true), leftCentre, leftWidth, y, XStringAlignment.Center, balanced: true);
        y = Lines("*", Font(11), leftCentre, leftWidth, y, XStringAlignment.Center);

        var party = templates.Strings(header.Language)["sheets.party"];
        var partyFont = Font(11, bold: true);
        var right = Lines(party, partyFont, rightCentre, Width - leftWidth, top, XStringAlignment.Center);
        var partyWidth = Gfx.MeasureString(party, partyFont).Width;
        Gfx.DrawLine(new XPen(XColors.Black, 0.6), rightCentre - partyWidth / 2, right + 3, rightCentre + partyWidth / 2, right + 3);
        var date = templates.RenderString("sheets.dateLine", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["day"] = header.Date.Day.ToString("00", CultureInfo.InvariantCulture),
            ["month"] = header.Date.Month.ToString("00", CultureInfo.InvariantCulture),
            ["year"] = header.Date.Year.ToString(CultureInfo.InvariantCulture),
        }, header.Language);
        if (header.Place is { } place)
        {
            date = UserText.Line(place) + ", " + date;
        }

        right = Lines(date, Font(10.5, italic: true), rightCentre, Width - leftWidth, right + 10, XStringAlignment.Center);
        Y = Math.Max(y, right) + 22;
    }

    /// <summary>A line or paragraph centred on the page.</summary>
    public void Centered(string text, XFont font, double before = 0)
    {
        ArgumentNullException.ThrowIfNull(font);
        KeepRoom(font.GetHeight() * 2 + before);
        Y = Lines(text, font, MarginLeft + Width / 2, Width, Y + before, XStringAlignment.Center);
    }

    /// <summary>A paragraph from the left margin (plus <paramref name="indent"/>), wrapped at spaces.</summary>
    public void Paragraph(string text, XFont font, double before = 0, double indent = 0)
    {
        ArgumentNullException.ThrowIfNull(font);
        var lines = Wrap(text, font, Width - indent);
        var height = font.GetHeight() * 1.25;
        Y += before;
        foreach (var line in lines)
        {
            KeepRoom(height);
            Y += height;
            Gfx.DrawString(line, font, XBrushes.Black, new XPoint(MarginLeft + indent, Y - height * 0.25), XStringFormats.BaseLineLeft);
        }
    }

    /// <summary>A table across the page: a shaded heading row (repeated on every page the table reaches), then the rows.</summary>
    /// <param name="keepAfter">Room to keep below the last row on its page (what must not stand alone on the next: the
    /// signatures), so the last row moves over with it rather than leave it alone.</param>
    public void Table(IReadOnlyList<PdfColumn> columns, IReadOnlyList<PdfRow> rows, double size = 10, double keepAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var total = columns.Sum(c => c.Share);
        var widths = columns.Select(c => Width * c.Share / total).ToList();
        var body = Font(size);
        var bold = Font(size, bold: true);
        var heading = new PdfRow([.. columns.Select(c => c.Heading)], Shaded: true);
        var headingHeight = Height(heading, widths, bold);
        KeepRoom(headingHeight + Height(rows.Count > 0 ? rows[0] : heading, widths, body));
        Row(heading, widths, bold, columns.Select(_ => XStringAlignment.Center).ToList(), headingHeight);
        var aligns = columns.Select(c => c.Align).ToList();
        for (var n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            var font = row.Across is null ? body : bold;
            var height = Height(row, widths, font);
            if (Y + height + (n == rows.Count - 1 ? keepAfter : 0) > PageHeight - MarginBottom && n > 0)
            {
                NewPage();
                Row(heading, widths, bold, columns.Select(_ => XStringAlignment.Center).ToList(), headingHeight);
            }

            Row(row, widths, font, aligns, height);
        }
    }

    /// <summary>
    /// The signature block on the right (title in bold, "sign and write the name" in italics, room to sign, the name in
    /// bold) and, when given, "Nơi nhận" on the left, as a Party document ends.
    /// </summary>
    public void SignOff(string title, string note, string? name, string? recipientsLabel = null, IReadOnlyList<string>? recipients = null)
    {
        KeepRoom(SignOffHeight);
        Y += 16;
        var top = Y;
        var half = Width / 2;
        var centre = MarginLeft + half + half / 2;
        var y = Lines(title, Font(11, bold: true), centre, half, top, XStringAlignment.Center);
        y = Lines(note, Font(10, italic: true), centre, half, y, XStringAlignment.Center);
        if (!string.IsNullOrWhiteSpace(name))
        {
            y = Lines(UserText.Name(name), Font(11, bold: true), centre, half, y + 62, XStringAlignment.Center);
        }

        var left = top;
        if (recipientsLabel is not null && recipients is not null)
        {
            left = Lines(recipientsLabel, Font(10, bold: true, italic: true), MarginLeft, half, top, XStringAlignment.Near);
            foreach (var recipient in recipients)
            {
                left = Lines(recipient, Font(9.5), MarginLeft, half - 10, left, XStringAlignment.Near);
            }
        }

        Y = Math.Max(y, left) + 10;
    }

    /// <summary>Numbers every page ("Trang 2/3" at the foot, centred) and returns the file.</summary>
    public byte[] Finish(Func<int, int, string> pageLabel)
    {
        ArgumentNullException.ThrowIfNull(pageLabel);
        _gfx?.Dispose();
        _gfx = null;
        var count = _document.PageCount;
        for (var n = 0; n < count; n++)
        {
            using var gfx = XGraphics.FromPdfPage(_document.Pages[n], XGraphicsPdfPageOptions.Append);
            gfx.DrawString(pageLabel(n + 1, count), Font(9), XBrushes.DimGray, new XPoint(PageWidth / 2, PageHeight - MarginBottom / 2), XStringFormats.BaseLineCenter);
        }

        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document.Dispose();
    }

    private double Lines(string text, XFont font, double x, double width, double top, XStringAlignment align, bool balanced = false)
    {
        var height = font.GetHeight() * 1.2;
        var y = top;
        var lines = Wrap(text, font, width);
        if (balanced && lines.Count == 2)
        {
            lines = Balanced(text, font, lines);
        }

        foreach (var line in lines)
        {
            y += height;
            Gfx.DrawString(line, font, XBrushes.Black, new XPoint(x, y - height * 0.22), align switch
            {
                XStringAlignment.Center => XStringFormats.BaseLineCenter,
                XStringAlignment.Far => XStringFormats.BaseLineRight,
                _ => XStringFormats.BaseLineLeft,
            });
        }

        return y;
    }

    private const double Pad = 3.5;

    private double Height(PdfRow row, List<double> widths, XFont font)
    {
        var line = font.GetHeight() * 1.15;
        var lines = row.Across is not null
            ? Wrap(row.Across, font, Width - 2 * Pad).Count
            : row.Cells.Select((c, n) => Wrap(c, font, widths[n] - 2 * Pad).Count).DefaultIfEmpty(1).Max();
        return Math.Max(row.MinHeight, Math.Max(1, lines) * line + 2 * Pad);
    }

    private void Row(PdfRow row, List<double> widths, XFont font, List<XStringAlignment> aligns, double height)
    {
        var gfx = Gfx;
        var line = font.GetHeight() * 1.15;
        if (row.Shaded)
        {
            gfx.DrawRectangle(Shade, MarginLeft, Y, Width, height);
        }

        if (row.Across is not null)
        {
            gfx.DrawRectangle(Rule, MarginLeft, Y, Width, height);
            var y = Y + Pad;
            foreach (var text in Wrap(row.Across, font, Width - 2 * Pad))
            {
                y += line;
                gfx.DrawString(text, font, XBrushes.Black, new XPoint(MarginLeft + Pad, y - line * 0.25), XStringFormats.BaseLineLeft);
            }

            Y += height;
            return;
        }

        var x = MarginLeft;
        for (var n = 0; n < widths.Count; n++)
        {
            gfx.DrawRectangle(Rule, x, Y, widths[n], height);
            var cell = n < row.Cells.Count ? row.Cells[n] : string.Empty;
            var lines = Wrap(cell, font, widths[n] - 2 * Pad);
            var y = Y + Pad + (aligns[n] == XStringAlignment.Center && row.Shaded ? (height - 2 * Pad - lines.Count * line) / 2 : 0);
            foreach (var text in lines)
            {
                y += line;
                var (at, format) = aligns[n] switch
                {
                    XStringAlignment.Center => (x + widths[n] / 2, XStringFormats.BaseLineCenter),
                    XStringAlignment.Far => (x + widths[n] - Pad, XStringFormats.BaseLineRight),
                    _ => (x + Pad, XStringFormats.BaseLineLeft),
                };
                gfx.DrawString(text, font, XBrushes.Black, new XPoint(at, y - line * 0.25), format);
            }

            x += widths[n];
        }

        Y += height;
    }

    /// <summary>Two lines of a heading broken where they are most even ("BAN TUYÊN GIÁO VÀ DÂN VẬN / TỈNH ỦY" rather than a word alone).</summary>
    private List<string> Balanced(string text, XFont font, List<string> wrapped)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var best = wrapped;
        var widest = wrapped.Max(l => Gfx.MeasureString(l, font).Width);
        for (var cut = 1; cut < words.Length; cut++)
        {
            var lines = new List<string> { string.Join(' ', words[..cut]), string.Join(' ', words[cut..]) };
            var width = lines.Max(l => Gfx.MeasureString(l, font).Width);
            if (width < widest)
            {
                (best, widest) = (lines, width);
            }
        }

        return best;
    }

    /// <summary>Breaks <paramref name="text"/> into lines no wider than <paramref name="width"/>: at spaces, and inside a word too long for a line.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            var current = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Gfx.MeasureString(candidate, font).Width <= width)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                while (current.Length > 1 && Gfx.MeasureString(current, font).Width > width)
                {
                    var fit = current.Length - 1;
                    while (fit > 1 && Gfx.MeasureString(current[..fit], font).Width > width)
                    {
                        fit--;
                    }

                    if (char.IsHighSurrogate(current[fit - 1]))
                    {
                        fit--;
                    }

                    lines.Add(current[..fit]);
                    current = current[fit..];
                }
            }

            lines.Add(current);
        }

        return lines;
    }
}
