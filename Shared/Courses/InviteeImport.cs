using CsvHelper;
using CsvHelper.Configuration;

namespace Workflow.Courses;

/// <summary>One parsed row with its number as the organiser sees it (CSV: the line in the file, header = 1; JSON: the 1-based array position).</summary>
public sealed record NumberedRow(int Row, InviteeInput Input);

/// <summary>A row that passed validation, with its normalised email.</summary>
public sealed record ValidInvitee(int Row, string Name, string Email, string EmailKey, string? Unit, string? Position);

/// <summary>Parses invitee lists sent as JSON or CSV and validates each row on its own (SPEC §2 step 2).</summary>
public static class InviteeImport
{
    public const int MaxRows = 20_000;

    private static readonly Dictionary<string, string> HeaderAliases = new(StringComparer.Ordinal)
    {
        ["name"] = "name", ["hoten"] = "name", ["hovaten"] = "name", ["ten"] = "name", ["fullname"] = "name",
        ["email"] = "email", ["thudientu"] = "email", ["e-mail"] = "email",
        ["unit"] = "unit", ["donvi"] = "unit", ["coquan"] = "unit",
        ["position"] = "position", ["chucvu"] = "position",
    };

    /// <summary>Numbers the rows of a JSON array as the organiser sees them (1-based).</summary>
    public static (IReadOnlyList<NumberedRow> Rows, Phrase? Error) FromJson(IReadOnlyList<InviteeInput?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count > MaxRows
            ? ([], Phrase.Of("error.atMostRowsPerRequest", ("maxRows", MaxRows)))
            : (items.Select((item, i) => new NumberedRow(i + 1, item ?? new InviteeInput(null, null, null, null))).ToList(), null);
    }

    /// <summary>Parses CSV text (',' or ';', header row with Vietnamese or English names).</summary>
    public static (IReadOnlyList<NumberedRow> Rows, Phrase? Error) ParseCsv(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var reader = new StringReader(text.TrimStart('\uFEFF'));
            return ParseCsv(reader);
        }
        catch (CsvHelperException ex)
        {
            var row = ex.Context?.Parser?.Row ?? 0;
            return ([], Phrase.Of("error.theCsvCouldNotBeReadNear", ("row", row)));
        }
    }

    private static (IReadOnlyList<NumberedRow> Rows, Phrase? Error) ParseCsv(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";"],
            MissingFieldFound = null,
            BadDataFound = null,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            return ([], Phrase.Of("error.theCsvNeedsAHeaderRowWith"));
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < csv.HeaderRecord.Length; i++)
        {
            if (HeaderAliases.TryGetValue(HeaderKey(csv.HeaderRecord[i]), out var canonical))
            {
                columns.TryAdd(canonical, i);
            }
        }

        if (!columns.ContainsKey("name") || !columns.ContainsKey("email"))
        {
            return ([], Phrase.Of("error.theCsvHeaderMustNameTheColumns"));
        }

        var rows = new List<NumberedRow>();
        while (csv.Read())
        {
            if (rows.Count == MaxRows)
            {
                return ([], Phrase.Of("error.atMostRowsPerRequest", ("maxRows", MaxRows)));
            }

            rows.Add(new NumberedRow(
                csv.Parser.Row,
                new InviteeInput(Field(csv, columns, "name"), Field(csv, columns, "email"), Field(csv, columns, "unit"), Field(csv, columns, "position"))));
        }

        return (rows, null);
    }

    /// <summary>Validates rows; duplicates (case-insensitive, trimmed email) within the list or against <paramref name="existingEmailKeys"/> are reported, never doubled.</summary>
    public static (List<ValidInvitee> Valid, List<DuplicateRow> Duplicates, List<RejectedRow> Rejected) Validate(
        IReadOnlyList<NumberedRow> rows,
        ISet<string> existingEmailKeys)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(existingEmailKeys);
        var valid = new List<ValidInvitee>();
        var duplicates = new List<DuplicateRow>();
        var rejected = new List<RejectedRow>();
        var seen = new HashSet<string>(existingEmailKeys, StringComparer.Ordinal);
        foreach (var (row, input) in rows)
        {
            var name = input.Name?.Trim();
            var email = input.Email?.Trim();
            var reason =
                string.IsNullOrEmpty(name) ? Phrase.Of("error.nameIsRequired") :
                name.Length > CourseValidation.MaxName ? Phrase.Of("error.nameIsLongerThan200Characters") :
                !TextRules.IsSingleLine(name) ? Phrase.Of("error.nameMustBeOneLineWithoutControl") :
                string.IsNullOrEmpty(email) ? Phrase.Of("error.emailIsRequired") :
                !CourseValidation.IsEmail(email) ? Phrase.Of("error.emailIsNotAValidAddress") :
                (input.Unit?.Trim().Length ?? 0) > CourseValidation.MaxName ? Phrase.Of("error.unitIsLongerThan200Characters") :
                (input.Position?.Trim().Length ?? 0) > CourseValidation.MaxName ? Phrase.Of("error.positionIsLongerThan200Characters") :
                !TextRules.IsSingleLine(input.Unit) ? Phrase.Of("error.unitMustBeOneLineWithoutControl") :
                !TextRules.IsSingleLine(input.Position) ? Phrase.Of("error.positionMustBeOneLineWithoutControl") :
                null;
            if (reason is not null)
            {
                rejected.Add(new RejectedRow(row, reason));
                continue;
            }

            var key = CourseValidation.NormalizeEmail(email!);
            if (!seen.Add(key))
            {
                duplicates.Add(new DuplicateRow(row, email!));
                continue;
            }

            valid.Add(new ValidInvitee(row, name!, email!, key, Blank(input.Unit), Blank(input.Position)));
        }

        return (valid, duplicates, rejected);
    }

    private static string? Field(CsvReader csv, Dictionary<string, int> columns, string name) =>
        columns.TryGetValue(name, out var index) && csv.TryGetField<string>(index, out var value) ? value : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>"Họ và tên" → "hovaten": lower case, no diacritics, no spaces or underscores.</summary>
    private static string HeaderKey(string header) =>
        TextRules.Fold(header).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
}
