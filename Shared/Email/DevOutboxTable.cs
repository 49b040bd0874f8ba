using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;

namespace Workflow.Email;

/// <summary>One message as the dev outbox keeps it: one recipient, substitutions applied.</summary>
internal sealed record OutboxMessage(
    string Id,
    string MessageId,
    string Kind,
    string To,
    string? ToName,
    string Subject,
    string Text,
    string Html,
    DateTimeOffset SentAt,
    long Sequence,
    IReadOnlyList<OutboxAttachment> Attachments)
{
    /// <summary>The scheduled batch it was kept under (<see cref="EmailSchedule.BatchId"/>); cancelling the batch drops it.</summary>
    public string? BatchId { get; init; }
}

/// <param name="Content">The bytes; <see langword="null"/> when read back and they were too large to keep in the table.</param>
internal sealed record OutboxAttachment(string FileName, string ContentType, long Length, ReadOnlyMemory<byte>? Content);

/// <summary>
/// The dev outbox table: partition <see cref="Partition"/>, row key = <see cref="IdFor"/> of the message id,
/// so a message sent twice is stored once. Long bodies are split over several properties (a string
/// property holds at most 32K UTF-16 characters) and, when the entity would pass its 1 MiB limit,
/// gzip-compressed into binary properties.
/// </summary>
internal sealed class DevOutboxTable
{
    public const string DefaultTableName = "DevOutbox";
    public const string Partition = "outbox";

    internal const int StringChunkChars = 30_000;      // limit: 32,768 UTF-16 code units
    internal const int BinaryChunkBytes = 60 * 1024;   // limit: 64 KiB
    internal const int InlineAttachmentBytes = 48 * 1024;
    internal const long EntityBudgetBytes = 900 * 1024; // limit: 1 MiB per entity
    // Limit: 4 MiB per batch request. The estimate counts UTF-16, but on the wire JSON may escape
    // non-ASCII (Vietnamese) as \uXXXX and binary travels as base64, so keep a wide margin.
    private const long TransactionBudgetBytes = 1024 * 1024;
    private const int TransactionMaxEntities = TableBatch.MaxActions;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Task? _creation;
    private long _sequence;

    public DevOutboxTable(TableServiceClient service, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        Client = service.GetTableClient(tableName);
    }

    public TableClient Client { get; }

