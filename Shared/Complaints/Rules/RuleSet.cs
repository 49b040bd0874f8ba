namespace Workflow.Complaints.Rules;

/// <summary>
/// One version of a named set of legal clocks, in force from <see cref="EffectiveFrom"/> until the
/// next version of the same name. Loaded from JSON (see docs/complaint-rules.md).
/// </summary>
public sealed class RuleSet
{
    private readonly Dictionary<(CaseKind, Stage), StageRule> _rules;

    public RuleSet(string name, DateOnly effectiveFrom, IEnumerable<StageRule> rules, string? description = null, string? fallbackTo = null, string source = "(code)")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(rules);
        Name = name;
        EffectiveFrom = effectiveFrom;
        Description = description;
        FallbackTo = fallbackTo;
        Source = source;
        _rules = [];
        foreach (var rule in rules)
        {
            if (!_rules.TryAdd((rule.Kind, rule.Stage), rule))
            {
                throw new RuleSetException($"Rule set '{name}' ({source}): stage '{ComplaintVocabulary.Name(rule.Stage)}' of '{ComplaintVocabulary.Name(rule.Kind)}' is given twice.");
            }
        }
    }

    /// <summary>The name configuration chooses it by, e.g. <c>default</c> or <c>province-strict</c>.</summary>
    public string Name { get; }

    /// <summary>The first receipt date this version applies to.</summary>
    public DateOnly EffectiveFrom { get; }

    public string? Description { get; }

    /// <summary>For receipt dates before this name's first version, the rule set name used instead.</summary>
    public string? FallbackTo { get; }

    /// <summary>Where it was loaded from (resource or file name), for messages.</summary>
    public string Source { get; }

    /// <summary>Every stage rule, kind by kind in stage order.</summary>
    public IEnumerable<StageRule> Rules => _rules.Values.OrderBy(r => r.Kind).ThenBy(r => r.Stage);

    /// <summary>The rule of a kind's stage.</summary>
    /// <exception cref="KeyNotFoundException">The rule set has no such stage (the loader prevents it).</exception>
    public StageRule Rule(CaseKind kind, Stage stage) =>
        _rules.TryGetValue((kind, stage), out var rule)
            ? rule
            : throw new KeyNotFoundException($"Rule set '{Name}' has no stage '{ComplaintVocabulary.Name(stage)}' for '{ComplaintVocabulary.Name(kind)}'.");

    public bool TryGetRule(CaseKind kind, Stage stage, out StageRule? rule) => _rules.TryGetValue((kind, stage), out rule);

    public override string ToString() => $"{Name}@{EffectiveFrom:yyyy-MM-dd}";
}

/// <summary>The clock of one stage of one kind.</summary>
/// <param name="Kind">The kind of case.</param>
/// <param name="Stage">The stage.</param>
/// <param name="Period">The ordinary period.</param>
/// <param name="Unit">Days or working days.</param>
/// <param name="From">Receipt or acceptance.</param>
/// <param name="Complex">Period for a complex case, when different.</param>
/// <param name="RemoteArea">Period in a remote or difficult area, when different.</param>
/// <param name="ComplexRemoteArea">Period for a complex case in a remote area, when different.</param>
/// <param name="SeveralPlaces">Period when verification spans several places, when different.</param>
/// <param name="Extensions">Extension limits, on the stage that allows extension decisions.</param>
public sealed record StageRule(
    CaseKind Kind,
    Stage Stage,
    int Period,
    CountingUnit Unit,
    StartEvent From,
    int? Complex = null,
    int? RemoteArea = null,
    int? ComplexRemoteArea = null,
    int? SeveralPlaces = null,
    ExtensionLimits? Extensions = null)
{
    /// <summary>
    /// The period for a case's facts: complex + remote area takes <see cref="ComplexRemoteArea"/> when
    /// given; otherwise the longest of the periods that apply (ordinary, complex, remote area,
    /// several places). Extensions are added separately.
    /// </summary>
    public int PeriodFor(CaseFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.IsComplex && facts.RemoteArea && ComplexRemoteArea is { } both)
        {
            return both;
        }

        var period = Period;
        if (facts.IsComplex && Complex is { } complex)
        {
            period = Math.Max(period, complex);
        }

        if (facts.RemoteArea && RemoteArea is { } remote)
        {
            period = Math.Max(period, remote);
        }

        if (facts.SeveralPlaces && SeveralPlaces is { } several)
        {
            period = Math.Max(period, several);
        }

        return period;
    }
}

/// <summary>How a stage may be extended by decisions (Luật Tố cáo 2018, Art. 30).</summary>
/// <param name="MaxDaysEach">Most days one decision may add (30).</param>
/// <param name="MaxCountComplex">Most decisions for a complex case (1).</param>
/// <param name="MaxCountEspeciallyComplex">Most decisions for an especially complex case (2).</param>
public sealed record ExtensionLimits(int MaxDaysEach, int MaxCountComplex, int MaxCountEspeciallyComplex)
{
    /// <summary>Most decisions allowed for a case's facts (0 when it is not complex).</summary>
    public int MaxCountFor(CaseFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.EspeciallyComplex ? MaxCountEspeciallyComplex : facts.Complex ? MaxCountComplex : 0;
    }
}

/// <summary>Rule data that cannot be used: thrown at start, with the file and the reason.</summary>
public sealed class RuleSetException : Exception
{
    public RuleSetException()
    {
    }

    public RuleSetException(string message)
        : base(message)
    {
    }

    public RuleSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
