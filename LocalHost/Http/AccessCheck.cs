using Workflow.Access;

namespace Workflow.LocalHost.Http;

/// <summary>
/// The local host's side of the one authorization point: after routing, every endpoint passes <see cref="AccessGate"/>
/// with its name (the Functions function's name), as the Functions app's middleware does. Endpoints without a name are
/// the framework's own (a 405 for a method a route does not take); every route this host maps has a name and a row in
/// the access table (the access matrix test checks both).
/// </summary>
public static class AccessCheck
{
    public static IApplicationBuilder UseAccessGate(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var name = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            if (name is null)
            {
                await next(http); // no route (404) or the framework's 405
                return;
            }

            var refusal = await http.RequestServices.GetRequiredService<AccessGate>().AdmitAsync(http, name, http.RequestAborted);
            if (refusal is not null)
            {
                await refusal.ExecuteAsync(http);
                return;
            }

            await next(http);
        });
}
