namespace Workflow.Courses.Import;

/// <summary>What a file says it is: its content type (API) or its name (a page's upload).</summary>
public enum ListClaim
{
    /// <summary><c>text/csv</c>, a name ending in .csv.</summary>
    Csv,

    /// <summary>The .xlsx content type, a name ending in .xlsx.</summary>
    Xlsx,

    /// <summary>Anything else (.xls, .ods, <c>application/octet-stream</c>, no extension): the content alone decides.</summary>
    Unknown,
}

/// <summary>
/// The one import pipeline of a list of people (invitees, a unit's nominees) sent as a file: the content decides how it
/// is read (magic bytes: a zip is read as a workbook by <see cref="XlsxRows"/>, the old binary Excel format and
/// OpenDocument are refused with what to do, text is read as CSV), a file whose content contradicts its claim is
/// refused; then every reader's rows go through the same steps: the header row (Vietnamese or English names), the
/// row limit, the rows numbered as the person sees them, and <see cref="InviteeImport.Validate"/>.
/// </summary>
public static class ListImport
{
    /// <summary>The rows an .xlsx header may sit below (a title, the unit's name, a blank row above it).</summary>
    public const int XlsxHeaderWindow = 20;

    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly Dictionary<string, string> HeaderAliases = new(StringComparer.Ordinal)
    {
        ["name"] = "name", ["hoten"] = "name", ["hovaten"] = "name", ["ten"] = "name", ["fullname"] = "name",
        ["email"] = "email", ["thudientu"] = "email", ["e-mail"] = "email",
        ["unit"] = "unit", ["donvi"] = "unit", ["coquan"] = "unit",
        ["position"] = "position", ["chucvu"] = "position",
    };

    private static readonly string[] Columns = ["name", "email", "unit", "position"];

    /// <summary>The claim of an API body's media type; null when it is not a list file type.</summary>
    public static ListClaim? ClaimOfMedia(string media) => media.ToLowerInvariant() switch
    {
        "text/csv" => ListClaim.Csv,
        XlsxMediaType => ListClaim.Xlsx,
        "application/vnd.ms-excel" or "application/vnd.oasis.opendocument.spreadsheet" or "application/octet-stream" => ListClaim.Unknown,
        _ => null,
    };

    /// <summary>The claim of an uploaded file's name.</summary>
    public static ListClaim ClaimOfName(string fileName) => Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant() switch
    {
        ".csv" => ListClaim.Csv,
        ".xlsx" => ListClaim.Xlsx,
        _ => ListClaim.Unknown,
    };

