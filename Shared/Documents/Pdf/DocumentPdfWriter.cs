using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Workflow.Courses.Certificates;

namespace Workflow.Documents.Pdf;

/// <summary>How a run of text is set.</summary>
public enum TextStyle
{
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

/// <summary>Where a line stands between two x positions.</summary>
public enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>
/// The one writer of the product's A4 portrait documents (letters, sign-in sheets, course reports) drawn with PDFsharp in Noto Serif, embedded as a
/// Unicode subset so Vietnamese text keeps every diacritic and can be copied and searched. Margins are those of Hướng dẫn
/// 36-HD/VPTW: top and bottom 20 mm, left 30 mm, right 15 mm. A cursor (<see cref="Y"/>) moves down the page; text that
/// does not fit goes on a new page. What users typed is drawn as it is (no markup is read in a PDF) and wrapped, never cut.
/// </summary>
public sealed class DocumentPdfWriter : IDisposable
{
    public const double Mm = 72 / 25.4;
    private readonly PdfDocument _document = new();
    private readonly string _family;
    private readonly XPdfFontOptions _fontOptions = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
    private XGraphics? _gfx;

    /// <param name="fontDirectory">The folder of the Noto Serif faces (<see cref="CertificateOptions.FontDirectory"/>).</param>
    public DocumentPdfWriter(string fontDirectory, string title, string author)
    {
        _family = CertificateFonts.Installed.RegisterSerif(fontDirectory);
        _document.Info.Title = title;
        _document.Info.Author = author;
    }

    public double Left { get; } = 30 * Mm;

    public double Right => PageWidth - (15 * Mm);

    public double Top { get; } = 20 * Mm;

    public double Bottom => PageHeight - (20 * Mm);

    public double PageWidth { get; private set; } = 595.28;

    public double PageHeight { get; private set; } = 841.89;

    /// <summary>The text's width between the margins.</summary>
    public double Width => Right - Left;

    /// <summary>The cursor: the top of the next line.</summary>
    public double Y { get; set; }

    public int PageCount => _document.PageCount;

    public XGraphics Graphics => _gfx ?? throw new InvalidOperationException("Start a page first.");

    public XFont Font(double size, TextStyle style = TextStyle.Regular) => new(
        _family,
        size,
        style switch { TextStyle.Bold => XFontStyleEx.Bold, TextStyle.Italic => XFontStyleEx.Italic, TextStyle.BoldItalic => XFontStyleEx.BoldItalic, _ => XFontStyleEx.Regular },
        _fontOptions);

    /// <summary>Starts a new A4 portrait page, the cursor at its top margin.</summary>
    public void NewPage()
    {
        _gfx?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        PageWidth = page.Width.Point;
        PageHeight = page.Height.Point;
        _gfx = XGraphics.FromPdfPage(page);
        Y = Top;
    }

    /// <summary>A new page when less than <paramref name="height"/> points are left above the bottom margin.</summary>
    public void Room(double height)
    {
        if (_gfx is null || Y + height > Bottom)
        {
            NewPage();
        }
    }

    public static double LineHeight(XFont font) => (font ?? throw new ArgumentNullException(nameof(font))).GetHeight() * 1.2;

    public IReadOnlyList<string> Wrap(string text, XFont font, double width) => TextWrap.Lines(Graphics, text, font, width);

    public double Measure(string text, XFont font) => Graphics.MeasureString(text, font).Width;

    /// <summary>
    /// Draws <paramref name="text"/> wrapped between <paramref name="from"/> and <paramref name="to"/> from the cursor, each
    /// line aligned; the cursor goes below it. Returns the lines' widths (for underlines).
    /// </summary>
    public IReadOnlyList<double> Text(string text, XFont font, TextAlign align, double from, double to, double firstIndent = 0)
    {
        ArgumentNullException.ThrowIfNull(font);
        var widths = new List<double>();
        var lineHeight = LineHeight(font);
        var first = true;
        foreach (var line in WrapIndented(text, font, to - from, firstIndent))
        {
            Room(lineHeight);
            var indent = first ? firstIndent : 0;
            var width = Measure(line, font);
            var x = align switch
            {
                TextAlign.Center => ((from + to) / 2) - (width / 2),
                TextAlign.Right => to - width,
                _ => from + indent,
            };
            Graphics.DrawString(line, font, XBrushes.Black, new XPoint(x, Y + font.GetHeight() * 0.8), XStringFormats.BaseLineLeft);
            widths.Add(width);
            Y += lineHeight;
            first = false;
        }

        return widths;
    }

