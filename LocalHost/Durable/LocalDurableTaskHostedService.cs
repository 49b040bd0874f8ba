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

    /// <summary>
    /// Stops the engine, waiting at most <see cref="LocalDurableTaskSettings.StopTimeout"/>; never throws, so a stop
    /// that cannot finish (storage gone: Azurite stopped first) neither holds the host nor ends it with an exception.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Forced, as the Functions host does by default: a graceful stop polls its dispatchers every
        // 4 s for up to ~30 s. Work in flight at that moment is not lost (its queue messages were not
        // deleted) but runs again only when their visibility timeout has passed.
        Task stopping;
        try
        {
            stopping = worker.StopAsync(isForced: true);
        }
#pragma warning disable CA1031 // A host that is stopping logs what failed and goes on stopping.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStopFailed(logger, ex, settings.TaskHubName);
            return;
        }

        try
        {
            await stopping.WaitAsync(LocalDurableTaskSettings.StopTimeout, cancellationToken);
            LogStopped(logger, settings.TaskHubName);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Without storage the partition manager retries its lease release for as long as it is let (~30 s).
            // Nothing is lost by leaving it: leases expire, fetched messages come back after their visibility timeout.
            _ = stopping.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            LogStopAbandoned(logger, settings.TaskHubName, LocalDurableTaskSettings.StopTimeout.TotalSeconds);
        }
#pragma warning disable CA1031 // As above: a storage error while stopping is logged, not thrown at the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStopFailed(logger, ex, settings.TaskHubName);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local Durable Task engine started: task hub {TaskHub}, worker {WorkerId}")]
    private static partial void LogStarted(ILogger logger, string taskHub, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local Durable Task engine stopped: task hub {TaskHub}")]
    private static partial void LogStopped(ILogger logger, string taskHub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local Durable Task engine of task hub {TaskHub} did not stop within {Seconds} s (is storage reachable?); the host stops without waiting for it")]
    private static partial void LogStopAbandoned(ILogger logger, string taskHub, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local Durable Task engine of task hub {TaskHub} failed while stopping; the host goes on stopping")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string taskHub);
}
