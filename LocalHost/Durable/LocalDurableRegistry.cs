using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// The orchestrators and activities the local engine runs, each under <c>typeof(T).Name</c>: the
/// same names the Functions app gives its <c>[Function(nameof(T))]</c> entry points.
/// </summary>
public sealed class LocalDurableRegistry
{
    private readonly IServiceCollection _services;
    private readonly Dictionary<string, Type> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _activities = new(StringComparer.Ordinal);

    internal LocalDurableRegistry(IServiceCollection services) => _services = services;

    /// <summary>Names of the registered orchestrators.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>Names of the registered activities.</summary>
    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    internal IReadOnlyDictionary<string, Type> Orchestrators => _orchestrators;

    internal IReadOnlyDictionary<string, Type> Activities => _activities;

    /// <summary>Registers an orchestrator; a fresh instance is built for every execution (constructor injection from the root provider).</summary>
    public LocalDurableRegistry AddOrchestrator<T>()
        where T : class, ITaskOrchestrator
    {
        Add(_orchestrators, typeof(T), "orchestrator");
        return this;
    }

    /// <summary>Registers an activity; it is resolved for every execution inside its own DI scope.</summary>
    public LocalDurableRegistry AddActivity<T>()
        where T : class, ITaskActivity
    {
        Add(_activities, typeof(T), "activity");
        _services.TryAddTransient<T>();
        return this;
    }

    /// <summary>Registers an orchestrator type known only at run time (for example from <c>WorkflowRegistry</c>).</summary>
    public LocalDurableRegistry AddOrchestrator(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Require(type, typeof(ITaskOrchestrator));
        Add(_orchestrators, type, "orchestrator");
        return this;
    }

    /// <summary>Registers an activity type known only at run time.</summary>
    public LocalDurableRegistry AddActivity(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Require(type, typeof(ITaskActivity));
        Add(_activities, type, "activity");
        _services.TryAddTransient(type);
        return this;
    }

    private static void Require(Type type, Type contract)
    {
        if (!type.IsClass || type.IsAbstract || !contract.IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type.FullName} is not a concrete {contract.Name}.", nameof(type));
        }
    }

    private static void Add(Dictionary<string, Type> registrations, Type type, string kind)
    {
        if (!registrations.TryAdd(type.Name, type))
        {
            throw new InvalidOperationException(
                $"An {kind} named '{type.Name}' is already registered ({registrations[type.Name].FullName}).");
        }
    }
}
