namespace Workflow.Access;

/// <summary>The roles' wire names (<c>organiser</c>, <c>officer</c>, <c>leader</c>, <c>administrator</c>), as the API and configuration write them.</summary>
public static class RoleNames
{
    private static readonly (Roles Role, string Name)[] All =
    [
        (Roles.Organiser, "organiser"), (Roles.Officer, "officer"), (Roles.Leader, "leader"), (Roles.Administrator, "administrator"),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(r => r.Name)];

    /// <summary>The names of the roles held, in the order above.</summary>
    public static IReadOnlyList<string> Of(Roles roles) => [.. All.Where(r => roles.HasFlag(r.Role)).Select(r => r.Name)];

    public static bool TryParse(string? name, out Roles role)
    {
        var match = All.FirstOrDefault(r => string.Equals(r.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        role = match.Role;
        return match.Name is not null;
    }

    /// <summary>A comma-separated list (configuration); unknown names are skipped.</summary>
    public static Roles ParseList(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Aggregate(Roles.None, (all, name) => TryParse(name, out var role) ? all | role : all);
}
