using Workflow.Complaints.Calendar;
using Workflow.Complaints.Rules;
namespace Workflow.Complaints.Deadlines;

/// <summary>One stage's deadline as the API answers it (<c>{stage, due, daysLeft, countedIn}</c>).</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Due">The last day of the period.</param>
/// <param name="DaysLeft">Calendar days from 'today' to <paramref name="Due"/>: 0 on the day, negative when overdue.</param>
/// <param name="CountedIn">Whether the period was counted in days or working days.</param>
public sealed record StageDeadline(Stage Stage, DateOnly Due, int DaysLeft, CountingUnit CountedIn);

/// <summary>The deadlines of a case, or why its facts cannot be used.</summary>
/// <param name="Deadlines">Every stage that can be computed yet, in stage order (resolve needs acceptedOn).</param>
/// <param name="Errors">Problems with the facts; when there are any, <paramref name="Deadlines"/> is empty.</param>
public sealed record DeadlineResult(IReadOnlyList<StageDeadline> Deadlines, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Computes every stage's deadline for a case under a rule set and a holiday calendar.</summary>
public static class CaseDeadlines
{
    /// <summary>
    /// The deadlines of <paramref name="facts"/>: firstComplaint/secondComplaint accept (from receipt)
    /// and resolve (from acceptance, once accepted); denunciation classify (from receipt) and resolve
    /// (from acceptance, period + the extensions' days); petition handle (from receipt).
    /// User input is validated (dates, extensions) and returned as errors, never thrown.
    /// </summary>
    /// <param name="facts">The case.</param>
    /// <param name="rules">The rule set in force on the receipt date (<see cref="RuleSetCatalog.For"/>).</param>
    /// <param name="calendar">The holiday calendar.</param>
    /// <param name="today">The day 'days left' is counted from (Vietnam time).</param>
    public static DeadlineResult Compute(CaseFacts facts, RuleSet rules, HolidayCalendar calendar, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(calendar);

        var errors = Validate(facts, rules);
        if (errors.Count > 0)
        {
            return new DeadlineResult([], errors);
        }

        var deadlines = new List<StageDeadline>();
        foreach (var stage in ComplaintVocabulary.StagesOf(facts.Kind))
        {
            var rule = rules.Rule(facts.Kind, stage);
            DateOnly? start = rule.From == StartEvent.Receipt ? facts.ReceivedOn : facts.AcceptedOn;
            if (start is null)
            {
                continue;
            }

            var period = rule.PeriodFor(facts);
            if (rule.Extensions is not null)
            {
                period += facts.ExtensionList.Sum(e => e.Days);
            }

            var due = DeadlineCalculator.Due(start.Value, period, rule.Unit, calendar);
            deadlines.Add(new StageDeadline(stage, due, due.DayNumber - today.DayNumber, rule.Unit));
        }

        return new DeadlineResult(deadlines, []);
    }

    /// <summary>Every problem with a case's facts under a rule set (dates, flags, extensions).</summary>
    public static IReadOnlyList<ValidationError> Validate(CaseFacts facts, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<ValidationError>();

        // The calendar's lunar fallback covers 1901–2100; leave a year of room for the longest period.
        if (facts.ReceivedOn.Year is < LunarHolidays.MinYear or >= LunarHolidays.MaxYear)
        {
            errors.Add(new("receivedOn", Phrase.Of("error.theReceiptDateMustBeIn", ("minYear", LunarHolidays.MinYear), ("maxYear", LunarHolidays.MaxYear - 1))));
        }

        if (facts.AcceptedOn is { } accepted)
        {
            if (accepted < facts.ReceivedOn)
            {
                errors.Add(new("acceptedOn", Phrase.Of("error.theAcceptanceDateCannotBeBeforeThe")));
            }
            else if (accepted.Year >= LunarHolidays.MaxYear)
            {
                errors.Add(new("acceptedOn", Phrase.Of("error.theAcceptanceDateMustBeBefore", ("maxYear", LunarHolidays.MaxYear))));
            }
        }

        if (facts.SeveralPlaces && facts.Kind != CaseKind.Denunciation)
        {
            errors.Add(new("severalPlaces", Phrase.Of("error.appliesToDenunciationsOnly")));
        }

        if (facts.EspeciallyComplex && facts.Kind != CaseKind.Denunciation)
        {
            errors.Add(new("especiallyComplex", Phrase.Of("error.appliesToDenunciationsOnly")));
        }

        errors.AddRange(ExtensionRules.Validate(facts, rules));
        return errors;
    }
}
