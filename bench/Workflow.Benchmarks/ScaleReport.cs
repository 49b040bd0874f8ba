using System.Globalization;
using System.Text;

namespace Workflow.Benchmarks;

/// <summary>The issue 19 sections of docs/benchmarks.md: contention on one seat row, the 100,000-invitee campaign, 100,000 cases.</summary>
internal static class ScaleReport
{
    public static string Contention(IReadOnlyList<ContentionResult> runs)
    {
        if (runs.Count == 0)
        {
            return string.Empty;
        }

        var first = runs[0];
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Contention ({first.Invitees:N0} invitees, {first.Capacity} seats, {first.Clients} clients over {first.Hosts} hosts on one task hub)").AppendLine();
        md.AppendLine("Every invitee accepts (in a random order), 30 % of them decline later (a seated one frees a seat and the first waiting");
        md.AppendLine("person is promoted in the same transaction); requests go to the hosts in turn. A sampler counts the `Accepted` rows in");
        md.AppendLine("storage every 100 ms while it runs; at the end every waiting person must have arrived after every seated one.");
        md.AppendLine("Conflicts = the hosts' `Seat write of course … refused by storage ({row} changed)` lines (`SeatStore.Conflict`, also the");
        md.AppendLine("`workflow.seats.conflicts` counter of the `Workflow.Seats` meter): a transaction storage refused and the lane decided again.").AppendLine();
        md.AppendLine("| run | accepts + declines | **errors** | p50 | **p95** | p99 | max | all took | replies/s | samples | **accepted in samples** (min–max; at capacity) | end: accepted / waiting / seat row | **order violations** | **conflicts** (by row) | host peaks | load avg |");
        md.AppendLine("| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |");
        foreach (var r in runs)
        {
            var conflicts = r.ConflictsByRow.Count == 0 ? "none" : string.Join(", ", r.ConflictsByRow.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Run} | {r.Accepts:N0} + {r.Declines:N0} | **{r.Errors}** | {r.P50Ms:N1} ms | **{r.P95Ms:N1} ms** | {r.P99Ms:N1} ms | {r.MaxMs:N1} ms | {r.WallMs / 1000:N1} s | {r.RepliesPerSecond:N0} | {r.Samples} | **{r.MinAccepted}–{r.MaxAccepted}**; {r.SamplesAtCapacity} | {r.FinalAccepted} / {r.FinalWaiting} / {r.SeatRowCount} | **{r.OrderViolations}** | **{r.Conflicts}** ({conflicts}) | {string.Join(" / ", r.HostPeakMb.Select(p => $"{p:N0} MB"))} | {r.Load} |");
        }

        md.AppendLine();
        return md.ToString();
    }

    public static string ContentionReading(IReadOnlyList<ContentionResult> runs) => string.Concat(runs.Select(r =>
        string.Create(CultureInfo.InvariantCulture,
            $"- run {r.Run}: never over capacity in any sample: **{(r.MaxAccepted <= r.Capacity ? "met" : "missed")}** (max {r.MaxAccepted} of {r.Capacity}); " +
            $"exactly {r.Capacity} at the end with people waiting: **{(r.FinalAccepted == r.Capacity && r.SeatRowCount == r.Capacity ? "met" : "missed")}**; " +
            $"waitlist order kept: **{(r.OrderViolations == 0 ? "met" : "missed")}**; no error: **{(r.Errors == 0 ? "met" : "missed")}** ({r.Errors}); " +
            $"p95 {r.P95Ms:N0} ms, {r.Conflicts} conflicts for {r.Accepts + r.Declines:N0} replies ({r.RepliesPerSecond:N0} replies/s).{Environment.NewLine}")));

    public static string Campaign(IReadOnlyList<CampaignResult> runs)
    {
        if (runs.Count == 0)
        {
            return string.Empty;
        }

        var md = new StringBuilder();
        md.AppendLine("### Campaign (one course, no capacity, CSV parts under the 1 MiB request limit; Azurite in memory)").AppendLine();
        md.AppendLine("| run | invitees | parts (largest) | import | **last invitation handed** | all marked invited | Mail Send requests | raw batch write | **ratio to raw** | replies p50 / p95 | progress cold (3 polls) / cached | roster CSV | roster XLSX | raw read of the partition | **host peak** after invitations / replies / roster | CPU host / Azurite | load avg |");
        md.AppendLine("| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |");
        foreach (var r in runs)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Run} | {r.Invitees:N0} | {r.ImportParts} ({r.LargestPartBytes:N0} B) | {S(r.ImportMs)} | **{S(r.LastHandedMs)}** | {S(r.AllMarkedMs)} | {r.MailRequests} | {S(r.RawWriteMs)} | **{r.RawRatio:N2}×** | {r.ReplyP50Ms:N0} / {r.ReplyP95Ms:N0} ms ({r.Replies:N0}) | {string.Join(", ", r.ProgressColdMs.Select(S))} / {r.ProgressCachedMs:N1} ms | {S(r.RosterCsvMs)}, {r.RosterCsvBytes / 1e6:N1} MB | {S(r.RosterXlsxMs)}, {r.RosterXlsxBytes / 1e6:N1} MB | {S(r.RawReadMs)} | **{r.PeakAfterInvitationsMb:N0} / {r.PeakAfterRepliesMb:N0} / {r.PeakAfterRosterMb:N0} MB** | {r.HostCpuSeconds:N0} s / {r.AzuriteCpuSeconds:N0} s | {r.Load} |");
        }

        var growth = (from small in runs.Where(r => r.Invitees == 10_000)
                      join big in runs.Where(r => r.Invitees == 100_000) on small.Run equals big.Run
                      select (small.Run, Time: big.LastHandedMs / small.LastHandedMs, Memory: big.PeakAfterRosterMb / small.PeakAfterRosterMb,
                          Invitations: big.PeakAfterInvitationsMb / small.PeakAfterInvitationsMb,
                          Import: big.ImportMs / small.ImportMs, RawWrite: big.RawWriteMs / small.RawWriteMs,
                          Roster: big.RosterCsvMs / small.RosterCsvMs, RawRead: big.RawReadMs / small.RawReadMs)).ToList();
        if (growth.Count > 0)
        {
            md.AppendLine().AppendLine("100k / 10k, each beside the same ratio of a plain SDK operation on the same Azurite (its own growth: an Azurite query filters and sorts the whole table for every page of 1,000):").AppendLine();
            md.AppendLine("| run | import → last invitation handed | import | raw batch write | roster CSV | raw partition read | host peak after invitations | host peak after roster |");
            md.AppendLine("| --: | --: | --: | --: | --: | --: | --: | --: |");
            foreach (var g in growth)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Run} | **{g.Time:N2}×** | {g.Import:N2}× | {g.RawWrite:N2}× | {g.Roster:N2}× | {g.RawRead:N2}× | {g.Invitations:N2}× | {g.Memory:N2}× |");
            }
        }

        md.AppendLine();
        return md.ToString();
    }

    private static string S(double ms) => ms < 10_000
        ? ms.ToString("N0", CultureInfo.InvariantCulture) + " ms"
        : (ms / 1000).ToString("N1", CultureInfo.InvariantCulture) + " s";
}
