using PdfSharp.Drawing;
using Workflow.Courses.Certificates;
using Workflow.Documents.Pdf;

namespace Workflow.Documents.Letters;

/// <summary>
/// Draws Party letters (<see cref="PartyLetter"/>) on A4 as Hướng dẫn 36-HD/VPTW lays them out: the heading
/// (<see cref="PartyHeading"/>), the kind and summary centred, <c>Kính gửi</c>, the body (paragraphs indented 1 cm,
/// justified left), then side by side the <c>Nơi nhận</c> list on the left and the signature block on the right
/// (authority in bold capitals, title in capitals, room for the signature and seal, the name in bold). Several letters
/// make one PDF, each starting on its own page.
/// </summary>
public sealed class LetterPdf(IOptions<CertificateOptions> fonts, IOptions<LetterOptions> issuer)
{
    private const double BodySize = 13;

    public byte[] Render(IReadOnlyList<PartyLetter> letters)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0)
        {
            throw new ArgumentException("At least one letter.", nameof(letters));
        }

        using var pdf = new DocumentPdfWriter(fonts.Value.FontDirectory, UserText.Line(letters[0].DocumentTitle), UserText.Line(issuer.Value.IssuerName));
        foreach (var letter in letters)
        {
            pdf.NewPage();
            Draw(pdf, letter);
        }

        return pdf.ToBytes();
    }

    private static void Draw(DocumentPdfWriter pdf, PartyLetter letter)
    {
        letter.Heading.Draw(pdf);
        if (letter.TypeName is not null)
        {
            pdf.Y += 6;
            pdf.Text(letter.TypeName, pdf.Font(15, TextStyle.Bold), TextAlign.Center, pdf.Left, pdf.Right);
            if (letter.Summary is not null)
            {
                pdf.Text(letter.Summary, pdf.Font(13.5, TextStyle.Bold), TextAlign.Center, pdf.Left + 30, pdf.Right - 30);
            }

            var rule = pdf.Y + 2;
            pdf.Graphics.DrawLine(new XPen(XColors.Black, 0.6), ((pdf.Left + pdf.Right) / 2) - 30, rule, ((pdf.Left + pdf.Right) / 2) + 30, rule);
            pdf.Y += 14;
        }

        pdf.Text(letter.Salutation, pdf.Font(BodySize + 0.5), TextAlign.Center, pdf.Left + 20, pdf.Right - 20);
        pdf.Y += 8;
        foreach (var paragraph in letter.Body)
        {
            pdf.Paragraph(paragraph.Label, paragraph.Text, BodySize);
            pdf.Y += 3;
        }

        pdf.Y += 10;
        Closing(pdf, letter);
    }

    /// <summary>The recipients (left) and the signature block (right), kept together on one page.</summary>
    private static void Closing(DocumentPdfWriter pdf, PartyLetter letter)
    {
        var signFrom = pdf.Left + (pdf.Width * 0.45);
        var lines = letter.Authority.Count + 1 + 1 + Math.Max(letter.Recipients.Count, 1);
        pdf.Room((lines * 18) + 80);
        var top = pdf.Y;

        pdf.Text(letter.RecipientsLabel, pdf.Font(12, TextStyle.BoldItalic), TextAlign.Left, pdf.Left, signFrom - 10);
        var label = pdf.Font(12, TextStyle.BoldItalic);
        pdf.Graphics.DrawLine(new XPen(XColors.Black, 0.5), pdf.Left, pdf.Y - 3, pdf.Left + pdf.Measure(letter.RecipientsLabel, label), pdf.Y - 3);
        foreach (var recipient in letter.Recipients)
        {
            pdf.Text(recipient, pdf.Font(11), TextAlign.Left, pdf.Left, signFrom - 10);
        }

        var recipientsBottom = pdf.Y;
        pdf.Y = top;
        foreach (var authority in letter.Authority)
        {
            pdf.Text(authority, pdf.Font(13, TextStyle.Bold), TextAlign.Center, signFrom, pdf.Right);
        }

        pdf.Text(letter.SignerTitle, pdf.Font(13, letter.Authority.Count == 0 ? TextStyle.Bold : TextStyle.Regular), TextAlign.Center, signFrom, pdf.Right);
        pdf.Y += 62;
        pdf.Text(letter.SignerName, pdf.Font(13.5, TextStyle.Bold), TextAlign.Center, signFrom, pdf.Right);
        pdf.Y = Math.Max(pdf.Y, recipientsBottom);
    }
}
