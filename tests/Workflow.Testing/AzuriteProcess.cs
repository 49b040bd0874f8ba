using System.Diagnostics;
using System.Globalization;

namespace Workflow.Testing;

/// <summary>
/// Azurite from the repository's node_modules on free loopback ports, with its own data folder in the temp
/// directory; on dispose it is killed by its process id and the folder removed.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private int _disposed;

    private AzuriteProcess(Process process, string dataFolder, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        DataFolder = dataFolder;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string DataFolder { get; }

    public int ProcessId => _process.Id;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Starts Azurite and waits (60 s at most, three tries on fresh ports) until blob, queue and table ports listen.</summary>
    /// <param name="repositoryRoot">The folder whose node_modules holds Azurite.</param>
    /// <param name="folderPrefix">Name prefix of the data folder created in the temp directory.</param>
    /// <param name="inMemory">
    /// Keep the data in memory only (<c>--inMemoryPersistence</c>): for large data sets, whose periodic save to disk
    /// (the whole database as one JSON file) would otherwise block Azurite's single thread for seconds at a time.
    /// </param>
    /// <param name="preload">A script node loads before Azurite (<c>node -r</c>); the benchmarks' only (bench/azurite/).</param>
    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot, string folderPrefix = "workflow-azurite-", bool inMemory = false, string? preload = null)
    {
        // A port handed out free can be taken by another process before Azurite binds it (the suite starts several
        // Azurites and hosts at once): Azurite then exits, and it is started again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(repositoryRoot, folderPrefix, inMemory, preload);
            }
            catch (AzuriteStartException) when (attempt < 3)
            {
            }
        }
    }

    private sealed class AzuriteStartException(string message) : InvalidOperationException(message);

    private static async Task<AzuriteProcess> StartOnceAsync(string repositoryRoot, string folderPrefix, bool inMemory, string? preload)
    {
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed: {script} is missing (run 'npm ci' in {repositoryRoot}, or link node_modules).");
        }

        var folder = Path.Combine(Path.GetTempPath(), folderPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        int blob = LoopbackPort.Free(), queue = LoopbackPort.Free(), table = LoopbackPort.Free();
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (preload is not null)
        {
            start.ArgumentList.Add("--require");
            start.ArgumentList.Add(preload);
        }

        foreach (var arg in new[]
                 {
                     script, "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                     "--blobHost", "127.0.0.1", "--blobPort", Text(blob),
                     "--queueHost", "127.0.0.1", "--queuePort", Text(queue),
                     "--tableHost", "127.0.0.1", "--tablePort", Text(table),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        // Azurite refuses --location together with --inMemoryPersistence; the (then unused) folder is still created and removed.
        start.ArgumentList.Add(inMemory ? "--inMemoryPersistence" : "--location");
        if (!inMemory)
        {
            start.ArgumentList.Add(folder);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, folder, blob, queue, table);
        var deadline = DateTime.UtcNow.AddSeconds(60); // a loaded two-core machine starts node slowly
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await LoopbackPort.IsListeningAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    var exit = process.HasExited ? process.ExitCode : -1;
                    await azurite.DisposeAsync();
                    throw new AzuriteStartException($"Azurite did not listen on {port} (exit: {exit}).");
                }

                await Task.Delay(100);
            }
        }

        return azurite;
    }

    /// <summary>Kills Azurite (by process id, with its children) and removes its data folder; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(10_000);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed; not waiting any longer.
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is in the temp directory.
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
