using System.IO.Compression;

namespace Workflow.Courses.FollowUp;

/// <summary>A file a person attached to the learning report, as received (not yet checked).</summary>
/// <param name="Name">The file name the browser sent (may carry a path).</param>
/// <param name="Content">The bytes, at most <see cref="ReportFileRules.MaxBytes"/>.</param>
public sealed record UploadedFile(string Name, ReadOnlyMemory<byte> Content);

/// <summary>A file that passed the rules: its kind by content, the name to show and the content type to store.</summary>
public sealed record CheckedFile(string Name, string ContentType, string Extension, ReadOnlyMemory<byte> Content);

/// <summary>
/// What a learning report's file may be: one file of at most 5 MB, a PDF, a Word document (DOCX) or an image (PNG, JPEG,
/// GIF, WebP). The kind is decided by the content's leading bytes (and, for DOCX, by the package holding
/// <c>word/document.xml</c>); the name's extension must agree with it. The browser's content type is never trusted.
/// </summary>
public static class ReportFileRules
{
    /// <summary>Largest file taken (5 MB).</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public const int MaxName = 200;

    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly (string ContentType, string[] Extensions)[] Kinds =
    [
        ("application/pdf", [".pdf"]),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]),
        ("image/png", [".png"]),
        ("image/jpeg", [".jpg", ".jpeg"]),
        ("image/gif", [".gif"]),
        ("image/webp", [".webp"]),
    ];

    /// <summary>Checks the file; the error is a strings key (<c>reportFileTooLarge</c>, <c>reportFileKind</c>, <c>reportFileName</c>).</summary>
    public static (CheckedFile? File, string? Error) Check(UploadedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Content.Length > MaxBytes)
        {
            return (null, "reportFileTooLarge");
        }

        var name = DisplayName(file.Name);
        if (name is null)
        {
            return (null, "reportFileName");
        }

        var contentType = Sniff(file.Content.Span);
        if (contentType is null)
        {
            return (null, "reportFileKind");
        }

        var extension = Path.GetExtension(name).ToLowerInvariant();
        var kind = Kinds.Single(k => k.ContentType == contentType);
        if (!kind.Extensions.Contains(extension, StringComparer.Ordinal))
        {
            return (null, "reportFileKind");
        }

        return (new CheckedFile(name, contentType, kind.Extensions[0], file.Content), null);
    }

    /// <summary>The content type the bytes show, or null when they are none of the kinds taken.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (content.StartsWith("PK\x03\x04"u8) && IsWordDocument(content.ToArray()))
        {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        }

        return null;
    }

    /// <summary>The name without any path, one line, at most <see cref="MaxName"/> characters; null when nothing is left.</summary>
    public static string? DisplayName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var last = name.Replace('\\', '/').Split('/')[^1].Trim();
        if (last.Length == 0 || last.Length > MaxName || !TextRules.IsSingleLine(last) || last is "." or "..")
        {
            return null;
        }

        return last;
    }

    /// <summary>A ZIP package is a Word document when it holds the OOXML content types and <c>word/document.xml</c>.</summary>
    private static bool IsWordDocument(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
