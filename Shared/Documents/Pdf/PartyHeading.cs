using PdfSharp.Drawing;

namespace Workflow.Documents.Pdf;

/// <summary>
/// The heading of a Party document as Hướng dẫn 36-HD/VPTW (2018) lays it out: on the left the issuing body (the body
/// above it in upright capitals, the body itself in bold capitals, a star below), under it the number and sign
/// (<c>Số 15-GM/BDVTU</c>) and, for a công văn, its summary (<c>V/v …</c>, italic, smaller); on the right the title
/// ĐẢNG CỘNG SẢN VIỆT NAM in bold capitals underlined by a rule as long as the title, and under it the place and date in
/// italics, level with the number.
/// </summary>
/// <param name="Heading">The Party's title line (the string tables' <c>letters.party</c>).</param>
/// <param name="IssuerParent">The body above the issuer (<c>TỈNH ỦY NINH BÌNH</c>), configured.</param>
/// <param name="Issuer">The issuing body (<c>BAN DÂN VẬN</c>), configured.</param>
/// <param name="Number">The number and sign as printed (<c>Số 15-GM/BDVTU</c>); empty on papers without one (sheets, reports).</param>
/// <param name="PlaceDate">The place and date as printed (<c>Ninh Bình, ngày 07 tháng 12 năm 2026</c>).</param>
/// <param name="Subject">A công văn's summary under its number (<c>V/v cử cán bộ …</c>); null for other kinds.</param>
public sealed record PartyHeading(string Heading, string IssuerParent, string Issuer, string Number, string PlaceDate, string? Subject = null)
{
    /// <summary>The left column's share of the text width (the issuer, the number, the summary).</summary>
    public const double LeftShare = 0.45;

    /// <summary>Draws the heading at the top of the current page; the cursor goes below it.</summary>
    public void Draw(DocumentPdfWriter pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var leftTo = pdf.Left + (pdf.Width * LeftShare);
        var rightFrom = pdf.Left + (pdf.Width * 0.42);
        var top = pdf.Y;

        // Right: the Party's title, its rule, then the place and date.
        var title = pdf.Font(13.5, TextStyle.Bold);
        pdf.Y = top;
        var widths = pdf.Text(Heading, title, TextAlign.Center, rightFrom, pdf.Right);
        pdf.Rule((rightFrom + pdf.Right) / 2, widths.Max());
        var rightBottom = pdf.Y;

        // Left: the body above, the issuer, the star, the number.
        pdf.Y = top;
        if (!string.IsNullOrWhiteSpace(IssuerParent))
        {
            pdf.Text(IssuerParent, pdf.Font(13), TextAlign.Center, pdf.Left, leftTo);
        }

        pdf.Text(Issuer, pdf.Font(13, TextStyle.Bold), TextAlign.Center, pdf.Left, leftTo);
        pdf.Text("*", pdf.Font(12), TextAlign.Center, pdf.Left, leftTo);
        var numberTop = Math.Max(pdf.Y, rightBottom + 4);
        pdf.Y = numberTop;
        if (!string.IsNullOrWhiteSpace(Number))
        {
            pdf.Text(Number, pdf.Font(13), TextAlign.Center, pdf.Left, leftTo);
        }

        if (!string.IsNullOrWhiteSpace(Subject))
        {
            pdf.Text(Subject, pdf.Font(11.5, TextStyle.Italic), TextAlign.Center, pdf.Left, leftTo);
        }

        var leftBottom = pdf.Y;
        pdf.Y = numberTop;
        pdf.Text(PlaceDate, pdf.Font(13, TextStyle.Italic), TextAlign.Center, rightFrom, pdf.Right);
        pdf.Y = Math.Max(pdf.Y, leftBottom) + 14;
    }
}
