using Workflow.Courses.Progress;

namespace Workflow.Courses.Storage;

/// <summary>
/// The invitation's "sent" and "failed" marks (column EmailStatus), counted exactly in the tally rows. These marks are
/// NOT blind merges: a round recovered after a crash may mark again people it already marked (the ids come from the
/// hand-over record, not from a fresh list of the unsent), so a blind merge could count a person twice. Each batch
/// therefore reads its rows' email status first (point reads, projected), skips the rows already at the target, and
/// writes the others under their ETags with the tally delta in the same transaction; a row changed meanwhile (a reply)
/// fails the batch, which is read and written again. Cost: one point read per person marked.
/// </summary>
internal sealed class EmailStatusMarks(TableClient invitees, TableInitializer init)
{
    private const int MaxAttempts = 20;
    private const int ParallelReads = 16;

    public async Task MarkAsync(string courseId, IEnumerable<string> inviteeIds, EmailStatus target, Func<string, TableEntity> patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inviteeIds);
        await init.EnsureAsync(invitees, cancellationToken);
        await Parallel.ForEachAsync(
            inviteeIds.Distinct(StringComparer.Ordinal).Chunk(TallyRows.MaxRows),
            new ParallelOptions { MaxDegreeOfParallelism = InviteeRows.ParallelBatches, CancellationToken = cancellationToken },
            async (chunk, ct) => await MarkChunkAsync(courseId, chunk, target, patch, ct));
    }

    private async Task MarkChunkAsync(string courseId, string[] ids, EmailStatus target, Func<string, TableEntity> patch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var rows = new (string Id, ETag ETag, EmailStatus Status)?[ids.Length];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, ids.Length),
                new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
                async (n, ct) =>
                {
                    var read = await invitees.GetEntityIfExistsAsync<TableEntity>(courseId, ids[n], select: [nameof(InviteeEntity.EmailStatus)], cancellationToken: ct);
                    if (read.HasValue)
                    {
                        var status = Enum.TryParse<EmailStatus>(read.Value!.GetString(nameof(InviteeEntity.EmailStatus)), out var s) ? s : EmailStatus.NotSent;
                        rows[n] = (ids[n], read.Value.ETag, status);
                    }
                });

            // Rows gone (a nominee deleted) are not marked; rows already at the target are written again only for the
            // columns that go with the mark (the reason of a failure, the invitation time), counted zero.
            var present = rows.OfType<(string Id, ETag ETag, EmailStatus Status)>().ToList();
            if (present.Count == 0)
            {
                return;
            }

            var actions = present.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge, patch(r.Id), r.ETag)).ToList();
            var delta = CourseTally.Sum(present.Select(r => (IReadOnlyDictionary<string, long>)EmailDelta(r.Status, target)));
            try
            {
                await TallyRows.SubmitAsync(invitees, courseId, actions, delta, present[0].Id, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && attempt < MaxAttempts)
            {
                // A row changed or went meanwhile: read the batch again.
            }
        }
    }

    private static Dictionary<string, long> EmailDelta(EmailStatus before, EmailStatus after) =>
        CourseTally.Delta(InviteeRows.NewRowFacts with { Email = before }, InviteeRows.NewRowFacts with { Email = after });
}
