using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests.Hosting;

/// <summary>
/// Stopping the local host and ./run.sh as an operator does (Ctrl-C, a service manager's SIGTERM to the process group),
/// with storage up or already gone: each stops within a few seconds, cleanly, and leaves no process behind.
/// Each test has its own Azurite on free ports (it is stopped on purpose in some).
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task The_host_stops_within_seconds_and_cleanly_on_a_signal(string signal)
    {
        await using var azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find());
        await using var host = new LocalHostProcess(azurite.ConnectionString, HostOptions("stop" + signal));
        await host.StartAsync();

        var clock = Stopwatch.StartNew();
        var exitCode = await host.StopAsync(signal, Quickly);

        AssertCleanExit(exitCode, clock.Elapsed, host.Output);
        Assert.Contains("Local Durable Task engine stopped", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_stops_within_seconds_and_cleanly_when_storage_went_first()
    {
        var azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find());
        await using var host = new LocalHostProcess(azurite.ConnectionString, HostOptions("nostorage"));
        await host.StartAsync();

        await Signals.SendAsync(azurite.ProcessId, "TERM");
        await azurite.DisposeAsync(); // waits for it to be gone (killing it if it lingers)
        Assert.False(await LoopbackPort.IsListeningAsync(azurite.TablePort));
        await Task.Delay(1000); // the engine notices: its queue polls now fail

        var clock = Stopwatch.StartNew();
        var exitCode = await host.StopAsync("TERM", Quickly);

        AssertCleanExit(exitCode, clock.Elapsed, host.Output);
    }

    [Theory]
    [InlineData("INT")] // Ctrl-C in a terminal: the whole foreground group gets SIGINT
    [InlineData("TERM")] // a service manager or a script: SIGTERM to the whole group
    public async Task Run_sh_stops_all_its_processes_within_seconds_on_a_signal_to_its_process_group(string signal)
    {
        await using var run = await RunScript.StartAsync(output);

        var clock = Stopwatch.StartNew();
        await Signals.SendToGroupAsync(run.GroupId, signal);
        var left = await run.WaitForGroupToEndAsync(Quickly);

        output.WriteLine(run.Output);
        Assert.True(left.Count == 0, $"still running {clock.Elapsed.TotalSeconds:0.0} s after SIG{signal}: {string.Join(", ", left)}");
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Quickly);
        Assert.DoesNotContain("Unhandled exception", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TaskCanceledException", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("; killing it.", run.Output, StringComparison.Ordinal); // run.sh needed no SIGKILL

        // Azurite got the signal too and went at once: the engine stopped, or was left after its bounded wait.
        Assert.Contains("Local Durable Task engine", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_sh_stops_the_host_then_Azurite_on_SIGTERM_to_the_script_alone()
    {
        await using var run = await RunScript.StartAsync(output);

        var clock = Stopwatch.StartNew();
        await Signals.SendAsync(run.GroupId, "TERM"); // the script's pid is its group's id
        var left = await run.WaitForGroupToEndAsync(Quickly);

        output.WriteLine(run.Output);
        Assert.True(left.Count == 0, $"still running {clock.Elapsed.TotalSeconds:0.0} s after SIGTERM: {string.Join(", ", left)}");
        Assert.DoesNotContain("Unhandled exception", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("; killing it.", run.Output, StringComparison.Ordinal); // run.sh needed no SIGKILL
        Assert.Contains("Local Durable Task engine stopped", run.Output, StringComparison.Ordinal); // storage was still up
    }

    private static LocalHostOptions HostOptions(string name) => new()
    {
        Name = name,
        LogLevels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Default"] = "Warning",
            ["Workflow"] = "Information",
            ["Microsoft.Hosting.Lifetime"] = "Information",
        },
    };

    private static void AssertCleanExit(int exitCode, TimeSpan took, string hostOutput)
    {
        Assert.True(exitCode is 0 or 130 or 143, $"exit code {exitCode}:\n{hostOutput}");
        Assert.True(took <= Quickly, $"took {took.TotalSeconds:0.0} s:\n{hostOutput}");
        Assert.DoesNotContain("Unhandled exception", hostOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("TaskCanceledException", hostOutput, StringComparison.Ordinal);
        Assert.Contains("Application is shutting down", hostOutput, StringComparison.Ordinal);
    }

    /// <summary>./run.sh in its own session (setsid: its own process group), on free ports and a temporary data folder.</summary>
    private sealed class RunScript : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output;
        private readonly string _data;

        private RunScript(Process process, ConcurrentQueue<string> output, string data)
        {
            _process = process;
            _output = output;
            _data = data;
        }

        /// <summary>The script's pid: setsid made it a session and process group leader.</summary>
        public int GroupId => _process.Id;

        public string Output => string.Join('\n', _output);

        public static async Task<RunScript> StartAsync(ITestOutputHelper log)
        {
            var root = RepositoryRoot.Find();
            var data = Path.Combine(Path.GetTempPath(), "workflow-run-sh-" + Guid.NewGuid().ToString("N"));
            var port = LoopbackPort.Free();
            var start = new ProcessStartInfo("setsid")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            start.ArgumentList.Add(Path.Combine(root, "run.sh"));
            start.Environment["WORKFLOW_DATA"] = data;
            start.Environment["WORKFLOW_PORT"] = Text(port);
            start.Environment["AZURITE_BLOB_PORT"] = Text(LoopbackPort.Free());
            start.Environment["AZURITE_QUEUE_PORT"] = Text(LoopbackPort.Free());
            start.Environment["AZURITE_TABLE_PORT"] = Text(LoopbackPort.Free());
            start.Environment["WorkflowTaskHub"] = "runsh" + Guid.NewGuid().ToString("N")[..12];
            start.Environment["Workflow__WorkerId"] = "runsh-worker";
            start.Environment["Logging__LogLevel__Workflow"] = "Information";

            var output = new ConcurrentQueue<string>();
            var process = Process.Start(start) ?? throw new InvalidOperationException("setsid ./run.sh did not start.");
            process.OutputDataReceived += (_, e) => Add(output, e.Data);
            process.ErrorDataReceived += (_, e) => Add(output, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var script = new RunScript(process, output, data);

            // run.sh builds the local host first (up to date after the test build, but dotnet build still takes a while here).
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (true)
            {
                if (process.HasExited)
                {
                    await script.DisposeAsync();
                    throw new InvalidOperationException($"run.sh exited ({process.ExitCode}) before the host answered:\n{script.Output}");
                }

                try
                {
                    using var response = await client.GetAsync(new Uri($"http://localhost:{Text(port)}/api/health"));
                    if (response.IsSuccessStatusCode)
                    {
                        log.WriteLine($"run.sh healthy on port {Text(port)}");
                        return script;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException)
                {
                    // not answering yet
                }

                if (DateTime.UtcNow > deadline)
                {
                    await script.DisposeAsync();
                    throw new TimeoutException("run.sh's host did not answer in 4 minutes:\n" + script.Output);
                }

                await Task.Delay(500);
            }
        }

        /// <summary>Waits until no process of the group is left, at most <paramref name="timeout"/>; returns those left.</summary>
        public async Task<IReadOnlyList<int>> WaitForGroupToEndAsync(TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            IReadOnlyList<int> left;
            while ((left = Signals.ProcessesInGroup(GroupId)).Count > 0 && clock.Elapsed < timeout)
            {
                await Task.Delay(100);
            }

            if (left.Count == 0)
            {
                await _process.WaitForExitAsync(); // the output read to its end
            }

            return left;
        }

        public async ValueTask DisposeAsync()
        {
            if (Signals.ProcessesInGroup(GroupId).Count > 0)
            {
                await Signals.SendToGroupAsync(GroupId, "KILL");
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is in the temp directory.
            }
        }

        private static void Add(ConcurrentQueue<string> output, string? line)
        {
            if (line is not null)
            {
                output.Enqueue(line);
            }
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
