using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json.Serialization;

namespace Workflow;

/// <summary>The one JSON shape of the HTTP contract and of the JSON columns in tables: camelCase, enums as camelCase strings.</summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // Vietnamese stays readable; characters that matter in HTML are still escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>
/// An enum as its members' camelCase names (<c>FirstComplaint</c> ↔ <c>firstComplaint</c>), the names
/// <see cref="WorkflowJson"/> gives every enum, also where a serializer does not use those options: the member's name is
/// its JSON name, written once.
/// </summary>
public sealed class CamelCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase)
    where T : struct, Enum;
