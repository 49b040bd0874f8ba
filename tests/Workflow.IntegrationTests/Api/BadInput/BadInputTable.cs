using System.Text;
using System.Text.Json.Nodes;
using Workflow.Testing.Xlsx;
using static Workflow.IntegrationTests.Api.BadInput.Bodies;

namespace Workflow.IntegrationTests.Api.BadInput;

/// <summary>
/// The bad-input table (issue 7): every request here must be refused with a 4xx (never a 5xx), in words that name the
/// field, quickly, and change nothing. A new route adds its rows here (a test fails while a route has none):
/// its keys and methods, every body field spoiled (wrong type, missing, unknown, malformed, over 1 MB), its ids.
/// </summary>
public static class BadInputTable
{
    public const string Unknown = "0123456789abcdef";

    /// <summary>Ids that can never be table keys (SPEC: refused before storage is asked): / \ # ? control characters, too long.</summary>
    public static readonly (string Name, string Escaped)[] BadIds =
    [
        ("slash", "a%2Fb"),
        ("backslash", "a%5Cb"),
        ("hash", "a%23b"),
        ("question mark", "a%3Fb"),
        ("control char", "a%01b"),
        ("DEL", "a%7Fb"),
        ("101 chars", new string('a', 101)),
    ];

    private const string InvalidLink = "Liên kết không hợp lệ";

    private static readonly string Utf16Csv = "name,email\nTrần Văn Bình,binh@sotuphap.tinh.example\n";

    public static IReadOnlyList<BadInputCase> Cases { get; } = Build();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static BadInputCase Find(string name) => Cases.Single(c => c.Name == name);

    private static byte[] OldExcel() => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

