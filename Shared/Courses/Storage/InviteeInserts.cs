using Workflow.Courses.Progress;

namespace Workflow.Courses.Storage;

/// <summary>
/// New invitee rows, in batches of 100 (one partition) with their tally delta. A person the course has already (his row's
/// id is his email's) is refused by storage and reported as a duplicate: nothing reads the partition first, so adding a
/// part of a 100,000-person list costs the same whatever the course holds already.
/// </summary>
internal static class InviteeInserts
{
    public static async Task<(int Added, List<DuplicateRow> Duplicates)> AddAsync(
        TableClient table, string courseId, IReadOnlyList<ValidInvitee> invitees, AuditEntry? addedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invitees);
        var duplicates = new System.Collections.Concurrent.ConcurrentBag<DuplicateRow>();
        var one = CourseTally.Of(InviteeRows.NewRowFacts);
        var added = await TallyRows.SubmitBatchesAsync(
            table,
            courseId,
            invitees,
            v => new TableTransactionAction(TableTransactionActionType.Add, InviteeEntity.New(courseId, v, addedBy)),
            _ => one,
            async (chunk, ct) =>
            {
                // A row of this batch exists already (its id is its email's: the course has this person). Storage names it
                // by its index: report it and write the rest again; without an index, row by row finds them all.
                var written = 0;
                var batches = new Queue<List<ValidInvitee>>([[.. chunk]]);
                while (batches.TryDequeue(out var left))
                {
                    try
                    {
                        var rows = left.Select(v => new TableTransactionAction(TableTransactionActionType.Add, InviteeEntity.New(courseId, v, addedBy))).ToList();
                        await TallyRows.SubmitAsync(table, courseId, rows, CourseTally.Sum(left.Select(_ => one)), rows[0].Entity.RowKey, ct);
                        written += left.Count;
                    }
                    catch (TableTransactionFailedException ex) when (ex.Status == 409)
                    {
                        if (left.Count == 1 || ex.FailedTransactionActionIndex is int failed && failed < left.Count)
                        {
                            var refused = left.Count == 1 ? 0 : ex.FailedTransactionActionIndex!.Value;
                            duplicates.Add(new DuplicateRow(left[refused].Row, left[refused].Email));
                            left.RemoveAt(refused);
                            if (left.Count > 0)
                            {
                                batches.Enqueue(left);
                            }
                        }
                        else
                        {
                            left.ForEach(v => batches.Enqueue([v]));
                        }
                    }
                }

                return written;
            },
            cancellationToken,
            InviteeRows.ParallelBatches);
        return (added, duplicates.OrderBy(d => d.Row).ToList());
    }
}
