namespace Workflow.Access;

/// <summary>Sign-in and keys, section <c>Workflow:Access</c> (env <c>Workflow__Access__*</c>); docs/security.md.</summary>
public sealed class AccessOptions
{
    public const string Section = "Workflow:Access";

    /// <summary>
    /// Sign-in names (comma-separated) that are administrators whatever the people table says: the first administrators
    /// of a new deployment, who then add everyone else. Also named in the 403 answer to a person not in the table.
    /// </summary>
    public string? Administrators { get; set; }

    /// <summary>More keys for scripts and integrations, by name: each with its secret, roles and units.</summary>
    public Dictionary<string, ScriptKeyOptions> Keys { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Read the signed-in person from App Service Authentication's headers. Set from <c>WEBSITE_AUTH_ENABLED</c>, which
    /// App Service sets when authentication is on; never on the local host. Off, a principal header is ignored.
    /// </summary>
    public bool EasyAuthEnabled { get; set; }

    /// <summary>The development sign-in (local host in Development, loopback requests only).</summary>
    public bool DevSignIn { get; set; }

    public IReadOnlyList<string> AdministratorNames =>
        [.. (Administrators ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(PersonKeys.Normalize)];
}

/// <summary>A script's key: <c>Workflow:Access:Keys:{name}:Secret</c>, <c>:Roles</c> (comma-separated), <c>:Units</c> (comma-separated, or <c>*</c>).</summary>
public sealed class ScriptKeyOptions
{
    public string? Secret { get; set; }

    public string? Roles { get; set; }

    public string? Units { get; set; }
}
