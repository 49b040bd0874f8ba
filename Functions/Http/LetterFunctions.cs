using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Documents.Letters;

namespace Workflow.Functions.Http;

/// <summary>Issue 18: a course's letters as PDF (Giấy mời, the nomination công văn).</summary>
public sealed class LetterFunctions(LetterApi letters)
{
    [Function("GetInvitationLetters")]
    public Task<IActionResult> GetInvitationLetters(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/letters/invitation")] HttpRequest req, string id) =>
        letters.InvitationAsync(req, id, req.HttpContext.RequestAborted).AsAction();

    [Function("GetNominationLetters")]
    public Task<IActionResult> GetNominationLetters(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{id}/letters/nomination")] HttpRequest req, string id) =>
        letters.NominationAsync(req, id, req.HttpContext.RequestAborted).AsAction();
}
