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

    /// <summary>
    /// Where the organiser's page sends a person to sign in: App Service Authentication's login path for the app's
    /// provider (<c>aad</c> for Microsoft Entra ID; another provider's name for the province's own OpenID Connect
    /// sign-in), coming back to the page. The local host in Development sets its development sign-in instead.
    /// </summary>
    public string SignInUrl { get; set; } = "/.auth/login/aad?post_login_redirect_uri=/api/organiser";

    /// <summary>Where the page's sign-out goes (App Service Authentication's logout, back to the page).</summary>
    public string SignOutUrl { get; set; } = "/.auth/logout?post_logout_redirect_uri=/api/organiser";

    /// <summary><c>GET</c>: the sign-out is a link (Easy Auth); <c>POST</c>: the page posts to it (the development sign-in).</summary>
    public string SignOutMethod { get; set; } = "GET";

    /// <summary>A person can sign in here: Easy Auth is on (Azure) or the development sign-in is (local host).</summary>
    public bool PersonSignIn => EasyAuthEnabled || DevSignIn;

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