    /// <summary>
    /// A paragraph in the body: <paramref name="label"/> (bold, may be empty) then <paramref name="text"/> on the same line,
    /// wrapped to the margins, the first line indented (1 cm, as the guide's paragraphs).
    /// </summary>
    public void Paragraph(string? label, string text, double size, double indent = 10 * Mm, TextStyle style = TextStyle.Regular)
    {
        var font = Font(size, style);
        var bold = Font(size, TextStyle.Bold);
        var lineHeight = LineHeight(font);
        var labelWidth = string.IsNullOrEmpty(label) ? 0 : Measure(label + " ", bold);
        var lines = WrapIndented(text, font, Width, indent + labelWidth);
        for (var i = 0; i < lines.Count; i++)
        {
            Room(lineHeight);
            var baseline = Y + font.GetHeight() * 0.8;
            var x = Left;
            if (i == 0)
            {
                x += indent;
                if (labelWidth > 0)
                {
                    Graphics.DrawString(label!, bold, XBrushes.Black, new XPoint(x, baseline), XStringFormats.BaseLineLeft);
                    x += labelWidth;
                }
            }

            Justified(lines[i], font, x, baseline, Right - x, last: i == lines.Count - 1);
            Y += lineHeight;
        }
    }

    /// <summary>
    /// Draws a body line justified to <paramref name="room"/> (the guide's paragraphs are justified): the spaces widen,
    /// except on a paragraph's last line and on a line much shorter than the room (a line break the writer typed).
    /// </summary>
    private void Justified(string line, XFont font, double x, double baseline, double room, bool last)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var natural = Measure(line, font);
        if (last || words.Length < 2 || natural < room * 0.8)
        {
            Graphics.DrawString(line, font, XBrushes.Black, new XPoint(x, baseline), XStringFormats.BaseLineLeft);
            return;
        }

        var widths = words.Select(w => Measure(w, font)).ToArray();
        var gap = (room - widths.Sum()) / (words.Length - 1);
        for (var i = 0; i < words.Length; i++)
        {
            Graphics.DrawString(words[i], font, XBrushes.Black, new XPoint(x, baseline), XStringFormats.BaseLineLeft);
            x += widths[i] + gap;
        }
    }

    /// <summary>A horizontal line centred on <paramref name="center"/> at the cursor.</summary>
    public void Rule(double center, double width, double gap = 1)
    {
        var y = Y + gap;
        Graphics.DrawLine(new XPen(XColors.Black, 0.6), center - (width / 2), y, center + (width / 2), y);
    }

    /// <summary>A line or paragraph centred between the margins, <paramref name="before"/> points below the cursor.</summary>
    public void Centered(string text, XFont font, double before = 0)
    {
        ArgumentNullException.ThrowIfNull(font);
        Room((font.GetHeight() * 2) + before);
        Y += before;
        Text(text, font, TextAlign.Center, Left, Right);
    }

    /// <summary>A paragraph set left (not justified) from the left margin plus <paramref name="indent"/>.</summary>
    public void Flush(string text, XFont font, double before = 0, double indent = 0)
    {
        Y += before;
        Text(text, font, TextAlign.Left, Left + indent, Right);
    }

    /// <param name="pageLabel">When set, every page is numbered at its foot, centred ("Trang 2/3": page, pages).</param>
    public byte[] ToBytes(Func<int, int, string>? pageLabel = null)
    {
        _gfx?.Dispose();
        _gfx = null;
        var count = _document.PageCount;
        for (var n = 0; pageLabel is not null && n < count; n++)
        {
            using var gfx = XGraphics.FromPdfPage(_document.Pages[n], XGraphicsPdfPageOptions.Append);
            gfx.DrawString(pageLabel(n + 1, count), Font(9), XBrushes.DimGray, new XPoint(PageWidth / 2, PageHeight - (10 * Mm)), XStringFormats.BaseLineCenter);
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

    /// <summary>Wraps with a narrower first line (an indent or a label before it).</summary>
    private IReadOnlyList<string> WrapIndented(string text, XFont font, double width, double firstIndent) =>
        TextWrap.Lines(Graphics, text, font, width, width - firstIndent);
}
