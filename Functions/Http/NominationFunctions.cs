using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Courses.Nominations;

namespace Workflow.Functions.Http;

/// <summary>Nominations: the organiser asks units to name their people (the unit contact's page is the link page <c>r/{token}</c>).</summary>
public sealed class NominationFunctions(NominationApi nominations)
{
    [Function("AddNominationUnits")]
    public Task<IActionResult> AddUnits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{id}/units")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => nominations.AddUnitsAsync(req, id, req.HttpContext.RequestAborted)).AsAction();
}
