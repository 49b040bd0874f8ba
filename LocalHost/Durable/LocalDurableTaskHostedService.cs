using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflow.LocalHost.Durable;

/// <summary>Creates the task hub if needed, runs the <see cref="TaskHubWorker"/> while the host runs.</summary>
internal sealed partial class LocalDurableTaskHostedService(
    AzureStorageOrchestrationService service,
    TaskHubWorker worker,
    LocalDurableTaskSettings settings,
    ILogger<LocalDurableTaskHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        await worker.StartAsync().WaitAsync(cancellationToken);
        LogStarted(logger, settings.TaskHubName, settings.WorkerId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Forced, as the Functions host does by default: a graceful stop polls its dispatchers every
        // 4 s for up to ~30 s. Work in flight at that moment is not lost (its queue messages were not
        // deleted) but runs again only when their visibility timeout (5 min by default) has passed.
        await worker.StopAsync(isForced: true).WaitAsync(cancellationToken);
        LogStopped(logger, settings.TaskHubName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local Durable Task engine started: task hub {TaskHub}, worker {WorkerId}")]
    private static partial void LogStarted(ILogger logger, string taskHub, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local Durable Task engine stopped: task hub {TaskHub}")]
    private static partial void LogStopped(ILogger logger, string taskHub);
}
