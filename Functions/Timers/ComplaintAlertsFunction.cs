using Microsoft.Azure.Functions.Worker;
using Workflow.Complaints.Alerts;

namespace Workflow.Functions.Timers;

/// <summary>Daily complaint deadline alerts; the CRON (UTC) comes from the app setting <c>ComplaintAlertSchedule</c> (default <c>0 0 0 * * *</c> = 07:00 Vietnam).</summary>
public sealed class ComplaintAlertsFunction(ComplaintAlerts alerts)
{
    [Function(ComplaintAlerts.FunctionName)]
    public async Task Run([TimerTrigger("%" + ComplaintAlerts.ScheduleSetting + "%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await alerts.RunAsync(context.CancellationToken);
    }
}
