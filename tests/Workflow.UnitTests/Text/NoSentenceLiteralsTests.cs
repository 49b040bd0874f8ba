using System.Runtime.CompilerServices;

namespace Workflow.UnitTests.Text;

/// <summary>
/// One text system (issue 16): every sentence a person reads lives in <c>Shared/Templates/strings.{vi,en}.json</c>; the C#
/// of <c>Shared/</c> says phrases (a key and arguments), never Vietnamese words. The test reads every string and character
/// literal of <c>Shared/**/*.cs</c> (comments and XML docs left out) and fails on one holding a Vietnamese letter.
/// </summary>
public sealed class NoSentenceLiteralsTests
{
    /// <summary>
    /// Literals that are data, not sentences, each with its reason. Keep it short: a new entry needs a reason that is not
    /// "a message" (messages go to the string tables).
    /// </summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        // The diacritics-folding rule: 'đ' is the one Vietnamese letter Unicode does not decompose to a Latin base.
        ["Text/TextRules.cs"] = "the folding table ('đ' → 'd') for search without diacritics",

        // Holiday names are calendar data, like the holidays-YYYY.json files beside them: the names of public holidays as
        // the Labour Code calls them (shown as data, never composed into a sentence), and the fallback's data source note.
        ["Complaints/Calendar/LunarHolidays.cs"] = "names of public holidays and the source note of the computed calendar (data)",

        // Weekday names of the Vietnamese date format (Thứ Năm, 13/05/2027), as a culture's calendar table.
        ["Time/VietnamTime.cs"] = "weekday names of the Vietnamese date format (a calendar table)",

        // A proper name: the organisation's default name (configuration, Workflow__OrganisationName / SenderName).
        ["Hosting/WorkflowOptions.cs"] = "the organisation's proper name as the default of a setting",

        ["Documents/Letters/LetterOptions.cs"] = "the issuing body's proper names and place as the defaults of settings",
    };

    [Fact]
    public void No_CSharp_in_Shared_holds_a_Vietnamese_sentence()
    {
        var shared = Path.Combine(RepositoryRoot(), "Shared");
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(shared, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(shared, file).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal) || Allowed.ContainsKey(relative))
            {
                continue;
            }

            found.AddRange(Literals(File.ReadAllText(file)).Where(l => HasVietnamese(l.Text)).Select(l => $"{relative}:{l.Line}: {l.Text}"));
        }

        Assert.True(found.Count == 0, "Vietnamese words in C# literals (move them to strings.{vi,en}.json as a phrase):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Every_allowed_file_still_needs_its_entry()
    {
        var shared = Path.Combine(RepositoryRoot(), "Shared");
        foreach (var relative in Allowed.Keys)
        {
            var path = Path.Combine(shared, relative);
            Assert.True(File.Exists(path), $"{relative} is gone: drop its entry.");
            Assert.Contains(Literals(File.ReadAllText(path)), l => HasVietnamese(l.Text));
        }
    }

    [Theory]
    [InlineData("var a = \"Cần nhập tên\";", 1)]
    [InlineData("var a = $\"Tối đa {n} ký tự\";", 1)]
    [InlineData("var a = @\"Đơn vị\";", 1)]
    [InlineData("var a = \"\"\"\n  Khóa học\n  \"\"\";", 1)]
    [InlineData("var a = 'đ';", 1)]
    [InlineData("// Cần nhập tên\nvar a = \"plain\";", 0)]
    [InlineData("/// <summary>Khóa học</summary>\nvar a = 1;", 0)]
    [InlineData("/* Khóa học */ var a = \"x\\\"y\";", 0)]
    [InlineData("var a = $\"{(b ? \"bị hủy\" : \"x\")}\";", 1)]
    public void The_scanner_finds_literals_and_skips_comments(string code, int expected)
    {
        Assert.Equal(expected, Literals(code).Count(l => HasVietnamese(l.Text)));
    }

    /// <summary>Letters of Vietnamese beyond ASCII: Latin-1 and Latin Extended letters with diacritics, đ/Đ, and the Latin Extended Additional block (ạ…ỹ).</summary>
    private static bool HasVietnamese(string text) =>
        text.Any(c => c is (>= 'À' and <= 'ỹ') and not ('×' or '÷') && char.IsLetter(c));

    /// <summary>Every string and character literal of a C# source, with its line; comments and XML docs are skipped.</summary>
    private static List<(int Line, string Text)> Literals(string code)
    {
        var found = new List<(int, string)>();
        var line = 1;
        var i = 0;
        while (i < code.Length)
        {
            var c = code[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (c == '/' && At(code, i + 1) == '/')
            {
                while (i < code.Length && code[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && At(code, i + 1) == '*')
            {
                var end = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? code.Length : end + 2;
                line += code.AsSpan(i, end - i).Count('\n');
                i = end;
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < code.Length && code[end] != '\'')
                {
                    end += code[end] == '\\' ? 2 : 1;
                }

                found.Add((line, code[(i + 1)..Math.Min(end, code.Length)]));
                i = end + 1;
            }
            else if (c is '"' or '$' or '@' && StringStart(code, i) is { } start)
            {
                var end = StringEnd(code, start);
                var text = code[i..end];
                found.Add((line, text));
                line += text.Count(ch => ch == '\n');
                i = end;
            }
            else
            {
                i++;
            }
        }

        return found;
    }

    private static char At(string code, int i) => i < code.Length ? code[i] : '\0';

    /// <summary>Where the opening quotes of a literal begin (after its $ and @ prefixes), or null when this is no literal.</summary>
    private static int? StringStart(string code, int i)
    {
        var j = i;
        while (j < code.Length && code[j] is '$' or '@')
        {
            j++;
        }

        return At(code, j) == '"' && (j == i || !char.IsLetterOrDigit(At(code, i - 1))) ? j : null;
    }

    /// <summary>The index just after the literal whose quotes begin at <paramref name="quote"/>.</summary>
    private static int StringEnd(string code, int quote)
    {
        var prefix = code[..quote];
        var verbatim = prefix.EndsWith('@') || prefix.EndsWith("@$", StringComparison.Ordinal);
        var quotes = 0;
        while (At(code, quote + quotes) == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            var close = code.IndexOf(new string('"', quotes), quote + quotes, StringComparison.Ordinal);
            return close < 0 ? code.Length : close + quotes;
        }

        if (quotes == 2)
        {
            return quote + 2; // ""
        }

        var interpolated = prefix.EndsWith('$') || prefix.EndsWith("$@", StringComparison.Ordinal) || prefix.EndsWith("@$", StringComparison.Ordinal);
        var k = quote + 1;
        var depth = 0;
        while (k < code.Length)
        {
            var ch = code[k];
            if (depth > 0)
            {
                if (ch == '"' || (ch is '$' or '@' && At(code, k + 1) is '"' or '$' or '@'))
                {
                    k = StringStart(code, k) is { } inner ? StringEnd(code, inner) : k + 1;
                    continue;
                }

                depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
                k++;
                continue;
            }

            if (interpolated && ch == '{')
            {
                if (At(code, k + 1) == '{')
                {
                    k += 2;
                    continue;
                }

                depth = 1;
                k++;
                continue;
            }

            if (!verbatim && ch == '\\')
            {
                k += 2;
                continue;
            }

            if (ch == '"')
            {
                if (verbatim && At(code, k + 1) == '"')
                {
                    k += 2;
                    continue;
                }

                return k + 1;
            }

            k++;
        }

        return code.Length;
    }

    private static string RepositoryRoot([CallerFilePath] string here = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(here) ?? "." })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workflow.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Workflow.sln not found.");
    }

}
