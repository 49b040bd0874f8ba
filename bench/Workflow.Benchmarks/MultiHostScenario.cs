using System.Globalization;
using System.Text;

namespace Workflow.Benchmarks;

/// <summary>
/// Issue 19's kill sweep (<c>bench/run.sh --multi-host</c>): for each course milestone in turn, a fresh Azurite and three
/// local hosts on one task hub (<see cref="LocalHostCluster"/>), a course whose partition owner is killed with SIGKILL two
/// seconds before that milestone while people keep answering through the other two (<see cref="KillAtMilestoneScenario"/>);
/// the take-over times and every email checked in the fake SendGrid. Writes its own section of docs/benchmarks.md.
/// </summary>
internal static class MultiHostScenario
{
    public const string SectionKey = "multihost";

    public static async Task<IReadOnlyList<KillRunResult>> RunAsync(string root, string output, IReadOnlyList<KillPoint> points, int invitees, TextWriter log)
    {
        var results = new List<KillRunResult>();
        foreach (var point in points)
        {
            await using var azurite = await AzuriteProcess.StartAsync(root, "workflow-bench-azurite-");
            await using var cluster = await LocalHostCluster.StartAsync(azurite.ConnectionString, 3, new LocalHostClusterOptions
            {
                Name = "kill",
                LogDirectory = Path.Combine(output, $"multihost-{point}"),
            });
            log.WriteLine($"Kill at {point}: 3 hosts on task hub {cluster.TaskHubName}, logs in bench/out/multihost-{point}/");
            var result = await new KillAtMilestoneScenario(cluster, azurite.ConnectionString, log).RunAsync(point, invitees, capacity: invitees * 2 / 3);
            log.WriteLine(KillAtMilestoneScenario.Describe(result));
            results.Add(result);
        }

        return results;
    }

    public static string Markdown(IReadOnlyList<KillRunResult> results, string command, DateTimeOffset started)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"_Measured {started:yyyy-MM-dd HH:mm} UTC by `{command}`._");
        md.AppendLine();
        md.AppendLine("### Kill -9 of one of three hosts at each milestone (issue 19)");
        md.AppendLine();
        md.AppendLine("Three local hosts on one Azurite and one task hub (4 partitions, the product's default worker ids), email to the");
        md.AppendLine("fake SendGrid. The course is created with a wide answering window; once every invitee has answered, the organiser");
        md.AppendLine("moves the RSVP deadline and the session to just after that moment (PATCH, one change notice each, checked too), so");
        md.AppendLine("the milestones run on a timeline that follows the answers, not the machine's load. Two to three seconds before the");
        md.AppendLine("milestone is due (for the invitations: before the course is started through another host) the host that owns the");
        md.AppendLine("course's partition is killed; people keep answering, checking in and answering the survey through the other two.");
        md.AppendLine("*Lease* is from the kill until a surviving host holds the partition's lease; *work* from the kill until the first and");
        md.AppendLine("the last email of the milestone's work reached SendGrid (the milestone was due at *due*); *answered* from the start");
        md.AppendLine("until every invitee had answered. *Problems* lists every email lost or sent twice, a seat over capacity or a");
        md.AppendLine("certificate number twice; *answers too late* counts answers posted after the deadline in force (the scenario's");
        md.AppendLine("timing, not the product: reported apart, with what it cost).");
        md.AppendLine();
        md.AppendLine("| milestone | invitees | killed host | lease taken (s) | work first–last (s) | due (s) | answered (s) | emails | page posts (failed) | max accepted / seats | answers too late | problems |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in results)
        {
            var late = r.AnswersTooLate == 0 ? "0" : $"{r.AnswersTooLate}: {string.Join("; ", r.ScenarioNotes)}";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Point} | {r.Invitees} | {r.KilledHost} | {r.LeaseTakenAfter:0.0} | {Span(r.WorkStartedAfter, r.WorkDoneAfter)} | {r.DueAfter:0.0} | {(r.AnsweredAfter is { } a ? a.ToString("0.0", CultureInfo.InvariantCulture) : "–")} | {r.EmailsAccepted} | {r.Replies} ({r.ReplyErrors}) | {r.MaxAcceptedSeen} / {r.Capacity} | {late} | {(r.Problems.Count == 0 ? "none" : string.Join("; ", r.Problems))} |");
        }

        md.AppendLine();
        md.AppendLine("What sets the take-over time and how to shorten it: [multi-host.md](multi-host.md#take-over-after-a-crash).");
        return md.ToString();
    }

    /// <summary>"first–last", "first–(not all)" or "–" when none of the milestone's emails was seen.</summary>
    private static string Span(double? first, double? last) => first is null
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{first:0.0}–{(last is null ? "(not all)" : last.Value.ToString("0.0", CultureInfo.InvariantCulture))}");

    /// <summary>Puts the section into docs/benchmarks.md (replacing an earlier one, else before the first "## " heading after the title, else at the end).</summary>
    public static async Task WriteAsync(string path, string body)
    {
        var doc = File.Exists(path) ? (await File.ReadAllTextAsync(path)).Replace("\r\n", "\n", StringComparison.Ordinal) : "# Benchmarks\n\n";
        var wrapped = Sections.Wrap(SectionKey, body).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = doc.IndexOf($"<!-- bench:{SectionKey} -->", StringComparison.Ordinal);
        if (start >= 0)
        {
            var endMarker = $"<!-- /bench:{SectionKey} -->";
            var end = doc.IndexOf(endMarker, start, StringComparison.Ordinal) + endMarker.Length;
            doc = doc[..start] + wrapped.TrimEnd('\n') + doc[end..];
        }
        else
        {
            doc = doc.TrimEnd('\n') + "\n\n## Several hosts (issue 19)\n\n" + wrapped;
        }

        await File.WriteAllTextAsync(path, doc);
    }
}
