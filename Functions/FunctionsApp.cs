using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Hosting;

namespace Workflow.Functions;

/// <summary>
/// The Functions app's composition, in one place: Program.cs runs it, and the composition test builds the same
/// host with scope and build-time validation and activates every function that functions.metadata lists.
/// </summary>
public static class FunctionsApp
{
    public static FunctionsApplicationBuilder Compose(FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<Http.AccessMiddleware>(); // every HTTP function passes the one authorization point first
        builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        builder.Services.AddWorkflow(builder.Configuration);
        return builder;
    }
}
