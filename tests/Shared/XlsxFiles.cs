using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Workflow.Testing.Xlsx;

/// <summary>A sheet of a test workbook: its name, state (<c>hidden</c>, <c>veryHidden</c> or null) and the XML of its <c>sheetData</c> rows and what follows.</summary>
internal sealed record TestSheet(string Name, string Rows, string? State = null, string Merges = "");

/// <summary>
/// Builds .xlsx files part by part, as Excel lays them out (content types, relationships, workbook, sheets, shared
/// strings, styles), so a test can make exactly the case it names: a formula without a cached value, a hidden first
/// sheet, merged cells, inline strings, a zero-padded number format. Cells are written with helpers that escape text.
/// </summary>
internal static class XlsxFiles
{
    public const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    public const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>The styles: 0 General, 1 a date (id 14), 2 "0000000000" (id 164), 3 text "@" (id 49).</summary>
    private const string Styles = $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="{Main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0000000000"/></numFmts>
        <fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>
        <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
        <cellXfs count="4"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" xfId="0" applyNumberFormat="1"/></cellXfs>
        </styleSheet>
        """;

    /// <summary>A workbook of one sheet named "Danh sách".</summary>
    public static byte[] Workbook(string rows, string merges = "", IReadOnlyList<string>? sharedStrings = null) =>
        Workbook([new TestSheet("Danh sách", rows, null, merges)], sharedStrings);

    /// <param name="replace">Parts written as given instead of as built (by name).</param>
    public static byte[] Workbook(IReadOnlyList<TestSheet> sheets, IReadOnlyList<string>? sharedStrings = null, Action<ZipArchive>? more = null, IReadOnlyDictionary<string, string>? replace = null)
    {
        void Put(ZipArchive zip, string name, string text) => XlsxFiles.Put(zip, name, replace?.GetValueOrDefault(name) ?? text);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var overrides = new StringBuilder();
            for (var i = 0; i < sheets.Count; i++)
            {
                overrides.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            }

            Put(zip, "[Content_Types].xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>
                """);
            Put(zip, "_rels/.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            var sheetList = new StringBuilder();
            var rels = new StringBuilder();
            for (var i = 0; i < sheets.Count; i++)
            {
                var state = sheets[i].State is { } s ? $" state=\"{s}\"" : string.Empty;
                sheetList.Append(CultureInfo.InvariantCulture, $"<sheet name=\"{SecurityElement.Escape(sheets[i].Name)}\" sheetId=\"{i + 1}\"{state} r:id=\"rId{i + 1}\"/>");
                rels.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{i + 1}\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>");
                Put(zip, $"xl/worksheets/sheet{i + 1}.xml", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="{Main}" xmlns:r="{Rel}"><sheetData>{sheets[i].Rows}</sheetData>{sheets[i].Merges}</worksheet>
                    """);
            }

            rels.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId100\" Type=\"{Rel}/styles\" Target=\"styles.xml\"/>");
            if (sharedStrings is not null)
            {
                rels.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId101\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/>");
                var items = string.Concat(sharedStrings.Select(s => s.StartsWith('<') ? $"<si>{s}</si>" : $"<si><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></si>"));
                Put(zip, "xl/sharedStrings.xml", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <sst xmlns="{Main}" count="{sharedStrings.Count}" uniqueCount="{sharedStrings.Count}">{items}</sst>
                    """);
            }

            Put(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets>{sheetList}</sheets></workbook>
                """);
            Put(zip, "xl/_rels/workbook.xml.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>
                """);
            Put(zip, "xl/styles.xml", Styles);
            more?.Invoke(zip);
        }

        return buffer.ToArray();
    }

    /// <summary>A row of inline-string cells from column A (null: no cell).</summary>
    public static string Row(int number, params string?[] texts) =>
        $"<row r=\"{number}\">{string.Concat(texts.Select((t, i) => t is null ? string.Empty : Inline(Ref(number, i), t)))}</row>";

    /// <summary>The usual header row: Họ và tên, Email, Đơn vị, Chức vụ.</summary>
    public static string Header(int number = 1) => Row(number, "Họ và tên", "Email", "Đơn vị", "Chức vụ");

    public static string Inline(string cell, string text) => $"<c r=\"{cell}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(text)}</t></is></c>";

    public static string Shared(string cell, int index) => $"<c r=\"{cell}\" t=\"s\"><v>{index}</v></c>";

    public static string Number(string cell, string value, int style = 0) => $"<c r=\"{cell}\" s=\"{style}\"><v>{value}</v></c>";

    public static string Ref(int row, int column) => $"{(char)('A' + column)}{row}";

    /// <summary>A list of people as a plain workbook: the header, then one row per person (name, email, unit, position).</summary>
    public static byte[] People(params (string Name, string Email, string Unit, string Position)[] people) =>
        Workbook(Header() + string.Concat(people.Select((p, i) => Row(i + 2, p.Name, p.Email, p.Unit, p.Position))));

    public static void Put(ZipArchive zip, string name, string text, CompressionLevel level = CompressionLevel.Fastest)
    {
        var entry = zip.CreateEntry(name, level);
        using var stream = entry.Open();
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
    }
}
