using System.Text.Json;
using Workflow.Courses;
using Workflow.Courses.Attendance;
using Workflow.Courses.Progress;

namespace Workflow.UnitTests.Courses.Progress;

/// <summary>What one invitee row adds to the course's counts, and the counts a bag of them gives back (issue 19, item 4).</summary>
public sealed class CourseTallyTests
{
    private static readonly DateTimeOffset T0 = new(2027, 4, 21, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly string[] Sessions = ["s-a", "s-b"];

    private static AttendanceMark Mark(string session, AttendanceStatus status) => new(session, status, T0, "organiser", "x");

    /// <summary>The scan's way of counting (one pass over the rows, as InviteeScanner does).</summary>
    private static CourseCounts Reference(List<TallyFacts> rows, IReadOnlyList<string> sessions)
    {
        var attendance = new AttendanceTally(sessions);
        foreach (var r in rows)
        {
            attendance.Add(r.Status == InviteeStatus.Accepted, r.Attendance);
        }

        int Of(InviteeStatus s) => rows.Count(r => r.Status == s);
        return new CourseCounts(
            rows.Count, Of(InviteeStatus.Pending), Of(InviteeStatus.Accepted), Of(InviteeStatus.Declined), Of(InviteeStatus.Delegated),
            Of(InviteeStatus.Waitlisted), Of(InviteeStatus.NoResponse), attendance.Present, attendance.Absent, attendance.Excused,
            rows.Count(r => r.Surveyed), rows.Count(r => r.Reported), rows.Count(r => r.Email == EmailStatus.Sent), rows.Count(r => r.Email == EmailStatus.Failed))
        {
            Sessions = attendance.Sessions(),
        };
    }

    private static TallyFacts RandomRow(Random random)
    {
        var marks = new List<AttendanceMark>();
        foreach (var s in Sessions.Append("s-gone"))
        {
            if (random.Next(3) == 0)
            {
                marks.Add(Mark(s, (AttendanceStatus)random.Next(3)));
            }
        }

        var status = (InviteeStatus)random.Next(7);
        return new TallyFacts(
            status, (EmailStatus)random.Next(3), marks, random.Next(4) == 0, random.Next(5) == 0,
            random.Next(3) == 0 ? null : T0.AddSeconds(random.Next(0, 3 * 3600)));
    }

    private static string Json(CourseCounts c) => JsonSerializer.Serialize(c);

    [Fact]
    public void The_sum_of_the_rows_contributions_gives_what_a_scan_counts_including_sessions_and_marks_of_a_removed_session()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 500).Select(_ => RandomRow(random)).ToList();

        var bag = CourseTally.Sum(rows.Select(r => (IReadOnlyDictionary<string, long>)CourseTally.Of(r)));

        Assert.Equal(Json(Reference(rows, Sessions)), Json(CourseTally.ToScan(bag, Sessions).Counts));
        // A session taken off the schedule: its marks stop counting, as in the scan, from the same bag.
        Assert.Equal(Json(Reference(rows, ["s-b"])), Json(CourseTally.ToScan(bag, ["s-b"]).Counts));
    }

    [Fact]
    public void Deltas_of_a_sequence_of_writes_add_up_to_the_contributions_of_the_rows_as_they_end()
    {
        var random = new Random(19);
        var rows = new TallyFacts?[50];
        var bag = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var write = 0; write < 2000; write++)
        {
            var n = random.Next(rows.Length);
            var after = random.Next(10) == 0 ? null : RandomRow(random); // some writes delete the row
            CourseTally.Add(bag, CourseTally.Delta(rows[n], after));
            rows[n] = after;
        }

        var left = rows.OfType<TallyFacts>().ToList();
        Assert.Equal(Json(Reference(left, Sessions)), Json(CourseTally.ToScan(bag, Sessions).Counts));
        Assert.Equal(
            CourseTally.Sum(left.Select(r => (IReadOnlyDictionary<string, long>)CourseTally.Of(r))).OrderBy(p => p.Key, StringComparer.Ordinal),
            bag.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void A_write_that_changes_nothing_counted_has_an_empty_delta_and_an_answer_changed_moves_the_reply_in_the_histogram()
    {
        var pending = new TallyFacts(InviteeStatus.Pending, EmailStatus.Sent, [], false, false, null);
        Assert.Empty(CourseTally.Delta(pending, pending with { }));

        var accepted = pending with { Status = InviteeStatus.Accepted, RepliedAt = T0.AddSeconds(75) };
        var declined = accepted with { Status = InviteeStatus.Declined, RepliedAt = T0.AddMinutes(30) };
        var bag = CourseTally.Delta(null, pending);
        CourseTally.Add(bag, CourseTally.Delta(pending, accepted));
        CourseTally.Add(bag, CourseTally.Delta(accepted, declined));

        var scan = CourseTally.ToScan(bag, []);
        Assert.Equal((1, 0, 1, 0), (scan.Counts.Invited, scan.Counts.Accepted, scan.Counts.Declined, scan.Counts.Pending));
        // One reply, at its current status, its time floored to the minute.
        var reply = Assert.Single(scan.Replies);
        Assert.Equal((InviteeStatus.Declined, T0.AddMinutes(30)), (reply.Status, reply.RepliedAt));
        Assert.Equal(ReplyTimeline.Floor(T0.AddSeconds(75), TimeSpan.FromMinutes(1)), CourseTally.ToScan(CourseTally.Of(accepted), []).Replies[0].RepliedAt);
    }

    [Fact]
    public void A_timeline_drawn_from_minutes_starts_at_one_minute_buckets_and_otherwise_keeps_its_grid()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), ReplyTimeline.BucketFor(T0, T0.AddMinutes(5)));
        Assert.Equal(CourseTally.Minute, ReplyTimeline.BucketFor(T0, T0.AddMinutes(5), CourseTally.Minute));
        Assert.Equal(TimeSpan.FromHours(1), ReplyTimeline.BucketFor(T0, T0.AddDays(4), CourseTally.Minute));
        var view = ReplyTimeline.Build([new ReplyMark(InviteeStatus.Accepted, T0.AddMinutes(2))], T0, T0.AddMinutes(5), CourseTally.Minute);
        Assert.Equal(("PT1M", 6), (view.Bucket, view.Points.Count));
        Assert.Equal([0, 0, 1, 1, 1, 1], view.Points.Select(p => p.Accepted));
    }
}
