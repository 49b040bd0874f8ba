using System.Diagnostics;
using System.Globalization;

namespace Workflow.Testing;

/// <summary>POSIX signals to a process or a process group, through the system's <c>kill</c> command.</summary>
public static class Signals
{
    /// <summary>Sends <paramref name="signal"/> (a name without SIG: INT, TERM, KILL) to process <paramref name="pid"/>.</summary>
    public static Task SendAsync(int pid, string signal) => KillAsync(signal, pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="pgid"/>, as a terminal's Ctrl-C or a service manager does.</summary>
    public static Task SendToGroupAsync(int pgid, string signal) => KillAsync(signal, "-" + pgid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The ids of the live processes in group <paramref name="pgid"/> (from /proc; zombies count as gone).</summary>
    public static IReadOnlyList<int> ProcessesInGroup(int pgid)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] != "Z" && int.Parse(fields[2], CultureInfo.InvariantCulture) == pgid)
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static async Task KillAsync(string signal, string target)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add(signal);
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(target);
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        var error = await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {target} failed: {error}");
        }
    }
}
