using System.Text.Json.Serialization;

namespace Workflow.Complaints;

/// <summary>The kinds of case of SPEC §3; JSON names as in the Case JSON (<c>kind</c>).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<CaseKind>))]
public enum CaseKind
{
    /// <summary>Khiếu nại lần đầu (Luật Khiếu nại 2011, Art. 27–28).</summary>
    FirstComplaint,

    /// <summary>Khiếu nại lần hai (Luật Khiếu nại 2011, Art. 36–37).</summary>
    SecondComplaint,

    /// <summary>Tố cáo (Luật Tố cáo 2018, Art. 24, 29–30).</summary>
    Denunciation,

    /// <summary>Kiến nghị, phản ánh.</summary>
    Petition,
}

/// <summary>A stage of a case that has a legal deadline.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<Stage>))]
public enum Stage
{
    /// <summary>Thụ lý (complaints).</summary>
    Accept,

    /// <summary>Phân loại, xác minh (denunciations).</summary>
    Classify,

    /// <summary>Giải quyết (complaints and denunciations).</summary>
    Resolve,

    /// <summary>Xử lý (petitions).</summary>
    Handle,
}

/// <summary>How a period is counted.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<CountingUnit>))]
public enum CountingUnit
{
    /// <summary>Calendar days (ngày); a last day on a weekend or holiday moves to the next working day.</summary>
    Days,

    /// <summary>Working days (ngày làm việc): Monday–Friday except holidays and nghỉ bù, plus làm bù Saturdays.</summary>
    WorkingDays,
}

/// <summary>The event a period is counted from (the day of the event itself is not counted).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<StartEvent>))]
public enum StartEvent
{
    /// <summary>From the day the application was received.</summary>
    Receipt,

    /// <summary>From the day the case was accepted (thụ lý).</summary>
    Acceptance,
}

/// <summary>
/// The camelCase names used in JSON for the vocabulary above (rule-set files, Case JSON): each member's name in camel case
/// (<see cref="CamelCaseEnumConverter{T}"/>), so a name is written once.
/// </summary>
public static class ComplaintVocabulary
{
    /// <summary>The stages every kind has, in the order they happen.</summary>
    public static IReadOnlyList<Stage> StagesOf(CaseKind kind) => kind switch
    {
        CaseKind.FirstComplaint or CaseKind.SecondComplaint => [Stage.Accept, Stage.Resolve],
        CaseKind.Denunciation => [Stage.Classify, Stage.Resolve],
        CaseKind.Petition => [Stage.Handle],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown case kind."),
    };

    public static bool TryParseKind(string? text, out CaseKind kind) => JsonNames<CaseKind>.TryParse(text, out kind);

    public static bool TryParseStage(string? text, out Stage stage) => JsonNames<Stage>.TryParse(text, out stage);

    public static bool TryParseUnit(string? text, out CountingUnit unit) => JsonNames<CountingUnit>.TryParse(text, out unit);

    public static bool TryParseStart(string? text, out StartEvent start) => JsonNames<StartEvent>.TryParse(text, out start);

    public static string Name(CaseKind kind) => JsonNames<CaseKind>.Of(kind);

    public static string Name(Stage stage) => JsonNames<Stage>.Of(stage);

    public static string Name(CountingUnit unit) => JsonNames<CountingUnit>.Of(unit);

    public static string Name(StartEvent start) => JsonNames<StartEvent>.Of(start);

    /// <summary>The JSON names of <typeparamref name="T"/>'s members, computed once.</summary>
    private static class JsonNames<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(
            v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()),
            StringComparer.Ordinal);

        public static bool TryParse(string? text, out T value) => ByName.TryGetValue(text ?? "", out value);

        public static string Of(T value) => ByName.First(p => p.Value.Equals(value)).Key;
    }
}
