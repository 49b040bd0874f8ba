namespace Workflow.Courses;

/// <summary>
/// Stable session ids (docs/api.md "Sessions and their ids"). A session gets an id when it is created (<c>s1</c>,
/// <c>s2</c>, … in the order of the new course's sessions; a session added later gets the next number not used in the
/// course) and keeps it when the course is rescheduled, whatever its times and its place in the list become.
/// Attendance marks are stored under the session id, so a mark follows its session.
/// <para>Matching on a reschedule (<see cref="Match"/>): a session sent with an <c>id</c> is that session (moved, maybe);
/// a session sent without one is the course's session at exactly the same start and end if there is one not
/// otherwise named, else a new session. Sessions left out are removed; one that holds attendance marks cannot be.</para>
/// <para>Courses stored before session ids: a session without an id is known by its position, <c>s{n+1}</c> for the
/// session at index n, which is the position the marks of those days were stored by (<see cref="AttendanceMarks"/>).
/// The first edit stores the ids, so the course keeps them from then on.</para>
/// </summary>
public static class CourseSessions
{
    private const string Prefix = "s";

    /// <summary>The id a session at <paramref name="index"/> (0-based) has when it was stored without one.</summary>
    public static string PositionalId(int index) => Prefix + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The definition with every session carrying its id (a session without one gets its positional id).</summary>
    public static CourseDefinition WithIds(CourseDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Sessions.All(s => s?.Id is not null)
            ? definition
            : definition with { Sessions = [.. definition.Sessions.Select((s, n) => s is null || s.Id is not null ? s! : s with { Id = PositionalId(n) })] };
    }

    /// <summary>A new course's sessions, numbered <c>s1</c>, <c>s2</c>… in the order given.</summary>
    public static CourseDefinition Number(CourseDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition with { Sessions = [.. definition.Sessions.Select((s, n) => s with { Id = PositionalId(n) })] };
    }

    /// <summary>
    /// Gives each session of <paramref name="edited"/> its id, matched against the course's current sessions
    /// (<paramref name="current"/>, with their ids): by the id it carries, else by the same start and end, else a new
    /// id (the next number above every id in use and in <paramref name="usedIds"/>, the ids marks are stored under).
    /// An id that is not one of the course's sessions, or that two sessions carry, is refused naming
    /// <c>sessions[i].id</c> (phrases <c>sessionIdUnknown</c>, <c>sessionIdTwice</c>).
    /// </summary>
    public static (List<CourseSession> Sessions, List<ValidationError> Errors) Match(
        IReadOnlyList<CourseSession> current, IReadOnlyList<CourseSession?> edited, IEnumerable<string> usedIds)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(usedIds);
        var known = current.Select((s, n) => s.Id ?? PositionalId(n)).ToList();
        var errors = new List<ValidationError>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var ids = new string?[edited.Count];
        for (var i = 0; i < edited.Count; i++)
        {
            if (edited[i]?.Id is not { } id)
            {
                continue;
            }

            if (!known.Contains(id, StringComparer.Ordinal))
            {
                errors.Add(new ValidationError($"sessions[{i}].id", Phrase.Of("sessionIdUnknown")));
            }
            else if (!claimed.Add(id))
            {
                errors.Add(new ValidationError($"sessions[{i}].id", Phrase.Of("sessionIdTwice")));
            }
            else
            {
                ids[i] = id;
            }
        }

        var next = known.Concat(usedIds).Select(Number).DefaultIfEmpty(0).Max() + 1;
        var sessions = new List<CourseSession>(edited.Count);
        for (var i = 0; i < edited.Count; i++)
        {
            var session = edited[i];
            if (session is null)
            {
                sessions.Add(null!); // refused by the validation, which names sessions[i]
                continue;
            }

            var id = ids[i];
            if (id is null && session.Id is null)
            {
                var same = current.Select((s, n) => (Session: s, Id: known[n])).FirstOrDefault(c => !claimed.Contains(c.Id) && c.Session.SameTimes(session));
                if (same.Session is null)
                {
                    id = Prefix + next.ToString(CultureInfo.InvariantCulture);
                    next++;
                }
                else
                {
                    id = same.Id;
                }

                claimed.Add(id);
            }

            sessions.Add(session with { Id = id ?? session.Id });
        }

        return (sessions, errors);
    }

    /// <summary>The number of an id <c>s{n}</c> (0 for anything else).</summary>
    private static int Number(string id) =>
        id.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(id.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}

/// <summary>
/// The stored form of an invitee's attendance marks (the <c>Attendance</c> column, a JSON list): written keyed by
/// session id; marks written before session ids (keyed by the session's 0-based position, <c>"session": 0</c>) read as
/// that position's id (<see cref="CourseSessions.PositionalId"/>).
/// </summary>
public static class AttendanceMarks
{
    public static List<AttendanceMark> Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        var stored = JsonSerializer.Deserialize<List<StoredMark>>(json, WorkflowJson.Options) ?? [];
        return [.. stored.Select(m => new AttendanceMark(m.SessionId ?? CourseSessions.PositionalId(m.Session ?? 0), m.Status, m.At, m.Channel, m.By))];
    }

    public static string Write(IEnumerable<AttendanceMark> marks) =>
        JsonSerializer.Serialize(marks.OrderBy(m => m.SessionId, StringComparer.Ordinal), WorkflowJson.Options);

    /// <summary>A stored mark, either form.</summary>
    private sealed record StoredMark(string? SessionId, int? Session, AttendanceStatus Status, DateTimeOffset At, string Channel, string By);
}
