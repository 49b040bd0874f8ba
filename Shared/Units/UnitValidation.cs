using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Workflow.Units;

/// <summary>Checks a whole unit list before it replaces the registry.</summary>
public static partial class UnitValidation
{
    public const int MaxUnits = 5000;
    public const int MaxNameLength = 200;
    public const int MaxContacts = 20;

    /// <summary>The errors as an RFC 7807 map (field → messages); empty when the list can be stored.</summary>
    public static Dictionary<string, Phrase[]> Validate(IReadOnlyList<OrgUnit?> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var errors = new ValidationErrors();
        void Add(string field, Phrase message) => errors.Add(field, message);

        if (units.Count > MaxUnits)
        {
            Add("units", Phrase.Of("error.atMostUnits2", ("maxUnits", MaxUnits)));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, field, unit) in ListEntries.Of("units", units, Phrase.Of("error.theEntryIsEmpty2"), e => Add(e.Field, e.Message)))
        {
            if (string.IsNullOrWhiteSpace(unit.Name) || unit.Name.Trim().Length > MaxNameLength || !TextRules.IsSingleLine(unit.Name))
            {
                Add($"{field}.name", Phrase.Of("error.aNameOfAtMostCharactersOn2", ("maxNameLength", MaxNameLength)));
            }
            else if (!names.Add(UnitKeys.Normalize(unit.Name)))
            {
                Add($"{field}.name", Phrase.Of("error.theNameIsListedTwice"));
            }

            if (string.IsNullOrWhiteSpace(unit.Kind) || !KindPattern().IsMatch(unit.Kind))
            {
                Add($"{field}.kind", Phrase.Of("error.aKebabCaseKindIsNeededE"));
            }

            if (unit.ContactEmails is null || unit.ContactEmails.Count == 0 || unit.ContactEmails.Count > MaxContacts)
            {
                Add($"{field}.contactEmails", Phrase.Of("error.1ToContactEmailsAreNeeded", ("maxContacts", MaxContacts)));
            }
            else
            {
                for (var j = 0; j < unit.ContactEmails.Count; j++)
                {
                    if (!IsEmail(unit.ContactEmails[j]))
                    {
                        Add(string.Create(CultureInfo.InvariantCulture, $"{field}.contactEmails[{j}]"), Phrase.Of("error.notAValidEmailAddress"));
                    }
                }
            }
        }

        for (var i = 0; i < units.Count; i++)
        {
            if (units[i] is { Parent: { } parent } unit && !string.IsNullOrWhiteSpace(unit.Name))
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"units[{i}].parent");
                if (!names.Contains(UnitKeys.Normalize(parent)))
                {
                    Add(field, Phrase.Of("error.theParentIsNotInTheList"));
                }
                else if (HasCycle(units, unit))
                {
                    Add(field, Phrase.Of("error.theParentsFormALoop"));
                }
            }
        }

        return errors.ToDictionary();
    }

    /// <summary>A plain address (<c>local@domain</c>), no display name.</summary>
    public static bool IsEmail(string? text) =>
        !string.IsNullOrWhiteSpace(text)
        && text.Length <= 254
        && MailAddress.TryCreate(text.Trim(), out var address)
        && string.Equals(address.Address, text.Trim(), StringComparison.OrdinalIgnoreCase)
        && address.Host.Contains('.', StringComparison.Ordinal);

    private static bool HasCycle(IReadOnlyList<OrgUnit?> units, OrgUnit start)
    {
        var byName = units.Where(u => u is not null && !string.IsNullOrWhiteSpace(u.Name))
            .GroupBy(u => UnitKeys.Normalize(u!.Name), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()!, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal) { UnitKeys.Normalize(start.Name) };
        var current = start.Parent;
        while (current is not null && byName.TryGetValue(UnitKeys.Normalize(current), out var next))
        {
            if (!seen.Add(UnitKeys.Normalize(current)))
            {
                return true;
            }

            current = next.Parent;
        }

        return false;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();
}
