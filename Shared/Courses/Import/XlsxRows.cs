using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace Workflow.Courses.Import;

/// <summary>The sheet a list is read from: its name, its non-empty rows (as many as asked), its merged ranges.</summary>
/// <param name="Truncated">True when the sheet has more non-empty rows than asked: reading stopped there.</param>
public sealed record XlsxSheet(string Name, IReadOnlyList<TableRow> Rows, IReadOnlyList<CellRange> Merges, bool Truncated);

/// <summary>
/// Reads the rows of an Excel workbook (.xlsx, Office Open XML) itself, with <see cref="ZipArchive"/> and an
/// <see cref="XmlReader"/> that refuses DTDs and resolves nothing: the first VISIBLE sheet (hidden and very hidden sheets
/// are skipped, as Excel shows the file), cell values as the person sees them (shared and inline strings, a formula's
/// cached value, numbers without exponent, dates as dd/MM/yyyy, zero-padded number formats keep their zeros), the merged
/// ranges. Never evaluates a formula: one without a cached value is a problem of its cell. Bounded: at most
/// <see cref="MaxEntries"/> zip entries, <see cref="MaxUncompressedBytes"/> read out of the zip in all (counted as read,
/// not as declared), <see cref="MaxColumns"/> columns; it stops after the rows asked for.
/// </summary>
public static class XlsxRows
{
    public const int MaxEntries = 1000;
    public const long MaxUncompressedBytes = 32L * 1024 * 1024;
    public const int MaxColumns = 64;

    private const string Hidden = "hidden";
    private const string VeryHidden = "veryHidden";

    public static (XlsxSheet? Sheet, Phrase? Error) Read(byte[] bytes, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                return (null, TooBig());
            }