    private static byte[] ZipOf(params (string Name, string Text)[] parts)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in parts)
            {
                XlsxFiles.Put(zip, name, text);
            }
        }

        return buffer.ToArray();
    }

    private static List<BadInputCase> Build()
    {
        var rows = new List<BadInputCase>();
        void Add(BadInputCase row) => rows.Add(row);

        // ---- Keys (401) and methods (405) on every route.
        Add(new("key: create course without a key", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course()), "401", Says: "Hãy đăng nhập, hoặc gửi khóa của chương trình trong x-functions-key", Key: Key.None));
        Add(new("key: create course with a wrong key", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course()), "401", Key: Key.Wrong));
        Add(new("key: get course with a wrong ?code=", "GetCourse", "GET", "/api/courses/{draft}?code=wrong", null, "401", Key: Key.None));
        Add(new("key: add invitees without a key", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees()), "401", Key: Key.None));
        Add(new("key: list invitees with a wrong key", "ListInvitees", "GET", "/api/courses/{draft}/invitees", null, "401", Key: Key.Wrong));
        Add(new("key: start without a key", "StartCourse", "POST", "/api/courses/{draft}/start", null, "401", Key: Key.None));
        Add(new("key: register complaint without a key", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint()), "401", Key: Key.None));
        Add(new("key: list complaints with a wrong key", "ListComplaints", "GET", "/api/complaints", null, "401", Key: Key.Wrong));
        Add(new("key: get complaint without a key", "GetComplaint", "GET", "/api/complaints/{complaint}", null, "401", Key: Key.None));
        Add(new("key: accept complaint without a key", "AcceptComplaint", "POST", "/api/complaints/{complaint}/accept", BadBody.Json("""{"acceptedOn":"2026-11-25"}"""), "401", Key: Key.None));
        Add(new("key: extend complaint with a wrong key", "ExtendComplaint", "POST", "/api/complaints/{complaint}/extend", BadBody.Json("""{"decisionNo":"1","decidedOn":"2026-11-25","days":10}"""), "401", Key: Key.Wrong));
        Add(new("key: resolve complaint without a key", "ResolveComplaint", "POST", "/api/complaints/{complaint}/resolve", BadBody.Json("""{"resolvedOn":"2026-11-25","decisionNo":"1"}"""), "401", Key: Key.None));
        Add(new("key: withdraw complaint without a key", "WithdrawComplaint", "POST", "/api/complaints/{complaint}/withdraw", BadBody.Json("""{"withdrawnOn":"2026-11-25"}"""), "401", Key: Key.None));
        Add(new("key: add holidays without a key", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json(Holiday()), "401", Key: Key.None));
        Add(new("key: put units without a key", "PutUnits", "PUT", "/api/units", BadBody.Json(UnitList()), "401", Key: Key.None));
        Add(new("key: list units with a wrong key", "ListUnits", "GET", "/api/units", null, "401", Key: Key.Wrong));
        Add(new("key: dev outbox without a key", "DevOutbox", "GET", "/api/dev/outbox", null, "401", Key: Key.None));
        // A valid key without the route's role: 403 (issue 17: the organiser key is an organiser and an officer, not an administrator).
        Add(new("key: admin run with the organiser key", "AdminRunFunction", "POST", "/admin/functions/CourseFlowRecovery", null, "403"));
        Add(new("key: add holidays with the organiser key", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json(Holiday()), "403"));
        Add(new("key: list people with the organiser key", "ListPeople", "GET", "/api/people", null, "403"));
        Add(new("key: put a person with the organiser key", "PutPerson", "PUT", "/api/people/new.person@example.vn", BadBody.Json("""{"name":"A","roles":["administrator"]}"""), "403"));
        Add(new("key: admin run without a key", "AdminRunFunction", "POST", "/admin/functions/CourseFlowRecovery", null, "401", Key: Key.None));

        Add(new("method: DELETE a course", "GetCourse", "DELETE", "/api/courses/{draft}", null, "405|404"));
        Add(new("method: PUT a course", "GetCourse", "PUT", "/api/courses/{draft}", BadBody.Json(Course()), "405|404"));
        Add(new("method: GET start", "StartCourse", "GET", "/api/courses/{draft}/start", null, "405|404"));
        Add(new("method: DELETE invitees", "ListInvitees", "DELETE", "/api/courses/{draft}/invitees", null, "405|404"));
        Add(new("method: DELETE a complaint", "GetComplaint", "DELETE", "/api/complaints/{complaint}", null, "405|404"));
        Add(new("method: GET accept", "AcceptComplaint", "GET", "/api/complaints/{complaint}/accept", null, "405|404"));
        Add(new("method: POST units", "PutUnits", "POST", "/api/units", BadBody.Json(UnitList()), "405|404"));
        Add(new("method: GET holidays", "AddHolidayYear", "GET", "/api/holidays", null, "405|404"));
        Add(new("method: PUT a reply page", "ReplyPage", "PUT", "/api/r/{token}", BadBody.Form("answer=accept"), "405|404", Key: Key.None));
        Add(new("method: DELETE a reply page", "ReplyPage", "DELETE", "/api/r/{token}", null, "405|404", Key: Key.None));
        Add(new("method: POST health", "Health", "POST", "/api/health", BadBody.Json("{}"), "405|404", Key: Key.None));
        Add(new("method: DELETE dev outbox", "DevOutbox", "DELETE", "/api/dev/outbox", null, "405|404"));
        Add(new("method: GET admin run", "AdminRunFunction", "GET", "/admin/functions/CourseFlowRecovery", null, "405|404", Key: Key.Master));

        // ---- POST /api/courses.
        Add(new("course: truncated JSON", "CreateCourse", "POST", "/api/courses", BadBody.Json("{\"title\": "), "400", "body|title"));
        Add(new("course: empty body", "CreateCourse", "POST", "/api/courses", BadBody.Json(string.Empty), "400", "body"));
        Add(new("course: null", "CreateCourse", "POST", "/api/courses", BadBody.Json("null"), "400", "body"));
        Add(new("course: an array", "CreateCourse", "POST", "/api/courses", BadBody.Json("[]"), "400", "body"));
        Add(new("course: a string", "CreateCourse", "POST", "/api/courses", BadBody.Json("\"x\""), "400", "body"));
        Add(new("course: title is a number", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["title"] = 5)), "400", "title"));
        Add(new("course: sessions is a string", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["sessions"] = "tomorrow")), "400", "sessions"));
        Add(new("course: session start is not a date", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["sessions"]![0]!["start"] = "tomorrow")), "400", "sessions[0].start"));
        Add(new("course: session start without offset", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["sessions"]![0]!["start"] = "2030-05-13T14:00:00")), "400", "sessions[0].start", "+07:00"));
        Add(new("course: rsvpDeadline without offset", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["rsvpDeadline"] = "2030-05-10T17:00:00")), "400", "rsvpDeadline", "+07:00"));
        Add(new("course: rsvpDeadline 30 February", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["rsvpDeadline"] = "2030-02-30T17:00:00+07:00")), "400", "rsvpDeadline"));
        Add(new("course: rsvpDeadline is a number", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["rsvpDeadline"] = 1_900_000_000)), "400", "rsvpDeadline"));
        Add(new("course: capacity is a word", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["capacity"] = "many")), "400", "capacity"));
        Add(new("course: capacity 1e40", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["capacity"] = JsonNode.Parse("1e40"))), "400", "capacity"));
        Add(new("course: capacity 2.5", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["capacity"] = 2.5)), "400", "capacity"));
        Add(new("course: presenters is a string", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["presenters"] = "Nguyễn Thế Trung")), "400", "presenters"));
        Add(new("course: presenter is an object", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["presenters"] = new JsonArray(new JsonObject()))), "400", "presenters[0]"));
        Add(new("course: organiser email invalid", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["organiserEmails"] = new JsonArray("not-an-email"))), "400", "organiserEmails[0]|organiserEmails"));
        Add(new("course: organiser email with a header", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["organiserEmails"] = new JsonArray("a@tinh.example\r\nBcc: x@evil.example"))), "400", "organiserEmails[0]|organiserEmails"));
        Add(new("course: missing title", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o.Remove("title"))), "400", "title"));
        Add(new("course: missing sessions", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o.Remove("sessions"))), "400", "sessions"));
        Add(new("course: missing rsvpDeadline", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o.Remove("rsvpDeadline"))), "400", "rsvpDeadline"));
        Add(new("course: a session with an id (ids are the system's)", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["sessions"]![0]!["id"] = "s1")), "400", "sessions[0].id"));
        Add(new("course: unknown field", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["titel"] = "x")), "400", "titel"));
        Add(new("course: unknown nested field", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["sessions"]![0]!["room"] = "A1")), "400", "sessions[0].room"));
        Add(new("course: language fr", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["language"] = "fr")), "400", "language"));
        Add(new("course: reminder of ten thousand years", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["reminders"] = new JsonObject { ["beforeRsvpDeadline"] = new JsonArray("P3650000D") })), "400", "reminders.beforeRsvpDeadline[0]"));
        Add(new("course: reminder of two years", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["reminders"] = new JsonObject { ["beforeCourse"] = new JsonArray("P800D") })), "400", "reminders.beforeCourse[0]"));
        Add(new("course: reminder is a number", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["reminders"] = new JsonObject { ["beforeCourse"] = new JsonArray(3) })), "400", "reminders.beforeCourse[0]"));
        Add(new("course: title too long", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["title"] = new string('T', 301))), "400", "title"));
        Add(new("course: body over 1 MB", "CreateCourse", "POST", "/api/courses", OverOneMegabyte(Course, "description"), "413"));
        Add(new("course: 10,000 nested arrays", "CreateCourse", "POST", "/api/courses", BadBody.Json(Nested(10_000)), "400", "body"));
        Add(new("course: title nested 10,000 deep", "CreateCourse", "POST", "/api/courses", BadBody.Json(() => Course(o => o["title"] = "@@").Replace("\"@@\"", Nested(10_000), StringComparison.Ordinal), "{\"title\": [[[[...]]]] x10000, ...}"), "400", "title|body"));
        Add(new("course: binary garbage", "CreateCourse", "POST", "/api/courses", BadBody.Raw("application/json", () => RandomBytes(4096, 1), "4096 random bytes"), "400", "body"));
        Add(new("course: UTF-16 JSON", "CreateCourse", "POST", "/api/courses", BadBody.Raw("application/json", () => Encoding.Unicode.GetBytes(Course()), "the valid course in UTF-16LE"), "400", "body"));

        // ---- GET /api/courses/{id}, ids anywhere in course routes.
        Add(new("course id: unknown", "GetCourse", "GET", $"/api/courses/{Unknown}", null, "404", Reread: Reread.OutboxOnly));
        foreach (var (name, id) in BadIds)
        {
            Add(new($"course id: {name} (get)", "GetCourse", "GET", $"/api/courses/{id}", null, "404|400", Reread: Reread.OutboxOnly));
        }

        Add(new("course id: quote", "GetCourse", "GET", "/api/courses/a'b", null, "404|400", Reread: Reread.OutboxOnly));
        Add(new("course id: hash (invitees)", "AddInvitees", "POST", "/api/courses/a%23b/invitees", BadBody.Json(Invitees()), "404|400"));
        Add(new("course id: slash (list invitees)", "ListInvitees", "GET", "/api/courses/a%2Fb/invitees", null, "404|400"));
        Add(new("course id: 300 chars (list invitees)", "ListInvitees", "GET", "/api/courses/" + new string('9', 300) + "/invitees", null, "404|400"));
        Add(new("course id: unknown (start)", "StartCourse", "POST", $"/api/courses/{Unknown}/start", null, "404"));
        Add(new("course id: control char (start)", "StartCourse", "POST", "/api/courses/a%0Db/start", null, "404|400"));

        // ---- POST /api/courses/{id}/invitees (JSON).
        Add(new("invitees: an object, not an array", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json("""{"name":"x","email":"x@tinh.example"}"""), "400", "body"));
        Add(new("invitees: truncated JSON", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json("[{\"name\":"), "400", "body|[0].name"));
        Add(new("invitees: empty body", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(string.Empty), "400", "body"));
        Add(new("invitees: name is a number", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees(o => o["name"] = 5)), "400", "[0].name"));
        Add(new("invitees: email is an array", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees(o => o["email"] = new JsonArray("x@tinh.example"))), "400", "[0].email"));
        Add(new("invitees: unknown field", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees(o => o["phone"] = "0912345678")), "400", "[0].phone"));
        Add(new("invitees: row is a string", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json("[\"binh@sotuphap.tinh.example\"]"), "400", "[0]"));
        Add(new("invitees: null row (rejected, nothing added)", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json("[null]"), "200|400"));
        Add(new("invitees: invalid email (rejected, nothing added)", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees(o => o["email"] = "binh@")), "200|400"));
        Add(new("invitees: email with a Bcc header (rejected)", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees(o => o["email"] = "binh@sotuphap.tinh.example\r\nBcc: x@evil.example")), "200|400"));
        Add(new("invitees: two addresses in one (rejected)", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees(o => o["email"] = "binh@sotuphap.tinh.example, x@evil.example")), "200|400"));
        Add(new("invitees: missing email (rejected)", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees(o => o.Remove("email"))), "200|400"));
        Add(new("invitees: name with NUL (rejected)", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Invitees(o => o["name"] = "Trần\u0000Bình")), "200|400"));
        Add(new("invitees: JSON over 1 MB", "AddInvitees", "POST", "/api/courses/{draft}/invitees", ManyItems("{\"name\":\"Trần Văn Bình\",\"email\":\"\",\"unit\":\"Sở Tư pháp\",\"position\":\"Chuyên viên phòng Hành chính tư pháp\"}", 14_000), "413"));
        Add(new("invitees: 10,000 nested arrays", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Json(Nested(10_000)), "400", "body"));
        Add(new("invitees: XML", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Text("application/xml", "<invitees><invitee/></invitees>"), "400|415"));
        Add(new("invitees: to an unknown course", "AddInvitees", "POST", $"/api/courses/{Unknown}/invitees", BadBody.Json(Invitees()), "404"));

        // ---- POST /api/courses/{id}/invitees (CSV).
        Add(new("csv: broken quotes", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Csv("name,email\n\"Trần Văn Bình,binh@sotuphap.tinh.example\nLê Thị Hoa,hoa@sotuphap.tinh.example\n"), "200|400"));
        Add(new("csv: wrong header", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Csv("ho,ten\nTrần Văn Bình,binh@sotuphap.tinh.example\n"), "400", "body"));
        Add(new("csv: no header, data first", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Csv("Trần Văn Bình,binh@sotuphap.tinh.example\n"), "400", "body"));
        Add(new("csv: empty", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Csv(string.Empty), "400", "body"));
        Add(new("csv: header only", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Csv("name,email\n"), "200|400"));
        Add(new("csv: binary garbage", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Raw("text/csv", () => RandomBytes(4096, 2), "4096 random bytes"), "200|400"));
        Add(new("csv: NUL bytes in a name", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Csv("name,email\nTrần\0Bình,binh.nul@sotuphap.tinh.example\n"), "200|400"));
        Add(new("csv: UTF-16LE without BOM", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Raw("text/csv", () => Encoding.Unicode.GetBytes(Utf16Csv), "UTF-16LE name,email rows"), "200|400"));
        Add(new("csv: UTF-16BE without BOM", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Raw("text/csv", () => Encoding.BigEndianUnicode.GetBytes(Utf16Csv), "UTF-16BE name,email rows"), "200|400"));
        Add(new("csv: invalid emails only", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Csv("name;email\nTrần Văn Bình;binh@\nLê Thị Hoa;hoa at sotuphap\n"), "200|400"));
        Add(new("csv: over 1 MB", "AddInvitees", "POST", "/api/courses/{draft}/invitees", CsvOverOneMegabyte(), "413"));
        Add(new("csv: 20,001 rows", "AddInvitees", "POST", "/api/courses/{draft}/invitees", BadBody.Raw("text/csv", () => Encoding.ASCII.GetBytes("name,email\n" + string.Concat(Enumerable.Range(0, 20_001).Select(i => $"n{i},a{i}@t.vn\n"))), "name,email + 20,001 short rows"), "400", "body"));
        Add(new("csv: to the started course, header wrong", "AddInvitees", "POST", "/api/courses/{started}/invitees", BadBody.Csv("a;b\n1;2\n"), "400", "body"));

        // ---- POST /api/courses/{id}/invitees (.xlsx, issue 18): files that are not what they claim, bombs, limits.
        const string Invitees_ = "/api/courses/{draft}/invitees";
        const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Add(new("xlsx: old .xls sent as xlsx", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, OldExcel, "CFB header + zeros"), "400", "body", Says: "Excel 97-2003 (.xls)"));
        Add(new("xlsx: old .xls with its own type", "AddInvitees", "POST", Invitees_, BadBody.Raw("application/vnd.ms-excel", OldExcel, "CFB header + zeros"), "400", "body", Says: "Excel Workbook (.xlsx) hoặc CSV UTF-8"));
        Add(new("xlsx: CSV text sent as xlsx", "AddInvitees", "POST", Invitees_, BadBody.Text(XlsxType, "Họ và tên,Email\nTrần Văn Bình,binh@sotuphap.tinh.example\n"), "400", "body", Says: "đổi đuôi tệp thành .csv"));
        Add(new("xlsx: workbook sent as text/csv", "AddInvitees", "POST", Invitees_, BadBody.Raw("text/csv", () => XlsxFiles.People(("Trần Văn Bình", "binh.x@sotuphap.tinh.example", "Sở Tư pháp", "Chuyên viên")), "a workbook of one person"), "400", "body", Says: "đổi đuôi tệp thành .xlsx"));
        Add(new("xlsx: HTML table named xls", "AddInvitees", "POST", Invitees_, BadBody.Text("application/vnd.ms-excel", "<html><table><tr><td>Họ và tên</td><td>Email</td></tr></table></html>"), "400", "body", Says: "trang web"));
        Add(new("xlsx: empty body", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => [], "(empty)"), "400", "body"));
        Add(new("xlsx: zip that is no workbook", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => ZipOf(("word/document.xml", "<w:document/>")), "a zip of a Word part"), "400", "body", Says: "không phải bảng tính Excel"));
        Add(new("xlsx: OpenDocument spreadsheet", "AddInvitees", "POST", Invitees_, BadBody.Raw("application/vnd.oasis.opendocument.spreadsheet", () => ZipOf(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<office:document-content/>")), "an .ods"), "400", "body", Says: "OpenDocument (.ods)"));
        Add(new("xlsx: truncated zip", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.People(("Trần Văn Bình", "binh.t@sotuphap.tinh.example", "Sở Tư pháp", "Chuyên viên"))[..300], "the first 300 bytes of a workbook"), "400", "body"));
        Add(new("xlsx: zip bomb, 40 MB unpacked", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.Workbook([new TestSheet("Danh sách", XlsxFiles.Header() + "<row r=\"2\">" + new string(' ', 40 * 1024 * 1024) + "</row>")]), "a sheet of 40 MB of spaces"), "400", "body", Says: "lớn hơn 32 MB"));
        Add(new("xlsx: 1,001 zip entries", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.Workbook([new TestSheet("Danh sách", XlsxFiles.Header())], more: zip => { for (var i = 0; i < 1001; i++) { XlsxFiles.Put(zip, $"xl/media/x{i}.txt", "x"); } }), "a workbook with 1,001 extra entries"), "400", "body", Says: "quá nhiều thành phần"));
        Add(new("xlsx: DTD with an external entity", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.Workbook([new TestSheet("Danh sách", XlsxFiles.Header())], sharedStrings: ["x"], replace: new Dictionary<string, string> { ["xl/sharedStrings.xml"] = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><sst xmlns=\"" + XlsxFiles.Main + "\"><si><t>&x;</t></si></sst>" }), "shared strings with an external entity"), "400", "body"));
        Add(new("xlsx: every sheet hidden", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.Workbook([new TestSheet("A", XlsxFiles.Header() + XlsxFiles.Row(2, "Trần Văn Bình", "binh.h@sotuphap.tinh.example"), "hidden"), new TestSheet("B", XlsxFiles.Header(), "veryHidden")]), "two hidden sheets"), "400", "body", Says: "không có trang tính nào đang hiện"));
        Add(new("xlsx: merged header cells", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.Workbook(XlsxFiles.Row(2, "Họ và tên", null, "Email") + XlsxFiles.Row(3, "Trần Văn Bình", null, "binh.m@sotuphap.tinh.example"), "<mergeCells count=\"1\"><mergeCell ref=\"A2:B2\"/></mergeCells>"), "header A2:B2 merged"), "400", "body", Says: "Dòng tiêu đề (dòng 2)"));
        Add(new("xlsx: no header in the first 20 rows", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.Workbook(string.Concat(Enumerable.Range(1, 21).Select(i => XlsxFiles.Row(i, "tiêu đề " + i))) + XlsxFiles.Header(22)), "header in row 22"), "400", "body", Says: "20 dòng đầu"));
        Add(new("xlsx: formulas without values and a bad email only", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.Workbook(XlsxFiles.Header() + "<row r=\"2\"><c r=\"A2\" t=\"str\"><f>A1</f></c><c r=\"B2\" t=\"str\"><f>B1</f></c></row>" + XlsxFiles.Row(3, "Trần Văn Bình", "binh@")), "rows refused"), "200|400"));
        Add(new("xlsx: 20,001 rows", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => XlsxFiles.Workbook(XlsxFiles.Header() + string.Concat(Enumerable.Range(2, 20_001).Select(i => XlsxFiles.Row(i, "n" + i, $"a{i}@t.vn")))), "header + 20,001 rows"), "400", "body", Says: "20000"));
        Add(new("xlsx: over 1 MB", "AddInvitees", "POST", Invitees_, BadBody.Raw(XlsxType, () => [0x50, 0x4B, 0x03, 0x04, .. RandomBytes((1024 * 1024) + 16, 5)], "PK + 1 MB random"), "413"));
        Add(new("nomination link: no such nomination, file upload", "ReplyPage", "POST", "/api/r/{token.nominateUnknown}", BadBody.Raw("multipart/form-data; boundary=b", () => Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"answer\"\r\n\r\nupload\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK\r\n--b--\r\n"), "answer=upload + a file"), "404", Says: InvalidLink, Key: Key.None));

        // ---- Nominations: POST /api/courses/{id}/units and nomination links.
        const string Units = "/api/courses/{draft}/units";
        const string OneUnit = """[{"unit":"Hội Nông dân huyện","contactEmail":"hnd@tinh.example","quota":2}]""";
        Add(new("key: add nomination units without a key", "AddNominationUnits", "POST", Units, BadBody.Json(OneUnit), "401", Key: Key.None));
        Add(new("key: add nomination units with a wrong key", "AddNominationUnits", "POST", Units, BadBody.Json(OneUnit), "401", Key: Key.Wrong));
        Add(new("method: DELETE nomination units", "AddNominationUnits", "DELETE", Units, null, "405|404"));
        Add(new("nomination units: to an unknown course", "AddNominationUnits", "POST", $"/api/courses/{Unknown}/units", BadBody.Json(OneUnit), "404"));
        Add(new("nomination units: course id with a hash", "AddNominationUnits", "POST", "/api/courses/a%23b/units", BadBody.Json(OneUnit), "404|400"));
        Add(new("nomination units: an object, not an array", "AddNominationUnits", "POST", Units, BadBody.Json("""{"unit":"Hội Nông dân huyện","quota":2}"""), "400", "body"));
        Add(new("nomination units: empty array", "AddNominationUnits", "POST", Units, BadBody.Json("[]"), "400", "body"));
        Add(new("nomination units: empty body", "AddNominationUnits", "POST", Units, BadBody.Json(string.Empty), "400", "body"));
        Add(new("nomination units: truncated JSON", "AddNominationUnits", "POST", Units, BadBody.Json("[{\"unit\":"), "400", "body|[0].unit"));
        Add(new("nomination units: quota is a string", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Hội Nông dân huyện","contactEmail":"hnd@tinh.example","quota":"2"}]"""), "400", "[0].quota"));
        Add(new("nomination units: quota 0", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Hội Nông dân huyện","contactEmail":"hnd@tinh.example","quota":0}]"""), "400", "[0].quota"));
        Add(new("nomination units: quota 1001", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Hội Nông dân huyện","contactEmail":"hnd@tinh.example","quota":1001}]"""), "400", "[0].quota"));
        Add(new("nomination units: quota 2.5", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Hội Nông dân huyện","contactEmail":"hnd@tinh.example","quota":2.5}]"""), "400", "[0].quota"));
        Add(new("nomination units: quota missing", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Hội Nông dân huyện","contactEmail":"hnd@tinh.example"}]"""), "400", "[0].quota"));
        Add(new("nomination units: unit on two lines", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Hội Nông dân\nhuyện","contactEmail":"hnd@tinh.example","quota":2}]"""), "400", "[0].unit"));
        Add(new("nomination units: unit missing", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"contactEmail":"hnd@tinh.example","quota":2}]"""), "400", "[0].unit"));
        Add(new("nomination units: unknown unit without contactEmail", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Không có trong danh mục","quota":2}]"""), "400", "[0].contactEmail"));
        Add(new("nomination units: contactEmail with a Bcc header", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Hội Nông dân huyện","contactEmail":"hnd@tinh.example\r\nBcc: x@evil.example","quota":2}]"""), "400", "[0].contactEmail"));
        Add(new("nomination units: second row bad, first row bad too", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"A","contactEmail":"a@","quota":2},{"unit":"B","contactEmail":"b@tinh.example","quota":-1}]"""), "400", "[1].quota"));
        Add(new("nomination units: unknown field", "AddNominationUnits", "POST", Units, BadBody.Json("""[{"unit":"Hội Nông dân huyện","contactEmail":"hnd@tinh.example","quota":2,"phone":"1"}]"""), "400", "[0].phone"));
        Add(new("nomination units: 10,000 nested arrays", "AddNominationUnits", "POST", Units, BadBody.Json(Nested(10_000)), "400", "body"));
        Add(new("nomination units: JSON over 1 MB", "AddNominationUnits", "POST", Units, ManyItems("{\"unit\":\"Hội Nông dân huyện\",\"contactEmail\":\"hnd@tinh.example\",\"quota\":2}", 20_000), "413"));
        Add(new("nomination units: XML", "AddNominationUnits", "POST", Units, BadBody.Text("application/xml", "<units/>"), "400|415"));
        Add(new("nomination link: no such nomination", "ReplyPage", "GET", "/api/r/{token.nominateUnknown}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("nomination link: no such nomination, POST", "ReplyPage", "POST", "/api/r/{token.nominateUnknown}", BadBody.Form("answer=nominate&name=A&email=a%40tinh.example"), "404", Says: InvalidLink, Key: Key.None));
        Add(new("nomination link: expired", "ReplyPage", "POST", "/api/r/{token.nominateExpired}", BadBody.Form("answer=nominate&name=A&email=a%40tinh.example"), "404|410", Key: Key.None));

        // ---- POST /api/courses/{id}/start.
        Add(new("start: a started course again", "StartCourse", "POST", "/api/courses/{started}/start", null, "409", Says: "(giai đoạn “Đang mời”)"));

        // ---- POST /api/courses/{id}/replies (seats, issue 8): the organiser records an offline reply.
        Add(new("key: record reply without a key", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("""{"email":"x@tinh.example","answer":"accept"}"""), "401", Key: Key.None));
        Add(new("method: GET replies", "RecordReply", "GET", "/api/courses/{started}/replies", null, "405|404"));
        Add(new("replies: unknown course", "RecordReply", "POST", $"/api/courses/{Unknown}/replies", BadBody.Json("""{"email":"x@tinh.example","answer":"accept"}"""), "404"));
        Add(new("replies: course id with a hash", "RecordReply", "POST", "/api/courses/a%23b/replies", BadBody.Json("""{"email":"x@tinh.example","answer":"accept"}"""), "404|400"));
        Add(new("replies: unknown invitee", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("""{"email":"nobody.here@tinh.example","answer":"accept"}"""), "404"));
        Add(new("replies: neither email nor inviteeId", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("""{"answer":"accept"}"""), "400", "email"));
        Add(new("replies: both email and inviteeId", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("""{"email":"x@tinh.example","inviteeId":"0123456789abcdef","answer":"accept"}"""), "400", "email"));
        Add(new("replies: invalid email", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("""{"email":"x@","answer":"accept"}"""), "400", "email"));
        Add(new("replies: inviteeId with a slash", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("""{"inviteeId":"a/b","answer":"accept"}"""), "400", "inviteeId"));
        Add(new("replies: answer is a number", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("""{"inviteeId":"0123456789abcdef","answer":1}"""), "400", "answer"));
        Add(new("replies: unknown field", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("""{"inviteeId":"0123456789abcdef","answer":"accept","phone":"1"}"""), "400", "phone"));
        Add(new("replies: truncated JSON", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("{\"email\": "), "400", "body|email"));
        Add(new("replies: an array", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json("[]"), "400", "body"));
        Add(new("replies: over 1 MB", "RecordReply", "POST", "/api/courses/{started}/replies", OverOneMegabyte(change => { var o = new JsonObject { ["email"] = "x@tinh.example", ["answer"] = "decline" }; change?.Invoke(o); return o.ToJsonString(); }, "note"), "413"));
        // Hand-overs recorded by the organiser (answer: delegate).
        Add(new("replies: delegate without a name", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json($$"""{"email":"{{BadInputHost.EmailB}}","answer":"delegate","delegateEmail":"d@tinh.example"}"""), "400", "delegateName"));
        Add(new("replies: delegate with a bad email", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json($$"""{"email":"{{BadInputHost.EmailB}}","answer":"delegate","delegateName":"Lê Bình","delegateEmail":"d@"}"""), "400", "delegateEmail"));
        Add(new("replies: delegate to oneself", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json($$"""{"email":"{{BadInputHost.EmailB}}","answer":"delegate","delegateName":"Lê Bình","delegateEmail":" {{BadInputHost.EmailB.ToUpperInvariant()}}"}"""), "400", "delegateEmail"));
        Add(new("replies: delegate to someone already invited", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json($$"""{"email":"{{BadInputHost.EmailB}}","answer":"delegate","delegateName":"Lê Cường","delegateEmail":"{{BadInputHost.EmailC}}"}"""), "409"));
        Add(new("replies: delegate name on two lines", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json($$"""{"email":"{{BadInputHost.EmailB}}","answer":"delegate","delegateName":"Lê\nBình","delegateEmail":"d@tinh.example"}"""), "400", "delegateName"));
        Add(new("replies: delegateName is a number", "RecordReply", "POST", "/api/courses/{started}/replies", BadBody.Json($$"""{"email":"{{BadInputHost.EmailB}}","answer":"delegate","delegateName":5,"delegateEmail":"d@tinh.example"}"""), "400", "delegateName"));
        Add(new("replies: to a draft course", "RecordReply", "POST", "/api/courses/{draft}/replies", BadBody.Json("""{"email":"x@tinh.example","answer":"accept"}"""), "404|409"));

        // ---- Issue 18: the course's letters (Giấy mời, nomination công văn) and the course's signer.
        Add(new("key: invitation letters without a key", "GetInvitationLetters", "GET", "/api/courses/{started}/letters/invitation", null, "401", Key: Key.None));
        Add(new("key: nomination letters with a wrong key", "GetNominationLetters", "GET", "/api/courses/{started}/letters/nomination", null, "401", Key: Key.Wrong));
        Add(new("method: POST invitation letters", "GetInvitationLetters", "POST", "/api/courses/{started}/letters/invitation", BadBody.Json("{}"), "405|404"));
        Add(new("method: DELETE nomination letters", "GetNominationLetters", "DELETE", "/api/courses/{started}/letters/nomination", null, "405|404"));
        Add(new("letters: invitee id with a slash", "GetInvitationLetters", "GET", "/api/courses/{started}/letters/invitation?invitee=a%2Fb", null, "400", "invitee"));
        Add(new("letters: invitee twice", "GetInvitationLetters", "GET", "/api/courses/{started}/letters/invitation?invitee=a1&invitee=b2", null, "400", "invitee"));
        Add(new("letters: invitee empty", "GetInvitationLetters", "GET", "/api/courses/{started}/letters/invitation?invitee=", null, "400", "invitee"));
        Add(new("letters: invitee of 5,000 chars", "GetInvitationLetters", "GET", "/api/courses/{started}/letters/invitation?invitee=" + new string('a', 5000), null, "400|414", "invitee"));
        Add(new("letters: unit with markup", "GetNominationLetters", "GET", "/api/courses/{started}/letters/nomination?unit=%3Cscript%3E", null, "400", "unit"));
        Add(new("letters: invitation of an unknown course", "GetInvitationLetters", "GET", $"/api/courses/{Unknown}/letters/invitation", null, "404"));
        Add(new("letters: nomination of an unknown course", "GetNominationLetters", "GET", $"/api/courses/{Unknown}/letters/nomination", null, "404"));
        Add(new("letters: course id with a control char", "GetInvitationLetters", "GET", "/api/courses/a%01b/letters/invitation", null, "404|400"));
        Add(new("letters: invitation of a course without a signer", "GetInvitationLetters", "GET", "/api/courses/{started}/letters/invitation", null, "409", Says: "letter.signerName"));
        Add(new("letters: nomination of a course without a signer", "GetNominationLetters", "GET", "/api/courses/{started}/letters/nomination?unit=" + Unknown, null, "409", Says: "letter.signerName"));
        Add(new("course: letter is a string", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["letter"] = "Nguyễn Văn An")), "400", "letter"));
        Add(new("course: letter without a signer's name", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["letter"] = new JsonObject { ["signerTitle"] = "Phó Trưởng ban" })), "400", "letter.signerName"));
        Add(new("course: signer's title on two lines", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["letter"] = new JsonObject { ["signerName"] = "Nguyễn Văn An", ["signerTitle"] = "Phó\nTrưởng ban" })), "400", "letter.signerTitle"));
        Add(new("course: letter with an unknown field", "CreateCourse", "POST", "/api/courses", BadBody.Json(Course(o => o["letter"] = new JsonObject { ["signerName"] = "Nguyễn Văn An", ["signerTitle"] = "Trưởng ban", ["seal"] = true })), "400", "letter.seal"));
        Add(new("patch: authority of 101 chars", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("{\"letter\":{\"signerName\":\"Nguyễn Văn An\",\"signerTitle\":\"Phó Trưởng ban\",\"authority\":\"" + new string('K', 101) + "\"}}"), "400", "letter.authority"));

        // ---- Issue 9: certificate verification page (anonymous), course report, roster export.
        const string NoCertificate = "Không tìm thấy giấy chứng nhận";
        Add(new("key: report without a key", "GetCourseReport", "GET", "/api/courses/{started}/report", null, "401", Key: Key.None));
        Add(new("key: report with a wrong key", "GetCourseReport", "GET", "/api/courses/{started}/report", null, "401", Key: Key.Wrong));
        Add(new("key: roster without a key", "GetRoster", "GET", "/api/courses/{started}/roster?format=csv", null, "401", Key: Key.None));
        Add(new("key: roster with a wrong ?code=", "GetRoster", "GET", "/api/courses/{started}/roster?format=xlsx&code=wrong", null, "401", Key: Key.None));
        Add(new("method: POST report", "GetCourseReport", "POST", "/api/courses/{started}/report", BadBody.Json("{}"), "405|404"));
        Add(new("method: DELETE roster", "GetRoster", "DELETE", "/api/courses/{started}/roster", null, "405|404"));
        Add(new("method: POST a certificate", "VerifyCertificate", "POST", "/api/certificates/BDNV-2027-000001", BadBody.Form("x=1"), "405|404", Key: Key.None));
        Add(new("report: unknown course", "GetCourseReport", "GET", $"/api/courses/{Unknown}/report", null, "404"));
        Add(new("report: course id with a hash", "GetCourseReport", "GET", "/api/courses/a%23b/report", null, "404|400"));
        Add(new("report: course id of 300 chars", "GetCourseReport", "GET", "/api/courses/" + new string('9', 300) + "/report", null, "404|400"));
        Add(new("roster: format pdf", "GetRoster", "GET", "/api/courses/{started}/roster?format=pdf", null, "400", "format"));
        Add(new("roster: format empty", "GetRoster", "GET", "/api/courses/{started}/roster?format=", null, "400", "format"));
        Add(new("roster: format twice", "GetRoster", "GET", "/api/courses/{started}/roster?format=csv&format=xlsx", null, "400", "format"));
        Add(new("roster: format with a NUL", "GetRoster", "GET", "/api/courses/{started}/roster?format=csv%00", null, "400", "format"));
        Add(new("roster: format of 5,000 chars", "GetRoster", "GET", "/api/courses/{started}/roster?format=" + new string('x', 5000), null, "400|414", "format"));
        Add(new("roster: unknown course", "GetRoster", "GET", $"/api/courses/{Unknown}/roster?format=csv", null, "404"));
        Add(new("roster: course id with a control char", "GetRoster", "GET", "/api/courses/a%01b/roster?format=csv", null, "404|400"));
        // Learning reports read and graded (issue 18 item 4): the started course's invitees sent no report.
        Add(new("reports: without a key", "ListReports", "GET", "/api/courses/{started}/reports", null, "401", Key: Key.None));
        Add(new("reports: unknown course", "ListReports", "GET", $"/api/courses/{Unknown}/reports", null, "404"));
        Add(new("reports: course id with a control char", "ListReports", "GET", "/api/courses/a%01b/reports", null, "404|400"));
        Add(new("reports: POST the list", "ListReports", "POST", "/api/courses/{started}/reports", BadBody.Json("{}"), "405|404"));
        Add(new("report file: without a key", "GetReportFile", "GET", "/api/courses/{started}/reports/{inviteeA}/file", null, "401", Key: Key.None));
        Add(new("report file: nothing submitted", "GetReportFile", "GET", "/api/courses/{started}/reports/{inviteeA}/file", null, "404", Says: "không có tệp"));
        Add(new("report file: unknown invitee", "GetReportFile", "GET", "/api/courses/{started}/reports/0000000000000000dead/file", null, "404"));
        Add(new("report file: invitee id of dots", "GetReportFile", "GET", "/api/courses/{started}/reports/..%2F..%2Fx/file", null, "404|400"));
        Add(new("report file: unknown course", "GetReportFile", "GET", $"/api/courses/{Unknown}/reports/{{inviteeA}}/file", null, "404"));
        Add(new("grade: without a key", "GradeReport", "PUT", "/api/courses/{started}/reports/{inviteeA}/grade", BadBody.Json("""{"grade":"dat"}"""), "401", Key: Key.None));
        Add(new("grade: nothing submitted", "GradeReport", "PUT", "/api/courses/{started}/reports/{inviteeA}/grade", BadBody.Json("""{"grade":"dat"}"""), "409", Says: "chưa nộp bài thu hoạch"));
        Add(new("grade: malformed JSON", "GradeReport", "PUT", "/api/courses/{started}/reports/{inviteeA}/grade", BadBody.Json("""{"grade":"""), "400"));
        Add(new("grade: grade a number", "GradeReport", "PUT", "/api/courses/{started}/reports/{inviteeA}/grade", BadBody.Json("""{"grade":5}"""), "400", "grade"));
        Add(new("grade: an array", "GradeReport", "PUT", "/api/courses/{started}/reports/{inviteeA}/grade", BadBody.Json("[]"), "400"));
        Add(new("grade: unknown invitee", "GradeReport", "PUT", "/api/courses/{started}/reports/0000000000000000dead/grade", BadBody.Json("""{"grade":"dat"}"""), "404"));
        Add(new("grade: unknown course", "GradeReport", "PUT", $"/api/courses/{Unknown}/reports/{{inviteeA}}/grade", BadBody.Json("""{"grade":"dat"}"""), "404"));
        Add(new("grade: POST instead of PUT", "GradeReport", "POST", "/api/courses/{started}/reports/{inviteeA}/grade", BadBody.Json("""{"grade":"dat"}"""), "405|404"));
        Add(new("reports zip: without a key", "DownloadReports", "GET", "/api/courses/{started}/reports/archive", null, "401", Key: Key.None));
        Add(new("reports zip: unknown course", "DownloadReports", "GET", $"/api/courses/{Unknown}/reports/archive", null, "404"));
        Add(new("reports zip: DELETE", "DownloadReports", "DELETE", "/api/courses/{started}/reports/archive", null, "405|404"));

        // ---- Issue 18: the report as PDF (?format=pdf), the sign-in sheet of a session.
        Add(new("key: report pdf without a key", "GetCourseReport", "GET", "/api/courses/{started}/report?format=pdf", null, "401", Key: Key.None));
        Add(new("report: format csv", "GetCourseReport", "GET", "/api/courses/{started}/report?format=csv", null, "400", "format"));
        Add(new("report: format twice", "GetCourseReport", "GET", "/api/courses/{started}/report?format=json&format=pdf", null, "400", "format"));
        Add(new("report: format with a NUL", "GetCourseReport", "GET", "/api/courses/{started}/report?format=pdf%00", null, "400", "format"));
        Add(new("report: format of 5,000 chars", "GetCourseReport", "GET", "/api/courses/{started}/report?format=" + new string('x', 5000), null, "400|414", "format"));
        Add(new("report pdf: unknown course", "GetCourseReport", "GET", $"/api/courses/{Unknown}/report?format=pdf", null, "404"));
        Add(new("key: sign-in sheet without a key", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/1/sign-in-sheet", null, "401", Key: Key.None));
        Add(new("key: sign-in sheet with a wrong key", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/1/sign-in-sheet", null, "401", Key: Key.Wrong));
        Add(new("method: POST sign-in sheet", "GetSignInSheet", "POST", "/api/courses/{started}/sessions/1/sign-in-sheet", BadBody.Json("{}"), "405|404"));
        Add(new("sign-in sheet: unknown course", "GetSignInSheet", "GET", $"/api/courses/{Unknown}/sessions/1/sign-in-sheet", null, "404"));
        Add(new("sign-in sheet: session 0", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/0/sign-in-sheet", null, "400", "session"));
        Add(new("sign-in sheet: session after the last", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/99/sign-in-sheet", null, "400", "session"));
        Add(new("sign-in sheet: session -1", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/-1/sign-in-sheet", null, "400", "session"));
        Add(new("sign-in sheet: session not a number", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/s1/sign-in-sheet", null, "400", "session"));
        Add(new("sign-in sheet: session with spaces", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/%201%20/sign-in-sheet", null, "400", "session"));
        Add(new("sign-in sheet: session of 300 digits", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/" + new string('1', 300) + "/sign-in-sheet", null, "400", "session"));
        Add(new("sign-in sheet: session with a control char", "GetSignInSheet", "GET", "/api/courses/{started}/sessions/1%01/sign-in-sheet", null, "400", "session"));
        Add(new("sign-in sheet: course id with a hash", "GetSignInSheet", "GET", "/api/courses/a%23b/sessions/1/sign-in-sheet", null, "404|400"));
        Add(new("certificate: unknown number", "VerifyCertificate", "GET", "/api/certificates/BDNV-2099-999999", null, "404", Says: NoCertificate, Key: Key.None));
        Add(new("certificate: lower case", "VerifyCertificate", "GET", "/api/certificates/bdnv-2027-000001", null, "404", Says: NoCertificate, Key: Key.None));
        Add(new("certificate: short sequence", "VerifyCertificate", "GET", "/api/certificates/BDNV-2027-1", null, "404", Says: NoCertificate, Key: Key.None));
        Add(new("certificate: a word", "VerifyCertificate", "GET", "/api/certificates/hello", null, "404", Says: NoCertificate, Key: Key.None));
        Add(new("certificate: quote", "VerifyCertificate", "GET", "/api/certificates/BDNV-2027-000001'", null, "404", Says: NoCertificate, Key: Key.None));
        Add(new("certificate: trailing line break", "VerifyCertificate", "GET", "/api/certificates/BDNV-2027-000001%0A", null, "404", Says: NoCertificate, Key: Key.None));
        Add(new("certificate: control char", "VerifyCertificate", "GET", "/api/certificates/BDNV-2027%01-000001", null, "404|400", Key: Key.None));
        Add(new("certificate: slash", "VerifyCertificate", "GET", "/api/certificates/BDNV%2F2027-000001", null, "404|400", Key: Key.None));
        Add(new("certificate: markup", "VerifyCertificate", "GET", "/api/certificates/%3Cscript%3Ealert(1)%3C%2Fscript%3E", null, "404|400", Key: Key.None));
        Add(new("certificate: 3,000 chars", "VerifyCertificate", "GET", "/api/certificates/BDNV-2027-" + new string('0', 3000), null, "404|414|400", Key: Key.None));
        Add(new("certificate: HEAD unknown", "VerifyCertificate", "HEAD", "/api/certificates/BDNV-2099-999998", null, "404|405", Key: Key.None));
        // ---- GET /api/organiser, /api/organiser/{file}: the organiser page's static files (anonymous, no data). Only the
        // embedded names are served; anything else is the same plain page, echoing nothing.
        const string NoPage = "Không có trang này";
        Add(new("organiser page: POST the shell", "OrganiserPage", "POST", "/api/organiser", BadBody.Form("x=1"), "405|404", Key: Key.None));
        Add(new("organiser page: DELETE the shell", "OrganiserPage", "DELETE", "/api/organiser", null, "405|404", Key: Key.None));
        Add(new("organiser page: POST a module", "OrganiserPageFile", "POST", "/api/organiser/app.js", BadBody.Json("{}"), "405|404", Key: Key.None));
        Add(new("organiser page: unknown file", "OrganiserPageFile", "GET", "/api/organiser/nope.js", null, "404", Says: NoPage, Key: Key.None));
        Add(new("organiser page: the shell by its file name", "OrganiserPageFile", "GET", "/api/organiser/index.html", null, "404", Says: NoPage, Key: Key.None));
        Add(new("organiser page: upper-case name", "OrganiserPageFile", "GET", "/api/organiser/APP.JS", null, "404", Says: NoPage, Key: Key.None));
        Add(new("organiser page: encoded ../", "OrganiserPageFile", "GET", "/api/organiser/..%2FWorkflow.Shared.dll", null, "404|400", Key: Key.None));
        Add(new("organiser page: encoded backslash", "OrganiserPageFile", "GET", "/api/organiser/..%5Cappsettings.json", null, "404|400", Key: Key.None));
        Add(new("organiser page: control char", "OrganiserPageFile", "GET", "/api/organiser/app%01.js", null, "404|400", Key: Key.None));
        Add(new("organiser page: markup as the name", "OrganiserPageFile", "GET", "/api/organiser/%3Cscript%3Ealert(1)%3C%2Fscript%3E", null, "404|400", Key: Key.None));
        Add(new("organiser page: 3,000 chars", "OrganiserPageFile", "GET", "/api/organiser/" + new string('a', 3000) + ".js", null, "404|414|400", Key: Key.None));
        Add(new("organiser page: HEAD unknown", "OrganiserPageFile", "HEAD", "/api/organiser/nope.css", null, "404|405", Key: Key.None));
        // ---- POST /api/courses/{id}/attendance: the organiser's marks. All or nothing: a bad row names itself, nothing changes.
        const string Mark = """[{"inviteeId":"0123456789abcdef","session":1,"status":"excused"}]""";
        Add(new("key: record attendance without a key", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json(Mark), "401", Key: Key.None));
        Add(new("key: record attendance with a wrong key", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json(Mark), "401", Key: Key.Wrong));
        Add(new("method: GET attendance", "RecordAttendance", "GET", "/api/courses/{started}/attendance", null, "405|404"));
        Add(new("attendance: unknown course", "RecordAttendance", "POST", $"/api/courses/{Unknown}/attendance", BadBody.Json(Mark), "404"));
        Add(new("attendance: course id with a hash", "RecordAttendance", "POST", "/api/courses/a%23b/attendance", BadBody.Json(Mark), "404|400"));
        Add(new("attendance: to a draft course", "RecordAttendance", "POST", "/api/courses/{draft}/attendance", BadBody.Json(Mark), "409"));
        Add(new("attendance: empty list", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("[]"), "400", "body"));
        Add(new("attendance: an object, not a list", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""{"inviteeId":"0123456789abcdef","session":1,"status":"excused"}"""), "400", "body"));
        Add(new("attendance: a row that is null", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("[null]"), "400", "[0]"));
        Add(new("attendance: session 0 (sessions count from 1)", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","session":0,"status":"excused"}]"""), "400", "[0].session"));
        Add(new("attendance: session after the last", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","session":2,"status":"excused"}]"""), "400", "[0].session"));
        Add(new("attendance: session is text", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","session":"một","status":"excused"}]"""), "400", "[0].session"));
        Add(new("attendance: session missing", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","status":"excused"}]"""), "400", "[0].session"));
        Add(new("attendance: status unknown", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","session":1,"status":"late"}]"""), "400", "[0].status"));
        Add(new("attendance: status is a number", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","session":1,"status":1}]"""), "400", "[0].status"));
        Add(new("attendance: neither email nor inviteeId", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"session":1,"status":"excused"}]"""), "400", "[0].email"));
        Add(new("attendance: both email and inviteeId", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"email":"x@tinh.example","inviteeId":"0123456789abcdef","session":1,"status":"excused"}]"""), "400", "[0].email"));
        Add(new("attendance: invalid email", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"email":"x@","session":1,"status":"excused"}]"""), "400", "[0].email"));
        Add(new("attendance: inviteeId with a slash", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"a/b","session":1,"status":"excused"}]"""), "400", "[0].inviteeId"));
        Add(new("attendance: unknown invitee", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"email":"nobody.here@tinh.example","session":1,"status":"excused"}]"""), "400", "[0].email"));
        Add(new("attendance: the second row is bad", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"email":"nobody.here@tinh.example","session":1,"status":"excused"},{"inviteeId":"0123456789abcdef","session":9,"status":"present"}]"""), "400", "[1].session"));
        Add(new("attendance: unknown field", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","session":1,"status":"excused","note":"x"}]"""), "400", "[0].note"));
        Add(new("attendance: truncated JSON", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("[{\"session\": "), "400", "body|[0].session"));
        Add(new("attendance: unknown sessionId", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","sessionId":"s9","status":"excused"}]"""), "400", "[0].sessionId"));
        Add(new("attendance: session and sessionId both", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","session":1,"sessionId":"s1","status":"excused"}]"""), "400", "[0].sessionId"));
        Add(new("attendance: sessionId is a number", "RecordAttendance", "POST", "/api/courses/{started}/attendance", BadBody.Json("""[{"inviteeId":"0123456789abcdef","sessionId":1,"status":"excused"}]"""), "400", "[0].sessionId"));
        Add(new("attendance: over 1 MB", "RecordAttendance", "POST", "/api/courses/{started}/attendance", ManyItems("""{"inviteeId":"0123456789abcdef","session":1,"status":"excused"}""", 20_000), "413"));

        // ---- /api/r/{token}: forged, expired, oversized tokens and bad forms. Nothing is recorded.
        Add(new("token: tampered payload", "ReplyPage", "GET", "/api/r/{token.tampered}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: tampered, POST accept", "ReplyPage", "POST", "/api/r/{token.tampered}", BadBody.Form("answer=accept"), "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: unknown key id", "ReplyPage", "GET", "/api/r/{token.unknownKeyId}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: signed with another key", "ReplyPage", "POST", "/api/r/{token.wrongKey}", BadBody.Form("answer=accept"), "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: wrong purpose (name)", "ReplyPage", "GET", "/api/r/{token.wrongPurpose}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: wrong purpose (number)", "ReplyPage", "POST", "/api/r/{token.purposeNumber}", BadBody.Form("answer=accept"), "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: over 1 KB", "ReplyPage", "GET", "/api/r/{token.oversized}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: 6 KB of letters", "ReplyPage", "GET", "/api/r/" + new string('A', 6000), null, "404|414|400", Key: Key.None));
        Add(new("token: expired", "ReplyPage", "GET", "/api/r/{token.expired}", null, "410", Says: "hết hạn", Key: Key.None));
        Add(new("token: expired, POST accept", "ReplyPage", "POST", "/api/r/{token.expired}", BadBody.Form("answer=accept"), "410", Key: Key.None));
        // Check-in links (attendance): expired after the last session, refused outside the window, wrong answers.
        Add(new("checkin token: expired", "ReplyPage", "GET", "/api/r/{token.checkInExpired}", null, "410", Says: "hết giờ điểm danh", Key: Key.None));
        Add(new("checkin token: expired, POST checkin", "ReplyPage", "POST", "/api/r/{token.checkInExpired}", BadBody.Form("answer=checkin"), "410", Key: Key.None));
        Add(new("checkin token: POST outside the window", "ReplyPage", "POST", "/api/r/{token.checkIn}", BadBody.Form("answer=checkin"), "409", Key: Key.None));
        // The QR code image of a check-in link: only a check-in token gets an image; nothing else is drawn.
        Add(new("checkin qr: reply token", "CheckInQr", "GET", "/api/r/{token}/qr", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("checkin qr: tampered token", "CheckInQr", "GET", "/api/r/{token.tampered}/qr", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("checkin qr: a word", "CheckInQr", "HEAD", "/api/r/hello/qr", null, "404", Key: Key.None));
        Add(new("checkin qr: expired", "CheckInQr", "GET", "/api/r/{token.checkInExpired}/qr", null, "410", Says: "hết giờ điểm danh", Key: Key.None));
        Add(new("checkin qr: POST", "CheckInQr", "POST", "/api/r/{token.checkIn}/qr", BadBody.Form("answer=checkin"), "405|404", Key: Key.None));
        Add(new("checkin qr: 6 KB token", "CheckInQr", "GET", "/api/r/" + new string('A', 6000) + "/qr", null, "404|414|400", Key: Key.None));
        Add(new("checkin token: POST another answer", "ReplyPage", "POST", "/api/r/{token.checkIn}", BadBody.Form("answer=accept"), "400", Says: "Chưa ghi nhận được", Key: Key.None));
        // Survey and learning-report links (follow-up) of a person who has not attended: answers refused, bad forms refused.
        Add(new("survey token: GET shows the page", "ReplyPage", "GET", "/api/r/{token.survey}", null, "200|409", Key: Key.None));
        Add(new("survey token: ratings out of range", "ReplyPage", "POST", "/api/r/{token.survey}", BadBody.Form("answer=survey&contentRating=9&presenterRating=0&organisationRating=x"), "400|409", Key: Key.None));
        Add(new("survey token: another answer", "ReplyPage", "POST", "/api/r/{token.survey}", BadBody.Form("answer=accept"), "400|409", Key: Key.None));
        Add(new("survey token: JSON body", "ReplyPage", "POST", "/api/r/{token.survey}", BadBody.Json("""{"answer":"survey"}"""), "415|400|409", Key: Key.None));
        Add(new("report token: urlencoded text", "ReplyPage", "POST", "/api/r/{token.report}", BadBody.Form("answer=report&report=abc"), "400|409|415", Key: Key.None));
        Add(new("report token: multipart without a boundary", "ReplyPage", "POST", "/api/r/{token.report}", BadBody.Raw("multipart/form-data", () => Encoding.ASCII.GetBytes("--x\r\n"), "--x"), "400|409|415", Key: Key.None));
        Add(new("report token: a 6 MB body", "ReplyPage", "POST", "/api/r/{token.report}", BadBody.Raw("multipart/form-data; boundary=b", () => Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF" + new string('x', 6 * 1024 * 1024) + "\r\n--b--\r\n"), "multipart, a 6 MB file"), "413|409", Key: Key.None));
        Add(new("token: expiry beyond year 9999", "ReplyPage", "GET", "/api/r/{token.farExpiry}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: expiry before year 1", "ReplyPage", "POST", "/api/r/{token.negativeExpiry}", BadBody.Form("answer=accept"), "404|410", Key: Key.None));
        Add(new("token: invitee id with a slash", "ReplyPage", "GET", "/api/r/{token.inviteeSlash}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: invitee id with a hash", "ReplyPage", "POST", "/api/r/{token.inviteeHash}", BadBody.Form("answer=accept"), "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: invitee id with a control char", "ReplyPage", "GET", "/api/r/{token.inviteeControl}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: invitee id of 300 chars", "ReplyPage", "GET", "/api/r/{token.inviteeLong}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: course id with a backslash", "ReplyPage", "GET", "/api/r/{token.courseBackslash}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: unknown course", "ReplyPage", "GET", "/api/r/{token.unknownCourse}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: empty ids", "ReplyPage", "GET", "/api/r/{token.emptyIds}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: payload not JSON", "ReplyPage", "GET", "/api/r/{token.notJson}", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: four parts", "ReplyPage", "GET", "/api/r/{token}.x", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: not base64", "ReplyPage", "GET", "/api/r/e2e.%21%21.%21%21", null, "404", Says: InvalidLink, Key: Key.None));
        Add(new("token: a word", "ReplyPage", "POST", "/api/r/hello", BadBody.Form("answer=accept"), "404", Says: InvalidLink, Key: Key.None));

        Add(new("reply form: 5,000 fields", "ReplyPage", "POST", "/api/r/{token}", FormWithFields(5000), "400|413", Key: Key.None));
        Add(new("reply form: field name of 10,000 chars", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=accept&" + new string('n', 10_000) + "=1"), "400|413", Key: Key.None));
        Add(new("reply form: reason of 5 MB", "ReplyPage", "POST", "/api/r/{token}", BadBody.Raw("application/x-www-form-urlencoded", () => Encoding.ASCII.GetBytes("answer=decline&reason=" + new string('r', 5 * 1024 * 1024)), "answer=decline&reason=rrrr... (5 MB)"), "400|413", Key: Key.None));
        Add(new("reply form: reason of 1,001 chars", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=decline&reason=" + new string('r', 1001)), "400", Key: Key.None));
        Add(new("reply form: decline without reason", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=decline&reason=%20%0D%0A"), "400", Key: Key.None));
        Add(new("reply form: unknown answer", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=maybe"), "400", Key: Key.None));
        Add(new("reply form: no answer", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("reason=x"), "400", Key: Key.None));
        Add(new("reply form: two answers", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=accept&answer=decline&reason=x"), "400", Key: Key.None));
        Add(new("reply form: bad percent encoding", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=%ZZaccept"), "400", Key: Key.None));
        Add(new("reply form: empty body", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form(string.Empty), "400", Key: Key.None));
        Add(new("reply form: JSON instead of a form", "ReplyPage", "POST", "/api/r/{token}", BadBody.Json("""{"answer":"accept"}"""), "415", Key: Key.None));
        Add(new("reply form: text/plain", "ReplyPage", "POST", "/api/r/{token}", BadBody.Text("text/plain", "answer=accept"), "415", Key: Key.None));
        Add(new("reply form: no content type", "ReplyPage", "POST", "/api/r/{token}", BadBody.Raw(null, () => Encoding.ASCII.GetBytes("answer=accept"), "answer=accept"), "415", Key: Key.None));
        Add(new("reply form: delegate without a name", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=delegate&delegateEmail=d%40tinh.example"), "400", Key: Key.None));
        Add(new("reply form: delegate to oneself", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=delegate&delegateName=A&delegateEmail=" + Uri.EscapeDataString(BadInputHost.EmailA.ToUpperInvariant())), "400", Says: "chính mình", Key: Key.None));
        Add(new("reply form: delegate to someone already invited", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=delegate&delegateName=C&delegateEmail=" + Uri.EscapeDataString(BadInputHost.EmailC)), "409", Says: "đã có trong danh sách mời", Key: Key.None));
        Add(new("reply form: delegate without an email", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=delegate&delegateName=L%C3%AA%20B%C3%ACnh"), "400", Key: Key.None));
        Add(new("reply form: delegate name with a line break", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=delegate&delegateName=L%C3%AA%0D%0AB%C3%ACnh&delegateEmail=d%40tinh.example"), "400", Key: Key.None));
        Add(new("reply form: delegate name of 201 chars", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=delegate&delegateName=" + new string('n', 201) + "&delegateEmail=d%40tinh.example"), "400", Key: Key.None));
        Add(new("reply form: delegate unit with a NUL", "ReplyPage", "POST", "/api/r/{token}", BadBody.Form("answer=delegate&delegateName=B%C3%ACnh&delegateEmail=d%40tinh.example&delegateUnit=S%00"), "400", Key: Key.None));
        Add(new("reply page: GET with ?answer=accept changes nothing", "ReplyPage", "GET", "/api/r/{token}?answer=accept", null, "200", Key: Key.None));
        Add(new("reply page: HEAD changes nothing", "ReplyPage", "HEAD", "/api/r/{token}", null, "200", Key: Key.None));

        // ---- POST /api/complaints, GET /api/complaints.
        Add(new("complaint: truncated JSON", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json("{\"code\":"), "400", "body|code"));
        Add(new("complaint: empty body", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(string.Empty), "400", "body"));
        Add(new("complaint: an array", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json("[]"), "400", "body"));
        Add(new("complaint: receivedOn is a number", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["receivedOn"] = 20261120)), "400", "receivedOn"));
        Add(new("complaint: receivedOn 30 February", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["receivedOn"] = "2026-02-30")), "400", "receivedOn"));
        Add(new("complaint: receivedOn with a time", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["receivedOn"] = "2026-11-20T10:00:00")), "400", "receivedOn"));
        Add(new("complaint: receivedOn in year 10000", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["receivedOn"] = "10000-01-01")), "400", "receivedOn"));
        Add(new("complaint: unknown kind", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["kind"] = "lawsuit")), "400", "kind"));
        Add(new("complaint: complex is a word", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["complex"] = "yes")), "400", "complex"));
        Add(new("complaint: officer email invalid", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["officerEmails"] = new JsonArray("thanhtra@"))), "400", "officerEmails[0]"));
        Add(new("complaint: officer emails is a string", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["officerEmails"] = "thanhtra@hoalu.example.vn")), "400", "officerEmails"));
        Add(new("complaint: missing code", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o.Remove("code"))), "400", "code"));
        Add(new("complaint: unknown field", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => o["note"] = "x")), "400", "note"));
        Add(new("complaint: denouncer's name", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Complaint(o => { o["kind"] = "denunciation"; o["denouncerName"] = "Nguyễn Văn A"; })), "400", "denouncerName"));
        Add(new("complaint: body over 1 MB", "RegisterComplaint", "POST", "/api/complaints", OverOneMegabyte(Complaint, "subject"), "413"));
        Add(new("complaint: 10,000 nested arrays", "RegisterComplaint", "POST", "/api/complaints", BadBody.Json(Nested(10_000)), "400", "body"));
        Add(new("complaint: UTF-16 JSON", "RegisterComplaint", "POST", "/api/complaints", BadBody.Raw("application/json", () => Encoding.Unicode.GetBytes(Complaint()), "a valid case in UTF-16LE"), "400", "body"));
        Add(new("complaints: status=closed", "ListComplaints", "GET", "/api/complaints?status=closed", null, "400", "status"));
        Add(new("complaints: dueWithinDays=-1", "ListComplaints", "GET", "/api/complaints?status=open&dueWithinDays=-1", null, "400", "dueWithinDays"));
        Add(new("complaints: dueWithinDays=abc", "ListComplaints", "GET", "/api/complaints?dueWithinDays=abc", null, "400", "dueWithinDays"));
        Add(new("complaints: dueWithinDays=99999999999", "ListComplaints", "GET", "/api/complaints?dueWithinDays=99999999999", null, "400", "dueWithinDays"));
        Add(new("complaints: dueWithinDays with a trailing NUL", "ListComplaints", "GET", "/api/complaints?status=open&dueWithinDays=7%00", null, "400", "dueWithinDays"));

        // ---- /api/complaints/{id} and its actions.
        Add(new("complaint id: unknown", "GetComplaint", "GET", $"/api/complaints/{Unknown}", null, "404"));
        foreach (var (name, id) in BadIds)
        {
            Add(new($"complaint id: {name} (get)", "GetComplaint", "GET", $"/api/complaints/{id}", null, "404|400"));
        }

        Add(new("complaint id: unknown (accept)", "AcceptComplaint", "POST", $"/api/complaints/{Unknown}/accept", BadBody.Json("""{"acceptedOn":"2026-11-25"}"""), "404"));
        Add(new("complaint id: hash (accept)", "AcceptComplaint", "POST", "/api/complaints/a%23b/accept", BadBody.Json("""{"acceptedOn":"2026-11-25"}"""), "404|400"));
        Add(new("complaint id: slash (withdraw)", "WithdrawComplaint", "POST", "/api/complaints/a%2Fb/withdraw", BadBody.Json("""{"withdrawnOn":"2026-11-25"}"""), "404|400"));
        Add(new("complaint id: control char (resolve)", "ResolveComplaint", "POST", "/api/complaints/a%0Ab/resolve", BadBody.Json("""{"resolvedOn":"2026-11-25","decisionNo":"1"}"""), "404|400"));
        Add(new("accept: acceptedOn is a number", "AcceptComplaint", "POST", "/api/complaints/{complaint}/accept", BadBody.Json("""{"acceptedOn":5}"""), "400", "acceptedOn"));
        Add(new("accept: acceptedOn month 13", "AcceptComplaint", "POST", "/api/complaints/{complaint}/accept", BadBody.Json("""{"acceptedOn":"2026-13-01"}"""), "400", "acceptedOn"));
        Add(new("accept: missing acceptedOn", "AcceptComplaint", "POST", "/api/complaints/{complaint}/accept", BadBody.Json("{}"), "400", "acceptedOn"));
        Add(new("accept: unknown field", "AcceptComplaint", "POST", "/api/complaints/{complaint}/accept", BadBody.Json("""{"acceptedOn":"2026-11-25","by":"x"}"""), "400", "by"));
        Add(new("accept: truncated JSON", "AcceptComplaint", "POST", "/api/complaints/{complaint}/accept", BadBody.Json("{\"acceptedOn\""), "400", "body|acceptedOn"));
        Add(new("extend: a first-time complaint", "ExtendComplaint", "POST", "/api/complaints/{complaint}/extend", BadBody.Json("""{"decisionNo":"1/QĐ","decidedOn":"2026-11-25","days":10}"""), "400|409"));
        Add(new("extend: days is a word", "ExtendComplaint", "POST", "/api/complaints/{complaint}/extend", BadBody.Json("""{"decisionNo":"1/QĐ","decidedOn":"2026-11-25","days":"thirty"}"""), "400", "days"));
        Add(new("extend: days 2^40", "ExtendComplaint", "POST", "/api/complaints/{complaint}/extend", BadBody.Json("""{"decisionNo":"1/QĐ","decidedOn":"2026-11-25","days":1099511627776}"""), "400", "days"));
        Add(new("resolve: not accepted yet", "ResolveComplaint", "POST", "/api/complaints/{complaint}/resolve", BadBody.Json("""{"resolvedOn":"2026-11-25","decisionNo":"1/QĐ"}"""), "409"));
        Add(new("resolve: resolvedOn is true", "ResolveComplaint", "POST", "/api/complaints/{complaint}/resolve", BadBody.Json("""{"resolvedOn":true,"decisionNo":"1/QĐ"}"""), "400", "resolvedOn"));
        Add(new("withdraw: withdrawnOn is a word", "WithdrawComplaint", "POST", "/api/complaints/{complaint}/withdraw", BadBody.Json("""{"withdrawnOn":"yesterday"}"""), "400", "withdrawnOn"));
        Add(new("withdraw: reason over 500 chars", "WithdrawComplaint", "POST", "/api/complaints/{complaint}/withdraw", BadBody.Json($$"""{"withdrawnOn":"2026-11-25","reason":"{{new string('r', 501)}}"}"""), "400", "reason"));
        Add(new("withdraw: body over 1 MB", "WithdrawComplaint", "POST", "/api/complaints/{complaint}/withdraw", BadBody.Json(() => $$"""{"withdrawnOn":"2026-11-25","reason":"{{new string('r', OverLimit)}}"}""", "{\"reason\": \"rrrr...\" (over 1 MB)}"), "413"));

        // ---- POST /api/holidays.
        Add(new("holidays: year as a string", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json(Holiday(o => o["year"] = "2031")), "400", "year", Key: Key.Master));
        Add(new("holidays: year 99999", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json(Holiday(o => o["year"] = 99999)), "400", "year", Key: Key.Master));
        Add(new("holidays: truncated JSON", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json("{\"year\":"), "400", "body|year", Key: Key.Master));
        Add(new("holidays: an array", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json("[]"), "400", "body", Key: Key.Master));
        Add(new("holidays: 30 February", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json(Holiday(o => o["days"]![0]!["date"] = "2031-02-30")), "400", "days[0].date", Key: Key.Master));
        Add(new("holidays: days is an object", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json(Holiday(o => o["days"] = new JsonObject())), "400", "days", Key: Key.Master));
        Add(new("holidays: unknown day type", "AddHolidayYear", "POST", "/api/holidays", BadBody.Json(Holiday(o => o["days"]![0]!["type"] = "party")), "400", "days[0].type", Key: Key.Master));
        Add(new("holidays: body over 1 MB", "AddHolidayYear", "POST", "/api/holidays", OverOneMegabyte(Holiday, "note"), "413", Key: Key.Master));

        // ---- Cancel, edit/reschedule, remind now (issue 8).
        Add(new("key: cancel without a key", "CancelCourse", "POST", "/api/courses/{draft}/cancel", BadBody.Json("""{"reason":"x"}"""), "401", Key: Key.None));
        Add(new("key: patch with a wrong key", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("""{"venue":"x"}"""), "401", Key: Key.Wrong));
        Add(new("key: remind without a key", "RemindNow", "POST", "/api/courses/{started}/remind", null, "401", Key: Key.None));
        Add(new("method: GET cancel", "CancelCourse", "GET", "/api/courses/{draft}/cancel", null, "405|404"));
        Add(new("method: GET remind", "RemindNow", "GET", "/api/courses/{started}/remind", null, "405|404"));
        Add(new("cancel: unknown course", "CancelCourse", "POST", $"/api/courses/{Unknown}/cancel", BadBody.Json("""{"reason":"Trùng lịch"}"""), "404"));
        Add(new("cancel: bad course id", "CancelCourse", "POST", "/api/courses/a%0Db/cancel", BadBody.Json("""{"reason":"Trùng lịch"}"""), "404|400"));
        Add(new("cancel: reason missing", "CancelCourse", "POST", "/api/courses/{draft}/cancel", BadBody.Json("{}"), "400", "reason"));
        Add(new("cancel: reason blank", "CancelCourse", "POST", "/api/courses/{started}/cancel", BadBody.Json("""{"reason":"   "}"""), "400", "reason"));
        Add(new("cancel: reason is a number", "CancelCourse", "POST", "/api/courses/{started}/cancel", BadBody.Json("""{"reason":5}"""), "400", "reason"));
        Add(new("cancel: reason of two paragraphs", "CancelCourse", "POST", "/api/courses/{started}/cancel", BadBody.Json("""{"reason":"Một\n\nHai"}"""), "400", "reason"));
        Add(new("cancel: reason over 1000 chars", "CancelCourse", "POST", "/api/courses/{started}/cancel", BadBody.Json($$"""{"reason":"{{new string('r', 1001)}}"}"""), "400", "reason"));
        Add(new("cancel: unknown field", "CancelCourse", "POST", "/api/courses/{started}/cancel", BadBody.Json("""{"reason":"x","notify":false}"""), "400", "notify"));
        Add(new("cancel: an array", "CancelCourse", "POST", "/api/courses/{started}/cancel", BadBody.Json("[]"), "400", "body"));
        Add(new("cancel: body over 1 MB", "CancelCourse", "POST", "/api/courses/{started}/cancel", BadBody.Json(() => $$"""{"reason":"{{new string('r', OverLimit)}}"}""", "{\"reason\": \"rrrr...\" (over 1 MB)}"), "413"));
        Add(new("patch: unknown course", "PatchCourse", "PATCH", $"/api/courses/{Unknown}", BadBody.Json("""{"venue":"x"}"""), "404"));
        Add(new("patch: empty object", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("{}"), "400", "body"));
        Add(new("patch: an array", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("[]"), "400", "body"));
        Add(new("patch: truncated JSON", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("{\"venue\":"), "400", "body|venue"));
        Add(new("patch: unknown field", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("""{"colour":"red"}"""), "400", "colour"));
        Add(new("patch: venue is a number", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("""{"venue":5}"""), "400", "venue"));
        Add(new("patch: venue removed", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("""{"venue":null}"""), "400", "venue"));
        Add(new("patch: deadline after the first session", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("""{"rsvpDeadline":"2199-01-01T00:00:00+07:00"}"""), "400", "rsvpDeadline"));
        Add(new("patch: deadline in the past", "PatchCourse", "PATCH", "/api/courses/{started}", BadBody.Json("""{"rsvpDeadline":"2001-01-01T00:00:00+07:00"}"""), "400", "rsvpDeadline"));
        Add(new("patch: session in the past", "PatchCourse", "PATCH", "/api/courses/{started}", BadBody.Json("""{"sessions":[{"start":"2001-05-13T14:00:00+07:00","end":"2001-05-13T17:00:00+07:00"}]}"""), "400", "sessions[0]|rsvpDeadline"));
        Add(new("patch: session start without offset", "PatchCourse", "PATCH", "/api/courses/{started}", BadBody.Json("""{"sessions":[{"start":"2130-05-13T14:00:00","end":"2130-05-13T17:00:00+07:00"}]}"""), "400", "sessions[0].start"));
        Add(new("patch: title of a started course", "PatchCourse", "PATCH", "/api/courses/{started}", BadBody.Json("""{"title":"Tên khác"}"""), "409", Says: null));
        Add(new("patch: reminder offset unreadable", "PatchCourse", "PATCH", "/api/courses/{started}", BadBody.Json("""{"reminders":{"beforeRsvpDeadline":["soon"]}}"""), "400", "reminders.beforeRsvpDeadline[0]"));
        Add(new("patch: unknown session id", "PatchCourse", "PATCH", "/api/courses/{started}", BadBody.Json("""{"sessions":[{"id":"s9","start":"2130-05-13T14:00:00+07:00","end":"2130-05-13T17:00:00+07:00"}]}"""), "400", "sessions[0].id"));
        Add(new("patch: two sessions with one id", "PatchCourse", "PATCH", "/api/courses/{started}", BadBody.Json("""{"sessions":[{"id":"s1","start":"2130-05-13T14:00:00+07:00","end":"2130-05-13T17:00:00+07:00"},{"id":"s1","start":"2130-05-14T14:00:00+07:00","end":"2130-05-14T17:00:00+07:00"}]}"""), "400", "sessions[1].id"));
        Add(new("patch: session id is a number", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json("""{"sessions":[{"id":1,"start":"2130-05-13T14:00:00+07:00","end":"2130-05-13T17:00:00+07:00"}]}"""), "400", "sessions[0].id"));
        Add(new("patch: body over 1 MB", "PatchCourse", "PATCH", "/api/courses/{draft}", BadBody.Json(() => $$"""{"description":"{{new string('d', OverLimit)}}"}""", "{\"description\": \"dddd...\" (over 1 MB)}"), "413"));
        Add(new("remind: unknown course", "RemindNow", "POST", $"/api/courses/{Unknown}/remind", null, "404"));
        Add(new("remind: a draft course", "RemindNow", "POST", "/api/courses/{draft}/remind", null, "409", Says: "khóa học hiện ở giai đoạn “Bản nháp”"));
        Add(new("remind: unknown invitee id", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Json($$"""{"inviteeIds":["{{Unknown}}"]}"""), "400", "inviteeIds[0]"));
        Add(new("remind: id with a slash", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Json("""{"inviteeIds":["a/b"]}"""), "400", "inviteeIds[0]"));
        Add(new("remind: ids is a string", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Json("""{"inviteeIds":"all"}"""), "400", "inviteeIds"));
        Add(new("remind: empty id list", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Json("""{"inviteeIds":[]}"""), "400", "inviteeIds"));
        Add(new("remind: unknown field", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Json("""{"everyone":true}"""), "400", "everyone"));
        Add(new("remind: body over 1 MB", "RemindNow", "POST", "/api/courses/{started}/remind", ManyItems("\"0123456789abcdef\"", 60_000), "413"));

        // Remind: a body is read or refused, never ignored (issue 7: a body without Content-Type reminded everyone).
        var unknownInvitee = $$"""{"inviteeIds":["{{Unknown}}"]}""";
        Add(new("remind: JSON without a content type, unknown invitee", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Raw(null, () => Encoding.UTF8.GetBytes(unknownInvitee), unknownInvitee), "400", "inviteeIds[0]"));
        Add(new("remind: chunked JSON without a content type, unknown invitee", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.ChunkedRaw(null, unknownInvitee), "400", "inviteeIds[0]"));
        Add(new("remind: chunked JSON without a content type, unknown field", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.ChunkedRaw(null, """{"everyone":false}"""), "400", "everyone"));
        Add(new("remind: chunked truncated JSON without a content type", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.ChunkedRaw(null, """{"inviteeIds":["""), "400", "body|inviteeIds"));
        Add(new("remind: a form body", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Form("inviteeIds=" + Unknown), "415"));
        Add(new("remind: a chunked form body", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.ChunkedRaw("application/x-www-form-urlencoded", "inviteeIds=" + Unknown), "415"));
        Add(new("remind: a text body", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Text("text/plain", unknownInvitee), "415"));
        Add(new("remind: Idempotency-Key with a slash", "RemindNow", "POST", "/api/courses/{started}/remind", BadBody.Json(unknownInvitee), "400", "Idempotency-Key",
            Headers: [new("Idempotency-Key", "a/b")]));
        Add(new("remind: Idempotency-Key of 65 chars", "RemindNow", "POST", "/api/courses/{started}/remind", null, "400", "Idempotency-Key",
            Headers: [new("Idempotency-Key", new string('k', 65))]));
        Add(new("remind: empty Idempotency-Key", "RemindNow", "POST", "/api/courses/{started}/remind", null, "400", "Idempotency-Key",
            Headers: [new("Idempotency-Key", string.Empty)]));
        Add(new("remind: two Idempotency-Keys", "RemindNow", "POST", "/api/courses/{started}/remind", null, "400", "Idempotency-Key",
            Headers: [new("Idempotency-Key", "nhac-1"), new("Idempotency-Key", "nhac-2")]));

        // ---- PUT /api/units.
        Add(new("units: truncated JSON", "PutUnits", "PUT", "/api/units", BadBody.Json("[{\"name\":"), "400", "body|[0].name|units[0].name"));
        Add(new("units: a string", "PutUnits", "PUT", "/api/units", BadBody.Json("\"x\""), "400", "body|units"));
        Add(new("units: name is a number", "PutUnits", "PUT", "/api/units", BadBody.Json(UnitList(o => o["name"] = 5)), "400", "[0].name|units[0].name"));
        Add(new("units: contact email invalid", "PutUnits", "PUT", "/api/units", BadBody.Json(UnitList(o => o["contactEmails"] = new JsonArray("vanphong@"))), "400", "[0].contactEmails[0]|units[0].contactEmails[0]"));
        Add(new("units: unknown field", "PutUnits", "PUT", "/api/units", BadBody.Json(UnitList(o => o["phone"] = "0912")), "400", "[0].phone|units[0].phone"));
        Add(new("units: parent loop", "PutUnits", "PUT", "/api/units", BadBody.Json(new JsonArray(
            new JsonObject { ["name"] = "A", ["kind"] = "department", ["parent"] = "B", ["contactEmails"] = new JsonArray("a@tinh.example") },
            new JsonObject { ["name"] = "B", ["kind"] = "department", ["parent"] = "A", ["contactEmails"] = new JsonArray("b@tinh.example") }).ToJsonString()), "400", "[0].parent|units[0].parent"));
        Add(new("units: over 1 MB", "PutUnits", "PUT", "/api/units", ManyItems(UnitObject("Sở Nội vụ tỉnh").ToJsonString(), 12_000), "413"));
        Add(new("units: 10,000 nested arrays", "PutUnits", "PUT", "/api/units", BadBody.Json(Nested(10_000)), "400", "body|units"));

        // ---- The organiser page's reads (issue 10): GET /api/courses, /api/courses/{id}/progress, /api/courses/{id}/units.
        const string Reads = "reads";
        Add(new($"{Reads}: list courses without a key", "ListCourses", "GET", "/api/courses", null, "401", Key: Key.None, Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: list courses with a wrong key", "ListCourses", "GET", "/api/courses?phase=draft", null, "401", Key: Key.Wrong, Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: list courses with a wrong ?code=", "ListCourses", "GET", "/api/courses?code=wrong", null, "401", Key: Key.None, Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: DELETE the course list", "ListCourses", "DELETE", "/api/courses", null, "405|404", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: top=0", "ListCourses", "GET", "/api/courses?top=0", null, "400", "top", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: top=201", "ListCourses", "GET", "/api/courses?top=201", null, "400", "top", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: top=abc", "ListCourses", "GET", "/api/courses?top=abc", null, "400", "top", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: top=-5", "ListCourses", "GET", "/api/courses?top=-5", null, "400", "top", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: top=1e2", "ListCourses", "GET", "/api/courses?top=1e2", null, "400", "top", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: top=99999999999", "ListCourses", "GET", "/api/courses?top=99999999999", null, "400", "top", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: top twice", "ListCourses", "GET", "/api/courses?top=5&top=6", null, "400", "top", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: skip=-1", "ListCourses", "GET", "/api/courses?skip=-1", null, "400", "skip", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: skip=abc", "ListCourses", "GET", "/api/courses?skip=abc", null, "400", "skip", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: skip with a NUL", "ListCourses", "GET", "/api/courses?skip=1%00", null, "400", "skip", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: phase=nope", "ListCourses", "GET", "/api/courses?phase=nope", null, "400", "phase", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: phase=Draft (not the JSON name)", "ListCourses", "GET", "/api/courses?phase=Draft", null, "400", "phase", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: phase as an OData filter", "ListCourses", "GET", "/api/courses?phase=draft%27%20or%20%27a%27%20eq%20%27a", null, "400", "phase", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: phase of 5,000 chars", "ListCourses", "GET", "/api/courses?phase=" + new string('x', 5000), null, "400|414", "phase", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: search with a line break", "ListCourses", "GET", "/api/courses?q=boi%0Aduong", null, "400", "q", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: search with a NUL", "ListCourses", "GET", "/api/courses?q=boi%00", null, "400", "q", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: search of 201 chars", "ListCourses", "GET", "/api/courses?q=" + new string('a', 201), null, "400", "q", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: search twice", "ListCourses", "GET", "/api/courses?q=a&q=b", null, "400", "q", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: progress without a key", "GetCourseProgress", "GET", "/api/courses/{started}/progress", null, "401", Key: Key.None, Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: progress with a wrong key", "GetCourseProgress", "GET", "/api/courses/{started}/progress", null, "401", Key: Key.Wrong, Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: POST progress", "GetCourseProgress", "POST", "/api/courses/{started}/progress", BadBody.Json("{}"), "405|404", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: progress of an unknown course", "GetCourseProgress", "GET", $"/api/courses/{Unknown}/progress", null, "404", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: progress, course id with a quote", "GetCourseProgress", "GET", "/api/courses/a'b/progress", null, "404|400", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: units without a key", "ListNominationUnits", "GET", Units, null, "401", Key: Key.None, Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: units with a wrong ?code=", "ListNominationUnits", "GET", Units + "?code=wrong", null, "401", Key: Key.None, Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: units of an unknown course", "ListNominationUnits", "GET", $"/api/courses/{Unknown}/units", null, "404", Reread: Reread.OutboxOnly));
        Add(new($"{Reads}: units, course id with a quote", "ListNominationUnits", "GET", "/api/courses/a'b/units", null, "404|400", Reread: Reread.OutboxOnly));
        foreach (var (name, id) in BadIds)
        {
            Add(new($"{Reads}: progress, course id {name}", "GetCourseProgress", "GET", $"/api/courses/{id}/progress", null, "404|400", Reread: Reread.OutboxOnly));
            Add(new($"{Reads}: units, course id {name}", "ListNominationUnits", "GET", $"/api/courses/{id}/units", null, "404|400", Reread: Reread.OutboxOnly));
        }

        // ---- People (administrators) and who am I.
        Add(new("people: no key", "ListPeople", "GET", "/api/people", null, "401", Key: Key.None));
        Add(new("people: wrong key", "RemovePerson", "DELETE", "/api/people/quantri@example.vn", null, "401", Key: Key.Wrong));
        Add(new("people: no name", "PutPerson", "PUT", "/api/people/a@example.vn", BadBody.Json("""{"roles":["organiser"]}"""), "400", "name", Key: Key.Master));
        Add(new("people: unknown role", "PutPerson", "PUT", "/api/people/a@example.vn", BadBody.Json("""{"name":"A","roles":["king"]}"""), "400", "roles", Key: Key.Master));
        Add(new("people: no role", "PutPerson", "PUT", "/api/people/a@example.vn", BadBody.Json("""{"name":"A","roles":[]}"""), "400", "roles", Key: Key.Master));
        Add(new("people: officer without a unit", "PutPerson", "PUT", "/api/people/a@example.vn", BadBody.Json("""{"name":"A","roles":["officer"]}"""), "400", "units", Key: Key.Master));
        Add(new("people: roles as a string", "PutPerson", "PUT", "/api/people/a@example.vn", BadBody.Json("""{"name":"A","roles":"organiser"}"""), "400", "roles", Key: Key.Master));
        Add(new("people: sign-in name too long", "PutPerson", "PUT", "/api/people/" + new string('a', 300), BadBody.Json("""{"name":"A","roles":["organiser"]}"""), "400|404", Key: Key.Master));
        Add(new("people: truncated JSON", "PutPerson", "PUT", "/api/people/a@example.vn", BadBody.Json("{\"name\":"), "400", "body|name", Key: Key.Master));
        Add(new("people: body over 1 MB", "PutPerson", "PUT", "/api/people/a@example.vn", OverOneMegabyte(change => { var o = new JsonObject { ["name"] = "A", ["roles"] = new JsonArray("organiser") }; change?.Invoke(o); return o.ToJsonString(); }, "name"), "413", Key: Key.Master));
        Add(new("people: remove nobody", "RemovePerson", "DELETE", "/api/people/nobody@example.vn", null, "404", Key: Key.Master));
        Add(new("people: POST the list", "ListPeople", "POST", "/api/people", BadBody.Json("{}"), "405|404", Key: Key.Master));
        Add(new("who am I: no key", "WhoAmI", "GET", "/api/me", null, "401", Key: Key.None));
        Add(new("who am I: wrong key", "WhoAmI", "GET", "/api/me", null, "401", Key: Key.Wrong));
        Add(new("who am I: forged principal header on the local host", "WhoAmI", "GET", "/api/me", null, "401", Key: Key.None,
            Headers: [new("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("""{"auth_typ":"aad","claims":[{"typ":"preferred_username","val":"quantri@demo.local"}]}""")))]));
        Add(new("who am I: POST", "WhoAmI", "POST", "/api/me", BadBody.Json("{}"), "405|404"));
        // Issue 17 item 6: principal headers the local host never reads (Easy Auth is not in front of it), whatever they hold,
        // and keys of the wrong role; tests/.../Api/Access has the signed-in people's rows (Development sign-in).
        Add(new("who am I: oversized principal header (20 KB)", "WhoAmI", "GET", "/api/me", null, "401", Key: Key.None,
            Headers: [new("X-MS-CLIENT-PRINCIPAL", new string('A', 20 * 1024))]));
        Add(new("who am I: principal header not base64", "WhoAmI", "GET", "/api/me", null, "401", Key: Key.None,
            Headers: [new("X-MS-CLIENT-PRINCIPAL", "<script>alert(1)</script> %%% not base64")]));
        Add(new("who am I: principal header of base64 text", "WhoAmI", "GET", "/api/me", null, "401", Key: Key.None,
            Headers: [new("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String("preferred_username=quantri@demo.local"u8.ToArray()))]));
        Add(new("people: organiser key with a forged administrator principal", "ListPeople", "GET", "/api/people", null, "403",
            Headers: [new("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String("""{"auth_typ":"aad","claims":[{"typ":"preferred_username","val":"quantri@demo.local"}]}"""u8.ToArray()))]));
        Add(new("people: remove a person with the organiser key", "RemovePerson", "DELETE", "/api/people/quantri@demo.local", null, "403"));
        Add(new("accept: forged principal header, no key", "AcceptComplaint", "POST", "/api/complaints/{complaint}/accept", BadBody.Json("""{"acceptedOn":"2026-11-21"}"""), "401", Key: Key.None,
            Headers: [new("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String("""{"auth_typ":"aad","claims":[{"typ":"preferred_username","val":"canbo.haichau@demo.local"}]}"""u8.ToArray()))]));

        // ---- Local host only.
        Add(new("dev outbox: filter with a quote", "DevOutbox", "GET", "/api/dev/outbox?to=x%27%20or%20%27a%27%20eq%20%27a", null, "200|400"));
        Add(new("admin: unknown function", "AdminRunFunction", "POST", "/admin/functions/NoSuchFunction", null, "404", Key: Key.Master));
        Add(new("admin: function name with a slash", "AdminRunFunction", "POST", "/admin/functions/a%2Fb", null, "404|400", Key: Key.Master));
        return rows;
    }
}
