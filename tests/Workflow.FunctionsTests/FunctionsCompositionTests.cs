using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workflow.Access;
using Workflow.Functions;

namespace Workflow.FunctionsTests;

/// <summary>
/// The Functions app cannot run here (no Core Tools), so its composition is checked without the host: the worker's
/// host is built as Functions/Program.cs builds it (<see cref="FunctionsApp.Compose"/>), with every registration
/// validated at build and scopes checked, and every function that the SDK's functions.metadata lists is activated
/// the way the worker activates it (its class from the request's scope). A missing registration fails here, not on
/// a deployment's first request.
/// </summary>
public sealed class FunctionsCompositionTests
{
    private static readonly Assembly FunctionsAssembly = typeof(FunctionsApp).Assembly;

    private static IHost BuildHost(params string[] more)
    {
        var builder = FunctionsApplication.CreateBuilder(
        [
            "--Workflow:OrganiserApiKey=organiser-key", "--Workflow:MasterKey=master-key", "--Workflow:Links:ActiveKeyId=t",
            "--Workflow:Links:Keys:t=" + Convert.ToBase64String(new byte[32]), .. more,
        ]);
        FunctionsApp.Compose(builder);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        return builder.Build();
    }

    [Fact]
    public void The_host_builds_with_every_registration_validated()
    {
        using var host = BuildHost();
        Assert.NotNull(host.Services);
    }

