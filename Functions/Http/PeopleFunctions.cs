using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Access;

namespace Workflow.Functions.Http;

/// <summary>Who is calling, and the people table (administrators): bind, call the shared handler, answer.</summary>
public sealed class PeopleFunctions(PeopleApi people)
{
    [Function("WhoAmI")]
    public static IActionResult WhoAmI(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req) =>
        PeopleApi.WhoAmI(req).AsAction();

    [Function("ListPeople")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "people")] HttpRequest req) =>
        people.ListAsync(req.HttpContext.RequestAborted).AsAction();

    [Function("PutPerson")]
    public Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "people/{signIn}")] HttpRequest req, string signIn) =>
        people.PutAsync(req, signIn, req.HttpContext.RequestAborted).AsAction();

    [Function("RemovePerson")]
    public Task<IActionResult> Remove(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "people/{signIn}")] HttpRequest req, string signIn) =>
        people.RemoveAsync(req, signIn, req.HttpContext.RequestAborted).AsAction();
}
