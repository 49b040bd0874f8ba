using System.Collections.Concurrent;

namespace Workflow.Storage;

/// <summary>Creates each table once per process, on first use.</summary>
public sealed class TableInitializer
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _created = new(StringComparer.Ordinal);

    public Task EnsureAsync(TableClient table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lazy = _created.GetOrAdd(table.Name, _ => new Lazy<Task>(() => table.CreateIfNotExistsAsync(CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            _created.TryRemove(new KeyValuePair<string, Lazy<Task>>(table.Name, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }
}
