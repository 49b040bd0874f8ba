using Microsoft.Extensions.Configuration;
using Workflow.Complaints.Alerts;
using Workflow.LocalHost.Timers;

namespace Workflow.IntegrationTests.Complaints;

public sealed class LocalTimerScheduleTests
{
    [Fact]
    public void The_alert_timer_takes_its_CRON_from_the_app_setting_with_the_07_00_Vietnam_default()
    {
        var timer = new LocalTimers().Find(ComplaintAlerts.FunctionName)!;
        Assert.Equal("%ComplaintAlertSchedule%", timer.Schedule);

        Assert.Equal("0 0 0 * * *", timer.ResolveSchedule(new ConfigurationBuilder().Build()));
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ComplaintAlertSchedule"] = "0 30 23 * * *" }).Build();
        Assert.Equal("0 30 23 * * *", timer.ResolveSchedule(configured));
        Assert.Equal("0 */15 * * * *", new LocalTimers().Find("CourseFlowRecovery")!.ResolveSchedule(configured));
    }

    [Fact]
    public void A_timer_is_switched_off_with_the_Functions_Disabled_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobs:CourseFlowRecovery:Disabled"] = "true",
            ["AzureWebJobs.ComplaintDeadlineAlerts.Disabled"] = "false",
        }).Build();

        Assert.True(LocalTimers.IsDisabled(configuration, "CourseFlowRecovery"));
        Assert.False(LocalTimers.IsDisabled(configuration, ComplaintAlerts.FunctionName));
        Assert.False(LocalTimers.IsDisabled(new ConfigurationBuilder().Build(), "CourseFlowRecovery"));
    }
}
