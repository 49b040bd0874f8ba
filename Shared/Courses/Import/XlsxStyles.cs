using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;

namespace Workflow.Courses.Import;

/// <summary>
/// How a number cell shows (styles.xml: each cell style's number format): a date as dd/MM/yyyy, a zero-padded format
/// ("0000000000", a phone number typed as a number) with its zeros, anything else as the plain number without exponent
/// (912345678, 1.5). Only what a list of people needs; nothing is evaluated.
/// </summary>
internal sealed partial class XlsxStyles
{
    private readonly List<int> _formatOfStyle = [];
    private readonly Dictionary<int, string> _customFormats = [];

    public static XlsxStyles Read(ZipArchiveEntry? entry, XlsxRows.Budget budget)
    {
        var styles = new XlsxStyles();
        if (entry is null)
        {
            return styles;
        }

        using var reader = XlsxRows.Open(entry, budget);
        var inCellXfs = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "numFmt" when int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                    styles._customFormats[id] = reader.GetAttribute("formatCode") ?? string.Empty;
                    break;
                case "cellXfs":
                    inCellXfs = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    styles._formatOfStyle.Add(int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var format) ? format : 0);
                    break;
            }
        }

        return styles;
    }

    public string Format(double number, int style)
    {
        var formatId = style >= 0 && style < _formatOfStyle.Count ? _formatOfStyle[style] : 0;
        var code = _customFormats.GetValueOrDefault(formatId);
        if (IsDate(formatId, code) && number is >= 1 and < 2_958_466)
        {
            var date = DateTime.FromOADate(number);
            return date.TimeOfDay == TimeSpan.Zero
                ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
                : date.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
        }

        var integral = Math.Abs(number) < 1e15 && number == Math.Floor(number);
        if (integral && code is not null && ZeroPadded().IsMatch(code))
        {
            return ((long)number).ToString(code, CultureInfo.InvariantCulture);
        }

        return integral
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("0.###############", CultureInfo.InvariantCulture);
    }

    /// <summary>The built-in date and time formats (14–22, 45–47) and custom codes with day, month or year parts outside quotes.</summary>
    private static bool IsDate(int id, string? code)
    {
        if (id is (>= 14 and <= 22) or (>= 45 and <= 47))
        {
            return true;
        }

        if (code is null)
        {
            return false;
        }

        var bare = Quoted().Replace(code, string.Empty).ToLowerInvariant();
        return bare.Contains('y', StringComparison.Ordinal) || bare.Contains('d', StringComparison.Ordinal)
            || (bare.Contains('m', StringComparison.Ordinal) && !bare.Contains('0', StringComparison.Ordinal) && !bare.Contains('#', StringComparison.Ordinal));
    }

    [GeneratedRegex("^0{2,15}$")]
    private static partial Regex ZeroPadded();

    /// <summary>Quoted text, bracketed parts ([Red], [$-42A]) and escaped characters of a format code.</summary>
    [GeneratedRegex("\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.")]
    private static partial Regex Quoted();
}
