using Azure.Data.Tables;

namespace Workflow.Courses;

/// <summary>Calendar (issue 9): the accept-confirmation outbox and the course reminder marks on the invitee rows.</summary>
public sealed partial class CourseRepository
{
    /// <summary>People whose accept confirmation has not gone yet (the outbox the flow drains, like promotions).</summary>
    public Task<List<Invitee>> ListConfirmationPendingAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.ConfirmationPending == true, cancellationToken);

    /// <summary>
    /// Clears the confirmation mark of acceptance <paramref name="arrival"/> (under the row's ETag): if the person declined
    /// and accepted again since the read, the newer acceptance keeps its mark, so its own confirmation still goes.
    /// <paramref name="read"/>, the row as listed (with its ETag), saves reading it again; a row changed since is read anew.
    /// </summary>
    public Task<Invitee?> MarkConfirmationSentAsync(string courseId, string inviteeId, long? arrival, CancellationToken cancellationToken, Invitee? read = null) =>
        UpdateInviteeAsync(
            courseId,
            inviteeId,
            i => i.ConfirmationPending && (i.Arrival == arrival || i.Status != InviteeStatus.Accepted) ? i with { ConfirmationPending = false } : null,
            cancellationToken,
            read);

    /// <summary>The accepted people of a course (who get the course reminder).</summary>
    public Task<List<Invitee>> ListAcceptedAsync(string courseId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.PartitionKey == courseId && e.Status == nameof(InviteeStatus.Accepted), cancellationToken);

    /// <summary>Records that the course reminder for <paramref name="reminderFor"/> went to these people (or failed for good, with the reason).</summary>
    public Task MarkCourseRemindedAsync(string courseId, IEnumerable<string> inviteeIds, DateTimeOffset reminderFor, string? error, CancellationToken cancellationToken) =>
        MergeAsync(courseId, inviteeIds, id =>
        {
            var row = new TableEntity(courseId, id) { [nameof(InviteeEntity.CourseReminderFor)] = reminderFor };
            if (error is not null)
            {
                row[nameof(InviteeEntity.EmailError)] = Bound(error);
            }

            return row;
        }, cancellationToken);

    private sealed partial class InviteeEntity
    {
        /// <summary>Outbox mark of the accept confirmation (see <see cref="Invitee.ConfirmationPending"/>); written with the reply columns.</summary>
        public bool ConfirmationPending { get; set; }

        /// <summary>The last course reminder time sent (see <see cref="Invitee.CourseReminderFor"/>).</summary>
        public DateTimeOffset? CourseReminderFor { get; set; }
    }
}
