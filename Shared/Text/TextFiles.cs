namespace Workflow.Text;

/// <summary>The text of an uploaded file: UTF-8 with or without BOM (UTF-16 with a BOM too), never binary data.</summary>
public static class TextFiles
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, or why it is not text (not UTF-8, or holding NUL bytes).</summary>
    public static (string? Text, Phrase? Error) Decode(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string text;
        try
        {
            text = body switch
            {
                [0xEF, 0xBB, 0xBF, ..] => StrictUtf8.GetString(body, 3, body.Length - 3),
                [0xFF, 0xFE, ..] => StrictUtf16.GetString(body, 2, body.Length - 2),
                [0xFE, 0xFF, ..] => StrictUtf16Be.GetString(body, 2, body.Length - 2),
                _ => StrictUtf8.GetString(body),
            };
        }
        catch (DecoderFallbackException)
        {
            return (null, Phrase.Of("problem.theFileIsNotUtf8Text"));
        }

        return text.Contains('\0', StringComparison.Ordinal) ? (null, Phrase.Of("problem.theFileHoldsBinaryDataNotCsv")) : (text, null);
    }
}
