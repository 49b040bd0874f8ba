using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Units;

namespace Workflow.Functions.Http;

/// <summary>Units registry HTTP triggers.</summary>
public sealed class UnitFunctions(UnitApi units)
{
    [Function("PutUnits")]
    public Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "units")] HttpRequest req) =>
        units.PutAsync(req, req.HttpContext.RequestAborted).AsAction();

    [Function("ListUnits")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "units")] HttpRequest req) =>
        units.ListAsync(req.HttpContext.RequestAborted).AsAction();
}
