using Cronos;
using Workflow.Complaints.Alerts;
using Workflow.Courses;
using Workflow.Durable;

namespace Workflow.LocalHost.Timers;

/// <summary>
/// A timer function of the Functions app, run by the local host on the same CRON (UTC) with the same handler.
/// <paramref name="Schedule"/> is a CRON expression or, as in a <c>TimerTrigger</c>, an app setting's name between
/// percent signs (<c>%ComplaintAlertSchedule%</c>), resolved from configuration with <paramref name="DefaultSchedule"/>
/// when the setting is absent.
/// </summary>
public sealed record LocalTimer(string Name, string Schedule, Func<IServiceProvider, CancellationToken, Task> Run, string? DefaultSchedule = null)
{
    /// <summary>The CRON expression to run on.</summary>
    /// <exception cref="InvalidOperationException">A <c>%Setting%</c> that is neither configured nor defaulted.</exception>
    public string ResolveSchedule(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (Schedule.Length < 3 || !Schedule.StartsWith('%') || !Schedule.EndsWith('%'))
        {
            return Schedule;
        }

        var setting = Schedule[1..^1];
        var value = configuration[setting];
        return !string.IsNullOrWhiteSpace(value) ? value
            : DefaultSchedule ?? throw new InvalidOperationException($"Timer {Name}: the app setting {setting} is not set.");
    }
}

/// <summary>The local host's non-HTTP functions: each runs on its schedule and on demand through <c>POST /admin/functions/{name}</c>.</summary>
public sealed class LocalTimers
{
    public LocalTimers()
    {
        All =
        [
            new LocalTimer(
                CourseFlowRecovery.FunctionName,
                CourseFlowRecovery.Schedule,
                (services, ct) => services.GetRequiredService<CourseFlowRecovery>().RunAsync(services.GetRequiredService<IWorkflowClient>(), ct)),
            new LocalTimer(
                ComplaintAlerts.FunctionName,
                "%" + ComplaintAlerts.ScheduleSetting + "%",
                (services, ct) => services.GetRequiredService<ComplaintAlerts>().RunAsync(ct),
                ComplaintAlerts.DefaultSchedule),
        ];
    }

    public IReadOnlyList<LocalTimer> All { get; }

    /// <summary>Whether a timer is switched off as Functions does it: <c>AzureWebJobs.{name}.Disabled</c> (env <c>AzureWebJobs__{name}__Disabled</c>).</summary>
    public static bool IsDisabled(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return bool.TryParse(configuration[$"AzureWebJobs:{name}:Disabled"] ?? configuration[$"AzureWebJobs.{name}.Disabled"], out var disabled) && disabled;
    }

    public LocalTimer? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Runs every <see cref="LocalTimer"/> at its CRON occurrences (UTC), one run at a time per timer.</summary>
public sealed partial class LocalTimerService(LocalTimers timers, IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<LocalTimerService> logger) : BackgroundService
{
    /// <summary>
    /// Timers switched off the way Functions does it, <c>AzureWebJobs.{name}.Disabled</c> (env
    /// <c>AzureWebJobs__{name}__Disabled</c>), are not scheduled; <c>/admin/functions/{name}</c> still runs them.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(timers.All.Where(t => !LocalTimers.IsDisabled(configuration, t.Name)).Select(t => LoopAsync(t, stoppingToken)));


    private async Task LoopAsync(LocalTimer timer, CancellationToken stoppingToken)
    {
        var cron = CronExpression.Parse(timer.ResolveSchedule(configuration), CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = cron.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - now.UtcDateTime, time, stoppingToken);
                await using var scope = services.CreateAsyncScope();
                await timer.Run(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failing run must not stop the timer; the next occurrence tries again, as in Functions.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex, timer.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Name} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}
