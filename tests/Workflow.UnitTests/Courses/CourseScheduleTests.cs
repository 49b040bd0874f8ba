using Workflow.Courses;

namespace Workflow.UnitTests.Courses;

/// <summary>The course's schedule as a pure function of the stored course, and the choice of the next milestone.</summary>
public sealed class CourseScheduleTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Deadline = new(2027, 5, 10, 17, 0, 0, Vn);

    private static Course Course(CoursePhase phase = CoursePhase.Inviting, DateTimeOffset? deadline = null, params string[] offsets) => new(
        "c0ffee0000000001",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = [new CourseSession(new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn), new DateTimeOffset(2027, 5, 13, 17, 0, 0, Vn))],
            RsvpDeadline = deadline ?? Deadline,
            OrganiserEmails = ["bandanvan@example.vn"],
            // No course reminder (calendar, see CalendarScheduleTests): these tests are about the RSVP milestones.
            Reminders = new ReminderPolicy { BeforeRsvpDeadline = offsets, BeforeCourse = [] },
        },
        phase,
        new DateTimeOffset(2027, 4, 1, 8, 0, 0, Vn),
        new DateTimeOffset(2027, 4, 1, 9, 0, 0, Vn))
    {
        // The later phases' milestones (certificates, issue 9) are done: these tests are about the RSVP phase.
        Progress = new CourseProgress([Workflow.Courses.Certificates.CertificateSchedule.Key]),
    };

    /// <summary>The schedule up to the RSVP deadline and the organiser's changes: the later phases' milestones (issue 9, kinds
    /// after <see cref="MilestoneKind.RemindNow"/>) are tested with their parts.</summary>
    private static List<Milestone> Early(Course course) => [.. CourseSchedule.For(course).Where(m => m.Kind <= MilestoneKind.RemindNow)];

    [Fact]
    public void Reminders_come_at_their_offsets_before_the_deadline_in_time_order_then_the_deadline()
    {
        var schedule = Early(Course(offsets: ["PT30S", "P3D", "P1D"]));

        Assert.Equal([Deadline.AddDays(-3), Deadline.AddDays(-1), Deadline.AddSeconds(-30), Deadline], schedule.Select(m => m.At));
        Assert.Equal([MilestoneKind.Reminder, MilestoneKind.Reminder, MilestoneKind.Reminder, MilestoneKind.RsvpDeadline], schedule.Select(m => m.Kind));
        Assert.Equal("reminder:2027-05-07T10:00:00.0000000Z", schedule[0].Key);
        Assert.Equal("rsvpDeadline", schedule[^1].Key);
        Assert.True(schedule[^1].RunsIfLate);
        Assert.DoesNotContain(schedule.SkipLast(1), m => m.RunsIfLate);
    }

    [Fact]
    public void Equal_offsets_give_one_reminder_and_unreadable_ones_none()
    {
        var schedule = Early(Course(offsets: ["P1D", "PT24H", "P1DT0S", "P1M", "soon"]));

        Assert.Equal([Deadline.AddDays(-1), Deadline], schedule.Select(m => m.At));
    }

    [Fact]
    public void No_reminder_policy_leaves_the_deadline()
    {
        var course = Course();
        Assert.Equal([MilestoneKind.RsvpDeadline], Early(course).Select(m => m.Kind));
        Assert.Equal([MilestoneKind.RsvpDeadline], Early(course with { Definition = course.Definition with { Reminders = null! } }).Select(m => m.Kind));
    }

    [Theory]
    [InlineData(CoursePhase.Draft)]
    [InlineData(CoursePhase.RsvpClosed)]
    [InlineData(CoursePhase.Cancelled)]
    [InlineData(CoursePhase.Completed)]
    public void Outside_the_inviting_phase_nothing_of_the_rsvp_part_is_ahead(CoursePhase phase)
    {
        Assert.Empty(Early(Course(phase, offsets: ["P1D"])));
    }

    [Fact]
    public void The_next_milestone_is_the_first_after_the_last_handled_and_past_reminders_are_skipped()
    {
        var schedule = Early(Course(offsets: ["P3D", "P1D"]));
        var started = new MilestoneMark(Deadline.AddDays(-2), string.Empty); // started after the first reminder's time

        var next = CourseSchedule.Next(schedule, started);
        Assert.Equal(Deadline.AddDays(-1), next!.At);

        var afterIt = CourseSchedule.Next(schedule, new MilestoneMark(next.At, next.Key));
        Assert.Equal(MilestoneKind.RsvpDeadline, afterIt!.Kind);
    }

    [Fact]
    public void The_deadline_runs_even_when_the_flow_comes_to_it_late()
    {
        var schedule = Early(Course(offsets: ["P1D"]));

        var next = CourseSchedule.Next(schedule, new MilestoneMark(Deadline.AddHours(5), string.Empty));

        Assert.Equal(MilestoneKind.RsvpDeadline, next!.Kind);
    }

    [Fact]
    public void Two_milestones_at_one_time_run_one_after_the_other()
    {
        var at = Deadline.AddDays(-1);
        IReadOnlyList<Milestone> schedule = [new(at, MilestoneKind.Reminder, "b", false), new(at, MilestoneKind.Reminder, "a", false)];

        var first = CourseSchedule.Next(schedule, new MilestoneMark(at.AddSeconds(-1), string.Empty));
        var second = CourseSchedule.Next(schedule, new MilestoneMark(first!.At, first.Key));

        Assert.Equal(["a", "b"], new[] { first.Key, second!.Key });
        Assert.Null(CourseSchedule.Next(schedule, new MilestoneMark(second.At, second.Key)));
    }

    [Fact]
    public void A_reschedule_moves_every_future_milestone_and_repeats_nothing_done()
    {
        var course = Course(offsets: ["P3D", "P1D"]);
        var firstReminder = Early(course)[0];
        var handled = new MilestoneMark(firstReminder.At, firstReminder.Key);

        // The deadline moves two days later: every reminder follows the new date ("three days before" is now after the
        // one already sent, so it comes again, before the new deadline); nothing at or before the mark runs again.
        var later = course with { Definition = course.Definition with { RsvpDeadline = Deadline.AddDays(2) } };
        var laterSchedule = Early(later);
        Assert.Equal([Deadline.AddDays(-1), Deadline.AddDays(1), Deadline.AddDays(2)], laterSchedule.Select(m => m.At));
        Assert.Equal(Deadline.AddDays(-1), CourseSchedule.Next(laterSchedule, handled)!.At);

        // The deadline moves earlier, before the remaining reminder: the deadline comes next.
        var earlier = course with { Definition = course.Definition with { RsvpDeadline = Deadline.AddDays(-2) } };
        var next = CourseSchedule.Next(Early(earlier), handled);
        Assert.Equal(MilestoneKind.RsvpDeadline, next!.Kind);
        Assert.Equal(Deadline.AddDays(-2), next.At);
    }

    // ---- Cancel, reschedule notice, remind now (issue 8).
    private static readonly DateTimeOffset Now = Deadline.AddDays(-2);

    [Fact]
    public void A_cancelled_course_holds_only_the_cancellation_until_its_emails_are_marked_sent()
    {
        var cancelled = CourseChangeRules.Cancel(Course(offsets: ["P3D", "P1D"]), "Trùng lịch", Now, TestAuthors.Organiser).Value!;

        var schedule = Early(cancelled);
        var only = Assert.Single(schedule);
        Assert.Equal(new Milestone(Now, MilestoneKind.Cancellation, "cancellation", RunsIfLate: true), only);
        Assert.Equal(only, CourseSchedule.Next(schedule, new MilestoneMark(Now.AddHours(1), "reminder:x")));

        var told = cancelled with { Changes = cancelled.State with { CancellationSent = true } };
        Assert.Empty(Early(told));
    }

    [Fact]
    public void A_cancelled_draft_has_nothing_to_send()
    {
        Assert.Empty(Early(CourseChangeRules.Cancel(Course(CoursePhase.Draft), "Trùng lịch", Now, TestAuthors.Organiser).Value!));
    }

    [Fact]
    public void A_reschedule_adds_one_notice_keyed_by_its_version_and_moves_the_reminders()
    {
        var course = Course(offsets: ["P1D"]);
        var moved = CourseChangeRules.Edit(course, ["rsvpDeadline"], course.Definition with { RsvpDeadline = Deadline.AddHours(-6) }, Now, TestAuthors.Organiser).Value!;

        var schedule = Early(moved);
        Assert.Equal(
            [(Now, MilestoneKind.Rescheduled, "rescheduled:1"), (Deadline.AddHours(-30), MilestoneKind.Reminder, "reminder:2027-05-09T04:00:00.0000000Z"), (Deadline.AddHours(-6), MilestoneKind.RsvpDeadline, "rsvpDeadline")],
            schedule.Select(m => (m.At, m.Kind, m.Key)));
        Assert.True(schedule[0].RunsIfLate);

        // A second change before the notice went out: one notice (version 2), still from what people last heard.
        var again = CourseChangeRules.Edit(moved, ["venue"], moved.Definition with { Venue = "Hội trường B" }, Now.AddMinutes(1), TestAuthors.Organiser).Value!;
        var notice = Assert.Single(Early(again), m => m.Kind == MilestoneKind.Rescheduled);
        Assert.Equal("rescheduled:2", notice.Key);
        Assert.Equal(Deadline, again.State.Previous!.RsvpDeadline);
        Assert.Equal("Hội trường", again.State.Previous.Venue);

        // Once sent, it leaves the schedule; after the RSVP closed only a notice can be ahead.
        var told = again with { Changes = again.State with { NoticeVersion = 2 } };
        Assert.DoesNotContain(Early(told), m => m.Kind == MilestoneKind.Rescheduled);
        Assert.Equal([MilestoneKind.Rescheduled], Early(again with { Phase = CoursePhase.RsvpClosed }).Select(m => m.Kind));
        Assert.Empty(Early(told with { Phase = CoursePhase.RsvpClosed }));
    }

    [Fact]
    public void Changing_only_the_reminder_policy_moves_reminders_without_a_notice()
    {
        var course = Course(offsets: ["P1D"]);
        var edited = CourseChangeRules.Edit(course, ["reminders"], course.Definition with { Reminders = new ReminderPolicy { BeforeRsvpDeadline = ["PT2H"], BeforeCourse = [] } }, Now, TestAuthors.Organiser).Value!;

        Assert.Equal([Deadline.AddHours(-2), Deadline], Early(edited).Select(m => m.At));
        Assert.Equal(0, edited.State.Version);
    }

    [Fact]
    public void Each_unsent_remind_now_request_is_a_milestone_that_runs_even_late_and_leaves_when_done()
    {
        var course = CourseChangeRules.RemindNow(Course(offsets: ["P1D"]), "req-a", Now, TestAuthors.Organiser, 1).Value!;
        course = CourseChangeRules.RemindNow(course, "req-b", Now.AddMinutes(1), TestAuthors.Organiser, 1).Value!;
        Assert.Same(course, CourseChangeRules.RemindNow(course, "req-a", Now.AddMinutes(2), TestAuthors.Organiser, 1).Value); // a retried request is queued once

        var schedule = Early(course);
        var remind = schedule.Where(m => m.Kind == MilestoneKind.RemindNow).ToList();
        Assert.Equal(["remindNow:req-a", "remindNow:req-b"], remind.Select(m => m.Key));
        Assert.All(remind, m => Assert.True(m.RunsIfLate));
        Assert.Equal("req-a", CourseSchedule.RequestIdOf(remind[0]));
        Assert.Equal(remind[0], CourseSchedule.Next(schedule, new MilestoneMark(Now.AddMinutes(5), "x")));

        var done = course with { Changes = course.State with { RemindNow = [] } };
        Assert.DoesNotContain(Early(done), m => m.Kind == MilestoneKind.RemindNow);
        Assert.Empty(Early(course with { Phase = CoursePhase.RsvpClosed }));
    }

    [Fact]
    public void A_late_milestone_never_moves_the_mark_back()
    {
        var last = new MilestoneMark(Now, "reminder:x");
        var late = new Milestone(Now.AddHours(-1), MilestoneKind.RemindNow, "remindNow:r", RunsIfLate: true);
        Assert.Equal(last, CourseSchedule.After(last, late));

        var later = new Milestone(Now.AddHours(1), MilestoneKind.Reminder, "reminder:y", RunsIfLate: false);
        Assert.Equal(new MilestoneMark(later.At, later.Key), CourseSchedule.After(last, later));
    }

    [Fact]
    public void Recovery_brings_back_a_flow_only_while_something_is_still_to_do()
    {
        var inviting = Course(offsets: ["P1D"]);
        Assert.True(CourseFlowRecovery.NeedsFlow(inviting));

        var closed = inviting with { Phase = CoursePhase.RsvpClosed };
        Assert.True(CourseFlowRecovery.NeedsFlow(closed)); // the course itself and its follow-up are still ahead
        Assert.False(CourseFlowRecovery.NeedsFlow(inviting with { Phase = CoursePhase.Completed }));
        Assert.True(CourseFlowRecovery.NeedsFlow(closed with { Changes = new CourseChanges { Version = 1, NoticeVersion = 0, ChangedAt = Deadline } }));

        var cancelled = inviting with { Phase = CoursePhase.Cancelled, Changes = new CourseChanges { CancelReason = "Đổi kế hoạch", CancelledAt = Deadline.AddDays(-5) } };
        Assert.True(CourseFlowRecovery.NeedsFlow(cancelled));
        Assert.False(CourseFlowRecovery.NeedsFlow(cancelled with { Changes = cancelled.Changes! with { CancellationSent = true } }));
        Assert.False(CourseFlowRecovery.NeedsFlow(inviting with { Phase = CoursePhase.Draft }));
    }
}
