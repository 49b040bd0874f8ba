using Workflow.Courses.Progress;

namespace Workflow.Courses.Storage;

/// <summary>The organiser's read side of the invitee partition: one projected scan of a course's invitees for counts and reply times.</summary>
internal static class InviteeScanner
{
    public static async Task<InviteeScan> ScanAsync(TableClient invitees, string courseId, IReadOnlyList<string>? sessionIds, bool withReplies, CancellationToken cancellationToken)
    {
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        int invited = 0, sent = 0, failed = 0, surveyed = 0, reported = 0;
        var attendance = new Attendance.AttendanceTally(sessionIds);
        var replies = new List<ReplyMark>();
        await foreach (var e in invitees.QueryAsync<TableEntity>(
                           InviteeRows.RowsFilter(courseId),
                           select: withReplies ? InviteeRows.ProgressColumns : InviteeRows.CountColumns,
                           cancellationToken: cancellationToken))
        {
            invited++;
            attendance.Add(e.GetString(nameof(InviteeEntity.Status)), e.GetString(nameof(InviteeEntity.Attendance)));
            surveyed += string.IsNullOrEmpty(e.GetString(nameof(InviteeEntity.Survey))) ? 0 : 1;
            reported += string.IsNullOrEmpty(e.GetString(nameof(InviteeEntity.Report))) ? 0 : 1;
            var status = e.GetString(nameof(InviteeEntity.Status)) ?? nameof(InviteeStatus.Pending);
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            var emailStatus = e.GetString(nameof(InviteeEntity.EmailStatus));
            if (emailStatus == nameof(EmailStatus.Sent))
            {
                sent++;
            }
            else if (emailStatus == nameof(EmailStatus.Failed))
            {
                failed++;
            }

            if (withReplies && e.GetDateTimeOffset(nameof(InviteeEntity.RepliedAt)) is { } repliedAt && Enum.TryParse<InviteeStatus>(status, out var parsed))
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
