using System.Text;
using System.Text.RegularExpressions;

namespace Workflow.Benchmarks;

/// <summary>
/// The per-scenario parts of docs/benchmarks.md, between <c>&lt;!-- bench:KEY --&gt;</c> and <c>&lt;!-- /bench:KEY --&gt;</c>,
/// so that a command that skips a scenario keeps the numbers an earlier run wrote for it.
/// </summary>
internal static partial class Sections
{
    public static string Wrap(string key, string body) =>
        string.IsNullOrWhiteSpace(body) ? string.Empty : $"<!-- bench:{key} -->{Environment.NewLine}{body.TrimEnd()}{Environment.NewLine}<!-- /bench:{key} -->{Environment.NewLine}{Environment.NewLine}";

    /// <summary>The body of a kept section, with one "kept" note in front of it (replacing the note of an earlier keep).</summary>
    public static string MarkKept(string body, string note)
    {
        var lines = body.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !l.StartsWith("_Kept from an earlier run", StringComparison.Ordinal)).ToList();
        return note + Environment.NewLine + string.Join(Environment.NewLine, lines).TrimStart('\r', '\n');
    }

    /// <summary>The sections of an earlier docs/benchmarks.md: marked ones, or for a file written before the markers, cut by headings.</summary>
    public static Dictionary<string, string> Read(string doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        doc = doc.Replace("\r\n", "\n", StringComparison.Ordinal);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Marked().Matches(doc))
        {
            found[m.Groups[1].Value] = m.Groups[2].Value.Trim('\n');
        }

        return found.Count > 0 ? found : Legacy(doc);
    }

    private static Dictionary<string, string> Legacy(string doc)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = doc.Split('\n');
        var when = lines.FirstOrDefault(l => l.StartsWith("- when: ", StringComparison.Ordinal))?["- when: ".Length..].Split(',')[0].Trim() ?? "an earlier run";
        var bash = Array.IndexOf(lines, "```bash");
        var command = bash >= 0 && bash + 1 < lines.Length ? lines[bash + 1] : "bench/run.sh";
        var measured = $"_Measured {when} by `{command}`._";

        int Find(string prefix, int from = 0) => Array.FindIndex(lines, from, l => l.StartsWith(prefix, StringComparison.Ordinal));
        var invitations = Find("### Invitations");
        var replies = Find("### Replies");
        var times = Find("Times are wall clock");
        if (invitations >= 0)
        {
            found["invitations"] = Body(measured, lines, invitations, replies >= 0 ? replies : times);
        }

        if (replies >= 0)
        {
            found["replies"] = Body(measured, lines, replies, times);
        }

        var reading = Find("## Reading against SPEC");
        if (reading >= 0)
        {
            var next = Find("## ", reading + 1);
            var items = lines[(reading + 1)..(next < 0 ? lines.Length : next)].Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
            static bool IsReply(string l) => l.Contains("replies", StringComparison.Ordinal) || l.Contains("p95", StringComparison.Ordinal) || l.Contains("in the counts", StringComparison.Ordinal);
            var inv = items.Where(l => !IsReply(l)).ToList();
            var rep = items.Where(IsReply).ToList();
            if (inv.Count > 0)
            {
                found["invitations:reading"] = measured + "\n\n" + string.Join('\n', inv);
            }

            if (rep.Count > 0)
            {
                found["replies:reading"] = measured + "\n\n" + string.Join('\n', rep);
            }
        }

        return found;
    }

    private static string Body(string measured, string[] lines, int from, int to)
    {
        var body = new StringBuilder(measured).Append("\n\n");
        body.Append(string.Join('\n', lines[from..(to < 0 ? lines.Length : to)]).Trim('\n'));
        return body.ToString();
    }

    [GeneratedRegex(@"<!-- bench:([a-z:]+) -->\n(.*?)\n<!-- /bench:\1 -->", RegexOptions.Singleline)]
    private static partial Regex Marked();
}
