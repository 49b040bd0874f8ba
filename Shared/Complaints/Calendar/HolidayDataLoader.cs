namespace Workflow.Complaints.Calendar;

/// <summary>Reads holiday-year JSON (<c>{year, source, note, days: [{date, type, name}]}</c>).</summary>
public static class HolidayDataLoader
{
    /// <summary>Prefix of the years embedded in Workflow.Shared (Shared/Complaints/Calendar/Data/holidays-YYYY.json).</summary>
    public const string ResourcePrefix = "Workflow.Complaints.Calendar.Data.";

    private static readonly HashSet<string> YearFields = new(StringComparer.Ordinal) { "year", "source", "note", "days" };

    private static readonly HashSet<string> DayFields = new(StringComparer.Ordinal) { "date", "type", "name", "note" };

    /// <summary>The years embedded in the assembly, then holiday files from disk (one year each).</summary>
    public static IReadOnlyList<HolidayYear> Load(IEnumerable<string>? files = null) =>
        ComplaintDataFiles.Load(ResourcePrefix, files, Parse, name => new HolidayDataException($"Embedded resource {name} is missing."));

    /// <summary>Parses and validates one year's document.</summary>
    /// <exception cref="HolidayDataException">Not valid; the message lists every problem.</exception>
    public static HolidayYear Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, ComplaintDataFiles.DocumentOptions);
            if (TryRead(document.RootElement, out var year, out var errors))
            {
                return year!;
            }

            throw new HolidayDataException($"Holiday data {source} is invalid:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
        }
        catch (JsonException ex)
        {
            throw new HolidayDataException($"Holiday data {source}: not valid JSON ({ex.Message}).", ex);
        }
    }

    /// <summary>Reads and validates a year object (e.g. a request body); returns the errors instead of throwing.</summary>
    public static bool TryRead(JsonElement element, out HolidayYear? year, out IReadOnlyList<ValidationError> errors)
    {
        var list = new List<ValidationError>();
        errors = list;
        year = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            list.Add(new("", Phrase.Of("error.aJsonObjectIsExpected")));
            return false;
        }

        foreach (var unknown in element.EnumerateObject().Where(p => !YearFields.Contains(p.Name)))
        {
            list.Add(new(unknown.Name, Phrase.Of("error.unknownField")));
        }

        var number = 0;
        if (!element.TryGetProperty("year", out var yearElement) || yearElement.ValueKind != JsonValueKind.Number || !yearElement.TryGetInt32(out number))
        {
            list.Add(new("year", Phrase.Of("error.aWholeNumberYearIsNeeded")));
        }

        var days = new List<HolidayDay>();
        if (!element.TryGetProperty("days", out var daysElement) || daysElement.ValueKind != JsonValueKind.Array)
        {
            list.Add(new("days", Phrase.Of("error.anArrayOfDaysIsNeeded")));
        }
        else
        {
            var i = 0;
            foreach (var item in daysElement.EnumerateArray())
            {
                var day = ReadDay(item, $"days[{i}]", list);
                if (day is not null)
                {
                    days.Add(day);
                }

                i++;
            }
        }

        if (list.Count > 0)
        {
            return false;
        }

        var candidate = new HolidayYear(number, days, OptionalString(element, "source"), OptionalString(element, "note"));
        list.AddRange(candidate.Validate());
        if (list.Count > 0)
        {
            return false;
        }

        year = candidate;
        return true;
    }

    private static HolidayDay? ReadDay(JsonElement item, string field, List<ValidationError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(field, Phrase.Of("error.anObjectDateTypeNameIsExpected")));
            return null;
        }

        var before = errors.Count;
        foreach (var unknown in item.EnumerateObject().Where(p => !DayFields.Contains(p.Name)))
        {
            errors.Add(new($"{field}.{unknown.Name}", Phrase.Of("error.unknownField")));
        }

        var date = default(DateOnly);
        if (!item.TryGetProperty("date", out var dateElement) || dateElement.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(dateElement.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            errors.Add(new($"{field}.date", Phrase.Of("error.aYyyyMmDdDateIsNeeded")));
        }

        var type = default(HolidayDayType);
        var typeText = item.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        switch (typeText)
        {
            case "holiday": type = HolidayDayType.Holiday; break;
            case "dayOff": type = HolidayDayType.DayOff; break;
            case "makeUpWorkday": type = HolidayDayType.MakeUpWorkday; break;
            default: errors.Add(new($"{field}.type", Phrase.Of("error.typeMustBeHolidayDayoffOrMakeupworkday"))); break;
        }

        var name = OptionalString(item, "name");
        if (name is null)
        {
            errors.Add(new($"{field}.name", Phrase.Of("error.aNameIsNeeded")));
        }

        return errors.Count > before ? null : new HolidayDay(date, type, name!);
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;
}
