using System.Text.Json;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Attendance;

namespace Workflow.UnitTests.Courses;

/// <summary>
/// Every change names its author (issue 17): the course's history lines written by the organiser's transitions, the
/// invitee audit lines of an organiser (id and name) beside the person's own link and the flow's, and the bounds of a history.
/// </summary>
public sealed class AuthorshipTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Deadline = new(2027, 5, 10, 17, 0, 0, Vn);
    private static readonly DateTimeOffset Now = Deadline.AddDays(-2);
    private static readonly DateTimeOffset Start = new(2027, 5, 13, 14, 0, 0, Vn);
    private static readonly Author Other = new("tochuc2@demo.local", "Phạm Văn Tổ Chức");

    private static Course Course(CoursePhase phase = CoursePhase.Inviting, int? capacity = 1) => new(
        "c0ffee0000000003",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = [new CourseSession(Start, Start.AddHours(3), "s1")],
            RsvpDeadline = Deadline,
            Capacity = capacity,
            OrganiserEmails = ["bandanvan@example.vn"],
        },
        phase,
        Now.AddDays(-10),
        phase == CoursePhase.Draft ? null : Now.AddDays(-9));

    private static Invitee Person(string id, InviteeStatus status = InviteeStatus.Pending) =>
        new("c0ffee0000000003", id, "Người " + id, id + "@example.vn", "Sở Nội vụ", null, status, null, false, null, EmailStatus.Sent, Now.AddDays(-5), null, "v" + id);

    [Fact]
    public void Cancel_edit_and_remind_now_each_append_one_line_naming_the_organiser_with_its_detail()
    {
        var course = CourseHistory.Record(Course(), TestAuthors.Organiser, Now.AddDays(-10), CourseHistory.Created);

        var edited = CourseChangeRules.Edit(course, ["venue", "sessions"], course.Definition with { Venue = "Hội trường B" }, Now, Other).Value!;
        var reminded = CourseChangeRules.RemindNow(edited, "req-1", Now.AddMinutes(1), TestAuthors.Organiser, 12).Value!;
        var cancelled = CourseChangeRules.Cancel(reminded, "Trùng lịch họp", Now.AddMinutes(2), Other).Value!;

        Assert.Equal(
            [
                new HistoryEntry(Now.AddDays(-10), TestAuthors.Organiser, "created"),
                new HistoryEntry(Now, Other, "edited", "sessions,venue"),
                new HistoryEntry(Now.AddMinutes(1), TestAuthors.Organiser, "remindersSent", "12"),
                new HistoryEntry(Now.AddMinutes(2), Other, "cancelled", "Trùng lịch họp"),
            ],
            cancelled.History);
    }

    [Fact]
    public void A_refused_change_or_a_repeated_remind_request_adds_no_line()
    {
        var course = CourseChangeRules.RemindNow(Course(), "req-1", Now, TestAuthors.Organiser, 3).Value!;

        Assert.Same(course, CourseChangeRules.RemindNow(course, "req-1", Now.AddSeconds(5), Other, 3).Value);
        Assert.False(CourseChangeRules.Cancel(course, "", Now, Other).IsDone);
        Assert.False(CourseChangeRules.Edit(course, ["title"], course.Definition with { Title = "Khác" }, Now, Other).IsDone); // locked after the start
        Assert.Single(course.History);
    }

    [Fact]
    public void A_course_keeps_its_newest_200_lines_and_an_undone_start_drops_only_its_own_line()
    {
        var course = Course(CoursePhase.Draft);
        for (var i = 0; i < CourseHistory.Max + 25; i++)
        {
            course = CourseHistory.Record(course, TestAuthors.Organiser, Now.AddMinutes(i), CourseHistory.Edited, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(CourseHistory.Max, course.History.Count);
        Assert.Equal(("25", "224"), (course.History[0].Detail, course.History[^1].Detail));

        var started = CourseHistory.Record(course, Other, Now.AddDays(1), CourseHistory.Started);
        Assert.Equal(course.History[^1], CourseHistory.WithoutLastStart(started).History[^1]);
        Assert.Same(course, CourseHistory.WithoutLastStart(course)); // no start to undo
    }

    [Fact]
    public void A_stored_history_never_outgrows_its_column_the_oldest_lines_go_first()
    {
        var longName = new Author("tochuc@demo.local", new string('Đ', 200));
        IReadOnlyList<HistoryEntry> lines = [];
        for (var i = 0; i < 200; i++)
        {
            lines = History.Append(lines, new HistoryEntry(Now.AddMinutes(i), longName, CourseHistory.Cancelled, new string('x', 1000)), 200);
        }

        var stored = History.ToStored(lines)!;
        Assert.True(stored.Length <= History.MaxStoredChars);
        var read = History.FromStored(stored);
        Assert.Equal(lines[^1], read[^1]);
        Assert.True(read.Count is > 10 and < 200);
        Assert.Empty(History.FromStored(null));

        // The JSON contract: {at, by: {id, name}, what, detail?} (no detail when there is none).
        var json = JsonSerializer.Serialize(new HistoryEntry(Now, TestAuthors.Organiser, "started"), WorkflowJson.Options);
        Assert.Equal("""{"at":"2027-05-08T17:00:00+07:00","by":{"id":"tochuc@demo.local","name":"Trần Thị Tổ Chức"},"what":"started"}""", json);
    }

    [Fact]
    public void An_organisers_reply_names_him_the_persons_own_link_names_the_person_and_a_promotion_is_the_system()
    {
        var course = Course(capacity: 1);
        var organiser = AuditActor.Organiser(TestAuthors.Organiser);
        var accepted = InviteeRules.Reply(course, Person("a"), SeatState.Empty, [], new ReplyRequest("accept", null), Now, organiser).Value!;
        var waiting = InviteeRules.Reply(course, Person("b"), accepted.Seats, [], new ReplyRequest("accept", null), Now, AuditActor.Link("Người b")).Value!;
        var declined = InviteeRules.Reply(course, accepted.Invitee, waiting.Seats, [waiting.Invitee], new ReplyRequest("decline", "Công văn số 3"), Now.AddHours(1), AuditActor.Organiser(Other)).Value!;

        Assert.Equal(new AuditEntry(Now, "organiser", TestAuthors.Organiser.Name, "accepted", null, TestAuthors.Organiser), accepted.Invitee.Audit[^1]);
        Assert.Equal(new AuditEntry(Now, "link", "Người b", "waitlisted"), waiting.Invitee.Audit[^1]);
        Assert.Equal(new AuditEntry(Now.AddHours(1), "organiser", Other.Name, "declined", "Công văn số 3", Other), declined.Invitee.Audit[^1]);
        Assert.Equal(new AuditEntry(Now.AddHours(1), "system", "system", "promoted"), declined.Promoted!.Audit[^1]);

        // The people an organiser adds start their trail with him.
        Assert.Equal(new AuditEntry(Now, "organiser", TestAuthors.Organiser.Name, "added", null, TestAuthors.Organiser), InviteeRules.AddedBy(TestAuthors.Organiser, Now));
    }

    [Fact]
    public void An_organisers_attendance_mark_names_him_and_the_flows_absence_is_the_system()
    {
        var started = Course(CoursePhase.InProgress);
        var marked = AttendanceRules.Mark(started, Person("a", InviteeStatus.Accepted), 0, AttendanceStatus.Excused, Start.AddMinutes(-90), Other).Value!.Invitee;
        Assert.Equal(new AuditEntry(Start.AddMinutes(-90), "organiser", Other.Name, "excused", "session 1", Other), marked.Audit[^1]);
        Assert.Equal(Other.Name, marked.Attendance[0].By);

        var absent = AttendanceRules.MarkAbsentAfterSession(started, Person("b", InviteeStatus.Accepted), 0, Start.AddHours(4))!;
        Assert.Equal(new AuditEntry(Start.AddHours(4), "system", "system", "absent", "session 1"), absent.Audit[^1]);
    }

    [Fact]
    public void An_audit_line_stored_before_authors_reads_as_it_was()
    {
        var old = JsonSerializer.Deserialize<AuditEntry>("""{"at":"2027-05-08T10:00:00+00:00","channel":"organiser","by":"organiser","what":"declined","note":"x"}""", WorkflowJson.Options)!;

        Assert.Equal(("organiser", null), (old.By, old.Author));
        Assert.Contains("\"author\":{\"id\":\"tochuc@demo.local\"", JsonSerializer.Serialize(InviteeRules.AddedBy(TestAuthors.Organiser, Now), WorkflowJson.Options), StringComparison.Ordinal);
    }
}
