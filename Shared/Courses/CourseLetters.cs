namespace Workflow.Courses;

/// <summary>
/// Who signs the course's letters (Giấy mời, the nomination công văn), as the organiser sets it on the course
/// (<c>letter: {signerName, signerTitle, authority?}</c>). A course without it sends no letters (a large campaign keeps
/// its batched invitations).
/// </summary>
/// <param name="SignerName">The signer's name as printed under the signature (<c>Nguyễn Văn An</c>).</param>
/// <param name="SignerTitle">His title, printed in capitals (<c>PHÓ TRƯỞNG BAN</c>).</param>
/// <param name="Authority">The authority line above it when he signs for someone (<c>K/T TRƯỞNG BAN</c>, <c>T/M BAN THƯỜNG VỤ</c>); none when he signs in his own right.</param>
public sealed record LetterSigner(string SignerName, string SignerTitle, string? Authority = null)
{
    public const int MaxLength = 100;

    /// <summary>Field errors of the course's <c>letter</c> (paths <c>letter.signerName</c> …), none when it is null or right.</summary>
    public static IEnumerable<(string Field, Phrase Message)> Problems(LetterSigner? signer)
    {
        if (signer is null)
        {
            yield break;
        }

        if (!Fits(signer.SignerName, required: true))
        {
            yield return ("letter.signerName", Phrase.Of("letters.error.signerName", ("max", MaxLength)));
        }

        if (!Fits(signer.SignerTitle, required: true))
        {
            yield return ("letter.signerTitle", Phrase.Of("letters.error.signerTitle", ("max", MaxLength)));
        }

        if (!Fits(signer.Authority, required: false))
        {
            yield return ("letter.authority", Phrase.Of("letters.error.authority", ("max", MaxLength)));
        }
    }

    private static bool Fits(string? value, bool required) =>
        string.IsNullOrWhiteSpace(value) ? !required && (value is null || value.Length == 0 || value.Length <= MaxLength) : value.Length <= MaxLength && TextRules.IsSingleLine(value);
}

/// <summary>A letter's number as allocated once for its course: the year's sequence of its kind and the day it was given.</summary>
public sealed record LetterNumber(int Year, long Sequence, DateOnly IssuedOn);

/// <summary>The numbers of the course's letters (null: not allocated yet). Stored on the course row, column <c>Letters</c>.</summary>
public sealed record CourseLetterNumbers(LetterNumber? Invitation = null, LetterNumber? Nomination = null)
{
    public static CourseLetterNumbers None { get; } = new();
}
