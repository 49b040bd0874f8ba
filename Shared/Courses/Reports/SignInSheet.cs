namespace Workflow.Courses.Reports;

/// <summary>One line of a sign-in sheet.</summary>
/// <param name="Number">STT, from 1, running through the accepted people and on into the waitlist.</param>
/// <param name="WaitlistPosition">The person's place on the waitlist (1 = next to get a seat); null for an accepted person.</param>
public sealed record SignInRow(int Number, string Name, string? Position, string? Unit, int? WaitlistPosition)
{
    public bool Waitlisted => WaitlistPosition is not null;
}

/// <summary>The sign-in sheet (danh sách ký nhận) of one session: what the printed page lists.</summary>
/// <param name="Session">The session's number from 1, as people number them.</param>
public sealed record SignInSheet(
    string CourseId,
    string Title,
    string Venue,
    string Language,
    int Session,
    int Sessions,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<SignInRow> Rows);

/// <summary>The pure computation of a <see cref="SignInSheet"/> from the stored course and invitees.</summary>
public static class SignInSheets
{
    private static readonly StringComparer Vietnamese = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    /// <summary>The sheet of session <paramref name="session"/> (from 1; the caller checked the range).</summary>
    public static SignInSheet For(Course course, int session, IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(course);
        var sessions = course.Definition.Sessions;
        ArgumentOutOfRangeException.ThrowIfLessThan(session, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(session, sessions.Count);
        var at = sessions[session - 1];
        return new SignInSheet(course.Id, course.Definition.Title, course.Definition.Venue, course.Definition.Language, session, sessions.Count, at.Start, at.End, Rows(invitees));
    }

    /// <summary>
    /// Accepted people by unit then name (Vietnamese collation; people without a unit last), then the waitlist in its
    /// order (the next to get a seat first). Nobody else: a person who declined, handed over or did not answer does not sign.
    /// </summary>
    public static IReadOnlyList<SignInRow> Rows(IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(invitees);
        var accepted = invitees
            .Where(i => i.Status == InviteeStatus.Accepted)
            .OrderBy(i => string.IsNullOrWhiteSpace(i.Unit) ? 1 : 0)
            .ThenBy(i => i.Unit?.Trim() ?? string.Empty, Vietnamese)
            .ThenBy(i => FamilyLast(i.Name), Vietnamese)
            .ThenBy(i => i.Name, Vietnamese)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => (Invitee: i, Place: (int?)null));
        var waitlist = invitees
            .Where(i => i.Status == InviteeStatus.Waitlisted)
            .Select(i => (Invitee: i, Place: InviteeRules.WaitlistPosition(i, invitees)))
            .OrderBy(p => p.Place)
            .ThenBy(p => p.Invitee.Id, StringComparer.Ordinal);
        return [.. accepted.Concat(waitlist).Select((p, n) => new SignInRow(n + 1, p.Invitee.Name, Blank(p.Invitee.Position), Blank(p.Invitee.Unit), p.Place))];
    }

    /// <summary>
    /// A Vietnamese name sorts by the given name (its last word), then the whole name, as lists of people are read in Viet
    /// Nam: "Lê Văn An" before "Nguyễn Thị Bình".
    /// </summary>
    public static string FamilyLast(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? string.Empty : words[^1];
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
