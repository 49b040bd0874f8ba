using System.Xml;

namespace Workflow.Courses.Progress;

/// <summary>One reply as the invitee partition holds it now: the person's current status and when he last answered.</summary>
public sealed record ReplyMark(InviteeStatus Status, DateTimeOffset RepliedAt);

/// <summary>Cumulative replies by current status at the end of the bucket that starts at <paramref name="At"/>.</summary>
public sealed record TimelinePoint(DateTimeOffset At, int Accepted, int Declined, int Delegated, int Waitlisted, int Replied);

/// <summary>The replies-over-time chart: <paramref name="Bucket"/> as an ISO-8601 duration; points cover [<paramref name="From"/>, <paramref name="To"/>).</summary>
public sealed record ReplyTimelineView(string Bucket, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TimelinePoint> Points);

/// <summary>
/// Replies over time as a pure function of the reply marks, the course's start and the current time.
/// <list type="bullet">
/// <item>The span runs from the course's <c>startedAt</c> (or the first reply, if earlier or the course is a draft) to now.</item>
/// <item>The bucket is the smallest of <see cref="Buckets"/> that keeps at most <see cref="MaxPoints"/> points; past the
/// largest, the first points are dropped (counts are cumulative, so the first point kept still counts every earlier reply).</item>
/// <item>Buckets are aligned on Vietnam wall-clock time (UTC+7, a Monday midnight origin), so hours, days and weeks start
/// where people read them.</item>
/// <item>A point counts the replies written before its bucket ends; the last point (the bucket holding now) counts them all.
/// A person counts once, by his current status: an accept changed to a decline is a decline, at the time of the change.</item>
/// </list>
/// </summary>
public static class ReplyTimeline
{
    public const int MaxPoints = 120;

    /// <summary>Bucket sizes tried, smallest first; each divides a week, so every bucket boundary is a week boundary's multiple.</summary>
    public static IReadOnlyList<TimeSpan> Buckets { get; } =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(3),
        TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7),
    ];

    /// <summary>Monday 1970-01-05 00:00 in Vietnam (UTC+7, no daylight saving): the origin buckets are aligned to.</summary>
    private static readonly DateTimeOffset Origin = new(1970, 1, 5, 0, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The statuses a reply leaves a person in (pending, no response and cancelled are not replies).</summary>
    public static bool IsReply(InviteeStatus status) =>
        status is InviteeStatus.Accepted or InviteeStatus.Declined or InviteeStatus.Delegated or InviteeStatus.Waitlisted;

    /// <param name="replies">The course's reply marks in any order (marks of non-reply statuses are ignored).</param>
    /// <param name="startedAt">When the course was started (null: a draft).</param>
    /// <param name="now">The current time: the span's end.</param>
    /// <param name="smallest">The smallest bucket the marks allow (null: 10 s): reply times kept to the minute (the
    /// course's tally rows, <see cref="CourseTally"/>) are drawn in buckets of one minute or more.</param>
    public static ReplyTimelineView Build(IEnumerable<ReplyMark> replies, DateTimeOffset? startedAt, DateTimeOffset now, TimeSpan? smallest = null)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var marks = replies.Where(r => IsReply(r.Status)).OrderBy(r => r.RepliedAt).ToList();
        var start = startedAt ?? now;
        if (marks.Count > 0 && marks[0].RepliedAt < start)
        {
            start = marks[0].RepliedAt;
        }

        if (start > now)
        {
            start = now;
        }

        var bucket = BucketFor(start, now, smallest);
        var last = Floor(now, bucket);
        var first = Floor(start, bucket);
        var count = (int)Math.Min(MaxPoints, (last - first).Ticks / bucket.Ticks + 1);
        first = last - (bucket * (count - 1));

        var points = new List<TimelinePoint>(count);
        int accepted = 0, declined = 0, delegated = 0, waitlisted = 0, next = 0;
        for (var i = 0; i < count; i++)
        {
            var at = first + (bucket * i);
            var end = at + bucket;
            while (next < marks.Count && (i == count - 1 || marks[next].RepliedAt < end))
            {
                switch (marks[next].Status)
                {
                    case InviteeStatus.Accepted: accepted++; break;
                    case InviteeStatus.Declined: declined++; break;
                    case InviteeStatus.Delegated: delegated++; break;
                    default: waitlisted++; break;
                }

                next++;
            }

            points.Add(new TimelinePoint(at, accepted, declined, delegated, waitlisted, accepted + declined + delegated + waitlisted));
        }

        return new ReplyTimelineView(XmlConvert.ToString(bucket), first, last + bucket, points);
    }

    /// <summary>The smallest bucket that shows the span [<paramref name="from"/>, <paramref name="to"/>] in at most <see cref="MaxPoints"/> points (else the largest).</summary>
    public static TimeSpan BucketFor(DateTimeOffset from, DateTimeOffset to, TimeSpan? smallest = null)
    {
        foreach (var bucket in Buckets.Where(b => smallest is null || b >= smallest))
        {
            if ((Floor(to, bucket) - Floor(from, bucket)).Ticks / bucket.Ticks + 1 <= MaxPoints)
            {
                return bucket;
            }
        }

        return Buckets[^1];
    }

    /// <summary>The start of the bucket holding <paramref name="t"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset t, TimeSpan bucket)
    {
        var ticks = (t - Origin).Ticks;
        var floored = ticks - (((ticks % bucket.Ticks) + bucket.Ticks) % bucket.Ticks);
        return (Origin + TimeSpan.FromTicks(floored)).ToUniversalTime();
    }
}