    /// <summary>
    /// Sending order within this process: orders messages with the same <see cref="OutboxMessage.SentAt"/>
    /// (one batch, or batches sent within one clock tick, or under a fake clock).
    /// </summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Deterministic, file-name and row-key safe id: the first 128 bits of SHA-256, lowercase hex (safe on case-insensitive file systems too).</summary>
    public static string IdFor(string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)).AsSpan(0, 16));

    /// <summary>Inserts the messages that are not there yet; returns how many were new.</summary>
    public async Task<int> AddIfAbsentAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var added = 0;
        foreach (var group in Transactions(messages.Select(ToEntity)))
        {
            try
            {
                await Client.SubmitTransactionAsync(
                    group.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)),
                    cancellationToken);
                added += group.Count;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
            {
                // Some were stored by an earlier run: add one by one, keeping what is there.
                foreach (var entity in group)
                {
                    try
                    {
                        await Client.AddEntityAsync(entity, cancellationToken);
                        added++;
                    }
                    catch (RequestFailedException conflict) when (conflict.Status == (int)HttpStatusCode.Conflict)
                    {
                    }
                }
            }
        }

        return added;
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(string? to, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var filter = string.IsNullOrWhiteSpace(to)
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ToNormalized eq {Normalize(to)}");
        var result = new List<OutboxMessage>();
        await foreach (var entity in Client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(FromEntity(entity));
        }

        return result;
    }

    /// <summary>Drops the messages kept under <paramref name="batchId"/> (a cancelled scheduled batch); returns their ids.</summary>
    public async Task<IReadOnlyList<string>> DeleteBatchAsync(string batchId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and BatchId eq {batchId}");
        await foreach (var entity in Client.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            await Client.DeleteEntityAsync(Partition, entity.RowKey, ETag.All, cancellationToken);
            ids.Add(entity.RowKey);
        }

        return ids;
    }

    internal static string Normalize(string address) => address.Trim().ToUpperInvariant();

    /// <summary>Creates the table once per process; a failed attempt is retried by the next caller.</summary>
    internal Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var creation = Volatile.Read(ref _creation);
        if (creation is null || creation.IsFaulted || creation.IsCanceled)
        {
            var fresh = CreateAsync();
            creation = Interlocked.CompareExchange(ref _creation, fresh, creation) == creation ? fresh : Volatile.Read(ref _creation)!;
        }

        return creation.WaitAsync(cancellationToken);
    }

    private async Task CreateAsync() => await Client.CreateIfNotExistsAsync(CancellationToken.None);

    internal static TableEntity ToEntity(OutboxMessage message)
    {
        var entity = new TableEntity(Partition, message.Id)
        {
            ["MessageId"] = message.MessageId,
            ["Kind"] = message.Kind,
            ["To"] = message.To,
            ["ToNormalized"] = Normalize(message.To),
            ["SentAt"] = message.SentAt,
            ["Sequence"] = message.Sequence,
        };

        if (!string.IsNullOrEmpty(message.ToName))
        {
            entity["ToName"] = message.ToName;
        }

        if (!string.IsNullOrEmpty(message.BatchId))
        {
            entity["BatchId"] = message.BatchId;
        }

        PutText(entity, "Subject", message.Subject, compress: false);
        PutText(entity, "Text", message.Text, compress: false);
        PutText(entity, "Html", message.Html, compress: false);
        if (EstimateSize(entity) > EntityBudgetBytes)
        {
            PutText(entity, "Text", message.Text, compress: true);
            PutText(entity, "Html", message.Html, compress: true);
        }

        var metadata = new List<AttachmentMetadata>();
        for (var i = 0; i < message.Attachments.Count; i++)
        {
            var attachment = message.Attachments[i];
            var content = attachment.Content ?? ReadOnlyMemory<byte>.Empty;
            var inline = content.Length <= InlineAttachmentBytes
                && EstimateSize(entity) + content.Length + 256 <= EntityBudgetBytes;
            if (inline)
            {
                entity[$"Attachment{i}"] = content.ToArray();
            }

            metadata.Add(new AttachmentMetadata(attachment.FileName, attachment.ContentType, content.Length, inline));
        }

        entity["Attachments"] = JsonSerializer.Serialize(metadata, Json);
        if (EstimateSize(entity) > EntityBudgetBytes)
        {
            throw new InvalidOperationException(
                $"Message {message.Id} ('{message.Kind}') is too large for the dev outbox table even compressed.");
        }

        return entity;
    }

    internal static OutboxMessage FromEntity(TableEntity entity)
    {
        var metadata = JsonSerializer.Deserialize<List<AttachmentMetadata>>(entity.GetString("Attachments") ?? "[]", Json) ?? [];
        var attachments = metadata
            .Select((a, i) => new OutboxAttachment(
                a.FileName,
                a.ContentType,
                a.Length,
                a.Stored && entity.GetBinary($"Attachment{i}") is { } bytes ? bytes : null))
            .ToList();

        return new OutboxMessage(
            entity.RowKey,
            entity.GetString("MessageId") ?? string.Empty,
            entity.GetString("Kind") ?? string.Empty,
            entity.GetString("To") ?? string.Empty,
            entity.GetString("ToName"),
            GetText(entity, "Subject"),
            GetText(entity, "Text"),
            GetText(entity, "Html"),
            entity.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue,
            entity.GetInt64("Sequence") ?? 0,
            attachments)
        {
            BatchId = entity.GetString("BatchId"),
        };
    }

    /// <summary>
    /// Writes <paramref name="value"/> as <c>name</c>, <c>name_1</c>... (string chunks, <c>nameParts</c> = count when more than one)
    /// or, compressed, as <c>nameGz</c>, <c>nameGz_1</c>... (binary chunks, <c>nameGzParts</c> = count).
    /// </summary>
    private static void PutText(TableEntity entity, string name, string value, bool compress)
    {
        foreach (var key in entity.Keys.Where(k => IsPartOf(k, name)).ToList())
        {
            entity.Remove(key);
        }

        if (compress)
        {
            var bytes = Gzip(value);
            var parts = Math.Max(1, (bytes.Length + BinaryChunkBytes - 1) / BinaryChunkBytes);
            for (var i = 0; i < parts; i++)
            {
                var start = i * BinaryChunkBytes;
                entity[PartName(name + "Gz", i)] = bytes.AsSpan(start, Math.Min(BinaryChunkBytes, bytes.Length - start)).ToArray();
            }

            entity[name + "GzParts"] = parts;
            return;
        }

        var chunks = SplitText(value, StringChunkChars);
        for (var i = 0; i < chunks.Count; i++)
        {
            entity[PartName(name, i)] = chunks[i];
        }

        if (chunks.Count > 1)
        {
            entity[name + "Parts"] = chunks.Count;
        }
    }

    private static string GetText(TableEntity entity, string name)
    {
        if (entity.GetInt32(name + "GzParts") is { } gzParts)
        {
            using var buffer = new MemoryStream();
            for (var i = 0; i < gzParts; i++)
            {
                buffer.Write(entity.GetBinary(PartName(name + "Gz", i)) ?? []);
            }

            buffer.Position = 0;
            using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        var parts = entity.GetInt32(name + "Parts") ?? 1;
        if (parts == 1)
        {
            return entity.GetString(name) ?? string.Empty;
        }

        var text = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            text.Append(entity.GetString(PartName(name, i)));
        }

        return text.ToString();
    }

    /// <summary>Splits into chunks of at most <paramref name="size"/> UTF-16 units, never between a surrogate pair.</summary>
    internal static List<string> SplitText(string value, int size)
    {
        var chunks = new List<string>();
        var start = 0;
        do
        {
            var length = Math.Min(size, value.Length - start);
            if (start + length < value.Length && char.IsHighSurrogate(value[start + length - 1]))
            {
                length--;
            }

            chunks.Add(value.Substring(start, length));
            start += length;
        }
        while (start < value.Length);

        return chunks;
    }

    private static string PartName(string name, int index) =>
        index == 0 ? name : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}_{index}");

    private static bool IsPartOf(string key, string name) =>
        key == name || key == name + "Parts" || key == name + "Gz" || key == name + "GzParts"
        || key.StartsWith(name + "_", StringComparison.Ordinal) || key.StartsWith(name + "Gz_", StringComparison.Ordinal);

    private static byte[] Gzip(string value)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(value));
        }

        return buffer.ToArray();
    }

    /// <summary>Entity size as the Table service counts it (UTF-16 strings and names, 8 bytes per property overhead).</summary>
    internal static long EstimateSize(TableEntity entity)
    {
        long size = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2);
        foreach (var (key, value) in entity)
        {
            size += 8 + (key.Length * 2) + value switch
            {
                string s => 4 + (s.Length * 2),
                byte[] b => 4 + b.Length,
                BinaryData d => 4 + d.ToMemory().Length,
                null => 0,
                _ => 8,
            };
        }

        return size;
    }

    private static IEnumerable<List<TableEntity>> Transactions(IEnumerable<TableEntity> entities)
    {
        var group = new List<TableEntity>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long size = 0;
        foreach (var entity in entities)
        {
            if (!seen.Add(entity.RowKey))
            {
                continue; // the same message twice in one batch: one transaction may not name a row twice
            }

            var entitySize = EstimateSize(entity);
            if (group.Count > 0 && (group.Count == TransactionMaxEntities || size + entitySize > TransactionBudgetBytes))
            {
                yield return group;
                group = [];
                size = 0;
            }

            group.Add(entity);
            size += entitySize;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private sealed record AttachmentMetadata(string FileName, string ContentType, long Length, bool Stored);
}
