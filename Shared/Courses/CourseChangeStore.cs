using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Storage;

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
/// What the change emails need in storage besides the course row: per invitee, which cancellation / reschedule
/// notice / remind-now request reached him (merge-written columns of the invitee row, so replies are untouched;
/// SendGrid cannot deduplicate, so a re-run skips whoever is marked), and the RemindRequests table
/// (PK = course id, RK = request id).
/// </summary>
public sealed class CourseChangeStore
{
    public const string RemindRequestsTable = "RemindRequests";

    /// <summary>Invitee column: true once the cancellation email went to this person.</summary>
    public const string CancelNoticeColumn = "CancelNoticeSent";

    /// <summary>Invitee column: the last reschedule notice version sent to this person.</summary>
    public const string NoticeVersionColumn = "NoticeVersion";

    /// <summary>Invitee column: the last remind-now request that reached this person.</summary>
    public const string RemindNowColumn = "LastRemindNow";

    private readonly TableClient _invitees;
    private readonly TableClient _requests;
    private readonly TableInitializer _init;

    public CourseChangeStore(TableServiceClient service, TableInitializer init)
    {
        ArgumentNullException.ThrowIfNull(service);
        _invitees = service.GetTableClient(CourseRepository.InviteesTable);
        _requests = service.GetTableClient(RemindRequestsTable);
        _init = init;
    }

    /// <summary>One marker column of every invitee of the course (absent values are null).</summary>
    public async Task<Dictionary<string, object?>> ReadMarkersAsync(string courseId, string column, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var markers = new Dictionary<string, object?>(StringComparer.Ordinal);
        await foreach (var e in _invitees.QueryAsync<TableEntity>(CourseRepository.InviteeRowsFilter(courseId), select: ["RowKey", column], cancellationToken: cancellationToken))
        {
            markers[e.RowKey] = e.TryGetValue(column, out var value) ? value : null;
        }

        return markers;
    }

    /// <summary>Sets a marker column on invitees (merge, batches of 100 in one partition).</summary>
    public async Task MarkAsync(string courseId, IEnumerable<string> inviteeIds, string column, object value, CancellationToken cancellationToken)
    {
        foreach (var chunk in inviteeIds.Chunk(100))
        {
            await _invitees.SubmitTransactionAsync(
                chunk.Select(id => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(courseId, id) { [column] = value }, ETag.All)),
                cancellationToken);
        }
    }

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
