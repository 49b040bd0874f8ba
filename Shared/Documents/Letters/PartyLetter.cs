using Workflow.Documents.Pdf;

namespace Workflow.Documents.Letters;

/// <summary>A paragraph of a letter's body: an optional bold label (<c>Thời gian:</c>) and its text.</summary>
public sealed record LetterParagraph(string? Label, string Text);

/// <summary>
/// Everything a Party letter prints, already in words (pure data: <see cref="PartyLetters"/> builds it, <see cref="LetterPdf"/>
/// draws it). Text a user typed (names, titles, units) is in it as typed, after the renderer's neutralising.
/// </summary>
/// <param name="TypeName">The kind of document in bold capitals (<c>GIẤY MỜI</c>); null for a công văn (its summary is under its number).</param>
/// <param name="Summary">The line under the kind (<c>Tham dự …</c>); null for a công văn.</param>
/// <param name="Salutation">The <c>Kính gửi: …</c> line.</param>
/// <param name="Authority">The signer's authority line (<c>K/T TRƯỞNG BAN</c>), empty when he signs in his own right.</param>
/// <param name="Recipients">The <c>Nơi nhận</c> list, one line each.</param>
/// <param name="FileName">The PDF's file name (ASCII).</param>
public sealed record PartyLetter(
    PartyHeading Heading,
    string? TypeName,
    string? Summary,
    string Salutation,
    IReadOnlyList<LetterParagraph> Body,
    IReadOnlyList<string> Authority,
    string SignerTitle,
    string SignerName,
    string RecipientsLabel,
    IReadOnlyList<string> Recipients,
    string FileName,
    string DocumentTitle);
