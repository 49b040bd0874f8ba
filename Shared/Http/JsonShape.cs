using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Workflow.Http;

/// <summary>
/// Checks a JSON value against the shape of the record it will be bound to, before binding, so that every
/// error names its field as a JSON path (<c>sessions[0].start</c>, <c>[3].email</c>) and says in words what is
/// expected: text, a whole number, true/false, a date <c>yyyy-MM-dd</c>, an instant with its UTC offset, one
/// of an enum's names, a list, an object. Unknown fields are refused. Nulls are left to the domain's
/// validation (which says what is required). Broken Unicode and control characters were refused when the
/// body was parsed (<see cref="RequestReader.ParseJson"/>).
/// </summary>
public static partial class JsonShape
{
    /// <summary>Errors reported at most (a body full of mistakes gets the first ones).</summary>
    public const int MaxErrors = 50;

    /// <summary>The earliest and latest calendar year taken in dates and instants.</summary>
    public const int MinYear = 1900;

    public const int MaxYear = 2200;

    public static Dictionary<string, Phrase[]> Check(JsonElement element, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var errors = new Dictionary<string, List<Phrase>>(StringComparer.Ordinal);
        Walk(element, type, string.Empty, errors);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>"$.sessions[0].start" → "sessions[0].start"; the root is "body".</summary>
    public static string Field(string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        var field = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in words.</summary>
    public static Phrase Expected(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return Phrase.Of("problem.textInDoubleQuotesIsExpected");
        }

        if (type == typeof(bool))
        {
            return Phrase.Of("problem.trueOrFalseIsExpected");
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return Phrase.Of("problem.aWholeNumberIsExpected");
        }

        if (type == typeof(double) || type == typeof(decimal))
        {
            return Phrase.Of("problem.aNumberIsExpected");
        }

        if (type == typeof(DateTimeOffset))
        {
            return Phrase.Of("problem.aDateAndTimeWithItsUtc");
        }

        if (type == typeof(DateOnly))
        {
            return Phrase.Of("problem.aDateAsYyyyMmDdIs");
        }

        if (type.IsEnum)
        {
            var names = string.Join(", ", EnumNames(type));
            return Phrase.Of("problem.oneOf", ("names", names));
        }

        var info = WorkflowJson.Options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => Phrase.Of("problem.aListIsExpected"),
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => Phrase.Of("problem.anObjectIsExpected"),
            _ => Phrase.Of("problem.notAValidValueHere"),
        };
    }

    private static void Walk(JsonElement element, Type type, string path, Dictionary<string, List<Phrase>> errors)
    {
        if (errors.Count >= MaxErrors)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            return; // required-ness is the domain's to say, with its own words
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            Expect(element.ValueKind == JsonValueKind.String, type, path, errors);
        }
        else if (type == typeof(bool))
        {
            Expect(element.ValueKind is JsonValueKind.True or JsonValueKind.False, type, path, errors);
        }
        else if (type == typeof(int))
        {
            Expect(element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out _), type, path, errors);
        }
        else if (type == typeof(long))
        {
            Expect(element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out _), type, path, errors);
        }
        else if (type == typeof(double) || type == typeof(decimal))
        {
            Expect(element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out _), type, path, errors);
        }
        else if (type == typeof(DateTimeOffset))
        {
            CheckInstant(element, path, errors);
        }
        else if (type == typeof(DateOnly))
        {
            Expect(
                element.ValueKind == JsonValueKind.String
                    && DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    && date.Year is >= MinYear and <= MaxYear,
                type,
                path,
                errors);
        }
        else if (type.IsEnum)
        {
            Expect(element.ValueKind == JsonValueKind.String && EnumNames(type).Contains(element.GetString(), StringComparer.OrdinalIgnoreCase), type, path, errors);
        }
        else
        {
            WalkComposite(element, type, path, errors);
        }
    }

    private static void WalkComposite(JsonElement element, Type type, string path, Dictionary<string, List<Phrase>> errors)
    {
        var info = WorkflowJson.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, info.ElementType!, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), errors);
                }

                break;
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                var placeholder = 0;
                foreach (var property in element.EnumerateObject())
                {
                    var known = info.Properties.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                    var shown = PlainField().IsMatch(property.Name) ? property.Name : string.Create(CultureInfo.InvariantCulture, $"(field {++placeholder})");
                    var field = path.Length == 0 ? shown : $"{path}.{shown}";
                    if (known is null)
                    {
                        var names = string.Join(", ", info.Properties.Select(p => p.Name));
                        Add(errors, field, Phrase.Of("problem.unknownFieldTheFieldsHereAre", ("names", names)));
                    }
                    else
                    {
                        Walk(property.Value, known.PropertyType, path.Length == 0 ? known.Name : $"{path}.{known.Name}", errors);
                    }
                }

                break;
            case JsonTypeInfoKind.Dictionary when element.ValueKind == JsonValueKind.Object:
                break;
            default:
                Add(errors, Name(path), Expected(type));
                break;
        }
    }

    private static void CheckInstant(JsonElement element, string path, Dictionary<string, List<Phrase>> errors)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (text is not null && Instant().Match(text) is { Success: true } match)
        {
            if (!match.Groups["offset"].Success)
            {
                Add(errors, Name(path), Phrase.Of("problem.theUtcOffsetIsMissingAdd07"));
                return;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
                && value.Year is >= MinYear and <= MaxYear
                && value.Offset.Duration() <= TimeSpan.FromHours(14))
            {
                return;
            }
        }

        Add(errors, Name(path), Phrase.Of("problem.aDateAndTimeWithItsUtcInYears", ("min", MinYear), ("max", MaxYear)));
    }

    private static void Expect(bool ok, Type type, string path, Dictionary<string, List<Phrase>> errors)
    {
        if (!ok)
        {
            Add(errors, Name(path), Expected(type));
        }
    }

    private static string Name(string path) => path.Length == 0 ? "body" : path;

    private static void Add(Dictionary<string, List<Phrase>> errors, string field, Phrase message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    private static IEnumerable<string> EnumNames(Type type) =>
        Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n));

    /// <summary>A field name safe to echo back (anything else is shown as "(field n)": a name may itself carry data).</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_\\-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainField();

    /// <summary>ISO-8601 date and time, seconds and fraction optional, offset captured when present.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Instant();
}
