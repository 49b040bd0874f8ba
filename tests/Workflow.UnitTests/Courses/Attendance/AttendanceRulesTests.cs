using Workflow.Courses;
using Workflow.Courses.Attendance;

namespace Workflow.UnitTests.Courses.Attendance;

/// <summary>Check-in windows, the check-in by link, the organiser's marks and the flow's absences, as plain functions.</summary>
public sealed class AttendanceRulesTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Start1 = new(2027, 5, 13, 14, 0, 0, Vn);
    private static readonly DateTimeOffset End1 = new(2027, 5, 13, 17, 0, 0, Vn);
    private static readonly DateTimeOffset Start2 = new(2027, 5, 14, 8, 0, 0, Vn);
    private static readonly DateTimeOffset End2 = new(2027, 5, 14, 11, 0, 0, Vn);

    internal static Course Course(CoursePhase phase = CoursePhase.InProgress, string? opensBefore = null) => new(
        "c0ffee0000000001",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = [new CourseSession(Start1, End1), new CourseSession(Start2, End2)],
            RsvpDeadline = Start1.AddDays(-3),
            OrganiserEmails = ["bandanvan@example.vn"],
            CheckIn = opensBefore is null ? null : new CheckInPolicy { OpensBefore = opensBefore },
        },
        phase,
        new DateTimeOffset(2027, 4, 1, 8, 0, 0, Vn),
        new DateTimeOffset(2027, 4, 1, 9, 0, 0, Vn));

    internal static Invitee Person(InviteeStatus status = InviteeStatus.Accepted, params AttendanceMark[] marks) =>
        new("c0ffee0000000001", "a1a1a1a1a1a1a1a1a1a1", "Nguyễn Văn An", "an@example.vn", "Sở Nội vụ", null, status, null, false, null, EmailStatus.Sent, null, null, "W/\"1\"")
        {
            Attendance = marks,
        };

    [Fact]
    public void Windows_open_sixty_minutes_before_each_session_by_default_and_close_at_its_end()
    {
        var windows = AttendanceRules.Windows(Course());

        Assert.Equal([Start1.AddMinutes(-60), Start2.AddMinutes(-60)], windows.Select(w => w.Opens));
        Assert.Equal([End1, End2], windows.Select(w => w.Closes));
        Assert.False(windows[0].IsOpen(Start1.AddMinutes(-60).AddSeconds(-1)));
        Assert.True(windows[0].IsOpen(Start1.AddMinutes(-60)));
        Assert.True(windows[0].IsOpen(End1.AddSeconds(-1)));
        Assert.False(windows[0].IsOpen(End1));
    }

    [Fact]
    public void The_policy_sets_how_early_check_in_opens()
    {
        Assert.Equal(Start1.AddMinutes(-15), AttendanceRules.Windows(Course(opensBefore: "PT15M"))[0].Opens);
        Assert.Equal(Start1.AddSeconds(-30), AttendanceRules.Windows(Course(opensBefore: "PT30S"))[0].Opens);
    }

    [Fact]
    public void Check_in_inside_a_window_marks_that_session_present_with_an_audit_line_and_again_changes_nothing()
    {
        var at = Start2.AddMinutes(-10);
        var outcome = AttendanceRules.CheckIn(Course(), Person(), at);

        Assert.True(outcome.IsDone);
        var change = outcome.Value!;
        Assert.False(change.Unchanged);
        Assert.Equal(1, change.Session);
        var mark = Assert.Single(change.Invitee.Attendance);
        Assert.Equal(new AttendanceMark("s2", AttendanceStatus.Present, at, "link", "Nguyễn Văn An"), mark);
        var audit = Assert.Single(change.Invitee.Audit);
        Assert.Equal(("link", "present"), (audit.Channel, audit.What));
        Assert.Contains("session 2", audit.Note, StringComparison.Ordinal);

        var again = AttendanceRules.CheckIn(Course(), change.Invitee, at.AddMinutes(1));
        Assert.True(again.Value!.Unchanged);
        Assert.Same(change.Invitee, again.Value.Invitee);
    }

    [Fact]
    public void Outside_every_window_check_in_is_refused_and_the_status_says_when_it_opens_or_that_it_closed()
    {
        var early = Start1.AddHours(-2);
        var between = End1.AddHours(1);
        Assert.Equal(new CheckInStatus(CheckInState.NotYetOpen, 0, Start1.AddHours(-1)), AttendanceRules.Status(Course(), Person(), early));
        Assert.Equal(new CheckInStatus(CheckInState.NotYetOpen, 1, Start2.AddHours(-1)), AttendanceRules.Status(Course(), Person(), between));
        Assert.Equal(CheckInState.Closed, AttendanceRules.Status(Course(), Person(), End2).State);
        foreach (var at in new[] { early, between, End2 })
        {
            Assert.Equal(OutcomeKind.Conflict, AttendanceRules.CheckIn(Course(), Person(), at).Kind);
        }
    }

    [Theory]
    [InlineData(InviteeStatus.Pending)]
    [InlineData(InviteeStatus.Declined)]
    [InlineData(InviteeStatus.Waitlisted)]
    [InlineData(InviteeStatus.NoResponse)]
    [InlineData(InviteeStatus.Delegated)]
    public void Only_accepted_people_check_in(InviteeStatus status)
    {
        var at = Start1.AddMinutes(5);
        Assert.Equal(CheckInState.NotAccepted, AttendanceRules.Status(Course(), Person(status), at).State);
        Assert.Equal(OutcomeKind.Conflict, AttendanceRules.CheckIn(Course(), Person(status), at).Kind);
    }

    [Fact]
    public void A_cancelled_course_has_no_check_in()
    {
        Assert.Equal(CheckInState.CourseNotRunning, AttendanceRules.Status(Course(CoursePhase.Cancelled), Person(), Start1).State);
        Assert.Equal(OutcomeKind.Conflict, AttendanceRules.Mark(Course(CoursePhase.Cancelled), Person(), 0, AttendanceStatus.Present, Start1, TestAuthors.Organiser).Kind);
    }

    [Fact]
    public void The_organiser_overrides_a_check_in_and_a_check_in_does_not_override_the_organiser()
    {
        var checkedIn = AttendanceRules.CheckIn(Course(), Person(), Start1).Value!.Invitee;
        var excused = AttendanceRules.Mark(Course(), checkedIn, 0, AttendanceStatus.Excused, Start1.AddMinutes(30), TestAuthors.Organiser).Value!;

        Assert.False(excused.Unchanged);
        Assert.Equal(new AttendanceMark("s1", AttendanceStatus.Excused, Start1.AddMinutes(30), "organiser", TestAuthors.Organiser.Name), Assert.Single(excused.Invitee.Attendance));
        Assert.Equal(["present", "excused"], excused.Invitee.Audit.Select(a => a.What));
        Assert.Contains("was present", excused.Invitee.Audit[^1].Note, StringComparison.Ordinal);

        Assert.Equal(CheckInState.MarkedByOrganiser, AttendanceRules.Status(Course(), excused.Invitee, Start1.AddMinutes(40)).State);
        Assert.Equal(OutcomeKind.Conflict, AttendanceRules.CheckIn(Course(), excused.Invitee, Start1.AddMinutes(40)).Kind);

        // The same mark again is no change (no second audit line).
        Assert.True(AttendanceRules.Mark(Course(), excused.Invitee, 0, AttendanceStatus.Excused, Start1.AddMinutes(50), TestAuthors.Organiser).Value!.Unchanged);
    }

    [Fact]
    public void Present_and_absent_wait_for_the_session_window_but_excused_may_come_ahead()
    {
        var before = Start2.AddHours(-2);
        var present = AttendanceRules.Mark(Course(), Person(), 1, AttendanceStatus.Present, before, TestAuthors.Organiser);
        Assert.Equal(OutcomeKind.Invalid, present.Kind);
        Assert.Equal("session", Assert.Single(present.Errors).Field);
        Assert.Equal(OutcomeKind.Invalid, AttendanceRules.Mark(Course(), Person(), 1, AttendanceStatus.Absent, before, TestAuthors.Organiser).Kind);
        Assert.True(AttendanceRules.Mark(Course(), Person(), 1, AttendanceStatus.Excused, before, TestAuthors.Organiser).IsDone);
        Assert.Equal(OutcomeKind.Invalid, AttendanceRules.Mark(Course(), Person(), 2, AttendanceStatus.Excused, before, TestAuthors.Organiser).Kind);
        Assert.Equal(OutcomeKind.Invalid, AttendanceRules.Mark(Course(), Person(), -1, AttendanceStatus.Excused, before, TestAuthors.Organiser).Kind);
    }

    [Fact]
    public void The_organiser_may_mark_someone_who_never_accepted()
    {
        var marked = AttendanceRules.Mark(Course(), Person(InviteeStatus.NoResponse), 0, AttendanceStatus.Present, Start1.AddMinutes(10), TestAuthors.Organiser);
        Assert.Equal(AttendanceStatus.Present, marked.Value!.Invitee.AttendanceFor("s1")!.Status);
    }

    [Fact]
    public void After_a_session_accepted_people_without_a_mark_become_absent_once_by_the_system()
    {
        var course = Course();
        Assert.Null(AttendanceRules.MarkAbsentAfterSession(course, Person(), 0, End1.AddSeconds(-1)));
        var absent = AttendanceRules.MarkAbsentAfterSession(course, Person(), 0, End1)!;
        Assert.Equal(new AttendanceMark("s1", AttendanceStatus.Absent, End1, "system", "system"), Assert.Single(absent.Attendance));
        Assert.Equal(("system", "absent"), (absent.Audit[^1].Channel, absent.Audit[^1].What));
        Assert.Null(AttendanceRules.MarkAbsentAfterSession(course, absent, 0, End1.AddHours(1)));

        var present = Person(InviteeStatus.Accepted, new AttendanceMark("s1", AttendanceStatus.Present, Start1, "link", "An"));
        Assert.Null(AttendanceRules.MarkAbsentAfterSession(course, present, 0, End1));
        Assert.Null(AttendanceRules.MarkAbsentAfterSession(course, Person(InviteeStatus.Declined), 0, End1));
        Assert.Null(AttendanceRules.MarkAbsentAfterSession(course, Person(InviteeStatus.NoResponse), 0, End1));
    }

    [Fact]
    public void Counts_are_people_at_the_top_and_marks_per_session()
    {
        var tally = new AttendanceTally(["s1", "s2"]);
        tally.Add(accepted: true, [new("s1", AttendanceStatus.Present, Start1, "link", "a"), new("s2", AttendanceStatus.Absent, End2, "system", "system")]);
        tally.Add(accepted: true, [new("s1", AttendanceStatus.Present, Start1, "link", "b")]);
        tally.Add(accepted: true, [new("s1", AttendanceStatus.Excused, Start1, "organiser", "organiser"), new("s2", AttendanceStatus.Excused, Start1, "organiser", "organiser")]);
        tally.Add(accepted: false, []);
        tally.Add(accepted: false, [new("s2", AttendanceStatus.Present, Start2, "organiser", "organiser")]);

        Assert.Equal((3, 1, 1), (tally.Present, tally.Absent, tally.Excused));
        Assert.Equal(
            [new SessionCounts(1, 2, 0, 1, 0), new SessionCounts(2, 1, 1, 1, 1)],
            tally.Sessions());
    }
}
