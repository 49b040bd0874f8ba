using Workflow.Courses.Storage;

namespace Workflow.Courses;

/// <summary>A remind-now request: which pending invitees to remind, once (its id comes from the Idempotency-Key).</summary>
/// <param name="InviteeIds">The chosen invitees; empty means every invitee still pending when the reminder goes out.</param>
/// <param name="Count">How many people the request was for when it was made.</param>
public sealed record RemindRequestRow(string CourseId, string RequestId, IReadOnlyList<string> InviteeIds, int Count, DateTimeOffset RequestedAt, bool Done)
{
    /// <summary>Whether a request naming <paramref name="requested"/> (null: everyone pending) asks for what this stored one asked (the same people, in any order).</summary>
    public bool IsFor(IReadOnlyList<string?>? requested) =>
        requested is null
            ? InviteeIds.Count == 0
            : requested.Count > 0 && InviteeIds.Count > 0 && requested.ToHashSet(StringComparer.Ordinal).SetEquals(InviteeIds);
}

/// <summary>
/// The RemindRequests table (PK = course id, RK = request id): the organiser's remind-now requests, once each. Which
/// cancellation / reschedule notice / remind-now request reached each invitee are marks on the invitee rows
/// (<see cref="InviteeStore.MarkChangeAsync"/>).
/// </summary>
public sealed class CourseChangeStore(TableServiceClient service, TableInitializer init)
{
    public const string RemindRequestsTable = "RemindRequests";

    private readonly TableClient _requests = service.GetTableClient(RemindRequestsTable);
    private readonly TableInitializer _init = init;

    /// <summary>Stores a new request, or returns the one already stored under its id (a retried POST).</summary>
    public async Task<(RemindRequestRow Row, bool Created)> AddRequestAsync(RemindRequestRow request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _init.EnsureAsync(_requests, cancellationToken);
        try
        {
            await _requests.AddEntityAsync(ToEntity(request), cancellationToken);
            return (request, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (await GetRequestAsync(request.CourseId, request.RequestId, cancellationToken) ?? request, false);
        }
    }

    public async Task<RemindRequestRow?> GetRequestAsync(string courseId, string requestId, CancellationToken cancellationToken)
    {
        if (!ResourceIds.IsValid(courseId) || !ResourceIds.IsValid(requestId))
        {
            return null;
        }

        await _init.EnsureAsync(_requests, cancellationToken);
        var response = await _requests.GetEntityIfExistsAsync<TableEntity>(courseId, requestId, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new RemindRequestRow(
            courseId,
            requestId,
            JsonSerializer.Deserialize<List<string>>(e.GetString("InviteeIds") ?? "[]", WorkflowJson.Options) ?? [],
            e.GetInt32("Count") ?? 0,
            e.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue,
            e.GetBoolean("Done") ?? false);
    }

    public async Task MarkRequestDoneAsync(string courseId, string requestId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_requests, cancellationToken);
        await _requests.UpdateEntityAsync(new TableEntity(courseId, requestId) { ["Done"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private static TableEntity ToEntity(RemindRequestRow r) => new(r.CourseId, r.RequestId)
    {
        ["InviteeIds"] = JsonSerializer.Serialize(r.InviteeIds, WorkflowJson.Options),
        ["Count"] = r.Count,
        ["RequestedAt"] = r.RequestedAt,
        ["Done"] = r.Done,
    };
}
