using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace Workflow.UnitTests.Durable;

/// <summary>
/// Starts a <see cref="DurableTaskTestHost"/> on a loopback port of its own. The host's own default took the same
/// port for two fixtures that xUnit starts at once ("address already in use"), so every fixture asks here: a port
/// the OS just handed out, and another one if something took it before the sidecar bound it.
/// </summary>
public static class InProcessDurableHost
{
    private const int Attempts = 5;

    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> register)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(register, new DurableTaskTestHostOptions { Port = FreePort() });
            }
            catch (IOException) when (attempt < Attempts)
            {
                // Kestrel's "address already in use": another listener won the race for that port; ask again.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
