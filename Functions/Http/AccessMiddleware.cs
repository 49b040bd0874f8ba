using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Workflow.Access;

namespace Workflow.Functions.Http;

/// <summary>
/// Every HTTP function passes the one authorization point (<see cref="AccessGate"/>) with its name before it runs. The
/// triggers themselves are anonymous to the Functions host: a person signed in through App Service Authentication has
/// no function key, and scripts' keys are the app's own (Workflow:OrganiserApiKey, Workflow:MasterKey, Workflow:Access:Keys).
/// </summary>
internal sealed class AccessMiddleware(AccessGate gate) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context); // timers, orchestrators, activities
            return;
        }

        var refusal = await gate.AdmitAsync(http, context.FunctionDefinition.Name, http.RequestAborted);
        if (refusal is not null)
        {
            context.GetInvocationResult().Value = refusal.AsAction();
            return;
        }

        await next(context);
    }
}