    /// <summary>Reads a list file into numbered rows, or the one reason the whole file is refused.</summary>
    public static (IReadOnlyList<NumberedRow> Rows, Phrase? Error) FromFile(byte[] bytes, ListClaim claim)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes is [0x50, 0x4B, 0x03 or 0x05, 0x04 or 0x06, ..])
        {
            var (rows, error) = FromXlsx(bytes);
            return claim == ListClaim.Csv && error is null ? ([], Phrase.Of("xlsx.workbookNamedCsv")) : (rows, error);
        }

        if (bytes is [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..])
        {
            return ([], Phrase.Of("xlsx.oldExcel"));
        }

        var (text, textError) = TextFiles.Decode(bytes);
        if (text is null)
        {
            return ([], claim == ListClaim.Csv ? textError : Phrase.Of("xlsx.notWorkbook"));
        }

        if (text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('<'))
        {
            return ([], Phrase.Of("xlsx.markup"));
        }

        return claim == ListClaim.Xlsx ? ([], Phrase.Of(text.Length == 0 ? "xlsx.notWorkbook" : "xlsx.textNamedXlsx")) : InviteeImport.ParseCsv(text);
    }

    /// <summary>The first visible sheet of a workbook: its header within the first <see cref="XlsxHeaderWindow"/> rows, merges checked.</summary>
    public static (IReadOnlyList<NumberedRow> Rows, Phrase? Error) FromXlsx(byte[] bytes)
    {
        var (sheet, error) = XlsxRows.Read(bytes, InviteeImport.MaxRows + XlsxHeaderWindow);
        if (sheet is null)
        {
            return ([], error);
        }

        if (FindHeader(sheet.Rows, XlsxHeaderWindow) is not { } header)
        {
            return ([], Phrase.Of(sheet.Rows.Count == 0 ? "xlsx.emptySheet" : "xlsx.noHeader", ("sheet", sheet.Name), ("rows", XlsxHeaderWindow)));
        }

        var headerRow = sheet.Rows[header.Index].Number - 1;
        if (sheet.Merges.FirstOrDefault(m => m.Top <= headerRow && headerRow <= m.Bottom) is { } merged)
        {
            return ([], Phrase.Of("xlsx.mergedHeader", ("row", headerRow + 1), ("range", merged.Shown)));
        }

        var rows = sheet.Merges.Count == 0 ? sheet.Rows : Unmerged(sheet.Rows, sheet.Merges.Where(m => m.Top > headerRow).ToList());
        return Numbered(rows, header.Index, header.Columns, sheet.Truncated);
    }

    /// <summary>The first row among the first <paramref name="window"/> that names the name and email columns.</summary>
    internal static (int Index, Dictionary<string, int> Columns)? FindHeader(IReadOnlyList<TableRow> rows, int window)
    {
        for (var i = 0; i < Math.Min(window, rows.Count); i++)
        {
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var c = 0; c < rows[i].Cells.Length; c++)
            {
                if (rows[i].Cells[c] is { } cell && HeaderAliases.TryGetValue(HeaderKey(cell), out var canonical))
                {
                    columns.TryAdd(canonical, c);
                }
            }

            if (columns.ContainsKey("name") && columns.ContainsKey("email"))
            {
                return (i, columns);
            }
        }

        return null;
    }

    /// <summary>The rows after the header as the validation takes them: at most <see cref="InviteeImport.MaxRows"/>; a cell the list needs and the reader could not read refuses its row.</summary>
    internal static (IReadOnlyList<NumberedRow> Rows, Phrase? Error) Numbered(IReadOnlyList<TableRow> rows, int headerIndex, Dictionary<string, int> columns, bool truncated)
    {
        if (truncated || rows.Count - headerIndex - 1 > InviteeImport.MaxRows)
        {
            return ([], Phrase.Of("error.atMostRowsPerRequest", ("maxRows", InviteeImport.MaxRows)));
        }

        var numbered = new List<NumberedRow>(rows.Count - headerIndex - 1);
        foreach (var row in rows.Skip(headerIndex + 1))
        {
            string? Field(string name) => columns.TryGetValue(name, out var c) ? row[c] : null;
            var problem = Columns.Select(name => columns.TryGetValue(name, out var c) ? row.IssueAt(c) : null).FirstOrDefault(p => p is not null);
            numbered.Add(new NumberedRow(row.Number, new InviteeInput(Field("name"), Field("email"), Field("unit"), Field("position")), problem));
        }

        return (numbered, null);
    }

    /// <summary>
    /// Merged data cells as the person sees them: a merge down one column (a unit written once for several people) gives
    /// its value to every row it covers; a merge across columns makes each cell it covers a problem (which column holds
    /// what is unclear), refusing those rows when the list needs one of the columns.
    /// </summary>
    private static List<TableRow> Unmerged(IReadOnlyList<TableRow> rows, List<CellRange> merges)
    {
        var list = rows.ToList();
        var at = new Dictionary<int, int>();
        for (var i = 0; i < list.Count; i++)
        {
            at.TryAdd(list[i].Number - 1, i);
        }

        foreach (var merge in merges)
        {
            var first = at.TryGetValue(merge.Top, out var top) ? list[top] : null;
            for (var r = merge.Top; r <= merge.Bottom; r++)
            {
                if (!at.TryGetValue(r, out var index))
                {
                    continue;
                }

                var row = list[index];
                var width = Math.Min(XlsxRows.MaxColumns, Math.Max(row.Cells.Length, merge.Right + 1));
                var cells = new string?[width];
                row.Cells.CopyTo(cells, 0);
                var issues = row.Issues is null ? new Dictionary<int, Phrase>() : new Dictionary<int, Phrase>(row.Issues);
                for (var c = merge.Left; c <= Math.Min(merge.Right, width - 1); c++)
                {
                    if (merge.Left != merge.Right)
                    {
                        issues[c] = Phrase.Of("xlsx.mergedAcross", ("range", merge.Shown));
                    }
                    else if (r > merge.Top && first is not null)
                    {
                        cells[c] = first[c];
                        if (first.IssueAt(c) is { } issue)
                        {
                            issues[c] = issue;
                        }
                    }
                }

                list[index] = new TableRow(row.Number, cells, issues.Count == 0 ? null : issues);
            }
        }

        return list;
    }

    /// <summary>"Họ và tên" → "hovaten": lower case, no diacritics, no spaces or underscores.</summary>
    private static string HeaderKey(string header) =>
        TextRules.Fold(header).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
}
