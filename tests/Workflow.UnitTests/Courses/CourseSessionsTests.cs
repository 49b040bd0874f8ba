using Workflow.Courses;
using Workflow.Courses.Attendance;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Courses;

/// <summary>Stable session ids (issue 8): sessions keep their ids through a reschedule, marks follow them, old data reads by position.</summary>
public sealed class CourseSessionsTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Deadline = new(2027, 5, 10, 17, 0, 0, Vn);
    private static readonly DateTimeOffset Now = Deadline.AddDays(-2);

    private static CourseSession Day(int day, string? id = null) =>
        new(new DateTimeOffset(2027, 5, day, 14, 0, 0, Vn), new DateTimeOffset(2027, 5, day, 17, 0, 0, Vn), id);

    /// <summary>A started course of two sessions (13 and 14 May), ids s1 and s2 as a new course gets them.</summary>
    private static Course Course(params CourseSession[] sessions) => new(
        "c0ffee0000000003",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = sessions.Length > 0 ? sessions : [Day(13, "s1"), Day(14, "s2")],
            RsvpDeadline = Deadline,
            OrganiserEmails = ["bandanvan@example.vn"],
        },
        CoursePhase.Inviting,
        Now.AddDays(-10),
        Now.AddDays(-9));

    private static Invitee Person() =>
        new("c0ffee0000000003", "0123456789abcdef0123", "Nguyễn Văn An", "an@example.vn", "Sở Nội vụ", null, InviteeStatus.Accepted, Now, false, null, EmailStatus.Sent, Now, null);

    private static Outcome<Course> Reschedule(Course course, IReadOnlySet<string> marked, params CourseSession[] sessions) =>
        CourseChangeRules.Edit(course, ["sessions"], course.Definition with { Sessions = sessions }, Now, TestAuthors.Organiser, marked);

    private static string? MarkAt(Course course, Invitee invitee, int index) => invitee.AttendanceFor(course, index)?.Status.ToString();

    [Fact]
    public void A_new_course_numbers_its_sessions_in_time_order()
    {
        var numbered = CourseSessions.Number(new CourseDefinition { Sessions = [Day(13), Day(14)] });
        Assert.Equal(["s1", "s2"], numbered.Sessions.Select(s => s.Id));
    }

    [Fact]
    public void An_earlier_session_added_without_ids_keeps_the_marks_on_their_sessions()
    {
        var course = Course();
        var excused = AttendanceRules.Mark(course, Person(), 1, AttendanceStatus.Excused, Now, TestAuthors.Organiser).Value!.Invitee;
        Assert.Equal("s2", Assert.Single(excused.Attendance).SessionId);

        // The old sessions are sent back as they were (no ids, same times), with an earlier one.
        var moved = Reschedule(course, new HashSet<string> { "s2" }, Day(12), Day(13), Day(14)).Value!;
        Assert.Equal(["s3", "s1", "s2"], moved.SessionIds);
        Assert.Equal([null, null, "Excused"], Enumerable.Range(0, 3).Select(n => MarkAt(moved, excused, n)));
    }

    [Fact]
    public void The_first_session_removed_leaves_the_marks_of_the_others_where_they_were()
    {
        var course = Course();
        var excused = AttendanceRules.Mark(course, Person(), 1, AttendanceStatus.Excused, Now, TestAuthors.Organiser).Value!.Invitee;
        var moved = Reschedule(course, new HashSet<string> { "s2" }, Day(14)).Value!;
        Assert.Equal(["s2"], moved.SessionIds);
        Assert.Equal("Excused", MarkAt(moved, excused, 0));
    }

    [Fact]
    public void A_session_moved_by_its_id_keeps_its_marks_wherever_it_lands()
    {
        var course = Course();
        var excused = AttendanceRules.Mark(course, Person(), 0, AttendanceStatus.Excused, Now, TestAuthors.Organiser).Value!.Invitee;
        var moved = Reschedule(course, new HashSet<string> { "s1" }, Day(20, "s1"), Day(14, "s2")).Value!;
        Assert.Equal(["s2", "s1"], moved.SessionIds);
        Assert.Equal([null, "Excused"], Enumerable.Range(0, 2).Select(n => MarkAt(moved, excused, n)));
        Assert.Equal(1, moved.State.Version);
    }

    [Fact]
    public void A_session_holding_marks_cannot_be_taken_off_the_schedule_in_either_language()
    {
        var refused = Reschedule(Course(), new HashSet<string> { "s2" }, Day(13));
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        var error = Assert.Single(refused.Errors);
        Assert.Equal("sessions", error.Field);
        var (vi, en) = (error.Message.Vi(), error.Message.En());
        Assert.DoesNotContain(" / ", vi, StringComparison.Ordinal);
        Assert.StartsWith("Buổi 2 (Thứ Sáu, 14/05/2027, 14:00", vi, StringComparison.Ordinal);
        Assert.Contains("\"s2\"", vi, StringComparison.Ordinal);
        Assert.StartsWith("Session 2 (Friday, 14/05/2027, 14:00", en, StringComparison.Ordinal);

        // Unmarked, it goes.
        Assert.True(Reschedule(Course(), new HashSet<string> { "s1" }, Day(13)).IsDone);
    }

    [Fact]
    public void Ids_sent_must_be_the_courses_and_each_once()
    {
        var unknown = Reschedule(Course(), new HashSet<string>(), Day(13, "s1"), Day(14, "s7"));
        Assert.Equal(["sessions[1].id"], unknown.Errors.Select(e => e.Field));
        var twice = Reschedule(Course(), new HashSet<string>(), Day(13, "s1"), Day(14, "s1"));
        Assert.Contains("sessions[1].id", twice.Errors.Select(e => e.Field));
    }

    [Fact]
    public void A_new_session_never_takes_an_id_that_marks_are_stored_under()
    {
        // s3 was removed once but someone's mark still names it (stored before this rule): the new session is s4.
        var moved = Reschedule(Course(), new HashSet<string> { "s3" }, Day(13), Day(14), Day(15)).Value!;
        Assert.Equal(["s1", "s2", "s4"], moved.SessionIds);
    }

    [Fact]
    public void A_course_stored_without_ids_reads_its_sessions_by_position_and_old_marks_too()
    {
        var legacy = CourseSessions.WithIds(new CourseDefinition { Sessions = [Day(13), Day(14)] });
        Assert.Equal(["s1", "s2"], legacy.Sessions.Select(s => s.Id));
        Assert.Equal(["s1", "s2"], Course(Day(13), Day(14)).SessionIds);

        var marks = AttendanceMarks.Read("""[{"session":1,"status":"excused","at":"2027-05-08T10:00:00+07:00","channel":"organiser","by":"organiser"}]""");
        Assert.Equal("s2", Assert.Single(marks).SessionId);
        var written = AttendanceMarks.Write(marks);
        Assert.Contains("\"sessionId\":\"s2\"", written, StringComparison.Ordinal);
        Assert.Equal(marks, AttendanceMarks.Read(written));
        Assert.Empty(AttendanceMarks.Read(null));
        Assert.Empty(AttendanceMarks.Read(string.Empty));
    }

    [Fact]
    public void Counts_follow_the_session_ids_and_ignore_marks_of_sessions_no_longer_on_the_schedule()
    {
        var tally = new AttendanceTally(["s3", "s1"]);
        tally.Add(accepted: true, [new("s1", AttendanceStatus.Excused, Now, "organiser", "organiser"), new("s9", AttendanceStatus.Absent, Now, "system", "system")]);
        Assert.Equal((0, 0, 1), (tally.Present, tally.Absent, tally.Excused));
        Assert.Equal([(1, 0, 1), (2, 1, 0)], tally.Sessions().Select(s => (s.Session, s.Excused, s.Unmarked)));
    }

    [Fact]
    public void A_notice_compares_times_not_ids()
    {
        var before = new CourseTimes([Day(13)], "Hội trường", Deadline);
        Assert.True(before.SameAs(new CourseTimes([Day(13, "s1")], "Hội trường", Deadline)));
        Assert.False(before.SameAs(new CourseTimes([Day(14, "s1")], "Hội trường", Deadline)));
    }
}
