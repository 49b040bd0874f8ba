using System.Text.Json.Serialization;
using Workflow.Access;

namespace Workflow.Units;

/// <summary>An organisational unit of the province (a department, a commune's People's Committee...), as <c>PUT/GET /api/units</c> carries it.</summary>
/// <param name="Name">The unit's name, unique (case-insensitive); cases name their handling unit by it.</param>
/// <param name="Kind">What it is, kebab-case (<c>department</c>, <c>commune-peoples-committee</c>...).</param>
/// <param name="Parent">The name of the unit above it, when listed.</param>
/// <param name="ContactEmails">Where the unit's leadership is reached (overdue complaint alerts, course nominations).</param>
public sealed record OrgUnit(
    string Name,
    string Kind,
    string? Parent,
    IReadOnlyList<string> ContactEmails);

/// <summary>The body of <c>PUT /api/units</c> in its object form (the array form is the bare list). <c>note</c> is ignored.</summary>
public sealed record UnitList(
    [property: JsonPropertyName("units")] IReadOnlyList<OrgUnit?>? Units,
    [property: JsonPropertyName("note")] string? Note = null);

/// <summary>The answer of <c>PUT /api/units</c>.</summary>
public sealed record UnitReplaceResult(int Units, int Added, int Updated, int Removed);

/// <summary>A unit as <c>GET /api/units</c> lists it: the unit's fields, and who last added or changed it and when (null: before authors were kept).</summary>
public sealed record UnitView(string Name, string Kind, string? Parent, IReadOnlyList<string> ContactEmails, DateTimeOffset? UpdatedAt, Author? UpdatedBy)
{
    public static UnitView From(UnitEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var u = entry.Unit;
        return new(u.Name, u.Kind, u.Parent, u.ContactEmails, entry.UpdatedAt, entry.UpdatedBy);
    }
}
