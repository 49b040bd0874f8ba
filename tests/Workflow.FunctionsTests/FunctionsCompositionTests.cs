using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    private static IHost BuildHost()
    {
        var builder = FunctionsApplication.CreateBuilder(
        [
            "--Workflow:OrganiserApiKey=organiser-key", "--Workflow:MasterKey=master-key", "--Workflow:Links:ActiveKeyId=t",
            "--Workflow:Links:Keys:t=" + Convert.ToBase64String(new byte[32]),
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

    private static List<(string Name, string EntryPoint)> ReadMetadata(Func<string, bool>? trigger = null)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Find(), "Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .Where(f => trigger is null || f.GetProperty("bindings").EnumerateArray()
                .Any(b => trigger(b.GetProperty("type").GetString()!)))
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("entryPoint").GetString()!))
            .ToList();
    }
}