    [Fact]
    public void Every_function_in_functions_metadata_is_activated_with_the_services_it_needs()
    {
        var functions = ReadMetadata();
        Assert.NotEmpty(functions);
        using var host = BuildHost();
        using var scope = host.Services.CreateScope();

        var problems = new List<string>();
        var classes = new Dictionary<Type, List<string>>();
        foreach (var (name, entryPoint) in functions)
        {
            var split = entryPoint.LastIndexOf('.');
            var type = FunctionsAssembly.GetType(entryPoint[..split]);
            var method = type?.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
            if (type is null || method is null)
            {
                problems.Add($"{name}: entry point {entryPoint} not found in {FunctionsAssembly.GetName().Name}");
            }
            else if (!method.IsStatic) // the worker calls a static entry point (the orchestrator) without an instance
            {
                (classes.TryGetValue(type, out var names) ? names : classes[type] = []).Add(name);
            }
        }

        Assert.NotEmpty(classes);
        foreach (var (type, names) in classes)
        {
            try
            {
                Assert.IsType(type, ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{type.Name} ({string.Join(", ", names)}) cannot be activated: {e.Message}");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_orchestrator_and_activity_the_Functions_app_lists_is_one_the_course_flow_names()
    {
        var durable = ReadMetadata(trigger => trigger is "orchestrationTrigger" or "activityTrigger").Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(nameof(Workflow.Courses.CourseOrchestrator), durable);
        var activities = typeof(Workflow.Courses.CourseOrchestrator).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.Name.EndsWith("Activity", StringComparison.Ordinal)
                        && t.GetMethod("RunAsync") is not null)
            .Select(t => t.Name)
            .ToList();
        Assert.NotEmpty(activities);
        Assert.All(activities, a => Assert.Contains(a, durable));
    }

    [Fact]
    public void Every_milestone_row_names_a_steps_class_the_host_resolves()
    {
        using var host = BuildHost();
        using var scope = host.Services.CreateScope();
        Assert.All(Workflow.Courses.MilestoneTable.Rows, row => Assert.IsType(row.Steps, scope.ServiceProvider.GetService(row.Steps)));
    }

    [Fact]
    public void The_Functions_app_has_no_development_sign_in()
    {
        var functions = ReadHttpFunctions();
        Assert.NotEmpty(functions);
        Assert.DoesNotContain(functions, f => f.Name.StartsWith("DevSignIn", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(functions, f => f.Route.StartsWith("dev/", StringComparison.OrdinalIgnoreCase) || f.Route == "dev");

        // Its cookie cannot be read either: the session (its key) is the local host's alone, even if a setting asked for it.
        using var host = BuildHost("--Workflow:Access:DevSignIn=true");
        Assert.Null(host.Services.GetService<DevSession>());
    }

    [Fact]
    public void A_principal_header_counts_only_where_App_Service_Authentication_sets_WEBSITE_AUTH_ENABLED()
    {
        var principal = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
        {
            auth_typ = "aad",
            name_typ = "preferred_username",
            claims = new[] { new { typ = "preferred_username", val = "quantri@demo.local" } },
        }));

        Credential Read(IHost host)
        {
            var http = new DefaultHttpContext();
            http.Request.Headers[Authenticator.PrincipalHeader] = principal;
            return host.Services.GetRequiredService<Authenticator>().Read(http.Request);
        }

        using (var off = BuildHost())
        {
            Assert.False(off.Services.GetRequiredService<IOptions<AccessOptions>>().Value.EasyAuthEnabled);
            Assert.IsType<Credential.None>(Read(off)); // a forged header where authentication is off: ignored
        }

        using var on = BuildHost("--WEBSITE_AUTH_ENABLED=True");
        var person = Assert.IsType<Credential.OfPerson>(Read(on));
        Assert.Equal("quantri@demo.local", person.SignIn);
        Assert.Equal(CallerSource.EasyAuth, person.Source);
    }

    [Fact]
    public void Every_HTTP_function_has_a_row_in_RouteAccess_and_is_anonymous_to_the_Functions_host()
    {
        var functions = ReadHttpFunctions();
        Assert.NotEmpty(functions);
        Assert.All(functions, f => Assert.True(RouteAccess.Find(f.Name) is not null, $"{f.Name} ({f.Route}) has no row in Workflow.Access.RouteAccess.Rules."));

        // The app checks keys and people itself (AccessMiddleware): a function-level trigger would also ask for a host key,
        // which a signed-in person does not have.
        Assert.All(functions, f => Assert.True(f.AuthLevel == "Anonymous", $"{f.Name} has authLevel {f.AuthLevel}."));
    }

    [Fact]
    public void The_open_routes_are_the_personal_links_the_certificate_check_the_health_probe_and_the_page_shell()
    {
        // infra/app/function-app.bicep lets anonymous requests through App Service Authentication for exactly these.
        var open = ReadHttpFunctions().Where(f => RouteAccess.Find(f.Name)?.Open == true).Select(f => f.Route).Order(StringComparer.Ordinal);
        Assert.Equal(["certificates/{number}", "health", "organiser", "organiser/{file}", "r/{token}", "r/{token}/qr"], open);
    }

    [Fact]
    public async Task The_composed_worker_pipeline_runs_the_access_gate_before_every_HTTP_function()
    {
        using var host = BuildHost();
        var pipeline = host.Services.GetRequiredService<FunctionExecutionDelegate>();
        var accessMiddleware = FunctionsAssembly.GetType("Workflow.Functions.Http.AccessMiddleware", throwOnError: true)!;
        using var scope = host.Services.CreateScope();

        // No credential on a route that needs a role: the gate answers 401 and the function is never reached.
        var refused = new ProbeContext("ListCourses", scope.ServiceProvider, key: null);
        await refused.RunAsync(pipeline);
        Assert.Contains(accessMiddleware, refused.Requested);
        Assert.False(refused.ReachedFunction, "ListCourses ran without a credential.");
        Assert.Equal(StatusCodes.Status401Unauthorized, await refused.StatusOfResultAsync());

        // The master key: the gate admits, leaves the caller for the handler, and the function runs after it.
        var admitted = new ProbeContext("ListCourses", scope.ServiceProvider, key: "master-key");
        await admitted.RunAsync(pipeline);
        Assert.True(admitted.ReachedFunction, "ListCourses was not reached with the master key.");
        Assert.True(admitted.Requested.IndexOf(accessMiddleware) < admitted.Requested.IndexOf(admitted.FirstExecutionService!));
        Assert.Equal("master-key", admitted.Http.Request.Caller().Id);

        // A route without a row is refused: deny by default holds on the Functions host too.
        var unknown = new ProbeContext("NoSuchFunction", scope.ServiceProvider, key: "master-key");
        await unknown.RunAsync(pipeline);
        Assert.False(unknown.ReachedFunction);
        Assert.Equal(StatusCodes.Status403Forbidden, await unknown.StatusOfResultAsync());
    }

    private static List<(string Name, string Route, string AuthLevel)> ReadHttpFunctions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        return document.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => (
                    f.GetProperty("name").GetString()!,
                    b.TryGetProperty("route", out var route) ? route.GetString() ?? "" : "",
                    b.TryGetProperty("authLevel", out var level) ? level.GetString() ?? "" : "")))
            .ToList();
    }

    private static string MetadataPath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(RepositoryRoot.Find(), "Functions", "bin", configuration, "net10.0", "functions.metadata");
    }

    private static List<(string Name, string EntryPoint)> ReadMetadata(Func<string, bool>? trigger = null)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        return document.RootElement.EnumerateArray()
            .Where(f => trigger is null || f.GetProperty("bindings").EnumerateArray()
                .Any(b => trigger(b.GetProperty("type").GetString()!)))
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("entryPoint").GetString()!))
            .ToList();
    }
}
