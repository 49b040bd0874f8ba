using System.Text.RegularExpressions;

namespace Workflow.Complaints.Rules;

/// <summary>
/// Reads rule-set JSON (one version per document) and validates it completely: every problem in a
/// document is reported in one <see cref="RuleSetException"/> naming the source.
/// </summary>
public static partial class RuleSetLoader
{
    /// <summary>Prefix of the rule sets embedded in Workflow.Shared (Shared/Complaints/Rules/Data/*.json).</summary>
    public const string ResourcePrefix = "Workflow.Complaints.Rules.Data.";

    private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal) { "name", "effectiveFrom", "description", "fallbackTo", "sources", "kinds", "note" };

    private static readonly HashSet<string> StageFields = new(StringComparer.Ordinal) { "period", "unit", "from", "complex", "remoteArea", "complexRemoteArea", "severalPlaces", "extensions", "note" };

    private static readonly HashSet<string> ExtensionFields = new(StringComparer.Ordinal) { "maxDaysEach", "maxCountComplex", "maxCountEspeciallyComplex" };

    /// <summary>Longest period accepted in data (ten years), to catch typos.</summary>
    public const int MaxPeriod = 3650;

    /// <summary>The rule sets embedded in the assembly, then rule-set files from disk (extra versions or provincial overrides).</summary>
    public static IReadOnlyList<RuleSet> Load(IEnumerable<string>? files = null) =>
        ComplaintDataFiles.Load(ResourcePrefix, files, Parse, name => new RuleSetException($"Embedded resource {name} is missing."));

    /// <summary>Parses and validates one rule-set document.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <exception cref="RuleSetException">The document is not a valid rule set; the message lists every problem.</exception>
    public static RuleSet Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ComplaintDataFiles.DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new RuleSetException($"Rule set {source}: not valid JSON ({ex.Message}).", ex);
        }

        using (document)
        {
            var errors = new List<string>();
            var ruleSet = Read(document.RootElement, errors);
            if (errors.Count > 0 || ruleSet is null)
            {
                throw new RuleSetException($"Rule set {source} is invalid:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}");
            }

            return new RuleSet(ruleSet.Value.Name, ruleSet.Value.EffectiveFrom, ruleSet.Value.Rules, ruleSet.Value.Description, ruleSet.Value.FallbackTo, source);
        }
    }

    private static (string Name, DateOnly EffectiveFrom, List<StageRule> Rules, string? Description, string? FallbackTo)? Read(JsonElement root, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("the document must be a JSON object");
            return null;
        }

        RejectUnknown(root, TopLevelFields, "", errors);

        var name = ReadString(root, "name", "", errors, required: true);
        if (name is not null && !RuleSetName().IsMatch(name))
        {
            errors.Add($"name '{name}' must be lowercase letters, digits and dashes (e.g. 'province-strict')");
        }

        var effectiveText = ReadString(root, "effectiveFrom", "", errors, required: true);
        var effectiveFrom = default(DateOnly);
        if (effectiveText is not null && !DateOnly.TryParseExact(effectiveText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out effectiveFrom))
        {
            errors.Add($"effectiveFrom '{effectiveText}' is not a yyyy-MM-dd date");
        }

        var description = ReadString(root, "description", "", errors, required: false);
        var fallbackTo = ReadString(root, "fallbackTo", "", errors, required: false);
        if (fallbackTo is not null && fallbackTo == name)
        {
            errors.Add("fallbackTo must name another rule set");
        }

        var rules = new List<StageRule>();
        if (!root.TryGetProperty("kinds", out var kinds) || kinds.ValueKind != JsonValueKind.Object)
        {
            errors.Add("'kinds' is missing or not an object");
        }
        else
        {
            var seenKinds = new HashSet<CaseKind>();
            foreach (var kindProperty in kinds.EnumerateObject())
            {
                if (!ComplaintVocabulary.TryParseKind(kindProperty.Name, out var kind))
                {
                    errors.Add($"unknown kind '{kindProperty.Name}' (expected one of: {string.Join(", ", Enum.GetValues<CaseKind>().Select(ComplaintVocabulary.Name))})");
                    continue;
                }

                if (!seenKinds.Add(kind))
                {
                    errors.Add($"kind '{kindProperty.Name}' is given twice");
                    continue;
                }

                ReadKind(kind, kindProperty.Value, rules, errors);
            }

            foreach (var missing in Enum.GetValues<CaseKind>().Where(k => !seenKinds.Contains(k)))
            {
                errors.Add($"kind '{ComplaintVocabulary.Name(missing)}' is missing");
            }
        }

        return (name ?? "", effectiveFrom, rules, description, fallbackTo);
    }

    private static void ReadKind(CaseKind kind, JsonElement element, List<StageRule> rules, List<string> errors)
    {
        var kindName = ComplaintVocabulary.Name(kind);
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"kinds.{kindName} must be an object of stages");
            return;
        }

        var expected = ComplaintVocabulary.StagesOf(kind);
        var seen = new HashSet<Stage>();
        foreach (var stageProperty in element.EnumerateObject())
        {
            var path = $"kinds.{kindName}.{stageProperty.Name}";
            if (!ComplaintVocabulary.TryParseStage(stageProperty.Name, out var stage) || !expected.Contains(stage))
            {
                errors.Add($"unknown stage '{stageProperty.Name}' for '{kindName}' (expected: {string.Join(", ", expected.Select(ComplaintVocabulary.Name))})");
                continue;
            }

            if (!seen.Add(stage))
            {
                errors.Add($"{path} is given twice");
                continue;
            }

            var rule = ReadStage(kind, stage, stageProperty.Value, path, errors);
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        foreach (var missing in expected.Where(s => !seen.Contains(s)))
        {
            errors.Add($"stage '{ComplaintVocabulary.Name(missing)}' of '{kindName}' is missing");
        }
    }

    private static StageRule? ReadStage(CaseKind kind, Stage stage, JsonElement element, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path} must be an object");
            return null;
        }

        var before = errors.Count;
        RejectUnknown(element, StageFields, path + ".", errors);
        var period = ReadPeriod(element, "period", path, errors, required: true);
        var unitText = ReadString(element, "unit", path + ".", errors, required: true);
        var unit = default(CountingUnit);
        if (unitText is not null && !ComplaintVocabulary.TryParseUnit(unitText, out unit))
        {
            errors.Add($"{path}.unit '{unitText}' must be 'days' or 'workingDays'");
        }

        var fromText = ReadString(element, "from", path + ".", errors, required: true);
        var from = default(StartEvent);
        if (fromText is not null && !ComplaintVocabulary.TryParseStart(fromText, out from))
        {
            errors.Add($"{path}.from '{fromText}' must be 'receipt' or 'acceptance'");
        }

        var complex = ReadPeriod(element, "complex", path, errors, required: false);
        var remote = ReadPeriod(element, "remoteArea", path, errors, required: false);
        var complexRemote = ReadPeriod(element, "complexRemoteArea", path, errors, required: false);
        var several = ReadPeriod(element, "severalPlaces", path, errors, required: false);

        ExtensionLimits? extensions = null;
        if (element.TryGetProperty("extensions", out var ext))
        {
            if (kind != CaseKind.Denunciation || stage != Stage.Resolve)
            {
                errors.Add($"{path}.extensions: extension decisions exist only for the 'resolve' stage of 'denunciation'");
            }
            else if (ext.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}.extensions must be an object");
            }
            else
            {
                RejectUnknown(ext, ExtensionFields, path + ".extensions.", errors);
                var maxDays = ReadPeriod(ext, "maxDaysEach", path + ".extensions", errors, required: true);
                var maxComplex = ReadCount(ext, "maxCountComplex", path + ".extensions", errors);
                var maxEspecially = ReadCount(ext, "maxCountEspeciallyComplex", path + ".extensions", errors);
                if (maxComplex is { } c && maxEspecially is { } e && e < c)
                {
                    errors.Add($"{path}.extensions: maxCountEspeciallyComplex ({e}) must not be below maxCountComplex ({c})");
                }

                if (maxDays is { } d && maxComplex is { } mc && maxEspecially is { } me)
                {
                    extensions = new ExtensionLimits(d, mc, me);
                }
            }
        }

        return errors.Count > before || period is null
            ? null
            : new StageRule(kind, stage, period.Value, unit, from, complex, remote, complexRemote, several, extensions);
    }

    private static void RejectUnknown(JsonElement element, HashSet<string> known, string prefix, List<string> errors)
    {
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            errors.Add($"unknown field '{prefix}{property.Name}' (known: {string.Join(", ", known)})");
        }
    }

    private static string? ReadString(JsonElement element, string name, string prefix, List<string> errors, bool required)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"'{prefix}{name}' is missing");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add($"'{prefix}{name}' must be a non-empty string");
            return null;
        }

        return value.GetString();
    }

    private static int? ReadPeriod(JsonElement element, string name, string path, List<string> errors, bool required)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"{path}.{name} is missing");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var period) || period < 1 || period > MaxPeriod)
        {
            errors.Add($"{path}.{name} must be a whole number of days from 1 to {MaxPeriod} (got {value.GetRawText()})");
            return null;
        }

        return period;
    }

    private static int? ReadCount(JsonElement element, string name, string path, List<string> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 0 || count > 10)
        {
            errors.Add($"{path}.{name} must be a whole number from 0 to 10");
            return null;
        }

        return count;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleSetName();
}
