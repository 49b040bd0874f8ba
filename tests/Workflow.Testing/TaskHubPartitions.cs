using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Workflow.Testing;

/// <summary>One control-queue partition of a task hub and the worker that holds its ownership lease.</summary>
/// <param name="Index">The partition's number (its control queue <c>{hub}-control-{index:00}</c>).</param>
/// <param name="Owner">The worker id written into the lease blob by the last worker that took it (null: never taken).</param>
/// <param name="Leased">Whether the blob's lease is held now (false once a dead owner's lease expired).</param>
public sealed record PartitionOwner(int Index, string? Owner, bool Leased);

/// <summary>
/// Who owns which partition of a task hub run by DurableTask.AzureStorage's default (blob lease) partition manager, read
/// from the lease blobs in container <c>{hub}-leases</c>, and which partition an orchestration instance lives in.
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

    /// <summary>The ownership leases (<c>default/</c> blobs) of <paramref name="taskHub"/>'s partitions, by partition number.</summary>
    public static async Task<IReadOnlyList<PartitionOwner>> OwnersAsync(string storageConnectionString, string taskHub, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskHub);
        var container = new BlobContainerClient(storageConnectionString, taskHub.ToLowerInvariant() + "-leases");
        var owners = new List<PartitionOwner>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "default/", cancellationToken))
        {
            var name = blob.Name;
            var dash = name.LastIndexOf('-');
            if (dash < 0 || !int.TryParse(name.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            string? owner = null;
            try
            {
                using var json = JsonDocument.Parse(content.Value.Content.ToMemory());
                owner = json.RootElement.TryGetProperty("Owner", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            }
            catch (JsonException)
            {
                // An empty blob: never owned.
            }

            owners.Add(new PartitionOwner(index, owner, content.Value.Details.LeaseState == LeaseState.Leased));
        }

        return [.. owners.OrderBy(o => o.Index)];
    }
}
