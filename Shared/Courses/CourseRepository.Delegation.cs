using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Workflow.Courses;

public sealed partial class CourseRepository
{
    /// <summary>
    /// Hands an invitation to a colleague atomically: reads the invitee, the seat row (when the course counts seats) and
    /// whether the colleague is already a row of the course, lets <paramref name="decide"/>
    /// (<see cref="InviteeTransitions.Delegate"/>) decide, and writes the original (under its ETag), the colleague (an
    /// insert: it fails if the colleague appeared meanwhile), when the seat moves between units the seat row, and the check
    /// of the course's guard row (<see cref="Course.Guard"/>) in ONE entity-group transaction. On any conflict it reads and
    /// decides again (on the course as stored when <paramref name="course"/> was an older copy), so the colleague is added
    /// exactly once, the seats stay exact and no hand-over lands in a course that changed. Null = no such invitee.
    /// </summary>
    public async Task<DelegationResult?> DelegateAsync(
        Course course,
        string inviteeId,
        string colleagueEmail,
        Func<Course, Invitee, SeatState, bool, Outcome<DelegationChange>> decide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(decide);
        if (!IsValidKey(course.Id) || !IsValidKey(inviteeId))
        {
            return null;
        }

        await _init.EnsureAsync(_invitees, cancellationToken);
        var courseId = course.Id;
        var colleagueId = InviteeIdFor(courseId, CourseValidation.NormalizeEmail(colleagueEmail ?? string.Empty));
        for (var attempt = 1; ; attempt++)
        {
            var response = await _invitees.GetEntityIfExistsAsync<InviteeEntity>(courseId, inviteeId, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var current = response.Value!.ToInvitee();
            var counted = course.Definition.CountsSeats;
            var seats = counted ? await GetSeatsAsync(courseId, cancellationToken) : SeatState.Empty;
            var exists = (await _invitees.GetEntityIfExistsAsync<TableEntity>(courseId, colleagueId, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;
            var outcome = decide(course, current, seats, exists);
            if (!outcome.IsDone)
            {
                if (outcome.Kind is OutcomeKind.Invalid || await IsCurrentAsync(course, cancellationToken))
                {
                    return new DelegationResult(outcome, course);
                }

                course = await GetAsync(courseId, cancellationToken) ?? course;
                continue;
            }

            var change = outcome.Value!;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateMerge, InviteeEntity.ReplyColumns(change.Original), new ETag(current.Version!)),
                new(TableTransactionActionType.Add, InviteeEntity.Added(change.Colleague)),
                GuardCheck(course),
            };
            if (counted && !SeatColumns.SameCounts(seats, change.Seats))
            {
                var row = SeatColumns.Write(courseId, change.Seats);
                actions.Add(seats.Version is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, new ETag(seats.Version)));
            }

            try
            {
                await _invitees.SubmitTransactionAsync(actions, cancellationToken);
                return new DelegationResult(outcome, course);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404 && attempt < MaxSeatAttempts)
            {
                // The course changed after the copy decided on: decide again on the course as stored.
                course = await RefreshAfterGuardAsync(course, cancellationToken) ?? course;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409 && attempt < MaxSeatAttempts)
            {
                // The original, the seats changed, or the colleague was added meanwhile: decide again on fresh data.
                await Task.Delay(Random.Shared.Next(1, Math.Min(5 + attempt, 50)), cancellationToken);
            }
        }
    }

    private sealed partial class InviteeEntity
    {
        /// <summary>A colleague handed an invitation: a whole new row with its reply state and audit trail.</summary>
        public static InviteeEntity Added(Invitee i) => new()
        {
            PartitionKey = i.CourseId,
            RowKey = i.Id,
            Name = i.Name,
            Email = i.Email,
            EmailKey = CourseValidation.NormalizeEmail(i.Email),
            Unit = i.Unit,
            Position = i.Position,
            Status = i.Status.ToString(),
            Arrival = i.Arrival,
            ConfirmationPending = i.ConfirmationPending,
            Audit = JsonSerializer.Serialize(i.Audit, WorkflowJson.Options),
        };
    }
}
