using Azure.Data.Tables;
using Workflow.Courses.FollowUp;

namespace Workflow.Courses;

/// <summary>What the follow-up flow has sent to one person (its "sent" marks: SendGrid cannot drop a message it has seen).</summary>
/// <param name="SurveyAskedAt">When the survey link went (null: not yet).</param>
/// <param name="ReportAskedAt">When the learning-report link went (null: not yet).</param>
/// <param name="SurveyRemindedFor">The last survey reminder time this person had.</param>
/// <param name="ReportRemindedFor">The last report reminder time this person had.</param>
public sealed record FollowUpMarks(DateTimeOffset? SurveyAskedAt, DateTimeOffset? ReportAskedAt, DateTimeOffset? SurveyRemindedFor, DateTimeOffset? ReportRemindedFor)
{
    public DateTimeOffset? AskedAt(FollowUpKind kind) => kind == FollowUpKind.Survey ? SurveyAskedAt : ReportAskedAt;

    public DateTimeOffset? RemindedFor(FollowUpKind kind) => kind == FollowUpKind.Survey ? SurveyRemindedFor : ReportRemindedFor;
}

/// <summary>An invitee with his follow-up marks.</summary>
public sealed record FollowUpInvitee(Invitee Invitee, FollowUpMarks Marks);

/// <summary>The follow-up's columns of the invitee rows (survey and report requests and reminders sent).</summary>
public sealed partial class CourseRepository
{
    /// <summary>Every invitee of the course with the follow-up marks.</summary>
    public async Task<List<FollowUpInvitee>> ListFollowUpAsync(string courseId, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_invitees, cancellationToken);
        var list = new List<FollowUpInvitee>();
        await foreach (var e in _invitees.QueryAsync<InviteeEntity>(InviteeRowsFilter(courseId), cancellationToken: cancellationToken))
        {
            list.Add(new FollowUpInvitee(e.ToInvitee(), e.FollowUpMarks()));
        }

        return list;
    }

    /// <summary>Marks that the <paramref name="kind"/> link went to these invitees (merge: only that column).</summary>
    public Task MarkFollowUpAskedAsync(string courseId, IEnumerable<string> inviteeIds, FollowUpKind kind, DateTimeOffset at, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id)
        {
            [kind == FollowUpKind.Survey ? nameof(InviteeEntity.SurveyAskedAt) : nameof(InviteeEntity.ReportAskedAt)] = at,
        }, cancellationToken);

    /// <summary>Marks that the <paramref name="kind"/> reminder of <paramref name="reminderFor"/> went to (or failed for good for) these invitees.</summary>
    public Task MarkFollowUpRemindedAsync(string courseId, IEnumerable<string> inviteeIds, FollowUpKind kind, DateTimeOffset reminderFor, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id => new TableEntity(courseId, id)
        {
            [kind == FollowUpKind.Survey ? nameof(InviteeEntity.SurveyRemindedFor) : nameof(InviteeEntity.ReportRemindedFor)] = reminderFor,
        }, cancellationToken);

    private sealed partial class InviteeEntity
    {
        public DateTimeOffset? SurveyAskedAt { get; set; }

        public DateTimeOffset? ReportAskedAt { get; set; }

        public DateTimeOffset? SurveyRemindedFor { get; set; }

        public DateTimeOffset? ReportRemindedFor { get; set; }

        public FollowUpMarks FollowUpMarks() => new(SurveyAskedAt, ReportAskedAt, SurveyRemindedFor, ReportRemindedFor);
    }
}
