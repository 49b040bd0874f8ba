using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflow.Hosting;
using Workflow.Http;

namespace Workflow.Access;

/// <summary>
/// The one authorization point (docs/security.md): both hosts call it before a route's handler, with the function's
/// name. It looks up the route's rule (<see cref="RouteAccess"/>; none → refused), establishes the caller (a key, or a
/// signed-in person found in the people table on every request), checks the roles, refuses a browser session's change
/// that does not come from the app's own origin, and leaves the caller on the request for the handler
/// (<see cref="CallerContext.Caller(HttpRequest)"/>). A refusal changes nothing: the handler never runs.
/// </summary>
public sealed partial class AccessGate(
    Authenticator authenticator, PeopleStore people, IOptions<AccessOptions> access, IOptions<WorkflowOptions> workflow, ILogger<AccessGate> logger)
{
    /// <summary>
    /// The site's public origin (<c>Workflow:PublicBaseUrl</c>, the address people's browsers use). On Azure the worker
    /// sees the request as the Functions host forwards it, whose scheme and host need not be the browser's; this is not.
    /// </summary>
    private readonly Uri? _publicOrigin = Uri.TryCreate(workflow.Value.PublicBaseUrl, UriKind.Absolute, out var publicBase) ? publicBase : null;

    /// <summary>Null to go on, else the answer (401, 403) to send instead of the handler's.</summary>
    public async Task<IResult?> AdmitAsync(HttpContext http, string functionName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var rule = RouteAccess.Find(functionName);
        if (rule is null)
        {
            LogNoRule(logger, functionName);
            return Problems.Forbidden(Phrase.Of("problem.thisRouteIsNotOpenToAnyone"));
        }

        if (rule.Open)
        {
            http.Items[typeof(Caller)] = Caller.Anonymous;
            return null;
        }

        Caller caller;
        switch (authenticator.Read(http.Request))
        {
            case Credential.OfKey key:
                caller = key.Caller;
                break;
            case Credential.OfPerson person:
                var (found, refusal) = await FindPersonAsync(person, cancellationToken);
                if (refusal is not null)
                {
                    LogRefused(logger, functionName, StatusCodes.Status403Forbidden);
                    return refusal;
                }

                caller = found!;
                break;
            case Credential.Invalid invalid:
                LogRefused(logger, functionName, StatusCodes.Status401Unauthorized);
                return Problems.Unauthorized(invalid.Reason);
            default:
                LogRefused(logger, functionName, StatusCodes.Status401Unauthorized);
                return Problems.Unauthorized(Phrase.Of("problem.signInOrSendAKey"));
        }

        if (!rule.Admits(caller))
        {
            LogRefused(logger, functionName, StatusCodes.Status403Forbidden);
            return Problems.Forbidden(Phrase.Of("problem.yourRolesDoNotAllowThis"));
        }

        if (caller.UsesBrowserSession && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !SameOrigin(http.Request))
        {
            LogRefused(logger, functionName, StatusCodes.Status403Forbidden);
            return Problems.Forbidden(Phrase.Of("problem.aChangeMustComeFromThisSite"));
        }

        http.Items[typeof(Caller)] = caller;
        return null;
    }

    /// <summary>The person of the table (the configured administrators are administrators in any case), or a 403 naming whom to ask.</summary>
    private async Task<(Caller? Caller, IResult? Refusal)> FindPersonAsync(Credential.OfPerson credential, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(credential.SignIn, cancellationToken);
        var administrator = access.Value.AdministratorNames.Contains(PersonKeys.Normalize(credential.SignIn), StringComparer.Ordinal);
        if (person is null && !administrator)
        {
            var admins = access.Value.AdministratorNames;
            return (null, Problems.Forbidden(admins.Count == 0
                ? Phrase.Of("problem.youAreNotAmongThePeopleAskTheBoard")
                : Phrase.Of("problem.youAreNotAmongThePeopleAsk", ("administrators", string.Join(", ", admins)))));
        }

        var caller = person?.AsCaller(credential.Source)
            ?? new Caller(credential.Source, PersonKeys.Normalize(credential.SignIn), credential.SignIn, Roles.None, new HashSet<string>(), false);
        return (administrator ? caller with { Roles = caller.Roles | Roles.Administrator } : caller, null);
    }

    /// <summary>A browser sends <c>Origin</c> with every POST, PATCH, PUT and DELETE; it must be this site's own.</summary>
    /// <remarks>The origin must be the site's public one or, where the request arrives as the browser sent it (the local host), its own.</remarks>
    private bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.FirstOrDefault() ?? request.Headers.Referer.FirstOrDefault();
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && ((_publicOrigin is not null && Same(uri, _publicOrigin.Scheme, _publicOrigin.Authority)) || Same(uri, request.Scheme, request.Host.Value));

        static bool Same(Uri uri, string scheme, string? authority) =>
            string.Equals(uri.Scheme, scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, authority, StringComparison.OrdinalIgnoreCase);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Route {Function} has no access rule in RouteAccess: refused.")]
    private static partial void LogNoRule(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Information, Message = "Route {Function} refused with {Status}.")]
    private static partial void LogRefused(ILogger logger, string function, int status);
}

/// <summary>The caller the gate admitted, for the handler.</summary>
public static class CallerContext
{
    public static Caller Caller(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items.TryGetValue(typeof(Caller), out var caller) && caller is Caller c ? c : Access.Caller.Anonymous;
    }
}
