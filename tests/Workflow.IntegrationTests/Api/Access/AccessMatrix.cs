namespace Workflow.IntegrationTests.Api.Access;

/// <summary>
/// One row of the expected access matrix: a harmless request to one route (a read, or a change with a body the handler
/// refuses, or of something that does not exist, so nothing changes) and who gets past the access gate. An admitted
/// caller gets one of <see cref="Statuses"/> from the handler; a <see cref="Hidden"/> one (an officer of another unit)
/// gets 404 as if the case were absent; everyone else is refused: 401 with no credential, 403 otherwise.
/// </summary>
public sealed record MatrixRow(string Route, string Method, string Path, string? Body, Who Allowed, string Statuses, Who Hidden = Who.None, string ContentType = "application/json")
{
    public bool AllowsStatus(int status) => Statuses.Split('|').Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => $"{Route}: {Method} {Path}";
}

/// <summary>
/// Issue 17 item 3: who may do what, written here from the words and independently of
/// <c>Shared/Access/RouteAccess.cs</c> (a wrong rule there fails the test against this table). Every route the local
/// host maps (the Functions app's routes, and its own: the dev outbox, the timers' admin route, the development
/// sign-in) has a row here; a new route fails the test until it gets one.
/// <list type="bullet">
/// <item>organiser: courses, invitees, nominations, units' contacts;</item>
/// <item>officer: complaint cases of his own handling units only (another unit's case answers 404 as if absent);</item>
/// <item>leader: reads courses, reports and the whole complaint board, changes nothing;</item>
/// <item>administrator: people, units registry, holidays (the timers' admin route: the master key only, as Functions' admin API);</item>
/// <item>the organiser key: organiser and officer of every unit; the master key: every role, every unit; the reports key: leader.</item>
/// </list>
/// </summary>
public static class AccessMatrix
{
    /// <summary>A course id of the right shape that names no course: changes to it answer 404 and change nothing.</summary>
    public const string NoCourse = "0000000000000000000000000000dead";

    private const Who Organisers = Who.OrganiserPerson | Who.OrganiserKey | Who.MasterKey;
    private const Who CourseReaders = Organisers | Who.Leader | Who.ReportsKey;
    private const Who Administrators = Who.Administrator | Who.MasterKey;

    /// <summary>Who may act on a case of unit A (officers of unit A, and the keys that are officers of every unit).</summary>
    private const Who HandlersOfA = Who.OfficerA | Who.OrganiserKey | Who.MasterKey;
    private const Who HandlersOfB = Who.OfficerB | Who.OrganiserKey | Who.MasterKey;
    private const Who BoardReaders = Who.Leader | Who.ReportsKey;

    /// <summary>Everyone the host knows: the people of the table and the keys (not the removed person, not nobody).</summary>
    private const Who Known = Who.OrganiserPerson | Who.OfficerA | Who.OfficerB | Who.Leader | Who.Administrator | Who.OrganiserKey | Who.MasterKey | Who.ReportsKey;
    private const Who Anyone = Known | Who.RemovedPerson | Who.NoSignIn;

