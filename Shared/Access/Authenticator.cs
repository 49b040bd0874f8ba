using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflow.Hosting;

namespace Workflow.Access;

/// <summary>What a request says about who sent it, before the people table is asked.</summary>
public abstract record Credential
{
    private Credential()
    {
    }

    /// <summary>Nothing presented.</summary>
    public sealed record None : Credential;

    /// <summary>Something presented that proves nothing (a wrong key, an unreadable principal): 401.</summary>
    public sealed record Invalid(Phrase Reason) : Credential;

    /// <summary>A configured key: the caller is the key's own.</summary>
    public sealed record OfKey(Caller Caller) : Credential;

    /// <summary>A signed-in person's sign-in name, still to be found in the people table.</summary>
    public sealed record OfPerson(string SignIn, CallerSource Source) : Credential;
}

/// <summary>
/// Reads the credential of a request: a script's key (<c>x-functions-key</c> or <c>?code=</c>); App Service
/// Authentication's <c>X-MS-CLIENT-PRINCIPAL</c>, only where it is on (elsewhere a client could forge the header, so it
/// is ignored); the local host's development sign-in cookie, only when that is on and the request comes from this machine.
/// </summary>
public sealed class Authenticator
{
    public const string KeyHeader = "x-functions-key";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Easy Auth's principal is a few KiB; anything larger is not one.</summary>
    public const int MaxPrincipalLength = 16 * 1024;

    private readonly IReadOnlyList<(byte[] Secret, Caller Caller)> _keys;
    private readonly AccessOptions _access;
    private readonly DevSession? _dev;

    public Authenticator(IOptions<WorkflowOptions> workflow, IOptions<AccessOptions> access, DevSession? dev = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(access);
        _access = access.Value;
        _dev = _access.DevSignIn ? dev : null;
        _keys = KeyRing(workflow.Value, _access);
    }

    public Credential Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Headers[KeyHeader].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (!string.IsNullOrEmpty(key))
        {
            return FindKey(key) is { } caller ? new Credential.OfKey(caller) : new Credential.Invalid(Phrase.Of("problem.theKeyIsNotValid"));
        }

        if (_access.EasyAuthEnabled && request.Headers.TryGetValue(PrincipalHeader, out var principal))
        {
            return SignInOf(principal.ToString()) is { } signIn
                ? new Credential.OfPerson(signIn, CallerSource.EasyAuth)
                : new Credential.Invalid(Phrase.Of("problem.theSignInCannotBeRead"));
        }

        if (_dev is not null && DevSession.IsLocal(request.HttpContext) && _dev.Read(request) is { } devSignIn)
        {
            return new Credential.OfPerson(devSignIn, CallerSource.DevSignIn);
        }

        return new Credential.None();
    }

    /// <summary>The sign-in name in Easy Auth's principal (base64 JSON: <c>claims</c>, <c>name_typ</c>), or null when it is not one.</summary>
    public static string? SignInOf(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxPrincipalLength)
        {
            return null;
        }

        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header.Trim(), bytes, out var length))
        {
            return null;
        }

        // The parser leaves strings' UTF-8 to be checked when they are read, and reading a bad one throws: refuse it here.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, length)))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var nameType = root.TryGetProperty("name_typ", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            string[] wanted = [nameType ?? "", "preferred_username", "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "upn"];
            var values = claims.EnumerateArray()
                .Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("typ", out var t) && t.ValueKind == JsonValueKind.String
                    && c.TryGetProperty("val", out var v) && v.ValueKind == JsonValueKind.String)
                .Select(c => (Type: c.GetProperty("typ").GetString()!, Value: c.GetProperty("val").GetString()!))
                .ToList();
            var signIn = wanted.Where(w => w.Length > 0)
                .Select(w => values.FirstOrDefault(c => c.Type == w).Value)
                .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            return signIn is { Length: <= 256 } ? PersonKeys.Normalize(signIn) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Caller? FindKey(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        Caller? found = null;
        foreach (var (secret, caller) in _keys)
        {
            // Every key is compared (fixed time each), so the answer's time does not say which one came close.
            if (CryptographicOperations.FixedTimeEquals(bytes, secret))
            {
                found = caller;
            }
        }

        return found;
    }

    /// <summary>
    /// On Azure the keys are Key Vault references (infra/app/function-app.bicep). While a reference cannot be resolved
    /// (the secret is missing, the identity may not read it) App Service hands the app the reference's own text, which
    /// names only the vault and the secret and is no secret at all: such a value is never a key.
    /// </summary>
    public static bool IsUnresolvedKeyVaultReference(string value) =>
        value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    private static List<(byte[] Secret, Caller Caller)> KeyRing(WorkflowOptions workflow, AccessOptions access)
    {
        var keys = new List<(byte[], Caller)>();
        void Add(string? secret, string name, Roles roles, IEnumerable<string> units, bool allUnits)
        {
            if (!string.IsNullOrEmpty(secret) && !IsUnresolvedKeyVaultReference(secret))
            {
                keys.Add((Encoding.UTF8.GetBytes(secret), new Caller(CallerSource.Key, name, name, roles, Caller.UnitSet(units), allUnits) { UnitNames = [.. units] }));
            }
        }

        // The two settings in use before people existed keep their meaning: the organiser key is an organiser and an
        // officer of every unit (scripts, the walk-through, the benchmarks); the master key holds every role.
        Add(workflow.OrganiserApiKey, "organiser-key", Roles.Organiser | Roles.Officer, [], allUnits: true);
        Add(workflow.MasterKey, "master-key", Roles.Administrator | Roles.Organiser | Roles.Officer | Roles.Leader, [], allUnits: true);
        foreach (var (name, key) in access.Keys)
        {
            var units = (key.Units ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Add(key.Secret, name, RoleNames.ParseList(key.Roles), units.Where(u => u != "*"), allUnits: units.Contains("*"));
        }

        return keys;
    }
}

/// <summary>
/// The local host's development sign-in: a cookie naming a person of the table, signed with a key made when the host
/// starts (a restart signs everyone out). Only registered by the local host in Development; only read from loopback requests.
/// </summary>
public sealed class DevSession
{
    public const string CookieName = "wf-dev-signin";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public static bool IsLocal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);
    }

    public string Issue(string signIn)
    {
        var name = Encoding.UTF8.GetBytes(PersonKeys.Normalize(signIn));
        return Base64Url(name) + "." + Base64Url(HMACSHA256.HashData(_key, name));
    }

    public string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Cookies[CookieName];
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (value is null || dot <= 0 || value.Length > 1024)
        {
            return null;
        }

        try
        {
            var name = Convert.FromBase64String(FromBase64Url(value[..dot]));
            var mac = Convert.FromBase64String(FromBase64Url(value[(dot + 1)..]));
            return CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, name)) ? Encoding.UTF8.GetString(name) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}
