using DurableTask.Core;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// Finds orchestrations and activities by name only: the SDK shims pass the orchestration's version
/// on to the activities it schedules, and the local host does not version its code.
/// </summary>
internal sealed class NameOnlyObjectManager<T> : INameVersionObjectManager<T>
    where T : class
{
    private readonly Dictionary<string, ObjectCreator<T>> _creators = new(StringComparer.Ordinal);

    public void Add(ObjectCreator<T> creator)
    {
        ArgumentNullException.ThrowIfNull(creator);
        if (!_creators.TryAdd(creator.Name, creator))
        {
            throw new InvalidOperationException($"'{creator.Name}' is already registered.");
        }
    }

    /// <summary>Returns null for an unknown name: the dispatcher then fails the instance with a clear "not found" error.</summary>
    public T? GetObject(string name, string? version) =>
        _creators.TryGetValue(name, out var creator) ? creator.Create() : null;
}

/// <summary>An <see cref="ObjectCreator{T}"/> over a delegate.</summary>
internal sealed class DelegateObjectCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public DelegateObjectCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
    }

    public override T Create() => _create();
}
