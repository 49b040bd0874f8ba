using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Courses;

namespace Workflow.Functions.Http;

/// <summary>Seats (issue 8): the organiser records a reply received by letter or phone.</summary>
public sealed class OfflineReplyFunctions(OfflineReplyApi replies)
{
    [Function("RecordReply")]
    public Task<IActionResult> RecordReply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{id}/replies")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client) =>
        client.Run(() => replies.RecordAsync(req, id, req.HttpContext.RequestAborted)).AsAction();
}
