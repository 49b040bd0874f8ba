using CsvHelper;
using CsvHelper.Configuration;
using Workflow.Courses.Import;

namespace Workflow.Courses;

/// <summary>
/// One parsed row with its number as the organiser sees it (CSV: the line in the file, header = 1; Excel: the row number
/// Excel shows; JSON: the 1-based array position), and the reader's problem with one of its cells (a formula without a
/// value, a merge across columns), which refuses the row.
/// </summary>
public sealed record NumberedRow(int Row, InviteeInput Input, Phrase? Problem = null);

/// <summary>A row that passed validation, with its normalised email.</summary>
public sealed record ValidInvitee(int Row, string Name, string Email, string EmailKey, string? Unit, string? Position);

/// <summary>Parses invitee lists sent as JSON or CSV (files: <see cref="ListImport"/>) and validates each row on its own (SPEC §2 step 2).</summary>
public static class InviteeImport
{
    public const int MaxRows = 20_000;

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
        var rows = new List<TableRow>();
        while (rows.Count <= MaxRows + 1 && csv.Read())
        {
            rows.Add(new TableRow(csv.Parser.Row, csv.Parser.Record ?? []));
        }

        if (rows.Count == 0)
        {
            return ([], Phrase.Of("error.theCsvNeedsAHeaderRowWith"));
        }

        return ListImport.FindHeader(rows, 1) is { } header
            ? ListImport.Numbered(rows, header.Index, header.Columns, truncated: false)
            : ([], Phrase.Of("error.theCsvHeaderMustNameTheColumns"));
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
        foreach (var (row, input, problem) in rows)
        {
            var name = input.Name?.Trim();
            var email = input.Email?.Trim();
            var reason = problem ??
                (string.IsNullOrEmpty(name) ? Phrase.Of("error.nameIsRequired") :
                name.Length > CourseValidation.MaxName ? Phrase.Of("error.nameIsLongerThan200Characters") :
                !TextRules.IsSingleLine(name) ? Phrase.Of("error.nameMustBeOneLineWithoutControl") :
                string.IsNullOrEmpty(email) ? Phrase.Of("error.emailIsRequired") :
                !CourseValidation.IsEmail(email) ? Phrase.Of("error.emailIsNotAValidAddress") :
                (input.Unit?.Trim().Length ?? 0) > CourseValidation.MaxName ? Phrase.Of("error.unitIsLongerThan200Characters") :
                (input.Position?.Trim().Length ?? 0) > CourseValidation.MaxName ? Phrase.Of("error.positionIsLongerThan200Characters") :
                !TextRules.IsSingleLine(input.Unit) ? Phrase.Of("error.unitMustBeOneLineWithoutControl") :
                !TextRules.IsSingleLine(input.Position) ? Phrase.Of("error.positionMustBeOneLineWithoutControl") :
                null);
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

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
