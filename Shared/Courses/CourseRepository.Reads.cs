using Azure.Data.Tables;
using Workflow.Courses.Progress;

namespace Workflow.Courses;

/// <summary>The organiser's read side: every course for the list, and one projected scan of a course's invitees for counts and reply times.</summary>
public sealed partial class CourseRepository
{
    /// <summary>The columns the counts read (status, email status, attendance, follow-up).</summary>
    private static readonly string[] CountColumns = ["Status", "EmailStatus", "Attendance", "Survey", "Report"];

    /// <summary>The counts' columns and the reply time, for <see cref="ReadProgressAsync"/>.</summary>
    private static readonly string[] ProgressColumns = [.. CountColumns, "RepliedAt"];

    /// <summary>The course columns the list reads (not the organiser's changes or the milestones done).</summary>
    private static readonly string[] ListColumns = ["PartitionKey", "RowKey", "Title", "Phase", "Definition", "CreatedAt", "StartedAt"];

    /// <summary>
    /// Every course, optionally of one phase, read with a projection (courses are few: hundreds a year). The definition is
    /// whole; the organiser's changes and the milestones done are not read (they are empty in the result).
    /// </summary>
    public async Task<List<Course>> ListCoursesAsync(CoursePhase? phase, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_courses, cancellationToken);
        var name = phase?.ToString();
        var query = name is null
            ? _courses.QueryAsync<CourseEntity>(e => e.RowKey == CourseRowKey, select: ListColumns, cancellationToken: cancellationToken)
            : _courses.QueryAsync<CourseEntity>(e => e.RowKey == CourseRowKey && e.Phase == name, select: ListColumns, cancellationToken: cancellationToken);
        var list = new List<Course>();
        await foreach (var e in query)
        {
            list.Add(e.ToCourse());
        }

        return list;
    }

    /// <summary>
    /// The course's counts and every reply's current status and time, from ONE projected scan of its invitee partition
    /// (the same scan <see cref="CountAsync"/> makes, plus the reply time column).
    /// </summary>
    /// <param name="sessionIds">The course's sessions in order (<see cref="Course.SessionIds"/>): attendance is counted per session by id.</param>
    public Task<InviteeScan> ReadProgressAsync(string courseId, IReadOnlyList<string> sessionIds, CancellationToken cancellationToken) =>
        ScanInviteesAsync(courseId, sessionIds, withReplies: true, cancellationToken);

    private async Task<InviteeScan> ScanInviteesAsync(string courseId, IReadOnlyList<string>? sessionIds, bool withReplies, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        int invited = 0, sent = 0, failed = 0, surveyed = 0, reported = 0;
        var attendance = new Attendance.AttendanceTally(sessionIds);
        var replies = new List<ReplyMark>();
        await foreach (var e in _invitees.QueryAsync<TableEntity>(
                           InviteeRowsFilter(courseId),
                           select: withReplies ? ProgressColumns : CountColumns,
                           cancellationToken: cancellationToken))
        {
            invited++;
            attendance.Add(e.GetString("Status"), e.GetString("Attendance"));
            surveyed += string.IsNullOrEmpty(e.GetString("Survey")) ? 0 : 1;
            reported += string.IsNullOrEmpty(e.GetString("Report")) ? 0 : 1;
            var status = e.GetString("Status") ?? nameof(InviteeStatus.Pending);
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            var emailStatus = e.GetString("EmailStatus");
            if (emailStatus == nameof(EmailStatus.Sent))
            {
                sent++;
            }
            else if (emailStatus == nameof(EmailStatus.Failed))
            {
                failed++;
            }

            if (withReplies && e.GetDateTimeOffset("RepliedAt") is { } repliedAt && Enum.TryParse<InviteeStatus>(status, out var parsed))
            {
                replies.Add(new ReplyMark(parsed, repliedAt));
            }
        }

        int Of(InviteeStatus s) => byStatus.GetValueOrDefault(s.ToString());
        var counts = new CourseCounts(
            invited, Of(InviteeStatus.Pending), Of(InviteeStatus.Accepted), Of(InviteeStatus.Declined), Of(InviteeStatus.Delegated),
            Of(InviteeStatus.Waitlisted), Of(InviteeStatus.NoResponse), attendance.Present, attendance.Absent, attendance.Excused, surveyed, reported, sent, failed)
        {
            Sessions = attendance.Sessions(),
        };
        return new InviteeScan(counts, replies);
    }
}

/// <summary>What one scan of a course's invitees gives: the counts, and (for the progress view) each reply's current status and time.</summary>
public sealed record InviteeScan(CourseCounts Counts, IReadOnlyList<ReplyMark> Replies);
