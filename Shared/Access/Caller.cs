using System.Text.Json.Serialization;
using Workflow.Units;

namespace Workflow.Access;

/// <summary>How a caller proved who it is.</summary>
public enum CallerSource
{
    None,

    /// <summary>A script's key in <c>x-functions-key</c> (or <c>?code=</c>).</summary>
    Key,

    /// <summary>App Service Authentication's <c>X-MS-CLIENT-PRINCIPAL</c> (Azure, only where it is on); the browser holds its session cookie.</summary>
    EasyAuth,

    /// <summary>The local host's development sign-in cookie (Development, loopback only).</summary>
    DevSignIn,
}

/// <summary>Who made a change: the person's sign-in name (or the key's name) and display name, as audit trails show it.</summary>
public sealed record Author(string Id, string Name)
{
    /// <summary>The workflow itself (a milestone, the waitlist's promotion).</summary>
    public static Author System { get; } = new("system", "system");
}

/// <summary>
/// The one who sent a request, as the <see cref="AccessGate"/> established it: a person of the people table, a key of the
/// configuration, or nobody (anonymous routes). Officers see the cases of their <see cref="Units"/> only.
/// </summary>
public sealed record Caller(CallerSource Source, string Id, string Name, Roles Roles, IReadOnlySet<string> Units, bool AllUnits)
{
    public static Caller Anonymous { get; } = new(CallerSource.None, "", "", Roles.None, new HashSet<string>(), false);

    /// <summary>The units as the people table or the configuration writes them (<see cref="Units"/> holds their compared form).</summary>
    public IReadOnlyList<string> UnitNames { get; init; } = [];

    [JsonIgnore]
    public bool IsKnown => Source != CallerSource.None;

    /// <summary>True when the caller holds at least one of <paramref name="any"/>.</summary>
    public bool HasAny(Roles any) => (Roles & any) != 0;

    /// <summary>An officer's own unit (a key or person with every unit, too): he may register and act on its cases.</summary>
    public bool HandlesUnit(string? unit) =>
        HasAny(Roles.Officer) && unit is not null && (AllUnits || Units.Contains(UnitKeys.Normalize(unit)));

    /// <summary>A case of this unit exists for the caller: a leader's whole board, an officer's own units.</summary>
    public bool SeesUnit(string? unit) => HasAny(Roles.Leader) || HandlesUnit(unit);

    /// <summary>The cookie-borne callers, whose changes must come from the app's own pages (cross-site check).</summary>
    [JsonIgnore]
    public bool UsesBrowserSession => Source is CallerSource.EasyAuth or CallerSource.DevSignIn;

    public Author Author => new(Id, Name);

    public static IReadOnlySet<string> UnitSet(IEnumerable<string> units) =>
        units.Where(u => !string.IsNullOrWhiteSpace(u)).Select(UnitKeys.Normalize).ToHashSet(StringComparer.Ordinal);
}
