using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflow.Access;
using Workflow.Http;
using Workflow.Templates;

namespace Workflow.LocalHost.Http;

/// <summary>
/// The development sign-in (docs/security.md): stands in for the OpenID Connect provider on a developer's machine. It
/// exists only when the local host runs in Development (the Functions app has no such route), and answers only requests
/// from this machine (loopback); elsewhere it is 404. Signing in sets a cookie naming a person of the people table,
/// signed with a key made at start (<see cref="DevSession"/>), HttpOnly and SameSite=Strict.
/// </summary>
public static class DevSignIn
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var dev = app.MapGroup("/api/dev");
        dev.MapGet("signin", PageAsync).WithName("DevSignInPage");
        dev.MapPost("signin", SignInAsync).WithName("DevSignIn").DisableAntiforgery();
        dev.MapPost("signout", SignOut).WithName("DevSignOut").DisableAntiforgery();
    }

    private static async Task<IResult> PageAsync(HttpContext http, PeopleStore people, DevSession session, TemplateRenderer words, CancellationToken ct)
    {
        if (!DevSession.IsLocal(http))
        {
            return Results.NotFound();
        }

        var language = ReaderLanguage.Of(http.Request);
        var list = (await people.ListAsync(ct))
            .Select(p => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["signIn"] = p.SignIn,
                ["name"] = p.Name,
                ["roles"] = string.Join(", ", RoleNames.Of(p.Roles).Select(r => words.Render(Phrase.Of("role." + r), language))),
                ["units"] = string.Join(", ", p.Units),
            })
            .ToList();
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["lang"] = language,
            ["people"] = list,
            ["signedIn"] = session.Read(http.Request) ?? "",
        };
        return Results.Content(words.Render("dev-signin", html: true, model, language), "text/html; charset=utf-8");
    }

    private static async Task<IResult> SignInAsync(HttpContext http, PeopleStore people, DevSession session, IOptions<AccessOptions> access, CancellationToken ct)
    {
        if (!DevSession.IsLocal(http) || !http.Request.HasFormContentType)
        {
            return Results.NotFound();
        }

        var form = await http.Request.ReadFormAsync(ct);
        var signIn = form["signIn"].ToString();
        var known = signIn.Length is > 0 and <= PeopleApi.MaxSignIn
            && (await people.FindAsync(signIn, ct) is not null || access.Value.AdministratorNames.Contains(PersonKeys.Normalize(signIn)));
        if (!known || !SameSite(http.Request))
        {
            return Results.Redirect("/api/dev/signin", permanent: false);
        }

        http.Response.Cookies.Append(DevSession.CookieName, session.Issue(signIn), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/api",
            IsEssential = true,
        });
        return Results.Redirect("/api/organiser", permanent: false);
    }

    private static IResult SignOut(HttpContext http)
    {
        if (!DevSession.IsLocal(http))
        {
            return Results.NotFound();
        }

        http.Response.Cookies.Delete(DevSession.CookieName, new CookieOptions { Path = "/api" });
        return Results.Redirect("/api/dev/signin", permanent: false);
    }

    private static bool SameSite(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Origin.FirstOrDefault() ?? request.Headers.Referer.FirstOrDefault(), UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds the demo people of <c>demo-people.json</c> that are not in the table yet (an edit made since is kept):
    /// an organiser, an officer of each of two units, a leader, an administrator. <c>./run.sh</c> turns this on.
    /// </summary>
    public static async Task SeedDemoPeopleAsync(IServiceProvider services, CancellationToken ct)
    {
        var people = services.GetRequiredService<PeopleStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var path = Path.Combine(AppContext.BaseDirectory, "demo-people.json");
        var demo = JsonSerializer.Deserialize<List<DemoPerson>>(await File.ReadAllTextAsync(path, ct), WorkflowJson.Options) ?? [];
        foreach (var d in demo)
        {
            if (await people.FindAsync(d.SignIn, ct) is null)
            {
                await people.PutAsync(new Person(d.SignIn, d.Name, RoleNames.ParseList(string.Join(',', d.Roles)), d.Units, now, new Author("run.sh", "run.sh")), ct);
            }
        }
    }

    private sealed record DemoPerson(string SignIn, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Units);
}

/// <summary>Seeds the demo people when the host starts (Development, <c>Workflow:Access:DemoPeople=true</c>, as <c>./run.sh</c> sets).</summary>
internal sealed class DemoPeopleSeeder(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => DevSignIn.SeedDemoPeopleAsync(services, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
