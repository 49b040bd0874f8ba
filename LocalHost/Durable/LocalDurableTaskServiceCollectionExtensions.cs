using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Durable;
using CoreTaskActivity = DurableTask.Core.TaskActivity;

namespace Workflow.LocalHost.Durable;

public static class LocalDurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Runs the SDK's class-based orchestrators and activities on DurableTask.Core's
    /// <see cref="TaskHubWorker"/>, persisted through the Azure Storage provider (Azurite locally),
    /// and registers <see cref="IWorkflowClient"/> over a <see cref="TaskHubClient"/> of the same hub.
    /// Settings: <c>AzureWebJobsStorage</c>, <c>Workflow:TaskHubName</c>, <c>Workflow:WorkerId</c>.
    /// </summary>
    public static IServiceCollection AddLocalDurableTask(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<LocalDurableRegistry> register)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(register);

        var settings = LocalDurableTaskSettings.From(configuration);
        var registry = new LocalDurableRegistry(services);
        register(registry);

        services.AddSingleton(settings);
        services.AddSingleton(registry);
        services.AddSingleton(sp => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(settings.StorageConnectionString),
            TaskHubName = settings.TaskHubName,
            WorkerId = settings.WorkerId,
            PartitionCount = LocalDurableTaskSettings.PartitionCount,
            MaxQueuePollingInterval = LocalDurableTaskSettings.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = LocalDurableTaskSettings.QueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = LocalDurableTaskSettings.QueueVisibilityTimeout,
            // Without it a start deduplicated by status is silently dropped and looks like a success.
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
        }));
        services.AddSingleton(sp => CreateShimFactory(sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(CreateWorker);
        services.AddSingleton(sp => new TaskHubClient(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            new SdkDataConverter(JsonDataConverter.Default),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IWorkflowClient>(sp => new LocalWorkflowClient(sp.GetRequiredService<TaskHubClient>()));
        services.AddHostedService(sp => new LocalDurableTaskHostedService(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            sp.GetRequiredService<TaskHubWorker>(),
            settings,
            sp.GetRequiredService<ILogger<LocalDurableTaskHostedService>>()));
        return services;
    }

    private static DurableTaskShimFactory CreateShimFactory(ILoggerFactory loggerFactory) =>
        new(new DurableTaskWorkerOptions { DataConverter = JsonDataConverter.Default }, loggerFactory);

    private static TaskHubWorker CreateWorker(IServiceProvider services)
    {
        var registry = services.GetRequiredService<LocalDurableRegistry>();
        var shims = services.GetRequiredService<DurableTaskShimFactory>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();

        var orchestrations = new NameOnlyObjectManager<TaskOrchestration>();
        foreach (var (name, type) in registry.Orchestrators)
        {
            var factory = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
            var taskName = new TaskName(name);
            orchestrations.Add(new DelegateObjectCreator<TaskOrchestration>(
                name,
                () => new DeferredOrchestration(taskName, () => (ITaskOrchestrator)factory(services, null), shims)));
        }

        var activities = new NameOnlyObjectManager<CoreTaskActivity>();
        foreach (var (name, type) in registry.Activities)
        {
            var taskName = new TaskName(name);
            activities.Add(new DelegateObjectCreator<CoreTaskActivity>(
                name,
                () => new ScopedActivity(taskName, type, scopes, shims)));
        }

        var worker = new TaskHubWorker(
            services.GetRequiredService<AzureStorageOrchestrationService>(),
            orchestrations,
            activities,
            services.GetRequiredService<ILoggerFactory>())
        {
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddOrchestrationDispatcherMiddleware(DeferredOrchestration.ParentMiddleware);
        return worker;
    }
}
