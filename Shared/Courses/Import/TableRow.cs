namespace Workflow.Courses.Import;

/// <summary>
/// One non-empty row of a list file as a reader gives it to the import pipeline: its number as the person sees it (the
/// CSV line, the Excel row), its cells by column (0 = A) and the cells that could not be read (a formula without a
/// value, an error value, a merge across columns): a problem refuses the row only when the list needs that column.
/// </summary>
public sealed record TableRow(int Number, string?[] Cells, IReadOnlyDictionary<int, Phrase>? Issues = null)
{
    public string? this[int column] => column < Cells.Length ? Cells[column] : null;

    public Phrase? IssueAt(int column) => Issues is not null && Issues.TryGetValue(column, out var issue) ? issue : null;
}

/// <summary>A rectangle of cells (0-based, inclusive), shown as Excel names it ("B5:C5").</summary>
public sealed record CellRange(int Top, int Left, int Bottom, int Right)
{
    public string Shown => Top == Bottom && Left == Right ? CellName(Top, Left) : $"{CellName(Top, Left)}:{CellName(Bottom, Right)}";

    /// <summary>Row 0-based index 4, column 1 → "B5".</summary>
    public static string CellName(int row, int column) => ColumnName(column) + (row + 1).ToString(CultureInfo.InvariantCulture);

    public static string ColumnName(int column)
    {
        var name = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>"B5" → (4, 1); "B5:C7" → the rectangle; null when the text is not a cell reference.</summary>
    public static CellRange? Parse(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var parts = reference.Split(':');
        if (parts.Length > 2 || Cell(parts[0]) is not { } a)
        {
            return null;
        }

        var b = parts.Length == 2 ? Cell(parts[1]) : a;
        return b is null ? null : new CellRange(Math.Min(a.Row, b.Value.Row), Math.Min(a.Column, b.Value.Column), Math.Max(a.Row, b.Value.Row), Math.Max(a.Column, b.Value.Column));
    }

    /// <summary>"AB12" → (11, 27); the row may be missing ("AB" → row -1).</summary>
    public static (int Row, int Column)? Cell(string text)
    {
        var column = 0;
        var i = 0;
        for (; i < text.Length && char.IsAsciiLetter(text[i]) && i < 3; i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(text[i]) - 'A' + 1);
        }

        if (i == 0)
        {
            return null;
        }

        if (i == text.Length)
        {
            return (-1, column - 1);
        }

        return int.TryParse(text.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row is >= 1 and <= 1_048_576
            ? (row - 1, column - 1)
            : null;
    }
}
