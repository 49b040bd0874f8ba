namespace Workflow.Courses;

/// <summary>
/// Written on every invitee row of a scheduled batch BEFORE the batch is handed over (the fact first): which round,
/// which batch, delivered when. After a crash, a row still unmarked for its round and carrying a handover whose outcome
/// was not recorded (<see cref="Storage.HandoverStore"/>) is resolved by <see cref="EmailRounds.RecoverAsync"/>.
/// Stored as one string: <c>{round} {batchId} {sendAt unix seconds}</c>.
/// </summary>
/// <param name="Round"><see cref="EmailRounds.Invitation"/>, <see cref="EmailRounds.Reminder"/> or <see cref="EmailRounds.RemindNow"/>.</param>
public sealed record Handover(string Round, string BatchId, DateTimeOffset SendAt)
{
    public EmailSchedule Schedule => new(BatchId, SendAt);

    public override string ToString() =>
        string.Join(' ', Round, BatchId, SendAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    public static Handover? Parse(string? stored)
    {
        var parts = stored?.Split(' ');
        return parts is [var round, var batchId, var seconds]
            && long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            ? new Handover(round, batchId, DateTimeOffset.FromUnixTimeSeconds(unix))
            : null;
    }
}
