using Azure.Data.Tables;

namespace Workflow.Testing;

/// <summary>One control-queue partition of a task hub and the worker that holds it.</summary>
/// <param name="Index">The partition's number (its control queue <c>{hub}-control-{index:00}</c>).</param>
/// <param name="Owner">The worker that holds it (<c>CurrentOwner</c>; null: nobody).</param>
/// <param name="Leased">Whether its lease runs now (<c>ExpiresAt</c> in the future): false once a dead owner's lease expired.</param>
/// <param name="NextOwner">A worker waiting for it to be released (balancing), or null.</param>
public sealed record PartitionOwner(int Index, string? Owner, bool Leased, string? NextOwner);

/// <summary>
/// Who owns which partition of a task hub run by DurableTask.AzureStorage's table partition manager (the default of
/// the 2.x provider, and <c>useTablePartitionManagement</c> in host.json on Azure), read from its table
/// <c>{hub}Partitions</c>; and which partition an orchestration instance lives in.
/// </summary>
public static class TaskHubPartitions
{
    /// <summary>The partition of <paramref name="instanceId"/>: FNV-1a (32 bit) of its UTF-8 bytes modulo the partition count, as the provider routes it.</summary>
    public static int PartitionOf(string instanceId, int partitionCount = 4)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(instanceId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)partitionCount);
    }

    /// <summary>The rows of <paramref name="taskHub"/>'s partition table, by partition number.</summary>
    public static async Task<IReadOnlyList<PartitionOwner>> OwnersAsync(string storageConnectionString, string taskHub, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskHub);
        var table = new TableClient(storageConnectionString, taskHub + "Partitions");
        var owners = new List<PartitionOwner>();
        var now = DateTimeOffset.UtcNow;
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var dash = row.RowKey.LastIndexOf('-');
            if (dash < 0 || !int.TryParse(row.RowKey.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            var owner = row.GetString("CurrentOwner");
            var expires = row.GetDateTimeOffset("ExpiresAt");
            owners.Add(new PartitionOwner(index, string.IsNullOrEmpty(owner) ? null : owner, expires > now, row.GetString("NextOwner") is { Length: > 0 } next ? next : null));
        }

        return [.. owners.OrderBy(o => o.Index)];
    }
}
