using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace Workflow.Courses.Reports;

/// <summary>The roster as a table of text: a header row and one row per invitee, every cell already safe for a spreadsheet.</summary>
public sealed record RosterTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The roster as it is written out: the header and the rows, each row made when it is written (not all held at once).</summary>
public sealed record RosterRows(IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows);

/// <summary>
/// The roster export (<c>GET /api/courses/{id}/roster?format=csv|xlsx</c>): one row per invitee with status, reply,
/// attendance per session, survey, learning report and certificate number, headers and words in the course's language.
/// Every cell that a spreadsheet would read as a formula (starting with <c>= + - @</c>, a tab or a carriage return) is
/// neutralised with a leading apostrophe, so a name typed as <c>=HYPERLINK(...)</c> stays text in Excel.
/// </summary>
public static class Roster
{
    public static RosterTable Build(Course course, IReadOnlyList<Invitee> invitees, IReadOnlyDictionary<string, string> t, IReadOnlyList<FollowUp.GradeOption>? scale = null)
    {
        var rows = Rows(course, invitees, t, scale);
        return new RosterTable(rows.Header, [.. rows.Rows]);
    }

    /// <summary>As <see cref="Build"/>, with the rows made one by one while they are written (a 100,000-row roster is never a table in memory).</summary>
    public static RosterRows Rows(Course course, IReadOnlyList<Invitee> invitees, IReadOnlyDictionary<string, string> t, IReadOnlyList<FollowUp.GradeOption>? scale = null)
    {
        scale ??= FollowUp.GradingOptions.DefaultScale;
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitees);
        ArgumentNullException.ThrowIfNull(t);
        var sessions = course.Definition.Sessions.Count;
        var header = new List<string>
        {
            t["rosterName"], t["rosterEmail"], t["rosterUnit"], t["rosterPosition"], t["rosterStatus"], t["rosterRepliedAt"], t["rosterLate"], t["rosterReason"],
        };
        header.AddRange(Enumerable.Range(1, sessions).Select(n => t["rosterSession"] + " " + n.ToString(CultureInfo.InvariantCulture)));
        header.AddRange([t["rosterSurveyContent"], t["rosterSurveyPresenter"], t["rosterSurveyOrganisation"], t["rosterSurveyComments"], t["rosterReport"], t["grading.roster.grade"], t["grading.roster.comment"], t["grading.roster.gradedAt"], t["grading.roster.gradedBy"], t["rosterCertificate"]]);

        var order = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);
        var rows = invitees
            .OrderBy(i => i.Unit ?? string.Empty, order)
            .ThenBy(i => i.Name, order)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i =>
            {
                var row = new List<string>
                {
                    i.Name, i.Email, i.Unit ?? string.Empty, i.Position ?? string.Empty, t["rosterStatus" + i.Status], When(i.RepliedAt),
                    i.Late ? t["rosterYes"] : string.Empty, i.Reason ?? string.Empty,
                };
                row.AddRange(Enumerable.Range(0, sessions).Select(n => i.AttendanceFor(course, n)?.Status switch
                {
                    AttendanceStatus.Present => t["rosterPresent"],
                    AttendanceStatus.Absent => t["rosterAbsent"],
                    AttendanceStatus.Excused => t["rosterExcused"],
                    _ => string.Empty,
                }));
                row.AddRange(
                [
                    Rating(i.Survey?.Content), Rating(i.Survey?.Presenter), Rating(i.Survey?.Organisation), i.Survey?.Comments ?? string.Empty,
                    i.Report is { } report ? t["rosterSubmitted"] + " " + When(report.At) : string.Empty,
                    i.Grade is { } grade ? FollowUp.GradingRules.NameOf(grade.Grade, scale, course.Definition.Language, t) : string.Empty,
                    i.Grade?.Comment ?? string.Empty,
                    When(i.Grade?.At),
                    i.Grade?.By.Name ?? string.Empty,
                    i.CertificateNumber ?? string.Empty,
                ]);
                return (IReadOnlyList<string>)[.. row.Select(Neutralise)];
            });
        return new RosterRows([.. header.Select(Neutralise)], rows);
    }

    /// <summary>A cell a spreadsheet could take for a formula gets a leading apostrophe; any other stays as it is.</summary>
    public static string Neutralise(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;
    }

    /// <summary>CSV in UTF-8 with a byte-order mark (so Excel reads Vietnamese), comma-separated, RFC 4180 quoting.</summary>
    public static byte[] ToCsv(RosterTable table) => ToBytes(table, WriteCsv);

    /// <summary>Writes the CSV of <see cref="ToCsv"/> to <paramref name="stream"/> row by row (left open).</summary>
    public static void WriteCsv(RosterRows roster, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(roster);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 65536, leaveOpen: true);
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None });
        foreach (var row in roster.Rows.Prepend(roster.Header))
        {
            foreach (var cell in row)
            {
                csv.WriteField(cell);
            }

            csv.NextRecord();
        }
    }

    /// <summary>XLSX (MiniExcel): the header as the first row, every cell a string.</summary>
    public static byte[] ToXlsx(RosterTable table) => ToBytes(table, WriteXlsx);

    /// <summary>Writes the XLSX of <see cref="ToXlsx"/> to <paramref name="stream"/>, rows made as MiniExcel asks for them.</summary>
    public static void WriteXlsx(RosterRows roster, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var keys = roster.Header.Select((h, n) => n.ToString(CultureInfo.InvariantCulture)).ToList();
        var rows = roster.Rows.Prepend(roster.Header).Select(r => keys.Zip(r).ToDictionary(p => p.First, p => (object)p.Second, StringComparer.Ordinal));
        stream.SaveAs(rows, printHeader: false, sheetName: "Roster");
    }

    private static string When(DateTimeOffset? at) =>
        at is { } value ? VietnamTime.ToLocal(value).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : string.Empty;

    private static string Rating(int? rating) => rating?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>The bytes <paramref name="write"/> makes of the whole table (for tests and small tables; a download streams).</summary>
    private static byte[] ToBytes(RosterTable table, Action<RosterRows, Stream> write)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var stream = new MemoryStream();
        write(new RosterRows(table.Header, table.Rows), stream);
        return stream.ToArray();
    }
}
