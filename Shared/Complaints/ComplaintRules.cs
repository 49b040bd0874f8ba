using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;
using Workflow.Complaints.Deadlines;
using Workflow.Complaints.Rules;

namespace Workflow.Complaints;

/// <summary>
/// The legal clocks as the app runs them: the rule-set catalog (built-in + extra files), the configured
/// rule-set name, and the holiday calendar (built-in + extra files + years stored through the API, loaded
/// on first use and refreshed every few minutes so every instance sees a newly added year).
/// </summary>
public sealed partial class ComplaintRules : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);

    private readonly HolidayStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ComplaintRules> _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public ComplaintRules(IOptions<ComplaintOptions> options, HolidayStore store, TimeProvider time, ILogger<ComplaintRules> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Catalog = RuleSetCatalog.LoadBuiltIn(settings.ParsedRuleFiles());
        Calendar = HolidayCalendar.LoadBuiltIn(settings.ParsedHolidayFiles());
        RuleSetName = settings.RuleSet;
        if (!Catalog.Names.Contains(RuleSetName, StringComparer.Ordinal))
        {
            throw new RuleSetException($"Workflow:Complaints:RuleSet names an unknown rule set '{RuleSetName}' (known: {string.Join(", ", Catalog.Names)}).");
        }

        _store = store;
        _time = time;
        _logger = logger;
    }

    public RuleSetCatalog Catalog { get; }

    public HolidayCalendar Calendar { get; }

    public string RuleSetName { get; }

    /// <summary>Today in Vietnam (UTC+7), the day 'days left' and alerts are counted from.</summary>
    public DateOnly Today() => Today(_time);

    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Time.VietnamTime.Offset).DateTime);
    }

    /// <summary>Makes sure the years stored through the API are in <see cref="Calendar"/> (once, then every few minutes).</summary>
    public async Task EnsureHolidaysAsync(CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() - _loadedAt < Refresh)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_time.GetUtcNow() - _loadedAt < Refresh)
            {
                return;
            }

            foreach (var year in await _store.LoadAsync(cancellationToken))
            {
                var errors = Calendar.AddYear(year);
                if (errors.Count > 0)
                {
                    LogStoredYearRejected(_logger, year.Year, errors.Count);
                }
            }

            _loadedAt = _time.GetUtcNow();
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The version of the configured rule set in force on a receipt date, or null when none is.</summary>
    public RuleSet? ForReceipt(DateOnly receivedOn) => Catalog.TryFor(RuleSetName, receivedOn, out var ruleSet) ? ruleSet : null;

    /// <summary>The version a case was registered under (by name and effective date).</summary>
    public RuleSet Of(ComplaintCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return Catalog.Versions(c.RuleSet.Name).FirstOrDefault(v => v.EffectiveFrom == c.RuleSet.EffectiveFrom)
            ?? Catalog.For(c.RuleSet.Name, c.ReceivedOn);
    }

    /// <summary>Every stage's deadline of a case, days left counted from <paramref name="today"/>.</summary>
    public IReadOnlyList<StageDeadline> Deadlines(ComplaintCase c, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(c);
        return CaseDeadlines.Compute(c.Facts, Of(c), Calendar, today).Deadlines;
    }

    /// <summary>
    /// The deadlines still running: none once a case is resolved or withdrawn; accept/classify until the
    /// case is accepted; resolve and handle until it is resolved.
    /// </summary>
    public IReadOnlyList<StageDeadline> OpenDeadlines(ComplaintCase c, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Status != CaseStatus.Open)
        {
            return [];
        }

        return [.. Deadlines(c, today).Where(d => d.Stage switch
        {
            Stage.Accept or Stage.Classify => c.AcceptedOn is null,
            _ => true,
        })];
    }

    public void Dispose() => _loading.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored holiday year {Year} conflicts with the calendar ({Errors} problems); the calendar keeps its data")]
    private static partial void LogStoredYearRejected(ILogger logger, int year, int errors);
}
