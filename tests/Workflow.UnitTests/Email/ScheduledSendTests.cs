using Workflow.Courses;
using Workflow.Email;

namespace Workflow.UnitTests.Email;

public sealed class ScheduledSendTests
{
    private static readonly DateTimeOffset SendAt = new(2027, 4, 21, 2, 15, 0, TimeSpan.Zero);

    [Fact]
    public void A_handover_reads_back_as_written()
    {
        var handover = new Handover(EmailRounds.Reminder(SendAt.AddDays(-1)), "ZGVkYjhkNGQtOTk", SendAt);

        Assert.Equal(handover, Handover.Parse(handover.ToString()));
        Assert.Equal("invitation b1 " + SendAt.ToUnixTimeSeconds(), new Handover(EmailRounds.Invitation, "b1", SendAt).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("invitation b1")]
    [InlineData("invitation b1 soon")]
    [InlineData("invitation b1 -5")]
    public void What_is_not_a_handover_reads_as_none(string? stored) => Assert.Null(Handover.Parse(stored));

    [Fact]
    public void A_batch_is_cancelled_only_while_SendGrid_still_can_with_a_margin_for_the_request()
    {
        var schedule = new EmailSchedule("b1", SendAt);

        Assert.True(schedule.Cancellable(SendAt.AddMinutes(-15)));
        Assert.True(schedule.Cancellable(SendAt.AddMinutes(-10).AddSeconds(-31)));
        Assert.False(schedule.Cancellable(SendAt.AddMinutes(-10).AddSeconds(-30)));
        Assert.False(schedule.Cancellable(SendAt.AddMinutes(-9)));
        Assert.False(schedule.Cancellable(SendAt.AddMinutes(1)));
    }
}
