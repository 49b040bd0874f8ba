using Workflow.Courses.Attendance;

namespace Workflow.Courses.Progress;

/// <summary>What of an invitee row the course's counts read (the columns <see cref="CourseTally.Of"/> depends on).</summary>
/// <param name="RepliedAt">When he last answered; only a reply status (<see cref="ReplyTimeline.IsReply"/>) puts it in the reply histogram.</param>
public sealed record TallyFacts(InviteeStatus Status, EmailStatus Email, IReadOnlyList<AttendanceMark> Attendance, bool Surveyed, bool Reported, DateTimeOffset? RepliedAt)
{
    public static TallyFacts From(Invitee i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Status, i.EmailStatus, i.Attendance, i.Survey is not null, i.Report is not null, i.RepliedAt);
    }
}

/// <summary>
/// The course's counts as a sparse bag of counters (key → count), kept in storage so that the progress poll reads a
/// few tally rows instead of every invitee (issue 19). One pure function, <see cref="Of"/>, says what one invitee row
/// adds to the bag; a write of a row adds <c>Of(after) − Of(before)</c> (<see cref="Delta"/>); the sum over every row is
/// what <see cref="Storage.InviteeScanner"/> counts, which <see cref="ToScan"/> turns back into the same answer.
/// Keys: <c>i</c> invitees; <c>s:{status}</c>; <c>e:{email status}</c>; <c>sv</c>, <c>rp</c> surveyed, reported;
/// <c>a:{accepted 0|1}:{session=status…}</c> one per attendance pattern (so a mark of a session taken off the schedule
/// stops counting, as in the scan); <c>r:{status}:{minute}</c> replies per minute by current status (the reply timeline's
/// smallest bucket is therefore one minute when it is drawn from the tallies).
/// </summary>
public static class CourseTally
{
    /// <summary>The reply histogram's bucket: the smallest bucket of the reply timeline drawn from the tallies.</summary>
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private const char Pair = '\u001f';
    private const char Next = '\u001e';

    /// <summary>Reply minutes count from here (UTC).</summary>
    private static readonly DateTimeOffset MinuteOrigin = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What one invitee row adds to the counts (null: no row).</summary>
    public static Dictionary<string, long> Of(TallyFacts? row)
    {
        var bag = new Dictionary<string, long>(StringComparer.Ordinal);
        if (row is null)
        {
            return bag;
        }

        bag["i"] = 1;
        bag["s:" + row.Status] = 1;
        if (row.Email is EmailStatus.Sent or EmailStatus.Failed)
        {
            bag["e:" + row.Email] = 1;
        }

        if (row.Surveyed)
        {
            bag["sv"] = 1;
        }

        if (row.Reported)
        {
            bag["rp"] = 1;
        }

        var accepted = row.Status == InviteeStatus.Accepted;
        if (accepted || row.Attendance.Count > 0)
        {
            var pattern = string.Join(Next, row.Attendance
                .GroupBy(m => m.SessionId, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(m => m.SessionId, StringComparer.Ordinal)
                .Select(m => m.SessionId + Pair + ((int)m.Status).ToString(CultureInfo.InvariantCulture)));
            bag["a:" + (accepted ? "1:" : "0:") + pattern] = 1;
        }

        if (row.RepliedAt is { } at && ReplyTimeline.IsReply(row.Status))
        {
            var minute = (long)Math.Floor((at - MinuteOrigin).TotalMinutes);
            bag["r:" + row.Status + ":" + minute.ToString(CultureInfo.InvariantCulture)] = 1;
        }

        return bag;
    }

    /// <summary>What a write of one row changes: <c>Of(after) − Of(before)</c>, zero entries left out.</summary>
    public static Dictionary<string, long> Delta(TallyFacts? before, TallyFacts? after)
    {
        var delta = Of(after);
        Add(delta, Of(before), -1);
        return delta;
    }

    /// <summary>Adds <paramref name="sign"/> × <paramref name="other"/> to <paramref name="bag"/>, dropping zeros.</summary>
    public static void Add(Dictionary<string, long> bag, IReadOnlyDictionary<string, long> other, int sign = 1)
    {
        ArgumentNullException.ThrowIfNull(bag);
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, value) in other)
        {
            var sum = bag.GetValueOrDefault(key) + (sign * value);
            if (sum == 0)
            {
                bag.Remove(key);
            }
            else
            {
                bag[key] = sum;
            }
        }
    }

    /// <summary>The sum of many deltas.</summary>
    public static Dictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> deltas)
    {
        var bag = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var d in deltas)
        {
            Add(bag, d);
        }

        return bag;
    }

    /// <summary>The counts and reply marks a bag holds: what a scan of the same rows answers (reply times floored to the minute).</summary>
    /// <param name="sessionIds">The course's sessions in order (as for the scan).</param>
    public static InviteeScan ToScan(IReadOnlyDictionary<string, long> bag, IReadOnlyList<string>? sessionIds)
    {
        ArgumentNullException.ThrowIfNull(bag);
        var attendance = new AttendanceTally(sessionIds);
        var replies = new List<ReplyMark>();
        foreach (var (key, value) in bag)
        {
            var count = (int)value;
            if (key.StartsWith("a:", StringComparison.Ordinal))
            {
                var pattern = key[4..];
                var marks = pattern.Length == 0 ? [] : pattern.Split(Next).Select(p => p.Split(Pair))
                    .Select(p => new AttendanceMark(p[0], (AttendanceStatus)int.Parse(p[1], CultureInfo.InvariantCulture), default, string.Empty, string.Empty)).ToList();
                attendance.Add(key[2] == '1', marks, count);
            }
            else if (key.StartsWith("r:", StringComparison.Ordinal))
            {
                var parts = key.Split(':');
                var at = MinuteOrigin.AddMinutes(long.Parse(parts[2], CultureInfo.InvariantCulture));
                var status = Enum.Parse<InviteeStatus>(parts[1]);
                for (var n = 0; n < count; n++)
                {
                    replies.Add(new ReplyMark(status, at));
                }
            }
        }

        int Get(string key) => (int)bag.GetValueOrDefault(key);
        int Of(InviteeStatus s) => Get("s:" + s);
        var counts = new CourseCounts(
            Get("i"), Of(InviteeStatus.Pending), Of(InviteeStatus.Accepted), Of(InviteeStatus.Declined), Of(InviteeStatus.Delegated),
            Of(InviteeStatus.Waitlisted), Of(InviteeStatus.NoResponse), attendance.Present, attendance.Absent, attendance.Excused,
            Get("sv"), Get("rp"), Get("e:" + EmailStatus.Sent), Get("e:" + EmailStatus.Failed))
        {
            Sessions = attendance.Sessions(),
        };
        return new InviteeScan(counts, replies);
    }
}
