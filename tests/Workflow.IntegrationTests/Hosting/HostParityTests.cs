using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Durable;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.LocalHost;
using Workflow.LocalHost.Timers;

namespace Workflow.IntegrationTests.Hosting;

/// <summary>
/// The local host must expose exactly the Functions app's functions: same HTTP names, routes, methods
/// and authorization levels, the same orchestrators and activities, the same timers on the same
/// schedules. The Functions side is read from the functions.metadata its SDK generates at build.
/// </summary>
public sealed class HostParityTests
{
    private static readonly Lazy<List<FunctionEntry>> Metadata = new(ReadMetadata);

    [Fact]
    public async Task Http_routes_and_methods_equal_the_Functions_app()
    {
        await using var app = LocalHostApp.Build(
        [
            "--Workflow:OrganiserApiKey=k", "--Workflow:MasterKey=m", "--Workflow:Links:ActiveKeyId=t",
            "--Workflow:Links:Keys:t=" + Convert.ToBase64String(new byte[32]),
        ]);
        var local = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => new
            {
                Name = e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "(unnamed " + e.RoutePattern.RawText + ")",
                Route = e.RoutePattern.RawText!.TrimStart('/'),
                Methods = string.Join(",", (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m.ToUpperInvariant()).Order()),
            })
            .Where(e => !LocalOnly.Names.Contains(e.Name))
            .Select(e => $"{e.Name} {e.Methods} {e.Route}")
            .Order()
            .ToList();

        var functions = Metadata.Value
            .Where(f => f.Trigger.Type == "httpTrigger")
            .Select(f => $"{f.Name} {string.Join(",", f.Trigger.Methods.Select(m => m.ToUpperInvariant()).Order())} api/{f.Trigger.Route}")
            .Order()
            .ToList();

        Assert.NotEmpty(functions);
        Assert.Equal(functions, local);
    }

    /// <summary>
    /// Issue 17: the Functions host checks no key (a signed-in person has none); every HTTP function passes the app's own
    /// access gate, whose table opens only the page shell and files (no data), the personal links and a check-in link's
    /// QR image (the signed token is the authority), certificate verification (a public check by number) and health.
    /// </summary>
    [Fact]
    public void Every_function_is_anonymous_to_the_host_and_only_the_public_ones_are_open_in_the_access_table()
    {
        var http = Metadata.Value.Where(f => f.Trigger.Type == "httpTrigger").ToList();
        Assert.All(http, f => Assert.Equal("Anonymous", f.Trigger.AuthLevel));
        Assert.All(http, f => Assert.True(Workflow.Access.RouteAccess.Find(f.Name) is not null, $"{f.Name} has no row in RouteAccess"));
        var open = http
            .Where(f => Workflow.Access.RouteAccess.Find(f.Name)!.Open)
            .Select(f => $"{f.Name} api/{f.Trigger.Route}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [
                "CheckInQr api/r/{token}/qr",
                "Health api/health",
                "OrganiserPage api/organiser",
                "OrganiserPageFile api/organiser/{file}",
                "ReplyPage api/r/{token}",
                "VerifyCertificate api/certificates/{number}",
            ],
            open);
    }

    [Fact]
    public void Orchestrators_and_activities_are_registered_under_the_same_names()
    {
        Assert.Equal(
            Names("orchestrationTrigger"),
            WorkflowRegistry.Orchestrators.Select(t => t.Name).Order().ToList());
        Assert.Equal(
            Names("activityTrigger"),
            WorkflowRegistry.Activities.Select(t => t.Name).Order().ToList());
    }

    [Fact]
    public void Timers_have_the_same_names_and_schedules()
    {
        var functions = Metadata.Value
            .Where(f => f.Trigger.Type == "timerTrigger")
            .Select(f => $"{f.Name} {f.Trigger.Schedule}")
            .Order()
            .ToList();
        var local = new LocalTimers().All.Select(t => $"{t.Name} {t.Schedule}").Order().ToList();
        Assert.NotEmpty(functions);
        Assert.Equal(functions, local);
    }

    private static List<string> Names(string triggerType) =>
        Metadata.Value.Where(f => f.Trigger.Type == triggerType).Select(f => f.Name).Order().ToList();

    private static List<FunctionEntry> ReadMetadata()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Find(), "Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(f =>
        {
            var trigger = f.GetProperty("bindings").EnumerateArray()
                .First(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            return new FunctionEntry(
                f.GetProperty("name").GetString()!,
                new TriggerEntry(
                    trigger.GetProperty("type").GetString()!,
                    trigger.TryGetProperty("route", out var route) ? route.GetString() : null,
                    trigger.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!).ToList() : [],
                    trigger.TryGetProperty("authLevel", out var auth) ? auth.GetString() : null,
                    trigger.TryGetProperty("schedule", out var schedule) ? schedule.GetString() : null));
        }).ToList();
    }

    private sealed record FunctionEntry(string Name, TriggerEntry Trigger);

    private sealed record TriggerEntry(string Type, string? Route, IReadOnlyList<string> Methods, string? AuthLevel, string? Schedule);
}
