using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Workflow.Courses.Certificates;

/// <summary>What a certificate says: person, course, dates, number, issuer.</summary>
/// <param name="Dates">The course's dates as people write them (<c>13/05/2027 – 14/05/2027</c>).</param>
/// <param name="VerifyUrl">Where anyone can check the number (<c>/api/certificates/{number}</c>).</param>
public sealed record CertificateContent(
    string Number,
    string Name,
    string CourseTitle,
    string Dates,
    DateOnly IssuedOn,
    string Organisation,
    string VerifyUrl,
    string Language);

/// <summary>
/// Draws a certificate as a one-page A4 landscape PDF with PDFsharp, in Noto Sans embedded (a subset with every glyph
/// used, Unicode-encoded, so Vietnamese names keep their diacritics and their text can be copied and searched).
/// </summary>
public sealed class CertificatePdf
{
    private readonly TemplateRenderer _templates;
    private readonly Lazy<string> _family;

    /// <summary>The fonts are loaded at the first certificate (a missing font fails that, with a clear message, not the host's start).</summary>
    public CertificatePdf(TemplateRenderer templates, IOptions<CertificateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _templates = templates;
        FontDirectory = options.Value.FontDirectory;
        _family = new Lazy<string>(() => CertificateFonts.Installed.Register(FontDirectory), LazyThreadSafetyMode.PublicationOnly);
    }

    public string FontDirectory { get; }

    /// <summary>The content of <paramref name="invitee"/>'s certificate <paramref name="number"/> of <paramref name="course"/>.</summary>
    public static CertificateContent ContentFor(Course course, Invitee invitee, string number, DateOnly issuedOn, WorkflowOptions workflow)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        ArgumentNullException.ThrowIfNull(workflow);
        return new CertificateContent(
            number,
            invitee.Name,
            course.Definition.Title,
            DatesOf(course),
            issuedOn,
            workflow.OrganisationName,
            VerifyUrl(workflow, number),
            course.Definition.Language);
    }

    /// <summary>The anonymous verification page of a number.</summary>
    public static string VerifyUrl(WorkflowOptions workflow, string number)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return workflow.PublicBaseUrl.TrimEnd('/') + "/api/certificates/" + number;
    }

    /// <summary>The course's days in Vietnam time: one date, or first – last.</summary>
    public static string DatesOf(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var first = DateOnly.FromDateTime(VietnamTime.ToLocal(course.Definition.Sessions.Min(s => s.Start)).DateTime);
        var last = DateOnly.FromDateTime(VietnamTime.ToLocal(course.Definition.Sessions.Max(s => s.End)).DateTime);
        return first == last ? Date(first) : Date(first) + " – " + Date(last);
    }

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public byte[] Render(CertificateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var t = _templates.Strings(content.Language);
        using var document = new PdfDocument();
        document.Info.Title = UserText.Line(t["certificateHeading"] + " " + content.Number);
        document.Info.Author = UserText.Line(content.Organisation);
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
            XFont Font(double size, bool bold) => new(_family.Value, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, options);
            var width = page.Width.Point;
            var height = page.Height.Point;
            var accent = new XSolidBrush(XColor.FromArgb(0xb3, 0x00, 0x1b));
            gfx.DrawRectangle(new XPen(XColor.FromArgb(0xb3, 0x00, 0x1b), 3), 24, 24, width - 48, height - 48);
            gfx.DrawRectangle(new XPen(XColor.FromArgb(0xb3, 0x00, 0x1b), 0.8), 32, 32, width - 64, height - 64);

            var y = 70.0;
            y = Centered(gfx, UserText.Line(content.Organisation).ToUpper(CultureInfo.GetCultureInfo("vi-VN")), Font(14, bold: true), XBrushes.Black, width, y, 2);
            y = Centered(gfx, t["certificateHeading"], Font(34, bold: true), accent, width, y + 28, 1);
            y = Centered(gfx, t["certificateCertifies"], Font(15, bold: false), XBrushes.Black, width, y + 22, 1);
            y = Centered(gfx, UserText.Name(content.Name), Font(28, bold: true), XBrushes.Black, width, y + 14, 2);
            y = Centered(gfx, t["certificateCompleted"], Font(15, bold: false), XBrushes.Black, width, y + 12, 1);
            y = Centered(gfx, UserText.Line(content.CourseTitle), Font(18, bold: true), XBrushes.Black, width, y + 8, 3);
            Centered(gfx, t["certificateDates"] + ": " + content.Dates, Font(13, bold: false), XBrushes.Black, width, y + 12, 1);

            var small = Font(11, bold: false);
            var bottom = height - 90;
            gfx.DrawString(t["certificateNumber"] + ": " + content.Number, Font(12, bold: true), XBrushes.Black, new XPoint(70, bottom), XStringFormats.BaseLineLeft);
            gfx.DrawString(t["certificateIssued"] + ": " + Date(content.IssuedOn), small, XBrushes.Black, new XPoint(70, bottom + 18), XStringFormats.BaseLineLeft);
            gfx.DrawString(t["certificateVerify"] + ": " + content.VerifyUrl, small, XBrushes.DimGray, new XPoint(70, bottom + 36), XStringFormats.BaseLineLeft);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Draws <paramref name="text"/> centred from <paramref name="top"/>, broken at spaces into at most
    /// <paramref name="maxLines"/> lines (the last one cut with an ellipsis); returns the y below it.</summary>
    private static double Centered(XGraphics gfx, string text, XFont font, XBrush brush, double width, double top, int maxLines)
    {
        var room = width - 160;
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && gfx.MeasureString(candidate, font).Width > room)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        if (lines.Count > maxLines)
        {
            lines = [.. lines.Take(maxLines)];
            lines[^1] += " …";
        }

        var lineHeight = font.GetHeight() * 1.15;
        var y = top;
        foreach (var line in lines)
        {
            var shown = line;
            while (shown.Length > 2 && gfx.MeasureString(shown, font).Width > room)
            {
                var cut = char.IsLowSurrogate(shown[^2]) ? 3 : 2;
                shown = shown[..^cut] + "…";
            }

            y += lineHeight;
            gfx.DrawString(shown, font, brush, new XPoint(width / 2, y), XStringFormats.BaseLineCenter);
        }

        return y;
    }
}
