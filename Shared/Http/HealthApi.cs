using Microsoft.AspNetCore.Http;

namespace Workflow.Http;

/// <summary><c>GET /api/health</c>: liveness with storage reachability (anonymous, no details beyond that).</summary>
public sealed class HealthApi(TableServiceClient tables)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return Results.Json(new { status = "healthy", storage = "reachable" }, WorkflowJson.Options);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException)
        {
            return Results.Json(new { status = "unhealthy", storage = "unreachable" }, WorkflowJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
