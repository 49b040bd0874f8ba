using Workflow.Complaints.Cases;
using Workflow.Units;

namespace Workflow.Complaints.Alerts;

/// <summary>What one alert run did.</summary>
/// <param name="Day">The Vietnam day it ran for.</param>
/// <param name="DeadlinesRead">Index rows read (open deadlines due within the largest threshold, or overdue).</param>
/// <param name="AlertsDue">Alerts due today (threshold reached or overdue).</param>
/// <param name="AlertsSent">Alerts this run claimed and sent (the others were sent by another run).</param>
/// <param name="DigestSent">Whether this run sent the leadership digest.</param>
public sealed record AlertRunResult(DateOnly Day, int DeadlinesRead, int AlertsDue, int AlertsSent, bool DigestSent);

/// <summary>
/// Timer function <c>ComplaintDeadlineAlerts</c> (SPEC §3): daily at 07:00 Vietnam time, each open stage deadline
/// alerts its officers at the configured days left (7, 3, 1, 0) and every day once overdue; overdue ones also go to
/// the handling unit's contacts (units registry); the leadership gets one digest a day. It reads the deadline index
/// up to today + the largest threshold (which holds only open deadlines, overdue ones included), never the registry.
/// Each alert is claimed in the <see cref="AlertLog"/> before it is sent and has deterministic message ids.
/// </summary>
public sealed partial class ComplaintAlerts(
    ComplaintStore complaintStore,
    AlertLog log,
    UnitStore units,
    ComplaintAlertEmails emails,
    IEmailSender sender,
    ComplaintRules rules,
    IOptions<ComplaintOptions> options,
    ILogger<ComplaintAlerts> logger)
{
    public const string FunctionName = "ComplaintDeadlineAlerts";

    /// <summary>The app setting the schedule comes from (Functions resolves <c>%...%</c> itself; the local host through configuration).</summary>
    public const string ScheduleSetting = "ComplaintAlertSchedule";

    /// <summary>07:00 Vietnam time = 00:00 UTC (six-field CRON, UTC, as Functions timers use).</summary>
    public const string DefaultSchedule = "0 0 0 * * *";

    public const string Overdue = "overdue";
    public const string DigestKey = "digest";

    public async Task<AlertRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var thresholds = options.Value.ParsedThresholds() ?? [7, 3, 1, 0];
        var today = rules.Today();
        var day = ComplaintStore.DueKey(today);
        var rows = await complaintStore.ReadIndexUpToAsync(today.AddDays(thresholds.Max()), cancellationToken);
        var due = rows
            .Select(r => new DueAlert(r, r.Due.DayNumber - today.DayNumber))
            .Where(a => a.DaysLeft < 0 || thresholds.Contains(a.DaysLeft))
            .OrderBy(a => a.Deadline.Due).ThenBy(a => a.Deadline.Code, StringComparer.Ordinal)
            .ToList();
        var logDay = due.Count > 0 ? await log.OpenDayAsync(day, cancellationToken) : null;

        var sent = 0;
        var failures = new List<Exception>();
        var contacts = new Dictionary<string, OrgUnit?>(StringComparer.Ordinal);
        foreach (var alert in due)
        {
            var key = $"{alert.Deadline.CaseId}|{ComplaintVocabulary.Name(alert.Deadline.Stage)}|{alert.Threshold}";
            var claim = await log.TryClaimAsync(logDay!, key, cancellationToken);
            if (claim is null)
            {
                continue;
            }

            try
            {
                var unit = alert.DaysLeft < 0 ? await FindUnitAsync(alert.Deadline.HandlingUnit, contacts, cancellationToken) : null;
                var refused = (await sender.SendAsync(emails.Officers(alert.Deadline, alert.DaysLeft, today, alert.Threshold), cancellationToken)).Failed.Count;
                if (unit is not null)
                {
                    refused += (await sender.SendAsync(emails.UnitContacts(alert.Deadline, alert.DaysLeft, today, unit.ContactEmails), cancellationToken)).Failed.Count;
                }

                if (refused > 0)
                {
                    // Refused for good (or unconfirmed): the alert still counts as sent, so the next run does not try
                    // the same address again and again; logged by count, never by address.
                    LogRecipientsFailed(logger, alert.Deadline.Code, ComplaintVocabulary.Name(alert.Deadline.Stage), refused);
                }

                await log.MarkSentAsync(day, key, claim.Value, cancellationToken);
                sent++;
                var (kindName, stageName, threshold) = (ComplaintVocabulary.Name(alert.Deadline.Kind), ComplaintVocabulary.Name(alert.Deadline.Stage), alert.Threshold);
                LogAlert(logger, alert.Deadline.Code, kindName, stageName, alert.Deadline.Due, threshold, unit is not null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await log.ReleaseAsync(day, key, claim.Value, CancellationToken.None);
                var stageName = ComplaintVocabulary.Name(alert.Deadline.Stage);
                LogAlertFailed(logger, ex, alert.Deadline.Code, stageName);
                failures.Add(ex);
            }
        }

        var digestSent = false;
        var leadership = options.Value.ParsedLeadershipEmails();
        if (due.Count > 0 && leadership.Count > 0 && await log.TryClaimAsync(logDay!, DigestKey, cancellationToken) is { } digestClaim)
        {
            try
            {
                var digest = await sender.SendAsync(emails.Digest([.. due.Select(a => (a.Deadline, a.DaysLeft))], today, leadership), cancellationToken);
                if (digest.Failed.Count > 0)
                {
                    LogRecipientsFailed(logger, DigestKey, DigestKey, digest.Failed.Count);
                }

                await log.MarkSentAsync(day, DigestKey, digestClaim, cancellationToken);
                digestSent = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await log.ReleaseAsync(day, DigestKey, digestClaim, CancellationToken.None);
                failures.Add(ex);
            }
        }

        LogRun(logger, today, rows.Count, due.Count, sent, digestSent);
        if (failures.Count > 0)
        {
            throw new AggregateException($"{failures.Count} complaint alert(s) could not be sent; their claims were released for the next run.", failures);
        }

        return new AlertRunResult(today, rows.Count, due.Count, sent, digestSent);
    }

    private async Task<OrgUnit?> FindUnitAsync(string name, Dictionary<string, OrgUnit?> cache, CancellationToken cancellationToken)
    {
        var key = UnitKeys.Normalize(name);
        if (!cache.TryGetValue(key, out var unit))
        {
            cache[key] = unit = await units.FindAsync(name, cancellationToken);
        }

        return unit;
    }

    private sealed record DueAlert(IndexedDeadline Deadline, int DaysLeft)
    {
        public string Threshold => DaysLeft < 0 ? Overdue : "d" + DaysLeft.ToString(CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint alert {Code} ({Kind}) stage {Stage} due {Due}: {Threshold}, unit contacts {ToUnit}")]
    private static partial void LogAlert(ILogger logger, string code, string kind, string stage, DateOnly due, string threshold, bool toUnit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Complaint alert {Code} stage {Stage}: {Failed} recipient addresses refused for good or unconfirmed; not retried")]
    private static partial void LogRecipientsFailed(ILogger logger, string code, string stage, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Complaint alert {Code} stage {Stage} could not be sent")]
    private static partial void LogAlertFailed(ILogger logger, Exception exception, string code, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint alerts for {Day}: {Read} open deadlines read, {Due} due, {Sent} sent by this run, digest {Digest}")]
    private static partial void LogRun(ILogger logger, DateOnly day, int read, int due, int sent, bool digest);
}