    public static IReadOnlyList<MatrixRow> Rows { get; } =
    [
        // Open to anyone: the personal links (the signed token is the authority), the certificate check, health, the
        // organiser page's shell and files (no data), and the development sign-in itself.
        new("ReplyPage", "GET", "/api/r/not-a-token", null, Anyone, "404|400|410"),
        new("CheckInQr", "GET", "/api/r/not-a-token/qr", null, Anyone, "404|400|410"),
        new("VerifyCertificate", "GET", "/api/certificates/BDNV-2027-999999", null, Anyone, "404"),
        new("Health", "GET", "/api/health", null, Anyone, "200"),
        new("OrganiserPage", "GET", "/api/organiser", null, Anyone, "200"),
        new("OrganiserPageFile", "GET", "/api/organiser/app.js", null, Anyone, "200"),
        new("DevSignInPage", "GET", "/api/dev/signin", null, Anyone, "200"),
        new("DevSignIn", "POST", "/api/dev/signin", "signIn=nobody.matrix%40tinh.example", Anyone, "302", ContentType: "application/x-www-form-urlencoded"),
        new("DevSignOut", "POST", "/api/dev/signout", null, Anyone, "302"),

        // Courses: organisers change them (bodies refused, or a course that does not exist).
        new("CreateCourse", "POST", "/api/courses", "{}", Organisers, "400"),
        new("PatchCourse", "PATCH", $"/api/courses/{NoCourse}", """{"venue":"Hội trường B"}""", Organisers, "404"),
        new("StartCourse", "POST", $"/api/courses/{NoCourse}/start", null, Organisers, "404"),
        new("CancelCourse", "POST", $"/api/courses/{NoCourse}/cancel", """{"reason":"Trùng lịch"}""", Organisers, "404"),
        new("RemindNow", "POST", $"/api/courses/{NoCourse}/remind", null, Organisers, "404"),
        new("AddInvitees", "POST", $"/api/courses/{NoCourse}/invitees", "[]", Organisers, "400|404"),
        new("RecordReply", "POST", $"/api/courses/{NoCourse}/replies", "{}", Organisers, "400|404"),
        new("RecordAttendance", "POST", $"/api/courses/{NoCourse}/attendance", "{}", Organisers, "400|404"),
        new("AddNominationUnits", "POST", $"/api/courses/{NoCourse}/units", "{}", Organisers, "400|404"),

        // Courses: organisers and leaders read them.
        new("ListCourses", "GET", "/api/courses", null, CourseReaders, "200"),
        new("GetCourse", "GET", "/api/courses/{course}", null, CourseReaders, "200"),
        new("ListInvitees", "GET", "/api/courses/{course}/invitees", null, CourseReaders, "200"),
        new("GetCourseProgress", "GET", "/api/courses/{course}/progress", null, CourseReaders, "200"),
        new("ListNominationUnits", "GET", "/api/courses/{course}/units", null, CourseReaders, "200"),
        new("GetCourseReport", "GET", "/api/courses/{course}/report", null, CourseReaders, "200"),
        new("GetRoster", "GET", "/api/courses/{course}/roster", null, CourseReaders, "200"),
        new("ListReports", "GET", "/api/courses/{course}/reports", null, CourseReaders, "200"),
        new("GetReportFile", "GET", "/api/courses/{course}/reports/0000000000000000dead/file", null, CourseReaders, "404"),
        new("GradeReport", "PUT", $"/api/courses/{NoCourse}/reports/0000000000000000dead/grade", """{"grade":"dat"}""", Organisers, "404"),
        new("DownloadReports", "GET", "/api/courses/{course}/reports/archive", null, Organisers, "200"),
        new("GetCourseReport", "GET", "/api/courses/{course}/report?format=pdf", null, CourseReaders, "200"),
        new("GetSignInSheet", "GET", "/api/courses/{course}/sessions/1/sign-in-sheet", null, CourseReaders, "200"),

        // Letters (issue 18): organisers and administrators; the matrix's course has no signer, so an admitted caller
        // gets 409 (and no number is taken).
        new("GetInvitationLetters", "GET", "/api/courses/{course}/letters/invitation", null, Organisers | Administrators, "409"),
        new("GetNominationLetters", "GET", "/api/courses/{course}/letters/nomination", null, Organisers | Administrators, "409"),

        // Complaints: officers register and act on their own units' cases; leaders read the whole board. A body that
        // is JSON but not the action's (an array) is refused by the handler after the case's unit is checked, so an
        // officer of the case's unit gets 400 and an officer of another unit 404.
        new("RegisterComplaint", "POST", "/api/complaints", "{}", Who.OfficerA | Who.OfficerB | Who.OrganiserKey | Who.MasterKey, "400"),
        new("ListComplaints", "GET", "/api/complaints", null, Who.OfficerA | Who.OfficerB | Who.OrganiserKey | Who.MasterKey | BoardReaders, "200"),
        new("GetComplaint", "GET", "/api/complaints/{caseA}", null, HandlersOfA | BoardReaders | Who.OfficerB, "200", Hidden: Who.OfficerB),
        new("GetComplaint", "GET", "/api/complaints/{caseB}", null, HandlersOfB | BoardReaders | Who.OfficerA, "200", Hidden: Who.OfficerA),
        new("AcceptComplaint", "POST", "/api/complaints/{caseA}/accept", "[]", HandlersOfA | Who.OfficerB, "400", Hidden: Who.OfficerB),
        new("AcceptComplaint", "POST", "/api/complaints/{caseB}/accept", "[]", HandlersOfB | Who.OfficerA, "400", Hidden: Who.OfficerA),
        new("ExtendComplaint", "POST", "/api/complaints/{caseA}/extend", "[]", HandlersOfA | Who.OfficerB, "400", Hidden: Who.OfficerB),
        new("ResolveComplaint", "POST", "/api/complaints/{caseA}/resolve", "[]", HandlersOfA | Who.OfficerB, "400", Hidden: Who.OfficerB),
        new("WithdrawComplaint", "POST", "/api/complaints/{caseB}/withdraw", "[]", HandlersOfB | Who.OfficerA, "400", Hidden: Who.OfficerA),

        // The registries: administrators; organisers keep the units' contacts; anyone known reads the units.
        new("AddHolidayYear", "POST", "/api/holidays", "{}", Administrators, "400"),
        new("PutUnits", "PUT", "/api/units", "\"not a list\"", Administrators | Organisers, "400"),
        new("ListUnits", "GET", "/api/units", null, Known, "200"),
        new("ListPeople", "GET", "/api/people", null, Administrators, "200"),
        new("PutPerson", "PUT", "/api/people/nobody.matrix%40tinh.example", "{}", Administrators, "400"),
        new("RemovePerson", "DELETE", "/api/people/nobody.matrix%40tinh.example", null, Administrators, "404"),
        new("WhoAmI", "GET", "/api/me", null, Known, "200"),

        // Local host only: the dev outbox (the mail a course sent: organisers, administrators), running a timer (the
        // master key only, as the Functions admin API takes the master key only).
        new("DevOutbox", "GET", "/api/dev/outbox", null, Organisers | Administrators, "200"),
        new("AdminRunFunction", "POST", "/admin/functions/NoSuchFunction", null, Who.MasterKey, "404"),
    ];
}
