namespace Workflow.Access;

/// <summary>What a route needs: nothing (anonymous), any signed-in caller, or one of some roles (optionally from a key only).</summary>
public sealed record RouteRule(Roles AnyOf, bool Open = false, bool KeyOnly = false)
{
    /// <summary>Anonymous: the token, the number or nothing at all is the authority.</summary>
    public static RouteRule Anonymous { get; } = new(Roles.None, Open: true);

    /// <summary>Any caller the gate knows (a person in the table, a key), whatever the roles.</summary>
    public static RouteRule SignedIn { get; } = new(Roles.None);

    public static RouteRule Role(Roles anyOf) => new(anyOf);

    public bool Admits(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return Open || (caller.IsKnown && (AnyOf == Roles.None || caller.HasAny(AnyOf)) && (!KeyOnly || caller.Source == CallerSource.Key));
    }
}

/// <summary>
/// Every route's need, by function name, in one table both hosts read (the Functions middleware and the local host's
/// endpoint filter call <see cref="AccessGate"/> with the function's name). Deny by default: a route missing here is
/// refused, and a test walks this table against both hosts' routes. Complaint routes are further narrowed to the
/// officer's units by the complaint handlers (cases of other units answer 404 as if absent).
/// </summary>
public static class RouteAccess
{
    private const Roles CourseReaders = Roles.Organiser | Roles.Leader;
    private const Roles CaseReaders = Roles.Officer | Roles.Leader;

    public static IReadOnlyDictionary<string, RouteRule> Rules { get; } = new Dictionary<string, RouteRule>(StringComparer.Ordinal)
    {
        // Anonymous: personal links (the signed token), certificate check, health, the page's shell and files (no data).
        ["ReplyPage"] = RouteRule.Anonymous,
        ["CheckInQr"] = RouteRule.Anonymous,
        ["VerifyCertificate"] = RouteRule.Anonymous,
        ["Health"] = RouteRule.Anonymous,
        ["OrganiserPage"] = RouteRule.Anonymous,
        ["OrganiserPageFile"] = RouteRule.Anonymous,

        // Courses: organisers change them, leaders read them.
        ["CreateCourse"] = RouteRule.Role(Roles.Organiser),
        ["PatchCourse"] = RouteRule.Role(Roles.Organiser),
        ["StartCourse"] = RouteRule.Role(Roles.Organiser),
        ["CancelCourse"] = RouteRule.Role(Roles.Organiser),
        ["RemindNow"] = RouteRule.Role(Roles.Organiser),
        ["AddInvitees"] = RouteRule.Role(Roles.Organiser),
        ["RecordReply"] = RouteRule.Role(Roles.Organiser),
        ["RecordAttendance"] = RouteRule.Role(Roles.Organiser),
        ["AddNominationUnits"] = RouteRule.Role(Roles.Organiser),
        ["ListCourses"] = RouteRule.Role(CourseReaders),
        ["GetCourse"] = RouteRule.Role(CourseReaders),
        ["ListInvitees"] = RouteRule.Role(CourseReaders),
        ["GetCourseProgress"] = RouteRule.Role(CourseReaders),
        ["ListNominationUnits"] = RouteRule.Role(CourseReaders),
        ["GetCourseReport"] = RouteRule.Role(CourseReaders),
        ["GetRoster"] = RouteRule.Role(CourseReaders),
        ["GetSignInSheet"] = RouteRule.Role(CourseReaders),

        // Learning reports (issue 18 item 4): organisers and leaders read them, organisers grade them and take the ZIP.
        ["ListReports"] = RouteRule.Role(CourseReaders),
        ["GetReportFile"] = RouteRule.Role(CourseReaders),
        ["GradeReport"] = RouteRule.Role(Roles.Organiser),
        ["DownloadReports"] = RouteRule.Role(Roles.Organiser),

        // Letters (issue 18): organisers and administrators (a first download numbers the course's letter).
        ["GetInvitationLetters"] = RouteRule.Role(Roles.Organiser | Roles.Administrator),
        ["GetNominationLetters"] = RouteRule.Role(Roles.Organiser | Roles.Administrator),

        // Complaints: officers act on their units' cases, leaders read the whole board.
        ["RegisterComplaint"] = RouteRule.Role(Roles.Officer),
        ["AcceptComplaint"] = RouteRule.Role(Roles.Officer),
        ["ExtendComplaint"] = RouteRule.Role(Roles.Officer),
        ["ResolveComplaint"] = RouteRule.Role(Roles.Officer),
        ["WithdrawComplaint"] = RouteRule.Role(Roles.Officer),
        ["ListComplaints"] = RouteRule.Role(CaseReaders),
        ["GetComplaint"] = RouteRule.Role(CaseReaders),

        // The registries: administrators (organisers keep the units' contacts).
        ["AddHolidayYear"] = RouteRule.Role(Roles.Administrator),
        ["PutUnits"] = RouteRule.Role(Roles.Administrator | Roles.Organiser),
        ["ListUnits"] = RouteRule.SignedIn,
        ["ListPeople"] = RouteRule.Role(Roles.Administrator),
        ["PutPerson"] = RouteRule.Role(Roles.Administrator),
        ["RemovePerson"] = RouteRule.Role(Roles.Administrator),
        ["WhoAmI"] = RouteRule.SignedIn,

        // Local host only: the dev outbox (organisers read the mail a course sent), running a timer (the master key, as
        // the Functions admin API), the development sign-in (its own check: Development and loopback).
        ["DevOutbox"] = RouteRule.Role(Roles.Organiser | Roles.Administrator),
        ["AdminRunFunction"] = new(Roles.Administrator, KeyOnly: true),
        ["DevSignInPage"] = RouteRule.Anonymous,
        ["DevSignIn"] = RouteRule.Anonymous,
        ["DevSignOut"] = RouteRule.Anonymous,
    };

    /// <summary>The route's rule, or null: a route without a row is refused.</summary>
    public static RouteRule? Find(string functionName) => Rules.GetValueOrDefault(functionName);
}
