using Microsoft.Extensions.Options;
using Workflow.Hosting;
using Workflow.Http;

namespace Workflow.LocalHost.Http;

/// <summary>Azure Functions' authorization levels, as the local host enforces them.</summary>
public enum FunctionAuthLevel
{
    Anonymous,
    Function,
    Admin,
}

/// <summary>Endpoint metadata: the level an endpoint requires (the same as its Functions trigger's).</summary>
public sealed record FunctionAuthMetadata(FunctionAuthLevel Level);

/// <summary>
/// Checks <c>x-functions-key</c> (or <c>?code=</c>) as the Functions host does: function level accepts
/// the organiser key or the master key; admin level only the master key.
/// </summary>
public static class FunctionKeys
{
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder, FunctionAuthLevel level)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new FunctionAuthMetadata(level));
        if (level != FunctionAuthLevel.Anonymous)
        {
            builder.AddEndpointFilter(async (context, next) =>
            {
                var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<WorkflowOptions>>().Value;
                return IsAuthorized(context.HttpContext.Request, level, options)
                    ? await next(context)
                    : Problems.Unauthorized();
            });
        }

        return builder;
    }

    private static bool IsAuthorized(HttpRequest request, FunctionAuthLevel level, WorkflowOptions options)
    {
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return Matches(presented, options.MasterKey) || (level == FunctionAuthLevel.Function && Matches(presented, options.OrganiserApiKey));
    }

    private static bool Matches(string presented, string? key) =>
        !string.IsNullOrEmpty(key) &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(key));
}
