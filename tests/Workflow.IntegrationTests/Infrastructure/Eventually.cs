using System.Globalization;

namespace Workflow.IntegrationTests.Infrastructure;

/// <summary>Polls a probe until it returns a value (the flows run on their own time), or fails with the time it gave up.</summary>
internal static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("Condition not reached in time at " + DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            }

            await Task.Delay(500);
        }
    }
}
