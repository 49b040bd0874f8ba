using Workflow.Courses;
using Workflow.Courses.Progress;

namespace Workflow.UnitTests.Courses.Progress;

/// <summary>The replies-over-time chart as a pure function: bucket choice, alignment, cumulative counts by current status.</summary>
public sealed class ReplyTimelineTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Started = new(2027, 5, 3, 8, 0, 0, Vn);

    [Fact]
    public void An_empty_draft_course_has_one_zero_point_at_now()
    {
        var now = new DateTimeOffset(2027, 5, 3, 8, 0, 25, Vn);
        var view = ReplyTimeline.Build([], startedAt: null, now);

        Assert.Equal("PT10S", view.Bucket);
        var point = Assert.Single(view.Points);
        Assert.Equal(new DateTimeOffset(2027, 5, 3, 8, 0, 20, Vn), point.At);
        Assert.Equal(new TimelinePoint(point.At, 0, 0, 0, 0, 0), point);
        Assert.Equal(point.At, view.From);
        Assert.Equal(point.At.AddSeconds(10), view.To);
    }

    [Fact]
    public void An_empty_started_course_runs_from_its_start_with_zeros()
    {
        var view = ReplyTimeline.Build([], Started, Started.AddMinutes(2));

        Assert.Equal("PT10S", view.Bucket);
        Assert.Equal(13, view.Points.Count);
        Assert.All(view.Points, p => Assert.Equal(0, p.Replied));
        Assert.Equal(Started, view.Points[0].At);
    }

    [Fact]
    public void One_reply_counts_from_its_bucket_on()
    {
        var at = Started.AddSeconds(35);
        var view = ReplyTimeline.Build([new ReplyMark(InviteeStatus.Accepted, at)], Started, Started.AddSeconds(59));

        Assert.Equal([0, 0, 0, 1, 1, 1], view.Points.Select(p => p.Accepted));
        Assert.Equal([0, 0, 0, 1, 1, 1], view.Points.Select(p => p.Replied));
        Assert.Equal(Started.AddSeconds(30), view.Points[3].At);
        Assert.All(view.Points, p => Assert.Equal(0, p.Declined + p.Delegated + p.Waitlisted));
    }

    [Fact]
    public void A_reply_before_the_start_or_in_a_draft_moves_the_span_back_to_it()
    {
        var early = Started.AddMinutes(-1);
        var view = ReplyTimeline.Build([new ReplyMark(InviteeStatus.Declined, early.AddSeconds(3))], startedAt: null, Started);

        Assert.Equal(early, view.Points[0].At);
        Assert.Equal(1, view.Points[0].Declined);
        Assert.Equal(1, view.Points[^1].Replied);
    }

    [Theory]
    [InlineData(19, "PT10S")] // 115 points of 10 s
    [InlineData(21, "PT30S")] // 127 points of 10 s would be too many
    [InlineData(59, "PT30S")]
    [InlineData(61, "PT1M")]
    [InlineData(9 * 60, "PT5M")]
    [InlineData(10 * 60, "PT15M")] // 121 points of 5 minutes
    [InlineData(29 * 60, "PT15M")]
    [InlineData(30 * 60, "PT30M")]
    [InlineData(3 * 24 * 60, "PT1H")]
    [InlineData(20 * 24 * 60, "PT6H")]
    [InlineData(100 * 24 * 60, "P1D")]
    [InlineData(400 * 24 * 60, "P7D")]
    public void The_bucket_is_the_smallest_that_keeps_at_most_120_points(int minutes, string bucket)
    {
        var view = ReplyTimeline.Build([], Started, Started.AddMinutes(minutes));

        Assert.Equal(bucket, view.Bucket);
        Assert.InRange(view.Points.Count, 1, ReplyTimeline.MaxPoints);
    }

    [Fact]
    public void A_span_of_hours_is_shown_in_minutes_with_cumulative_counts_and_the_last_point_holding_every_reply()
    {
        var now = Started.AddHours(5).AddMinutes(7).AddSeconds(3);
        ReplyMark[] replies =
        [
            new(InviteeStatus.Accepted, Started.AddMinutes(1)),
            new(InviteeStatus.Accepted, Started.AddMinutes(4)),
            new(InviteeStatus.Declined, Started.AddHours(1).AddMinutes(2)),
            new(InviteeStatus.Waitlisted, Started.AddHours(2)),
            new(InviteeStatus.Delegated, Started.AddHours(5).AddMinutes(6)),
            new(InviteeStatus.Pending, Started.AddHours(3)), // not a reply
            new(InviteeStatus.NoResponse, Started.AddHours(3)), // not a reply
        ];

        var view = ReplyTimeline.Build(replies, Started, now);

        Assert.Equal("PT5M", view.Bucket); // 62 points of 5 minutes; 308 of 1 minute would be too many
        Assert.Equal(62, view.Points.Count);
        Assert.Equal(Started, view.From);
        Assert.Equal(Started.AddHours(5).AddMinutes(10), view.To);
        Assert.Equal(2, view.Points[0].Accepted); // both accepts fall in 08:00–08:05
        Assert.Equal(2, view.Points[11].Replied); // 08:55–09:00: before the decline at 09:02
        Assert.Equal(3, view.Points[12].Replied); // 09:00–09:05 holds it
        var last = view.Points[^1];
        Assert.Equal(new TimelinePoint(Started.AddHours(5).AddMinutes(5), 2, 1, 1, 1, 5), last);
        Assert.True(view.Points.Zip(view.Points.Skip(1)).All(p => p.First.Replied <= p.Second.Replied), "cumulative");
        Assert.Equal(view.Points.Select((p, i) => Started.AddMinutes(5 * i)), view.Points.Select(p => p.At));
    }

    [Fact]
    public void A_person_who_changed_his_answer_counts_once_by_his_current_status_at_the_time_of_the_change()
    {
        // The invitee row holds the current status and the time of the last answer: an accept at 08:00:05
        // changed to a decline at 08:00:45 is one decline, from 08:00:40 on.
        var view = ReplyTimeline.Build([new ReplyMark(InviteeStatus.Declined, Started.AddSeconds(45))], Started, Started.AddSeconds(55));

        Assert.All(view.Points, p => Assert.Equal(0, p.Accepted));
        Assert.Equal([0, 0, 0, 0, 1, 1], view.Points.Select(p => p.Declined));
        Assert.Equal(1, view.Points[^1].Replied);
    }

    [Fact]
    public void A_reply_stamped_after_now_by_another_host_still_counts_in_the_last_point()
    {
        var now = Started.AddSeconds(15);
        var view = ReplyTimeline.Build([new ReplyMark(InviteeStatus.Accepted, now.AddSeconds(30))], Started, now);

        Assert.Equal(1, view.Points[^1].Accepted);
    }

    [Fact]
    public void Past_the_largest_bucket_the_first_points_are_dropped_and_the_first_kept_counts_everything_before()
    {
        var now = Started.AddYears(3);
        var view = ReplyTimeline.Build([new ReplyMark(InviteeStatus.Accepted, Started.AddDays(1))], Started, now);

        Assert.Equal("P7D", view.Bucket);
        Assert.Equal(ReplyTimeline.MaxPoints, view.Points.Count);
        Assert.Equal(1, view.Points[0].Accepted);
    }

    [Fact]
    public void Buckets_start_on_Vietnam_wall_clock_boundaries()
    {
        var t = new DateTimeOffset(2027, 5, 13, 14, 47, 31, Vn);
        Assert.Equal(new DateTimeOffset(2027, 5, 13, 12, 0, 0, Vn), ReplyTimeline.Floor(t, TimeSpan.FromHours(3)));
        Assert.Equal(new DateTimeOffset(2027, 5, 13, 0, 0, 0, Vn), ReplyTimeline.Floor(t, TimeSpan.FromDays(1)));
        Assert.Equal(new DateTimeOffset(2027, 5, 10, 0, 0, 0, Vn), ReplyTimeline.Floor(t, TimeSpan.FromDays(7))); // a Monday
        Assert.Equal(new DateTimeOffset(2027, 5, 13, 14, 47, 30, Vn), ReplyTimeline.Floor(t, TimeSpan.FromSeconds(10)));
    }
}
