using Workflow.Courses;
using Workflow.Courses.Nominations;

namespace Workflow.Documents.Letters;

/// <summary>
/// The course's letters as PDF files for a numbered course (<see cref="Course.Letters"/>): one person's Giấy mời or one
/// unit's công văn as an email attachment, or many in one file for a download. No I/O but the fonts.
/// </summary>
public sealed class LetterAttachments(PartyLetters letters, LetterPdf pdf, IOptions<LetterOptions> issuer)
{
    public const string PdfType = "application/pdf";

    public EmailAttachment Invitation(Course course, Invitee invitee)
    {
        var letter = InvitationLetter(course, invitee);
        return new EmailAttachment(letter.FileName, PdfType, pdf.Render([letter]));
    }

    public EmailAttachment Nomination(Course course, Nomination nomination)
    {
        var letter = NominationLetter(course, nomination);
        return new EmailAttachment(letter.FileName, PdfType, pdf.Render([letter]));
    }

    /// <summary>Giấy mời of <paramref name="invitees"/> in one PDF; one person's file is named for him, several for the course.</summary>
    public (string FileName, byte[] Content) Invitations(Course course, IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(invitees);
        var all = invitees.Select(i => InvitationLetter(course, i)).ToList();
        return (invitees.Count == 1 ? all[0].FileName : AllName(all[0].FileName), pdf.Render(all));
    }

    /// <summary>The nomination letters of <paramref name="units"/> in one PDF.</summary>
    public (string FileName, byte[] Content) Nominations(Course course, IReadOnlyList<Nomination> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var all = units.Select(n => NominationLetter(course, n)).ToList();
        return (units.Count == 1 ? all[0].FileName : AllName(all[0].FileName), pdf.Render(all));
    }

    private PartyLetter InvitationLetter(Course course, Invitee invitee) =>
        letters.Invitation(course, invitee, course.Letters.Invitation ?? throw new InvalidOperationException("Take the invitation letter's number first."), issuer.Value);

    private PartyLetter NominationLetter(Course course, Nomination nomination) =>
        letters.Nomination(course, nomination, course.Letters.Nomination ?? throw new InvalidOperationException("Take the nomination letter's number first."), issuer.Value);

    /// <summary><c>giay-moi-15-GM-BDVTU_{person}.pdf</c> → <c>giay-moi-15-GM-BDVTU.pdf</c>: the course's letters in one file.</summary>
    private static string AllName(string first) => first[..first.LastIndexOf('_')] + ".pdf";
}
