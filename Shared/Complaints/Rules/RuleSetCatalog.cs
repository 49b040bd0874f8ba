namespace Workflow.Complaints.Rules;

/// <summary>
/// Every version of every rule set, validated together at start. A case keeps the version in force
/// on its receipt date: <see cref="For(string, DateOnly)"/>.
/// </summary>
public sealed class RuleSetCatalog
{
    private readonly Dictionary<string, RuleSet[]> _versions;

    private RuleSetCatalog(Dictionary<string, RuleSet[]> versions) => _versions = versions;

    /// <summary>The names known, ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _versions.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The built-in rule sets plus any extra rule-set files (e.g. a province's own), validated.</summary>
    /// <exception cref="RuleSetException">Invalid data, with the file and every reason.</exception>
    public static RuleSetCatalog LoadBuiltIn(IEnumerable<string>? extraFiles = null) =>
        Create(RuleSetLoader.Load(extraFiles));

    /// <summary>A catalog of the given versions.</summary>
    /// <exception cref="RuleSetException">Two versions of a name share an effective date, or a fallback names an unknown rule set or loops.</exception>
    public static RuleSetCatalog Create(IEnumerable<RuleSet> ruleSets)
    {
        ArgumentNullException.ThrowIfNull(ruleSets);
        var errors = new List<string>();
        var byName = new Dictionary<string, RuleSet[]>(StringComparer.Ordinal);
        foreach (var group in ruleSets.GroupBy(r => r.Name, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(r => r.EffectiveFrom).ToArray();
            foreach (var duplicate in ordered.GroupBy(r => r.EffectiveFrom).Where(g => g.Count() > 1))
            {
                errors.Add($"rule set '{group.Key}' has more than one version effective from {duplicate.Key:yyyy-MM-dd} ({string.Join(", ", duplicate.Select(r => r.Source))})");
            }

            byName[group.Key] = ordered;
        }

        foreach (var (name, versions) in byName)
        {
            foreach (var version in versions.Where(v => v.FallbackTo is not null && !byName.ContainsKey(v.FallbackTo)))
            {
                errors.Add($"rule set '{name}' ({version.Source}) falls back to unknown rule set '{version.FallbackTo}'");
            }
        }

        foreach (var name in byName.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { name };
            var next = byName[name][0].FallbackTo;
            while (next is not null && byName.TryGetValue(next, out var target))
            {
                if (!seen.Add(next))
                {
                    errors.Add($"rule set '{name}' falls back in a loop ({string.Join(" → ", seen)} → {next})");
                    break;
                }

                next = target[0].FallbackTo;
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleSetException($"Rule sets are invalid:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}");
        }

        return new RuleSetCatalog(byName);
    }

    /// <summary>The versions of a name, oldest first (empty when unknown).</summary>
    public IReadOnlyList<RuleSet> Versions(string name) => _versions.TryGetValue(name, out var v) ? v : [];

    /// <summary>
    /// The version of <paramref name="name"/> in force on <paramref name="receivedOn"/>: the latest whose
    /// effective date is on or before it. Before the name's first version, its <see cref="RuleSet.FallbackTo"/>
    /// rule set is asked the same question.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Unknown name, or no version in force on that date.</exception>
    public RuleSet For(string name, DateOnly receivedOn) =>
        TryFor(name, receivedOn, out var ruleSet)
            ? ruleSet!
            : throw new KeyNotFoundException(_versions.ContainsKey(name)
                ? $"No version of rule set '{name}' is in force on {receivedOn:yyyy-MM-dd}."
                : $"Unknown rule set '{name}' (known: {string.Join(", ", Names)}).");

    /// <summary>As <see cref="For(string, DateOnly)"/>, without throwing.</summary>
    public bool TryFor(string name, DateOnly receivedOn, out RuleSet? ruleSet)
    {
        ArgumentNullException.ThrowIfNull(name);
        var current = name;
        for (var hops = 0; hops <= _versions.Count; hops++)
        {
            if (!_versions.TryGetValue(current, out var versions))
            {
                break;
            }

            ruleSet = versions.LastOrDefault(v => v.EffectiveFrom <= receivedOn);
            if (ruleSet is not null)
            {
                return true;
            }

            if (versions[0].FallbackTo is not { } fallback)
            {
                break;
            }

            current = fallback;
        }

        ruleSet = null;
        return false;
    }
}
