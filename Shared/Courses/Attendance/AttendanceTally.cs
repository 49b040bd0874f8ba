namespace Workflow.Courses.Attendance;

/// <summary>
/// The attendance counts of a course (GET /api/courses/{id} <c>counts</c>). Top level, people: <c>present</c> = people
/// present at one session at least, <c>absent</c> = people absent (not excused) from one session at least, <c>excused</c> =
/// people excused from one session at least (a person of a course of several sessions may be in more than one). Per
/// session under <c>sessions[n]</c>: the marks of that session by status, and the accepted people not marked yet.
/// </summary>
/// <param name="sessionIds">The course's sessions in order (null: no per-session counts, and every mark counts at the top level).</param>
public sealed class AttendanceTally(IReadOnlyList<string>? sessionIds)
{
    private readonly IReadOnlyList<string> _sessionIds = sessionIds ?? [];
    private readonly List<int[]> _perSession = [.. (sessionIds ?? []).Select(_ => new int[4])];

    public int Present { get; private set; }

    public int Absent { get; private set; }

    public int Excused { get; private set; }

    /// <summary>Counts one invitee row: its status name and its stored attendance column (JSON, empty for none).</summary>
    public void Add(string? status, string? attendanceJson) =>
        Add(status == nameof(InviteeStatus.Accepted), AttendanceMarks.Read(attendanceJson));

    /// <summary>Counts one person; only marks of the course's current sessions count (by session id, so a mark follows its session).</summary>
    public void Add(bool accepted, IReadOnlyList<AttendanceMark> marks) => Add(accepted, marks, 1);

    /// <summary>Counts <paramref name="people"/> people alike (the progress tallies keep one count per attendance pattern).</summary>
    public void Add(bool accepted, IReadOnlyList<AttendanceMark> marks, int people)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var current = sessionIds is null ? marks : [.. marks.Where(m => sessionIds.Contains(m.SessionId, StringComparer.Ordinal))];
        Present += current.Any(m => m.Status == AttendanceStatus.Present) ? people : 0;
        Absent += current.Any(m => m.Status == AttendanceStatus.Absent) ? people : 0;
        Excused += current.Any(m => m.Status == AttendanceStatus.Excused) ? people : 0;
        for (var n = 0; n < _perSession.Count; n++)
        {
            var mark = current.FirstOrDefault(m => m.SessionId == _sessionIds[n]);
            if (mark is not null)
            {
                _perSession[n][(int)mark.Status] += people;
            }
            else if (accepted)
            {
                _perSession[n][3] += people;
            }
        }
    }

    public IReadOnlyList<SessionCounts> Sessions() =>
        [.. _perSession.Select((c, n) => new SessionCounts(n + 1, c[(int)AttendanceStatus.Present], c[(int)AttendanceStatus.Absent], c[(int)AttendanceStatus.Excused], c[3]))];
}
