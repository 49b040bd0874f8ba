using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Workflow.LocalHost.Durable;

/// <summary>Settings of the local Durable Task engine, read from configuration once at registration.</summary>
internal sealed partial record LocalDurableTaskSettings(string StorageConnectionString, string TaskHubName, string WorkerId)
{
    public const string StorageKey = "AzureWebJobsStorage";
    public const string TaskHubNameKey = "WorkflowTaskHub";
    public const string WorkerIdKey = "Workflow:WorkerId";

    public const string DefaultStorage = "UseDevelopmentStorage=true";
    public const string DefaultTaskHubName = "WorkflowLocal";

    public const int PartitionCount = 4;

    /// <summary>An idle worker polls its queues at most this far apart (the 30 s default makes timers fire late).</summary>
    public static readonly TimeSpan MaxQueuePollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a fetched queue message stays invisible. After a crash, messages the dead process had
    /// fetched come back only after this (the 5 min default stalls a restarted local host that long).
    /// Long activities keep theirs by renewal, which DurableTask.Core does 30 s before expiry.
    /// </summary>
    public static readonly TimeSpan QueueVisibilityTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How long the host waits for the engine to stop. With storage up a forced stop takes about a second; with
    /// storage gone (Azurite stopped first) it would retry for ~30 s, so the host goes on without it.
    /// </summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    public static LocalDurableTaskSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var storage = NonEmpty(configuration[StorageKey]) ?? DefaultStorage;
        var taskHub = NonEmpty(configuration[TaskHubNameKey]) ?? DefaultTaskHubName;
        if (!TaskHubNamePattern().IsMatch(taskHub))
        {
            throw new InvalidOperationException(
                $"{TaskHubNameKey} '{taskHub}' is invalid: use 3 to 45 letters and digits, starting with a letter.");
        }

        var workerId = NonEmpty(configuration[WorkerIdKey]) ?? DefaultWorkerId(Environment.MachineName, Environment.ProcessId);
        return new LocalDurableTaskSettings(storage, taskHub, workerId);
    }

    /// <summary>
    /// The worker id of a process that was given none: machine name, process id and a random suffix, so two hosts on
    /// one machine (or two machines with one name, or a process id reused after a restart) never share a partition
    /// lease. The Azure Storage provider names each lease's owner by this id: two processes with one id both believe
    /// they own every partition and run the same work twice ("split brain"). The price: a host restarted with a new
    /// id waits for its dead predecessor's leases to expire (<c>LeaseInterval</c>, 30 s) unless another host holds
    /// them; an operator who restarts one host in place may give it a stable id of its own (docs/multi-host.md).
    /// </summary>
    public static string DefaultWorkerId(string machineName, int processId) =>
        string.Create(CultureInfo.InvariantCulture, $"{machineName}-{processId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskHubNamePattern();
}