            var budget = new Budget();
            var entries = zip.Entries.GroupBy(e => e.FullName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            if (entries.ContainsKey("mimetype") && entries.ContainsKey("content.xml"))
            {
                return (null, Phrase.Of("xlsx.ods"));
            }

            var workbookPath = Relationships(entries, "_rels/.rels", string.Empty, budget).FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target ?? "xl/workbook.xml";
            if (!entries.TryGetValue(workbookPath, out var workbook) || !workbookPath.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                return (null, Phrase.Of("xlsx.notWorkbook"));
            }

            var folder = workbookPath.Contains('/', StringComparison.Ordinal) ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : string.Empty;
            var rels = Relationships(entries, $"{folder}_rels/{workbookPath[folder.Length..]}.rels", folder, budget);
            var sheet = FirstVisibleSheet(workbook, budget);
            if (sheet is null)
            {
                return (null, Phrase.Of("xlsx.noVisibleSheet"));
            }

            var sheetPath = rels.FirstOrDefault(r => r.Id == sheet.Value.RelId).Target;
            if (sheetPath is null || !entries.TryGetValue(sheetPath, out var sheetEntry))
            {
                return (null, Phrase.Of("xlsx.notWorkbook"));
            }

            var strings = SharedStrings(Part(entries, rels, "/sharedStrings"), budget);
            var styles = XlsxStyles.Read(Part(entries, rels, "/styles"), budget);
            var (rows, merges, truncated) = Sheet(sheetEntry, strings, styles, maxRows, budget);
            return (new XlsxSheet(sheet.Value.Name, rows, merges, truncated), null);
        }
        catch (BudgetExceededException)
        {
            return (null, TooBig());
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or IOException or NotSupportedException or ArgumentException)
        {
            return (null, Phrase.Of("xlsx.notWorkbook"));
        }
    }

    private static Phrase TooBig() => Phrase.Of("xlsx.tooBig", ("maxMegabytes", MaxUncompressedBytes / (1024 * 1024)));

    private static (string Name, string RelId)? FirstVisibleSheet(ZipArchiveEntry workbook, Budget budget)
    {
        using var reader = Open(workbook, budget);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet")
            {
                var state = reader.GetAttribute("state");
                var relId = Attribute(reader, "id");
                if (state is not (Hidden or VeryHidden) && relId is not null)
                {
                    return (reader.GetAttribute("name") ?? string.Empty, relId);
                }
            }
        }

        return null;
    }

    private static List<(string Id, string Type, string Target)> Relationships(Dictionary<string, ZipArchiveEntry> entries, string path, string folder, Budget budget)
    {
        var list = new List<(string, string, string)>();
        if (!entries.TryGetValue(path, out var entry))
        {
            return list;
        }

        using var reader = Open(entry, budget);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.GetAttribute("TargetMode") != "External")
            {
                var target = reader.GetAttribute("Target") ?? string.Empty;
                target = target.StartsWith('/') ? target[1..] : Resolve(folder, target);
                list.Add((reader.GetAttribute("Id") ?? string.Empty, reader.GetAttribute("Type") ?? string.Empty, target));
            }
        }

        return list;
    }

    /// <summary>"xl/" + "../docProps/x.xml" → "docProps/x.xml".</summary>
    private static string Resolve(string folder, string target)
    {
        var parts = (folder + target).Split('/').ToList();
        var resolved = new List<string>();
        foreach (var part in parts)
        {
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
            }
            else if (part is not ("." or ""))
            {
                resolved.Add(part);
            }
        }

        return string.Join('/', resolved);
    }

    private static ZipArchiveEntry? Part(Dictionary<string, ZipArchiveEntry> entries, List<(string Id, string Type, string Target)> rels, string typeSuffix) =>
        rels.FirstOrDefault(r => r.Type.EndsWith(typeSuffix, StringComparison.Ordinal)).Target is { } target && entries.TryGetValue(target, out var entry) ? entry : null;

    private static List<string> SharedStrings(ZipArchiveEntry? entry, Budget budget)
    {
        var list = new List<string>();
        if (entry is null)
        {
            return list;
        }

        using var reader = Open(entry, budget);
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                list.Add(Text((XElement)XNode.ReadFrom(reader)));
                continue;
            }

            reader.Read();
        }

        return list;
    }

    /// <summary>The text of a string item: its runs' <c>t</c>, without phonetic runs (<c>rPh</c>).</summary>
    private static string Text(XElement item) =>
        string.Concat(item.Descendants().Where(e => e.Name.LocalName == "t" && e.Parent?.Name.LocalName != "rPh").Select(e => e.Value));

    private static (List<TableRow> Rows, List<CellRange> Merges, bool Truncated) Sheet(
        ZipArchiveEntry entry, List<string> strings, XlsxStyles styles, int maxRows, Budget budget)
    {
        var rows = new List<TableRow>();
        var merges = new List<CellRange>();
        using var reader = Open(entry, budget);
        reader.MoveToContent();
        var last = 0;
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "row")
            {
                var element = (XElement)XNode.ReadFrom(reader);
                last = int.TryParse((string?)element.Attribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : last + 1;
                if (Row(element, last, strings, styles) is { } row)
                {
                    if (rows.Count == maxRows)
                    {
                        return (rows, merges, true);
                    }

                    rows.Add(row);
                }

                continue;
            }

            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "mergeCell" && CellRange.Parse(reader.GetAttribute("ref")) is { } range)
            {
                merges.Add(range);
            }

            reader.Read();
        }

        return (rows, merges, false);
    }

    /// <summary>A row's cells; null when it holds nothing (blank or whitespace cells only, e.g. formatted empty rows at the end).</summary>
    private static TableRow? Row(XElement row, int number, List<string> strings, XlsxStyles styles)
    {
        var cells = new string?[MaxColumns];
        Dictionary<int, Phrase>? issues = null;
        var width = 0;
        var next = 0;
        foreach (var c in row.Elements().Where(e => e.Name.LocalName == "c"))
        {
            var column = CellRange.Cell((string?)c.Attribute("r") ?? string.Empty) is { } at ? at.Column : next;
            next = column + 1;
            if (column >= MaxColumns)
            {
                continue;
            }

            var cell = CellRange.CellName(number - 1, column);
            var (value, issue) = Value(c, cell, strings, styles);
            if (issue is not null)
            {
                (issues ??= [])[column] = issue;
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                cells[column] = value;
            }
            else
            {
                continue;
            }

            width = Math.Max(width, column + 1);
        }

        return width == 0 ? null : new TableRow(number, cells[..width], issues);
    }

    private static (string? Value, Phrase? Issue) Value(XElement c, string cell, List<string> strings, XlsxStyles styles)
    {
        string? Child(string name) => c.Elements().FirstOrDefault(e => e.Name.LocalName == name) is { } e ? e.Value : null;
        var type = (string?)c.Attribute("t") ?? "n";
        var formula = c.Elements().Any(e => e.Name.LocalName == "f");
        var v = Child("v");
        if (type == "inlineStr")
        {
            var inline = c.Elements().FirstOrDefault(e => e.Name.LocalName == "is");
            return (inline is null ? null : Text(inline), null);
        }

        if (v is null)
        {
            return formula ? (null, Phrase.Of("xlsx.formulaWithoutValue", ("cell", cell))) : (null, null);
        }

        switch (type)
        {
            case "s":
                return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count
                    ? (strings[index], null)
                    : (null, Phrase.Of("xlsx.cellUnreadable", ("cell", cell)));
            case "e":
                return (null, Phrase.Of("xlsx.cellError", ("cell", cell), ("value", v)));
            case "b":
                return (v == "1" ? "TRUE" : "FALSE", null);
            case "str" or "d":
                return (v, null);
            default:
                return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? (styles.Format(number, (int?)c.Attribute("s") ?? 0), null)
                    : (null, Phrase.Of("xlsx.cellUnreadable", ("cell", cell)));
        }
    }

    internal static XmlReader Open(ZipArchiveEntry entry, Budget budget)
    {
        if (entry.Length > budget.Left)
        {
            throw new BudgetExceededException();
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,

            // Whitespace between elements (a bomb of spaces) is never kept; xml:space="preserve" text still is.
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        return XmlReader.Create(new CountingStream(entry.Open(), budget), settings);
    }

    /// <summary>The attribute of that local name in any namespace (<c>r:id</c> in transitional and strict files alike).</summary>
    private static string? Attribute(XmlReader reader, string localName)
    {
        for (var i = 0; i < reader.AttributeCount; i++)
        {
            reader.MoveToAttribute(i);
            if (reader.LocalName == localName && reader.NamespaceURI.Length > 0)
            {
                var value = reader.Value;
                reader.MoveToElement();
                return value;
            }
        }

        reader.MoveToElement();
        return null;
    }

    /// <summary>The bytes still allowed out of the zip, for all the parts read together.</summary>
    internal sealed class Budget
    {
        public long Left { get; private set; } = MaxUncompressedBytes;

        public void Take(int count)
        {
            Left -= count;
            if (Left < 0)
            {
                throw new BudgetExceededException();
            }
        }
    }

    internal sealed class BudgetExceededException : Exception;

    /// <summary>A part's decompressed bytes, counted as they come out whatever the zip declares.</summary>
    private sealed class CountingStream(Stream inner, Budget budget) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            budget.Take(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
