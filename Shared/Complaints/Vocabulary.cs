using System.Text.Json.Serialization;

namespace Workflow.Complaints;

/// <summary>The kinds of case of SPEC §3; JSON names as in the Case JSON (<c>kind</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseKind>))]
public enum CaseKind
{
    /// <summary>Khiếu nại lần đầu (Luật Khiếu nại 2011, Art. 27–28).</summary>
    [JsonStringEnumMemberName("firstComplaint")] FirstComplaint,

    /// <summary>Khiếu nại lần hai (Luật Khiếu nại 2011, Art. 36–37).</summary>
    [JsonStringEnumMemberName("secondComplaint")] SecondComplaint,

    /// <summary>Tố cáo (Luật Tố cáo 2018, Art. 24, 29–30).</summary>
    [JsonStringEnumMemberName("denunciation")] Denunciation,

    /// <summary>Kiến nghị, phản ánh.</summary>
    [JsonStringEnumMemberName("petition")] Petition,
}

/// <summary>A stage of a case that has a legal deadline.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Stage>))]
public enum Stage
{
    /// <summary>Thụ lý (complaints).</summary>
    [JsonStringEnumMemberName("accept")] Accept,

    /// <summary>Phân loại, xác minh (denunciations).</summary>
    [JsonStringEnumMemberName("classify")] Classify,

    /// <summary>Giải quyết (complaints and denunciations).</summary>
    [JsonStringEnumMemberName("resolve")] Resolve,

    /// <summary>Xử lý (petitions).</summary>
    [JsonStringEnumMemberName("handle")] Handle,
}

/// <summary>How a period is counted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CountingUnit>))]
public enum CountingUnit
{
    /// <summary>Calendar days (ngày); a last day on a weekend or holiday moves to the next working day.</summary>
    [JsonStringEnumMemberName("days")] Days,

    /// <summary>Working days (ngày làm việc): Monday–Friday except holidays and nghỉ bù, plus làm bù Saturdays.</summary>
    [JsonStringEnumMemberName("workingDays")] WorkingDays,
}

/// <summary>The event a period is counted from (the day of the event itself is not counted).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StartEvent>))]
public enum StartEvent
{
    /// <summary>From the day the application was received.</summary>
    [JsonStringEnumMemberName("receipt")] Receipt,

    /// <summary>From the day the case was accepted (thụ lý).</summary>
    [JsonStringEnumMemberName("acceptance")] Acceptance,
}

/// <summary>The camelCase names used in JSON for the vocabulary above (rule-set files, Case JSON).</summary>
public static class ComplaintVocabulary
{
    private static readonly Dictionary<string, CaseKind> Kinds = new(StringComparer.Ordinal)
    {
        ["firstComplaint"] = CaseKind.FirstComplaint,
        ["secondComplaint"] = CaseKind.SecondComplaint,
        ["denunciation"] = CaseKind.Denunciation,
        ["petition"] = CaseKind.Petition,
    };

    private static readonly Dictionary<string, Stage> Stages = new(StringComparer.Ordinal)
    {
        ["accept"] = Stage.Accept,
        ["classify"] = Stage.Classify,
        ["resolve"] = Stage.Resolve,
        ["handle"] = Stage.Handle,
    };

    private static readonly Dictionary<string, CountingUnit> Units = new(StringComparer.Ordinal)
    {
        ["days"] = CountingUnit.Days,
        ["workingDays"] = CountingUnit.WorkingDays,
    };

    private static readonly Dictionary<string, StartEvent> Starts = new(StringComparer.Ordinal)
    {
        ["receipt"] = StartEvent.Receipt,
        ["acceptance"] = StartEvent.Acceptance,
    };

    /// <summary>The stages every kind has, in the order they happen.</summary>
    public static IReadOnlyList<Stage> StagesOf(CaseKind kind) => kind switch
    {
        CaseKind.FirstComplaint or CaseKind.SecondComplaint => [Stage.Accept, Stage.Resolve],
        CaseKind.Denunciation => [Stage.Classify, Stage.Resolve],
        CaseKind.Petition => [Stage.Handle],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown case kind."),
    };

    public static bool TryParseKind(string? text, out CaseKind kind) => Kinds.TryGetValue(text ?? "", out kind);

    public static bool TryParseStage(string? text, out Stage stage) => Stages.TryGetValue(text ?? "", out stage);

    public static bool TryParseUnit(string? text, out CountingUnit unit) => Units.TryGetValue(text ?? "", out unit);

    public static bool TryParseStart(string? text, out StartEvent start) => Starts.TryGetValue(text ?? "", out start);

    public static string Name(CaseKind kind) => Kinds.First(p => p.Value == kind).Key;

    public static string Name(Stage stage) => Stages.First(p => p.Value == stage).Key;

    public static string Name(CountingUnit unit) => Units.First(p => p.Value == unit).Key;

    public static string Name(StartEvent start) => Starts.First(p => p.Value == start).Key;
}
