using Workflow.Complaints.Rules;

namespace Workflow.Complaints.Deadlines;

/// <summary>
/// Extension decisions of a denunciation's resolution (Luật Tố cáo 2018, Art. 30): each adds 1 to
/// <see cref="ExtensionLimits.MaxDaysEach"/> days; a complex case may have
/// <see cref="ExtensionLimits.MaxCountComplex"/>, an especially complex one
/// <see cref="ExtensionLimits.MaxCountEspeciallyComplex"/>, any other none.
/// </summary>
public static class ExtensionRules
{
    /// <summary>Every problem with the extensions already in <paramref name="facts"/>.</summary>
    public static IReadOnlyList<ValidationError> Validate(CaseFacts facts, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rules);
        var extensions = facts.ExtensionList;
        var errors = new List<ValidationError>();
        if (extensions.Count == 0)
        {
            return errors;
        }

        var bar = Bar(facts, rules, extensions.Count);
        if (bar is { } refused)
        {
            errors.Add(new("extensions", refused.Message));
            if (refused.Reason == ExtensionBarReason.NotADenunciation)
            {
                return errors;
            }
        }

        var limits = LimitsOf(facts, rules)!;
        var numbers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (_, field, extension) in ListEntries.Of("extensions", extensions, Phrase.Of("error.theExtensionIsEmpty"), errors.Add))
        {
            if (extension.Days < 1 || extension.Days > limits.MaxDaysEach)
            {
                errors.Add(new($"{field}.days", Phrase.Of("error.eachExtensionIs1ToDays", ("maxDaysEach", limits.MaxDaysEach))));
            }

            if (string.IsNullOrWhiteSpace(extension.DecisionNo) || extension.DecisionNo.Length > 100)
            {
                errors.Add(new($"{field}.decisionNo", Phrase.Of("error.aDecisionNumberOfAtMost100")));
            }
            else if (!numbers.Add(extension.DecisionNo.Trim()))
            {
                errors.Add(new($"{field}.decisionNo", Phrase.Of("error.theDecisionNumberIsGivenTwice")));
            }

            if (facts.AcceptedOn is { } accepted && extension.DecidedOn < accepted)
            {
                errors.Add(new($"{field}.decidedOn", Phrase.Of("error.anExtensionCannotBeDecidedBeforeThe")));
            }
        }

        return errors;
    }

    /// <summary>
    /// Why a case may not hold <paramref name="count"/> extensions (null when it may): not a denunciation, not accepted
    /// yet, not complex enough, or over the limit. The one statement of these rules, for the stored list and the
    /// <c>extend</c> action alike.
    /// </summary>
    public static ExtensionBar? Bar(CaseFacts facts, RuleSet rules, int count)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (LimitsOf(facts, rules) is not { } limits)
        {
            return new(ExtensionBarReason.NotADenunciation, Phrase.Of("error.onlyADenunciationSResolutionCanBe"));
        }

        if (facts.AcceptedOn is null)
        {
            return new(ExtensionBarReason.NotAccepted, Phrase.Of("error.aCaseMustBeAcceptedBeforeIt"));
        }

        var allowed = limits.MaxCountFor(facts);
        return count <= allowed
            ? null
            : new(ExtensionBarReason.LimitReached, allowed == 0
                ? Phrase.Of("error.onlyAComplexOrEspeciallyComplexDenunciation")
                : Phrase.Of("error.thisCaseCanBeExtendedAtMost", ("allowed", allowed)));
    }

    private static ExtensionLimits? LimitsOf(CaseFacts facts, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return ComplaintVocabulary.StagesOf(facts.Kind)
            .Select(s => rules.Rule(facts.Kind, s).Extensions)
            .FirstOrDefault(l => l is not null);
    }

    /// <summary>The problems with adding <paramref name="proposed"/> to a case (the <c>extend</c> action); empty when it may be added.</summary>
    public static IReadOnlyList<ValidationError> ValidateProposed(CaseFacts facts, RuleSet rules, Extension proposed)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(proposed);
        var withProposed = facts with { Extensions = [.. facts.ExtensionList, proposed] };
        var index = withProposed.ExtensionList.Count - 1;
        var prefix = string.Create(CultureInfo.InvariantCulture, $"extensions[{index}]");

        // Answer in the terms of the extend request body: {decisionNo, decidedOn, days}.
        return [.. Validate(withProposed, rules).Select(e => e.Field.StartsWith(prefix + ".", StringComparison.Ordinal)
            ? e with { Field = e.Field[(prefix.Length + 1)..] }
            : e)];
    }
}

public enum ExtensionBarReason
{
    NotADenunciation,
    NotAccepted,
    LimitReached,
}

/// <summary>Why an extension may not be added, in words for the officer.</summary>
public sealed record ExtensionBar(ExtensionBarReason Reason, Phrase Message);
