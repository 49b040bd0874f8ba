namespace Workflow.Text;

/// <summary>
/// What typed text may hold, checked where a request is validated (SPEC §4 "Text that people type is data"):
/// names, titles, units and codes are one line; longer texts (a description, a reason) may have line breaks.
/// No text holds control characters (the request reader already refuses those other than tab and line breaks).
/// </summary>
public static class TextRules
{
    /// <summary>One line: no control characters (tab and line breaks included) and no Unicode line or paragraph separators.</summary>
    public static bool IsSingleLine(string? text) =>
        text is null || !text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085');

    /// <summary>Several lines allowed: tab, CR and LF are the only control characters taken.</summary>
    public static bool IsMultiLine(string? text) =>
        text is null || !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    /// <summary>
    /// Text for matching as people type it: lower case, without diacritics ("đ" as "d"), whitespace runs as one space,
    /// trimmed ("  Nguyễn  Đức " → "nguyen duc").
    /// </summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.ToLowerInvariant().Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (folded.Length > 0 && folded[^1] != ' ')
                {
                    folded.Append(' ');
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(ch);
            }
        }

        return folded.ToString().TrimEnd();
    }

    public static Phrase SingleLineMessage => Phrase.Of("error.oneLineOnlyNoLineBreaksOr");
}
