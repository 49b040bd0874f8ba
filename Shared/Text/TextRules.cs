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

    public const string SingleLineMessage = "Chỉ một dòng, không xuống dòng hay ký tự điều khiển / One line only: no line breaks or control characters.";
}
