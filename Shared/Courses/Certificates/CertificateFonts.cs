using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Workflow.Courses.Certificates;

/// <summary>
/// PDFsharp's font resolver for certificates (PDFsharp 6 finds no fonts by itself on Linux). PDFsharp takes one resolver
/// per process, set once: this one maps the family <see cref="FamilyFor"/> of a font folder to that folder's
/// <c>NotoSans-Regular.ttf</c> / <c>NotoSans-Bold.ttf</c>, so hosts and tests with different folders share it.
/// Any other family is refused rather than replaced by a font without Vietnamese glyphs.
/// </summary>
public sealed class CertificateFonts : IFontResolver
{
    public const string RegularFile = "NotoSans-Regular.ttf";
    public const string BoldFile = "NotoSans-Bold.ttf";
    private const string FamilyPrefix = "WorkflowNoto|";

    private static readonly Lock Gate = new();
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    private CertificateFonts()
    {
    }

    /// <summary>The process's resolver, installed in PDFsharp on first use.</summary>
    public static CertificateFonts Installed
    {
        get
        {
            lock (Gate)
            {
                if (GlobalFontSettings.FontResolver is CertificateFonts installed)
                {
                    return installed;
                }

                var resolver = new CertificateFonts();
                GlobalFontSettings.FontResolver = resolver;
                return resolver;
            }
        }
    }

    /// <summary>
    /// Loads the two faces of <paramref name="directory"/> and returns the family name that draws with them. Throws a
    /// clear error naming the missing file and how to install it.
    /// </summary>
    public string Register(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        foreach (var file in new[] { RegularFile, BoldFile })
        {
            var path = Path.Combine(directory, file);
            if (!_faces.ContainsKey(path))
            {
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(
                        $"The certificate font {path} is missing. Install Debian's fonts-noto-core (apt-get install fonts-noto-core) or set Workflow:Certificates:FontDirectory to a folder holding {RegularFile} and {BoldFile}.",
                        path);
                }

                _faces.TryAdd(path, File.ReadAllBytes(path));
            }
        }

        return FamilyPrefix + directory;
    }

    /// <summary>The family name of a registered folder.</summary>
    public static string FamilyFor(string directory) => FamilyPrefix + directory;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (familyName is null || !familyName.StartsWith(FamilyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var face = Path.Combine(familyName[FamilyPrefix.Length..], bold ? BoldFile : RegularFile);
        return _faces.ContainsKey(face) ? new FontResolverInfo(face, mustSimulateBold: false, mustSimulateItalic: italic) : null;
    }

    public byte[]? GetFont(string faceName) => _faces.TryGetValue(faceName, out var bytes) ? bytes : null;
}
