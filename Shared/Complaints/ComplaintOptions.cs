namespace Workflow.Complaints;

/// <summary>Complaint settings, section <c>Workflow:Complaints</c> (env <c>Workflow__Complaints__*</c>).</summary>
public sealed class ComplaintOptions
{
    public const string Section = "Workflow:Complaints";

    /// <summary>The rule set whose version in force on a case's receipt date applies (<c>default</c>, <c>province-strict</c>...).</summary>
    public string RuleSet { get; set; } = "default";

    /// <summary>Extra rule-set files, comma-separated paths (optional).</summary>
    public string? RuleFiles { get; set; }

    /// <summary>Extra holiday-year files, comma-separated paths (optional).</summary>
    public string? HolidayFiles { get; set; }

    /// <summary>Days left on which officers are alerted, comma-separated; every overdue day alerts too.</summary>
    public string AlertThresholds { get; set; } = "7,3,1,0";

    /// <summary>Who gets the daily digest, comma-separated addresses.</summary>
    public string? LeadershipEmails { get; set; }

    /// <summary>Language of the alert emails (<c>vi</c> or <c>en</c>).</summary>
    public string Language { get; set; } = "vi";

    /// <summary>The thresholds as numbers, largest first; null when the setting cannot be read.</summary>
    public IReadOnlyList<int>? ParsedThresholds()
    {
        var parts = Split(AlertThresholds);
        var values = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 60)
            {
                return null;
            }

            values.Add(value);
        }

        return values.Count == 0 ? null : [.. values.Distinct().OrderDescending()];
    }

    public IReadOnlyList<string> ParsedLeadershipEmails() => Split(LeadershipEmails);

    public IReadOnlyList<string> ParsedRuleFiles() => Split(RuleFiles);

    public IReadOnlyList<string> ParsedHolidayFiles() => Split(HolidayFiles);

    private static string[] Split(string? text) =>
        (text ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
