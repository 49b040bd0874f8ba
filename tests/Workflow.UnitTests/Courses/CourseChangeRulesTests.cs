using Workflow.Courses;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Courses;

/// <summary>The organiser's changes as pure transitions: cancel, edit/reschedule, remind now.</summary>
public sealed class CourseChangeRulesTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Deadline = new(2027, 5, 10, 17, 0, 0, Vn);
    private static readonly DateTimeOffset Now = Deadline.AddDays(-2);
    private static readonly CourseSession Session = new(new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn), new DateTimeOffset(2027, 5, 13, 17, 0, 0, Vn));

    private static Course Course(CoursePhase phase = CoursePhase.Inviting) => new(
        "c0ffee0000000002",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = [Session],
            RsvpDeadline = Deadline,
            OrganiserEmails = ["bandanvan@example.vn"],
        },
        phase,
        Now.AddDays(-10),
        phase == CoursePhase.Draft ? null : Now.AddDays(-9));

    private static Outcome<Course> Edit(Course course, Func<CourseDefinition, CourseDefinition> change, DateTimeOffset? now = null, params string[] fields) =>
        CourseChangeRules.Edit(course, fields, change(course.Definition), now ?? Now, TestAuthors.Organiser);

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("Dòng một\nDòng hai")]
    public void A_cancellation_needs_a_reason_of_one_paragraph(string? reason)
    {
        var outcome = CourseChangeRules.Cancel(Course(), reason, Now, TestAuthors.Organiser);
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.All(outcome.Errors, e => Assert.Equal("reason", e.Field));
    }

    [Fact]
    public void A_cancellation_reason_has_a_length_limit()
    {
        Assert.Equal(OutcomeKind.Invalid, CourseChangeRules.Cancel(Course(), new string('a', CourseValidation.MaxReason + 1), Now, TestAuthors.Organiser).Kind);
    }

    [Fact]
    public void Cancelling_writes_the_phase_the_reason_and_the_time_and_only_once()
    {
        var cancelled = CourseChangeRules.Cancel(Course(), "  Trùng lịch họp  ", Now, TestAuthors.Organiser).Value!;
        Assert.Equal(CoursePhase.Cancelled, cancelled.Phase);
        Assert.Equal("Trùng lịch họp", cancelled.State.CancelReason);
        Assert.Equal(Now, cancelled.State.CancelledAt);
        Assert.False(cancelled.State.CancellationSent);

        Assert.Equal(OutcomeKind.Conflict, CourseChangeRules.Cancel(cancelled, "Lần nữa", Now, TestAuthors.Organiser).Kind);
        Assert.Equal(OutcomeKind.Conflict, CourseChangeRules.Cancel(Course(CoursePhase.Completed), "x", Now, TestAuthors.Organiser).Kind);
        Assert.True(CourseChangeRules.Cancel(Course(CoursePhase.Draft), "x", Now, TestAuthors.Organiser).Value!.State.CancellationSent);
    }

    [Fact]
    public void A_draft_may_change_any_field_without_a_notice()
    {
        var edited = Edit(Course(CoursePhase.Draft), d => d with { Title = " Tên mới ", Capacity = 30, Venue = "Phòng 2" }, fields: ["title", "capacity", "venue"]).Value!;
        Assert.Equal("Tên mới", edited.Definition.Title);
        Assert.Equal(30, edited.Definition.Capacity);
        Assert.Equal(0, edited.State.Version);
    }

    [Fact]
    public void After_the_start_only_sessions_venue_deadline_and_reminders_may_change_and_the_others_are_named()
    {
        var outcome = Edit(Course(), d => d with { Title = "Tên mới", Capacity = 5 }, fields: ["title", "capacity", "venue"]);
        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.EndsWith("not: capacity, title.", outcome.Message.En(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_after_the_first_session_is_refused_on_the_field()
    {
        var outcome = Edit(Course(), d => d with { RsvpDeadline = Session.Start.AddHours(1) }, fields: "rsvpDeadline");
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains(outcome.Errors, e => e.Field == "rsvpDeadline");
    }

    [Fact]
    public void A_deadline_in_the_past_and_a_session_in_the_past_are_refused_on_their_fields()
    {
        Assert.Contains(Edit(Course(), d => d with { RsvpDeadline = Now.AddHours(-1) }, fields: "rsvpDeadline").Errors, e => e.Field == "rsvpDeadline");

        var past = Edit(Course(CoursePhase.RsvpClosed), d => d with { Sessions = [Session, new CourseSession(Now.AddDays(3), Now.AddDays(3).AddHours(2))] }, now: Deadline.AddDays(4), fields: "sessions");
        Assert.Equal(OutcomeKind.Invalid, past.Kind);
        Assert.Equal(["sessions[1]"], past.Errors.Select(e => e.Field));
    }

    [Fact]
    public void The_deadline_moves_only_while_inviting_and_before_it_passed()
    {
        var closed = Edit(Course(CoursePhase.RsvpClosed), d => d with { RsvpDeadline = Deadline.AddDays(1) }, now: Deadline.AddHours(1), fields: "rsvpDeadline");
        Assert.Equal(OutcomeKind.Conflict, closed.Kind);

        var passed = Edit(Course(), d => d with { RsvpDeadline = Deadline.AddDays(1) }, now: Deadline.AddMinutes(1), fields: "rsvpDeadline");
        Assert.Equal(OutcomeKind.Conflict, passed.Kind);
    }

    [Fact]
    public void After_the_rsvp_closed_the_sessions_and_venue_still_move_and_people_are_told()
    {
        var later = new CourseSession(Session.Start.AddDays(7), Session.End.AddDays(7));
        var moved = Edit(Course(CoursePhase.RsvpClosed), d => d with { Sessions = [later], Venue = "Hội trường B" }, now: Deadline.AddHours(1), "sessions", "venue").Value!;

        // Sent without an id at other times: a new session, with the next id (the old one, unmarked, is gone).
        Assert.Equal([later with { Id = "s2" }], moved.Definition.Sessions);
        Assert.Equal(1, moved.State.Version);
        Assert.Equal([Session], moved.State.Previous!.Sessions);
        Assert.Equal("Hội trường", moved.State.Previous.Venue);
    }

    [Theory]
    [InlineData(CoursePhase.Cancelled)]
    [InlineData(CoursePhase.Completed)]
    [InlineData(CoursePhase.InProgress)]
    public void A_cancelled_completed_or_running_course_cannot_be_edited(CoursePhase phase)
    {
        Assert.Equal(OutcomeKind.Conflict, Edit(Course(phase), d => d with { Venue = "X" }, fields: "venue").Kind);
    }

    [Fact]
    public void A_phase_refusal_names_the_phase_in_the_reader_s_words_not_its_wire_name()
    {
        var edit = Edit(Course(CoursePhase.Cancelled), d => d with { Venue = "X" }, fields: "venue").Message;
        Assert.Equal("Không thể sửa khóa học ở giai đoạn “Đã hủy”", edit.Vi());
        Assert.Equal("A course in the “Cancelled” phase cannot be changed.", edit.En());

        var remind = CourseChangeRules.RemindNow(Course(CoursePhase.RsvpClosed), "r", Now, TestAuthors.Organiser, 1).Message;
        Assert.Equal("Chỉ nhắc được khi khóa học đang mời; khóa học hiện ở giai đoạn “Đã hết hạn trả lời”", remind.Vi());
        Assert.Equal("Reminders can be sent while the course is inviting; it is in the “Replies closed” phase.", remind.En());
        Assert.DoesNotContain("rsvpClosed", remind.Vi(), StringComparison.Ordinal);
    }

    [Fact]
    public void Remind_now_needs_an_inviting_course()
    {
        Assert.Equal(OutcomeKind.Conflict, CourseChangeRules.RemindNow(Course(CoursePhase.RsvpClosed), "r", Now, TestAuthors.Organiser, 1).Kind);
        Assert.Equal(OutcomeKind.Conflict, CourseChangeRules.RemindNow(Course(CoursePhase.Draft), "r", Now, TestAuthors.Organiser, 1).Kind);
        Assert.Equal([new RemindNowRef("r", Now)], CourseChangeRules.RemindNow(Course(), "r", Now, TestAuthors.Organiser, 1).Value!.State.RemindNow);
    }

    [Fact]
    public void Remind_now_of_a_request_already_queued_answers_the_very_course_so_nothing_is_written()
    {
        var queued = CourseChangeRules.RemindNow(Course(), "r", Now, TestAuthors.Organiser, 1).Value!;
        var again = CourseChangeRules.RemindNow(queued, "r", Now.AddSeconds(1), TestAuthors.Organiser, 1);
        Assert.True(again.IsDone);
        Assert.Same(queued, again.Value);
    }

    [Fact]
    public void A_stored_remind_request_is_for_the_same_people_in_any_order_or_for_everyone()
    {
        var chosen = new RemindRequestRow("c", "r", ["a", "b"], 2, Now, Done: false);
        Assert.True(chosen.IsFor(["b", "a", "a"]));
        Assert.False(chosen.IsFor(["a"]));
        Assert.False(chosen.IsFor(["a", "b", "c"]));
        Assert.False(chosen.IsFor(null));
        Assert.False(chosen.IsFor([]));

        var everyone = chosen with { InviteeIds = [] };
        Assert.True(everyone.IsFor(null));
        Assert.False(everyone.IsFor([]));
        Assert.False(everyone.IsFor(["a"]));
    }
}
