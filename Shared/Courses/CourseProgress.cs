namespace Workflow.Courses;

/// <summary>
/// What the flow has done of a course's later phases (check-in, sessions, follow-up): the keys of the milestones that
/// are done, stored on the course row. A milestone that runs even when late leaves the schedule once its key is here,
/// so a re-run of the flow (replay, recovery, a second host) never does it twice.
/// </summary>
public sealed record CourseProgress(IReadOnlyList<string> Done)
{
    public static CourseProgress None { get; } = new([]);

    public bool IsDone(string key) => Done.Contains(key, StringComparer.Ordinal);

    public CourseProgress With(string key) => IsDone(key) ? this : this with { Done = [.. Done, key] };

    /// <summary>
    /// How many times a grade was given while the course needs passing grades for its certificates: each raises it, and
    /// the certificates are looked at again once per round (<see cref="Certificates.CertificateSchedule"/>).
    /// </summary>
    public int GradeRound { get; init; }

    /// <summary>Done: <paramref name="key"/>, in place of the other keys that start with <paramref name="prefix"/> (rounds done before it).</summary>
    public CourseProgress WithLatest(string prefix, string key) =>
        this with { Done = [.. Done.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal)), key] };

    /// <summary>The milestones whose key is not done yet, in their order.</summary>
    public IEnumerable<Milestone> Pending(params IEnumerable<Milestone> milestones) => milestones.Where(m => !IsDone(m.Key));
}

/// <summary>The groups of an invitee row's columns that one writer changes together (see <see cref="Storage.InviteeStore.UpdateInviteeAsync(string, string, InviteeColumns, Func{Invitee, Invitee?}, CancellationToken, Invitee?)"/>).</summary>
public enum InviteeColumns
{
    /// <summary>Status, reply, seat arrival, delegation, audit trail, promotion mark.</summary>
    Reply,

    /// <summary>Attendance marks, and the audit trail line of each change (one merge under the row's ETag).</summary>
    Attendance,

    /// <summary>Survey, learning report, certificate number.</summary>
    FollowUp,

    /// <summary>The learning report's grade, and the audit trail line of each grade (one merge under the row's ETag).</summary>
    Grade,
}
