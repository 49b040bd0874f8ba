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
    public const string SerifRegularFile = "NotoSerif-Regular.ttf";
    public const string SerifBoldFile = "NotoSerif-Bold.ttf";
    public const string SerifItalicFile = "NotoSerif-Italic.ttf";
    public const string SerifBoldItalicFile = "NotoSerif-BoldItalic.ttf";
    private const string FamilyPrefix = "WorkflowNoto|";
    private const string SerifPrefix = "WorkflowNotoSerif|";

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
        Load(directory, [RegularFile, BoldFile]);
        return FamilyPrefix + directory;
    }

    /// <summary>
    /// Loads the four Noto Serif faces of <paramref name="directory"/> (the Party documents' letters: a serif face as the
    /// Times New Roman of Hướng dẫn 36-HD/VPTW, with italics) and returns the family name that draws with them.
    /// </summary>
    public string RegisterSerif(string directory)
    {
        Load(directory, [SerifRegularFile, SerifBoldFile, SerifItalicFile, SerifBoldItalicFile]);
        return SerifPrefix + directory;
    }

    private void Load(string directory, string[] files)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file);
            if (!_faces.ContainsKey(path))
            {
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(
                        $"The certificate font {path} is missing. Install Debian's fonts-noto-core (apt-get install fonts-noto-core) or set Workflow:Certificates:FontDirectory to a folder holding {file} (and the other Noto Sans / Noto Serif faces).",
                        path);
                }

                _faces.TryAdd(path, File.ReadAllBytes(path));
            }
        }
    }

    /// <summary>The family name of a registered folder.</summary>
    public static string FamilyFor(string directory) => FamilyPrefix + directory;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        string face;
        if (familyName is not null && familyName.StartsWith(SerifPrefix, StringComparison.Ordinal))
        {
            face = Path.Combine(
                familyName[SerifPrefix.Length..],
                (bold, italic) switch { (true, true) => SerifBoldItalicFile, (true, false) => SerifBoldFile, (false, true) => SerifItalicFile, _ => SerifRegularFile });
        }
        else if (familyName is not null && familyName.StartsWith(FamilyPrefix, StringComparison.Ordinal))
        {
            face = Path.Combine(familyName[FamilyPrefix.Length..], bold ? BoldFile : RegularFile);
        }
        else
        {
            return null;
        }

        // The serif family has true italic faces; the sans family's italic is PDFsharp's simulated slant.
        var simulateItalic = italic && !familyName.StartsWith(SerifPrefix, StringComparison.Ordinal);
        return _faces.ContainsKey(face) ? new FontResolverInfo(face, mustSimulateBold: false, mustSimulateItalic: simulateItalic) : null;
    }

    public byte[]? GetFont(string faceName) => _faces.TryGetValue(faceName, out var bytes) ? bytes : null;
}
