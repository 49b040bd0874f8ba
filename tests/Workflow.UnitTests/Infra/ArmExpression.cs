namespace Workflow.UnitTests.Infra;

/// <summary>
/// Just enough of the ARM template expression language to read the app settings, which Bicep
/// compiles to <c>[union(createObject('Name', value, ...), variables('linkKeySettings'))]</c>.
/// </summary>
internal static class ArmExpression
{
    /// <summary>The name/value pairs of the first <c>createObject(...)</c> call; values stay ARM expressions.</summary>
    public static IReadOnlyDictionary<string, string> CreateObjectArguments(string expression)
    {
        const string Call = "createObject(";
        var start = expression.IndexOf(Call, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No createObject(...) in {expression}");

        var args = SplitArguments(expression, start + Call.Length);
        Assert.True(args.Count % 2 == 0, "createObject takes name/value pairs.");

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            result.Add(Unquote(args[i]), args[i + 1]);
        }

        return result;
    }

    /// <summary>The text of a quoted ARM string literal (<c>'it''s'</c> → <c>it's</c>).</summary>
    public static string Unquote(string literal)
    {
        var trimmed = literal.Trim();
        Assert.True(trimmed.Length >= 2 && trimmed[0] == '\'' && trimmed[^1] == '\'', $"Not a string literal: {literal}");
        return trimmed[1..^1].Replace("''", "'", StringComparison.Ordinal);
    }

    /// <summary>Top-level comma-separated arguments from just after an opening parenthesis to its match.</summary>
    private static List<string> SplitArguments(string text, int from)
    {
        var args = new List<string>();
        var depth = 0;
        var inString = false;
        var argStart = from;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        i++;
                    }
                    else
                    {
                        inString = false;
                    }
                }

                continue;
            }

            switch (c)
            {
                case '\'':
                    inString = true;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when depth == 0:
                    args.Add(text[argStart..i].Trim());
                    return args;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    args.Add(text[argStart..i].Trim());
                    argStart = i + 1;
                    break;
                default:
                    break;
            }
        }

        throw new FormatException($"Unbalanced parentheses in {text}");
    }
}
