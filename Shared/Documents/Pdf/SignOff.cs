namespace Workflow.Documents.Pdf;

/// <summary>
/// The end of a sheet or report on a <see cref="DocumentPdfWriter"/>: the signature block on the right (title in bold,
/// "sign and write the name" in italics, room to sign, the name in bold) and, when given, "Nơi nhận" on the left.
/// </summary>
public static class SignOff
{
    /// <summary>The height of the block: title, note, room to sign and the name.</summary>
    public const double Height = 125;

    public static void Draw(DocumentPdfWriter pdf, string title, string note, string? name, string? recipientsLabel = null, IReadOnlyList<string>? recipients = null)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        pdf.Room(Height);
        pdf.Y += 16;
        var top = pdf.Y;
        var half = pdf.Width / 2;
        var signFrom = pdf.Left + half;
        pdf.Text(title, pdf.Font(11, TextStyle.Bold), TextAlign.Center, signFrom, pdf.Right);
        pdf.Text(note, pdf.Font(10, TextStyle.Italic), TextAlign.Center, signFrom, pdf.Right);
        if (!string.IsNullOrWhiteSpace(name))
        {
            pdf.Y += 62;
            pdf.Text(UserText.Name(name), pdf.Font(11, TextStyle.Bold), TextAlign.Center, signFrom, pdf.Right);
        }

        var right = pdf.Y;
        pdf.Y = top;
        if (recipientsLabel is not null && recipients is not null)
        {
            pdf.Text(recipientsLabel, pdf.Font(10, TextStyle.BoldItalic), TextAlign.Left, pdf.Left, signFrom);
            foreach (var recipient in recipients)
            {
                pdf.Text(recipient, pdf.Font(9.5), TextAlign.Left, pdf.Left, signFrom - 10);
            }
        }

        pdf.Y = Math.Max(pdf.Y, right) + 10;
    }
}
