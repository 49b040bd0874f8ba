using Workflow.Access;
using Workflow.UnitTests.Infra;

namespace Workflow.UnitTests.Access;

/// <summary>
/// docs/security.md's route × role matrix says what <see cref="RouteAccess"/> decides: one row per route of the table
/// (no more, no fewer), and each cell as the rule admits a person holding that role, a key holding it, or no one.
/// </summary>
public sealed class SecurityDocTests
{
    private const string Start = "<!-- route-matrix:start -->";
    private const string End = "<!-- route-matrix:end -->";
    private static readonly string[] RoleColumns = ["organiser", "officer", "leader", "administrator"];

    [Fact]
    public void The_matrix_in_docs_security_md_has_one_row_per_route_of_RouteAccess()
    {
        var rows = MatrixRows();
        var documented = rows.Select(r => r.Function).ToList();

        Assert.Equal(documented.Count, documented.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(RouteAccess.Rules.Keys.Except(documented, StringComparer.Ordinal)); // a route docs/security.md does not show
        Assert.Empty(documented.Except(RouteAccess.Rules.Keys, StringComparer.Ordinal)); // a row for a route that is gone
    }

    [Fact]
    public void Every_cell_of_the_matrix_says_what_RouteAccess_decides()
    {
        var wrong = new List<string>();
        foreach (var row in MatrixRows().Where(r => RouteAccess.Rules.ContainsKey(r.Function)))
        {
            var rule = RouteAccess.Rules[row.Function];
            Check(row, "without sign-in", rule.Admits(Caller.Anonymous) ? "✓" : "—", wrong);
            foreach (var column in RoleColumns)
            {
                Assert.True(RoleNames.TryParse(column, out var role), column);
                Check(row, column, Expected(rule, role), wrong);
            }
        }

        Assert.True(wrong.Count == 0, "docs/security.md disagrees with RouteAccess:\n" + string.Join('\n', wrong));
    }

    /// <summary>✓ a person with the role; "key only" a key with it but no person; — neither.</summary>
    private static string Expected(RouteRule rule, Roles role)
    {
        var none = new HashSet<string>();
        if (rule.Admits(new Caller(CallerSource.EasyAuth, "p", "p", role, none, false)))
        {
            return "✓";
        }

        return rule.Admits(new Caller(CallerSource.Key, "k", "k", role, none, true)) ? "key only" : "—";
    }

    private static void Check(MatrixRow row, string column, string expected, List<string> wrong)
    {
        var actual = row.Cells.GetValueOrDefault(column);
        if (actual != expected)
        {
            wrong.Add($"{row.Function}, {column}: the table says \"{actual}\", RouteAccess \"{expected}\"");
        }
    }

    private sealed record MatrixRow(string Function, IReadOnlyDictionary<string, string> Cells);

    private static List<MatrixRow> MatrixRows()
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("docs", "security.md"));
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/security.md has no {Start} … {End} section.");

        var lines = text[(start + Start.Length)..end]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('|'))
            .Select(Cells)
            .ToList();
        Assert.True(lines.Count > 2, "The route matrix has no rows.");

        var header = lines[0];
        var function = header.IndexOf("function");
        Assert.True(function >= 0, "The route matrix has no 'function' column.");
        foreach (var column in RoleColumns.Prepend("without sign-in"))
        {
            Assert.Contains(column, header);
        }

        return lines.Skip(2) // the header and the --- line
            .Select(cells => new MatrixRow(
                cells[function].Trim('`'),
                header.Select((name, i) => (name, i)).Where(c => c.i < cells.Count).ToDictionary(c => c.name, c => cells[c.i], StringComparer.Ordinal)))
            .ToList();
    }

    private static List<string> Cells(string line) =>
        [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
}
