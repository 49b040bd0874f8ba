using System.Globalization;
using System.Text;

namespace Workflow.Benchmarks;

/// <summary>The results as markdown: the tables (console and docs), and docs/benchmarks.md with a reading against SPEC §6.</summary>
internal static class Report
{
    public static string Tables(IReadOnlyList<InvitationResult> invitations, IReadOnlyList<ReplyResult> replies, IReadOnlyList<AlertResult> alerts, IReadOnlyList<ProgressResult> progress) =>
        InvitationTables(invitations) + ReplyTables(replies) + AlertTables(alerts) + ProgressTables(progress);

    private static string ProgressTables(IReadOnlyList<ProgressResult> progress)
    {
        var md = new StringBuilder();
        if (progress.Count == 0)
        {
            return string.Empty;
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"### Course progress poll (`GET /api/courses/{{id}}/progress`, {progress[0].Invitees:N0} invitees, {progress[0].Replies:N0} replies over 110 minutes)").AppendLine();
        md.AppendLine("Cold = a GET more than 2 s after the last scan (course read + one projected scan of the invitee partition); cached =");
        md.AppendLine(CultureInfo.InvariantCulture, $"{progress[0].CachedMs.Length} GETs one after another within 2 s of a scan (the per-instance cache). Header bytes are the status line and headers as received.");
        md.AppendLine("For comparison, one GET of the whole invitee list (what a page would fetch without the aggregate endpoint).").AppendLine();
        md.AppendLine("| run | **cold scan** (each of 5) | **cached** p50 / p95 / max | points (bucket) | **200 body** + headers | **304 body** + headers | whole invitee list | load avg |");
        md.AppendLine("| --: | --- | --: | --: | --: | --: | --: | --: |");
        foreach (var r in progress)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Run} | **{string.Join(", ", r.ColdMs.Select(S))}** | **{Scenarios.CachedPercentile(r, 0.5):N1} ms** / {Scenarios.CachedPercentile(r, 0.95):N1} ms / {r.CachedMs[^1]:N1} ms | {r.Points} ({r.Bucket}) | **{r.Bytes:N0} B** + {r.HeaderBytes:N0} B | **{r.NotModifiedBytes:N0} B** + {r.NotModifiedHeaderBytes:N0} B ({r.NotModifiedStatus}) | {S(r.InviteesMs)}, {r.InviteesBytes:N0} B | {r.Load} |");
        }

        md.AppendLine();
        return md.ToString();
    }

    private static IEnumerable<string> ProgressReading(IReadOnlyList<ProgressResult> progress)
    {
        if (progress.Count == 0)
        {
            yield break;
        }

        yield return Verdict("issue 10 (not SPEC §6): progress poll of a 10,000-invitee course served from the cache (p95 ≤ 50 ms)", progress.Select(r => (L(r.Run), Scenarios.CachedPercentile(r, 0.95), Scenarios.CachedPercentile(r, 0.95) <= 50)), " ms");
        yield return Verdict("a cold scan (at most one per course per 2 s per instance) within the 3 s poll interval", progress.Select(r => (L(r.Run), r.ColdMs.Max(), r.ColdMs.Max() <= 3_000)), " ms (slowest)");
        yield return Verdict("an unchanged view costs a 304 without a body", progress.Select(r => (L(r.Run), (double)r.NotModifiedBytes, r.NotModifiedStatus == 304 && r.NotModifiedBytes == 0)), " B",
            " (200 bodies: " + string.Join(", ", progress.Select(r => $"{r.Bytes:N0} B")) + "; the whole invitee list: " + string.Join(", ", progress.Select(r => $"{r.InviteesBytes:N0} B")) + ")");
    }

    private static string InvitationTables(IReadOnlyList<InvitationResult> invitations)
    {
        var md = new StringBuilder();
        if (invitations.Count > 0)
        {
            md.AppendLine("### Invitations (import → every invitation handed to the Mail Send API)").AppendLine();
            md.AppendLine("| run | invitees | import | start | first Mail Send | **last invitation handed** | all marked invited | Mail Send requests | max personalizations / request | **host peak (VmHWM)** | raw Azurite batch write (before / after) | **ratio to raw** (before / after) | CPU host / Azurite | load avg |");
            md.AppendLine("| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |");
            foreach (var r in invitations)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Run} | {r.Invitees:N0} | {S(r.ImportMs)} | {S(r.StartMs)} | {S(r.FirstMailMs)} | **{S(r.TotalMs)}** | {S(r.AllMarkedMs)} | {r.Requests} | {r.MaxPersonalizations:N0} | **{r.HostPeakMb:N0} MB** | {S(r.RawWriteMs)} / {S(r.RawWriteAfterMs)} | **{r.RawRatio:N2}×** / {r.TotalMs / r.RawWriteAfterMs:N2}× | {r.HostCpuSeconds:N1} s / {r.AzuriteCpuSeconds:N1} s | {r.Load} |");
            }

            var ratios = Ratios(invitations).ToList();
            if (ratios.Count > 0)
            {
                md.AppendLine().AppendLine("| run | time(10k) / time(1k) |").AppendLine("| --: | --: |");
                foreach (var (run, ratio) in ratios)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {run} | **{ratio:N2}×** |");
                }
            }

            md.AppendLine().AppendLine("Where the time goes (same runs; probes run on the same Azurite after the host stopped):").AppendLine();
            md.AppendLine("| run | invitees | Mail Send requests at (s after import start) | mean gap between requests | probe: read whole partition | probe: uninvited query | probe: merge batches (as MarkInvited) |");
            md.AppendLine("| --: | --: | --- | --: | --: | --: | --: |");
            foreach (var r in invitations)
            {
                var gaps = r.MailAtMs.Zip(r.MailAtMs.Skip(1), (a, b) => b - a).ToList();
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Run} | {r.Invitees:N0} | {string.Join(", ", r.MailAtMs.Select(t => (t / 1000).ToString("N1", CultureInfo.InvariantCulture)))} | {(gaps.Count > 0 ? S(gaps.Average()) : "–")} | {S(r.RawPartitionQueryMs)} | {S(r.RawUninvitedQueryMs)} | {S(r.RawMergeMs)} ({r.Invitees / 100} batches) |");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static string ReplyTables(IReadOnlyList<ReplyResult> replies)
    {
        var md = new StringBuilder();
        if (replies.Count > 0)
        {
            md.AppendLine("### Replies (POST answer=accept to every link, concurrent clients; a course without and one with a capacity)").AppendLine();
            md.AppendLine("| run | course | replies | clients | **errors** | accepted / waiting | p50 | **p95** | p99 | max | all replies took | **counts show every reply after last reply** | host peak | CPU host / Azurite / harness | load avg |");
            md.AppendLine("| --: | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |");
            foreach (var r in replies)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Run} | {r.Course} | {r.Replies:N0} | {r.Clients} | **{r.Errors}** | {r.Accepted:N0} / {r.Waitlisted:N0} | {r.P50Ms:N1} ms | **{r.P95Ms:N1} ms** | {r.P99Ms:N1} ms | {r.MaxMs:N1} ms | {S(r.WallMs)} | **{r.CountsLagMs:N0} ms** ({r.CountPolls} poll{(r.CountPolls == 1 ? "" : "s")}) | {r.HostPeakMb:N0} MB | {r.HostCpuSeconds:N1} s / {r.AzuriteCpuSeconds:N1} s / {r.HarnessCpuSeconds:N1} s | {r.Load} |");
            }

            md.AppendLine().AppendLine("The flow's work for the same replies: every accept's confirmation (one email with its .ics each) handed to the Mail Send API;");
            md.AppendLine("CPU from the first reply until the last confirmation, per reply.").AppendLine();
            md.AppendLine("| run | course | confirmations | **every confirmation handed, after the last reply** | CPU per reply with the flow's work (host + Azurite) |");
            md.AppendLine("| --: | --- | --: | --: | --: |");
            foreach (var r in replies)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Run} | {r.Course} | {r.Accepted:N0} | **{S(r.ConfirmedAfterMs)}** | {r.HostCpuWithFlowSeconds * 1000 / r.Replies:N1} + {r.AzuriteCpuWithFlowSeconds * 1000 / r.Replies:N1} ms |");
            }

            md.AppendLine().AppendLine("Probes after each replies run (once every confirmation is out), same 20 clients: GET of every link on the host (reads + page render, no write), and the");
            md.AppendLine("raw storage calls of a reply as measured before seats (course read, invitee read, invitee read + replace with ETag) sent");
            md.AppendLine("straight to Azurite; the ratio is the reply p95 over the raw p95 of the same run.").AppendLine();
            md.AppendLine("| run | course | GET p50 | GET p95 | raw storage calls p50 | raw storage calls p95 | **reply p95 / raw p95** | **CPU per POST reply (host + Azurite)** | CPU per GET (host + Azurite) | Azurite CPU per raw reply's calls |");
            md.AppendLine("| --: | --- | --: | --: | --: | --: | --: | --: | --: | --: |");
            foreach (var r in replies)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Run} | {r.Course} | {r.GetP50Ms:N1} ms | {r.GetP95Ms:N1} ms | {r.RawOpsP50Ms:N1} ms | {r.RawOpsP95Ms:N1} ms | **{r.RawRatio:N2}×** | **{r.HostCpuSeconds * 1000 / r.Replies:N1} + {r.AzuriteCpuSeconds * 1000 / r.Replies:N1} ms** | {r.GetCpuMsPerRequest.Host:N1} + {r.GetCpuMsPerRequest.Azurite:N1} ms | {r.RawAzuriteCpuMsPerReply:N1} ms |");
            }

            foreach (var r in replies.Where(r => r.ErrorSamples.Count > 0))
            {
                md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Run {r.Run} errors (first {r.ErrorSamples.Count}): {string.Join("; ", r.ErrorSamples)}");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    public static string Markdown(
        IReadOnlyList<InvitationResult> invitations, IReadOnlyList<ReplyResult> replies, IReadOnlyList<AlertResult> alerts, IReadOnlyList<ProgressResult> progress, Options options,
        string? previous, Machine machine, string command, DateTimeOffset started, TimeSpan took, string root,
        IReadOnlyList<(string Key, bool Skipped, string Fresh)>? scale = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kept = previous is null ? null : Sections.Read(previous);
        var measured = $"_Measured {started:yyyy-MM-dd HH:mm} UTC by `{command}`._";
        var keptNote = $"_Kept from an earlier run: not re-run by `{command}`._";
        string Block(string key, bool skipped, string fresh)
        {
            if (!skipped)
            {
                return Sections.Wrap(key, measured + Environment.NewLine + Environment.NewLine + fresh);
            }

            return kept is not null && kept.TryGetValue(key, out var old) ? Sections.Wrap(key, Sections.MarkKept(old, keptNote)) : string.Empty;
        }

        var md = new StringBuilder();
        md.AppendLine("# Benchmarks (SPEC §6)").AppendLine();
        md.AppendLine("Written by the benchmark harness `bench/Workflow.Benchmarks` (not a test). Each scenario starts its own Azurite");
        md.AppendLine("(`node_modules/azurite`, free ports, temp folder), a fake SendGrid Mail Send server on loopback (Kestrel, answers 202,");
        md.AppendLine("records requests and personalizations) and the real local host process (`LocalHost/bin/Release/net10.0/Workflow.LocalHost.dll`,");
        md.AppendLine("`Workflow__Email__SendGridApiKey=SG.bench`, `Workflow__Email__SendGridBaseUrl` = the fake). Before measuring, a 10-invitee");
        md.AppendLine("course goes through the whole invitation path on the same host (JIT, connection pools, task hub leases warm).");
        md.AppendLine("The alert scenario needs no host: it calls the product's `ComplaintAlerts` in process (services from `AddWorkflow`,");
        md.AppendLine("the SendGrid sender pointed at the same fake) on its own Azurite seeded with 100,000 cases.").AppendLine();
        md.AppendLine("A scenario the command skipped keeps its section from the earlier run that measured it (marked \"kept\"; each section");
        md.AppendLine("says when and by which command it was measured; sections sit between `<!-- bench:… -->` markers).").AppendLine();
        md.AppendLine("## Run").AppendLine();
        md.AppendLine("```bash").AppendLine(command).AppendLine("```").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- when: {started:yyyy-MM-dd HH:mm} UTC, {took.TotalMinutes:N1} min");
        md.AppendLine(CultureInfo.InvariantCulture, $"- machine: `nproc` = {machine.Cores}, {machine.Cpu}, {machine.Memory} RAM, {machine.Os}");
        var runs = new[] { invitations.Select(i => i.Run), replies.Select(r => r.Run), alerts.Select(a => a.Run), progress.Select(p => p.Run) }.SelectMany(r => r).DefaultIfEmpty(0).Max();
        md.AppendLine(CultureInfo.InvariantCulture, $"- `dotnet --version` = {machine.Dotnet}; the machine is shared and noisy, so every measurement is run {runs} times and every run is shown.");
        md.AppendLine().AppendLine("## Numbers").AppendLine();
        md.Append(Block("invitations", options.SkipInvitations, InvitationTables(invitations)));
        md.Append(Block("replies", options.SkipReplies, ReplyTables(replies)));
        md.Append(Block("alerts", options.SkipAlerts, AlertTables(alerts)));
        md.Append(Block("progress", options.SkipProgress, ProgressTables(progress)));
        foreach (var (key, skipped, fresh) in scale ?? [])
        {
            md.Append(Block(key, skipped, fresh));
        }

        md.AppendLine("Times are wall clock from the harness: \"last invitation handed\" = from the start of `POST /api/courses/{id}/invitees` (CSV) to the");
        md.AppendLine("moment the fake server finished reading the Mail Send request that completed the N personalizations; \"all marked invited\" =");
        md.AppendLine("when `GET /api/courses/{id}` first showed `counts.emailsSent == N`. Host peak = `VmHWM` of the host process in `/proc`.");
        md.AppendLine("Reply latency = POST sent → whole response read, per request, over all replies (a GET of 20 links warmed up first).");
        md.AppendLine("Alert run = `ComplaintAlerts.RunAsync` called → returned; entities read = entities storage answered to GETs, per table");
        md.AppendLine("(a policy on the `TableClientOptions` of the registered `TableServiceClient`, as in `ComplaintAlertTests`); \"near\" = open");
        md.AppendLine("stage deadlines with ≤ 7 days left or overdue, counted by the harness from the data it seeded.").AppendLine();
        md.AppendLine("## Reading against SPEC §6").AppendLine();
        md.Append(Block("invitations:reading", options.SkipInvitations, Lines(InvitationReading(invitations))));
        md.Append(Block("replies:reading", options.SkipReplies, Lines(ReplyReading(replies))));
        md.Append(Block("alerts:reading", options.SkipAlerts, Lines(AlertReading(alerts))));
        md.Append(Block("progress:reading", options.SkipProgress, Lines(ProgressReading(progress))));

        var diagnosis = Path.Combine(root, "bench", "diagnosis.md");
        if (File.Exists(diagnosis))
        {
            md.AppendLine().Append(File.ReadAllText(diagnosis));
        }

        return md.ToString();
    }

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => "- " + l + Environment.NewLine));

    private static string AlertTables(IReadOnlyList<AlertResult> alerts)
    {
        var md = new StringBuilder();
        if (alerts.Count == 0)
        {
            return string.Empty;
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"### Daily complaint alert run ({alerts[0].Cases:N0} cases, {alerts[0].Open:N0} open{(alerts[0].Cases < AlertScenario.TotalCases ? $"; SPEC §6 says {AlertScenario.TotalCases:N0} cases: a smaller history than the target" : "")})").AppendLine();
        if (alerts[0].BatchSeeded)
        {
            md.AppendLine("Seeding (setup, not measured against the target) by batch writes of the rows the product stores (`ComplaintStore.RowsFor`):");
            md.AppendLine("deadline index rows in entity-group transactions of up to 100 per due day, the case list rows (`ComplaintStatusIndex`, one");
            md.AppendLine("per case in its status and one in `all`) 100 per transaction; the code claim and the case row one by one, 64 at");
            md.AppendLine("a time (the case table has one partition per case, so no transaction can carry two cases). Closed cases are written in");
            md.AppendLine("their final state (no deadline index rows):").AppendLine();
        }
        else
        {
            md.AppendLine("Seeding (setup, not measured against the target), through the product's `ComplaintStore` (`TryCreateAsync`; the");
            md.AppendLine("closed cases that went through the lifecycle were registered open and closed with `TryUpdateAsync`, which deletes their index rows):").AppendLine();
        }

        md.AppendLine("| run | today (Vietnam) | cases | open / closed (closed via register → resolve/withdraw) | open stages | index rows after seeding | near (≤ 7 days left or overdue) | overdue | alerts due | seeding time | seeding storage requests |");
        md.AppendLine("| --: | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |");
        foreach (var a in alerts)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {a.Run} | {a.Today:yyyy-MM-dd} | {a.Cases:N0} | {a.Open:N0} / {a.Closed:N0} ({a.ClosedThroughLifecycle:N0}) | {a.OpenStages:N0} | {a.IndexRowsAfterSeeding:N0} | {a.Near:N0} | {a.Overdue:N0} | {a.ExpectedAlerts:N0} | {S(a.SeedMs)} | {a.SeedRequests:N0} |");
        }

        md.AppendLine().AppendLine("The alert runs (same Azurite, a fresh service provider, same day: 07:00 and a re-run at 12:00 Vietnam time):").AppendLine();
        md.AppendLine("| run | alert run | **wall** | **entities read** (by table) | storage requests (by table) | near | **read / near** | deadlines read | alerts due / sent | digest sent | Mail Send requests | Azurite CPU |");
        md.AppendLine("| --: | --- | --: | --- | --- | --: | --: | --: | --: | --- | --: | --: |");
        foreach (var a in alerts)
        {
            foreach (var (name, m) in new[] { ("first", a.First), ("re-run", a.Rerun) })
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {a.Run} | {name} | **{S(m.WallMs)}** | **{m.EntitiesRead:N0}** ({AlertScenario.Tables(m.EntitiesReadByTable)}) | {m.Requests:N0} ({AlertScenario.Tables(m.RequestsByTable)}) | {a.Near:N0} | **{Ratio(m, a):N2}×** | {m.DeadlinesRead:N0} | {m.AlertsDue:N0} / {m.AlertsSent:N0} | {(m.DigestSent ? "yes" : "no")} | {m.MailRequests:N0} | {m.AzuriteCpuSeconds:N1} s |");
            }
        }

        if (alerts.Any(a => a.Lists.Count > 0))
        {
            md.AppendLine().AppendLine("The case list and board over the same registry (`ComplaintApi.ListAsync` in process, an officer of every unit, 20 calls each;");
            md.AppendLine("the organiser page's complaint board asks `status=open`; without `dueWithinDays` the list reads the newest 1,000 rows of one");
            md.AppendLine("partition of `ComplaintStatusIndex` and point-reads those cases, so its entities per call are 2 × the items, whatever the registry holds):").AppendLine();
            md.AppendLine("| run | `GET /api/complaints?…` | p50 | **p95** | entities read per call | items |");
            md.AppendLine("| --: | --- | --: | --: | --: | --: |");
            foreach (var a in alerts)
            {
                foreach (var l in a.Lists)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {a.Run} | `{l.Query}` | {S(l.P50Ms)} | **{S(l.P95Ms)}** | {l.EntitiesPerCall:N0} | {l.Items:N0} |");
                }
            }
        }

        md.AppendLine();
        return md.ToString();
    }

    private static double Ratio(AlertRunMeasure m, AlertResult a) => a.Near == 0 ? double.NaN : (double)m.EntitiesRead / a.Near;

    private static IEnumerable<string> AlertReading(IReadOnlyList<AlertResult> alerts)
    {
        if (alerts.Count == 0)
        {
            yield break;
        }

        var measures = alerts.SelectMany(a => new[] { (a, Name: $"run {a.Run} first", M: a.First), (a, Name: $"run {a.Run} re-run", M: a.Rerun) }).ToList();
        yield return Verdict($"Daily alert run over 100,000 cases of which 2,000 open: ≤ 5 s (measured over {alerts[0].Cases:N0} cases, {alerts[0].Open:N0} open)", measures.Select(x => (x.Name, x.M.WallMs / 1000, x.M.WallMs <= 5_000)), " s");
        yield return Verdict("reading ≤ 1.1× the open cases near their deadline (entities read, all tables / open stages ≤ 7 days left or overdue)",
            measures.Select(x => (x.Name, Ratio(x.M, x.a), Ratio(x.M, x.a) <= 1.1)), "×",
            " (near: " + string.Join(", ", alerts.Select(a => $"run {a.Run} {a.Near:N0}")) + "; read: "
            + string.Join(", ", measures.Select(x => $"{x.Name} {x.M.EntitiesRead:N0} = {AlertScenario.Tables(x.M.EntitiesReadByTable)}")) + ")");
        yield return Verdict("SPEC §3 once only: the first run sends every alert due, the re-run the same day sends nothing new (alerts + digest)",
            alerts.Select(a => ($"run {a.Run}", (double)(a.Rerun.AlertsSent + (a.Rerun.DigestSent ? 1 : 0)),
                a.First.AlertsSent == a.ExpectedAlerts && a.First.DigestSent && a.Rerun.AlertsSent == 0 && !a.Rerun.DigestSent)), " sent by the re-run",
            " (first runs sent " + string.Join(", ", alerts.Select(a => $"{a.First.AlertsSent:N0} of {a.ExpectedAlerts:N0} due + digest {(a.First.DigestSent ? "yes" : "no")}")) + ")");
    }

    private static IEnumerable<string> InvitationReading(IReadOnlyList<InvitationResult> invitations)
    {
        var big = invitations.Where(i => i.Invitees >= 10_000).ToList();
        if (big.Count > 0)
        {
            yield return Verdict("10,000 invitees imported and all handed to the email API in ≤ 60 s", big.Select(b => (L(b.Run), b.TotalMs / 1000, b.TotalMs <= 60_000)), " s");
            yield return Verdict("within 3× of the raw Azurite batch write of the same rows (same run)", big.Select(b => (L(b.Run), b.RawRatio, b.RawRatio <= 3)), "×",
                " (raw write before the scenario " + string.Join(", ", big.Select(b => S(b.RawWriteMs))) + "; measured again after it "
                + string.Join(", ", big.Select(b => S(b.RawWriteAfterMs))) + ", giving " + string.Join(", ", big.Select(b => (b.TotalMs / b.RawWriteAfterMs).ToString("N2", CultureInfo.InvariantCulture) + "×")) + ")");
        }

        var ratios = Ratios(invitations).ToList();
        if (ratios.Count > 0)
        {
            yield return Verdict("cost linear in invitees: time(10k) / time(1k) ≤ 12", ratios.Select(r => (L(r.Run), r.Ratio, r.Ratio <= 12)), "×");
        }

        if (invitations.Count > 0)
        {
            yield return Verdict("≤ 10 Mail Send requests per 10,000 emails", invitations.Select(i => (L(i.Run, i.Invitees), i.Requests * 10_000.0 / i.Invitees, i.Requests * 10_000.0 / i.Invitees <= 10)), " per 10k",
                " (" + string.Join(", ", invitations.Select(i => $"{i.Requests} requests for {i.Invitees:N0}")) + ")");
            yield return Verdict("≤ 1,000 personalizations per request", invitations.Select(i => (L(i.Run, i.Invitees), (double)i.MaxPersonalizations, i.MaxPersonalizations <= 1000)), "");
            yield return Verdict("host memory ≤ 500 MB (VmHWM, all invitation runs)", invitations.Select(i => (L(i.Run, i.Invitees), i.HostPeakMb, i.HostPeakMb <= 500)), " MB");
        }
    }

    private static IEnumerable<string> ReplyReading(IReadOnlyList<ReplyResult> replies)
    {
        if (replies.Count > 0)
        {
            yield return Verdict("1,000 replies by 20 clients: no error", replies.Select(r => (L(r), (double)r.Errors, r.Errors == 0)), " errors");
            yield return Verdict("p95 ≤ 100 ms", replies.Select(r => (L(r), r.P95Ms, r.P95Ms <= 100)), " ms");
            yield return Verdict("p95 ≤ 1.2× the raw storage calls of a reply (same run)", replies.Select(r => (L(r), r.RawRatio, r.RawRatio <= 1.2)), "×");
            yield return Verdict("all reflected in the counts within 2 s of the last reply", replies.Select(r => (L(r), r.CountsLagMs / 1000, r.CountsLagMs <= 2000)), " s");
            yield return Verdict("capacity never exceeded (accepted ≤ capacity)", replies.Where(r => r.Capacity is not null).Select(r => (L(r), (double)r.Accepted, r.Accepted <= r.Capacity)), " accepted");
        }
    }

    private static string Verdict(string target, IEnumerable<(string Run, double Value, bool Met)> values, string unit, string extra = "")
    {
        var list = values.ToList();
        var shown = string.Join(", ", list.Select(v => $"{v.Run}: {v.Value.ToString(unit == "×" || (v.Value < 10 && v.Value % 1 != 0) ? "N2" : "N0", CultureInfo.InvariantCulture)}{unit}"));
        var verdict = list.All(v => v.Met) ? "**met**" : list.Any(v => v.Met) ? "**missed in some runs**" : "**missed**";
        return $"{target}: {verdict} — {shown}{extra}.";
    }

    private static string L(int run) => $"run {run}";

    private static string L(ReplyResult r) => $"run {r.Run} ({r.Course})";

    private static string L(int run, int invitees) => $"run {run} ({invitees:N0})";

    private static IEnumerable<(int Run, double Ratio)> Ratios(IReadOnlyList<InvitationResult> invitations) =>
        from small in invitations.Where(i => i.Invitees == 1_000)
        join big in invitations.Where(i => i.Invitees == 10_000) on small.Run equals big.Run
        select (small.Run, big.TotalMs / small.TotalMs);

    /// <summary>Milliseconds shown as ms below 10 s, else seconds.</summary>
    private static string S(double ms) => ms < 10_000
        ? ms.ToString("N0", CultureInfo.InvariantCulture) + " ms"
        : (ms / 1000).ToString("N1", CultureInfo.InvariantCulture) + " s";
}
