using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Workflow.Courses;
using Workflow.UnitTests.Durable;

namespace Workflow.UnitTests.Courses;

/// <summary>What a fake activity saw: which step, when (wall clock), and for which reminder time.</summary>
public sealed record FlowCall(string Step, DateTimeOffset At, DateTimeOffset? ReminderFor = null);

/// <summary>
/// One course's script for the fake activities: the stored course they read (its schedule through the real
/// <see cref="CourseSchedule"/>; closing the RSVP moves its phase, as the real step does) and the calls they record (thread-safe).
/// </summary>
public sealed class FlowScript(Course course)
{
    private readonly ConcurrentQueue<FlowCall> _calls = new();
    private readonly ConcurrentDictionary<string, Milestone> _extra = new(StringComparer.Ordinal);
    private Course _course = course;

    /// <summary>The schedule up to the RSVP deadline and the organiser's changes (the later phases' kinds, after
    /// <see cref="MilestoneKind.RemindNow"/>, have their own tests): the loop under test then ends after the deadline.</summary>
    public CoursePlan Plan => new(_course.Phase, [.. CourseSchedule.For(_course).Where(m => m.Kind <= MilestoneKind.RemindNow), .. _extra.Values]);

    /// <summary>Adds milestones to the plan as they are (any kind); each is run once by the fake milestone step, recorded as <c>extra:{kind}</c>.</summary>
    public void AddExtra(params Milestone[] milestones)
    {
        foreach (var milestone in milestones)
        {
            _extra[milestone.Key] = milestone;
        }
    }

    /// <summary>Runs an extra milestone (records it and takes it out of the plan, as a real step marks its milestone done); false for the course's own.</summary>
    public bool RunExtra(Milestone milestone)
    {
        if (!_extra.TryRemove(milestone.Key, out _))
        {
            return false;
        }

        Record(new FlowCall("extra:" + (int)milestone.Kind, DateTimeOffset.UtcNow, milestone.At));
        return true;
    }

    public void Close()
    {
        if (_course.Phase == CoursePhase.Inviting)
        {
            _course = _course with { Phase = CoursePhase.RsvpClosed };
        }
    }

    /// <summary>A stored course whose reminder policy puts reminders at <paramref name="reminders"/> (absolute times).</summary>
    public static Course Course(string id, CoursePhase phase, DateTimeOffset deadline, params DateTimeOffset[] reminders) => new(
        id,
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng",
            Venue = "Hội trường",
            Sessions = [new CourseSession(deadline.AddHours(1), deadline.AddHours(2))],
            RsvpDeadline = deadline,
            OrganiserEmails = ["bandanvan@example.vn"],
            Reminders = new ReminderPolicy { BeforeRsvpDeadline = [.. reminders.Select(r => System.Xml.XmlConvert.ToString(deadline - r))], BeforeCourse = [] },
        },
        phase,
        DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow)
    {
        // The later phases' milestones (certificates, issue 9) are done: these flows are about the RSVP phase.
        Progress = new CourseProgress([Workflow.Courses.Certificates.CertificateSchedule.Key]),
    };

    /// <summary>Changes the stored course as an organiser's table write would (the test then raises the event).</summary>
    public void Change(Func<Course, Course> change) => _course = change(_course);

    public IReadOnlyList<FlowCall> Calls => _calls.ToArray();

    public void Record(FlowCall call) => _calls.Enqueue(call);

    public int Count(string step) => _calls.Count(c => c.Step == step);
}

/// <summary>
/// One in-process Durable Task host for the class: the real <see cref="CourseOrchestrator"/> with fake
/// activities registered under the real activity names (every milestone through the one milestone activity). Each test drives its own course id, so its
/// script and calls are its own.
/// </summary>
public sealed class CourseFlowHostFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, FlowScript> _scripts = new(StringComparer.Ordinal);

    public DurableTaskTestHost Host { get; private set; } = null!;

    public DurableTaskClient Client => Host.Client;

    public FlowScript Script(Course course) => _scripts[course.Id] = new FlowScript(course);

    public async Task InitializeAsync()
    {
        Host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<CourseOrchestrator>();
            registry.AddActivityFunc<string, int>(nameof(SendInvitationsActivity), (_, courseId) =>
            {
                _scripts[courseId].Record(new FlowCall("invite", DateTimeOffset.UtcNow));
                return 0;
            });
            registry.AddActivityFunc<string, CoursePlan>(nameof(GetCoursePlanActivity), (_, courseId) =>
            {
                var script = _scripts[courseId];
                script.Record(new FlowCall("plan", DateTimeOffset.UtcNow));
                return script.Plan;
            });
            // Every milestone comes through the one milestone activity; the fakes below stand for the steps of the rows.
            // Cancel, reschedule notice, remind now: each marks the course as its real step does, so its milestone leaves the schedule.
            registry.AddActivityFunc<MilestoneRequest, int>(nameof(RunMilestoneActivity), (_, request) =>
            {
                var script = _scripts[request.CourseId];
                var milestone = request.Milestone;
                if (script.RunExtra(milestone))
                {
                    return 0;
                }

                switch (milestone.Kind)
                {
                    case MilestoneKind.Reminder:
                        script.Record(new FlowCall("remind", DateTimeOffset.UtcNow, milestone.At));
                        break;
                    case MilestoneKind.Cancellation:
                        script.Record(new FlowCall("cancel", DateTimeOffset.UtcNow));
                        script.Change(c => c with { Changes = c.State with { CancellationSent = true } });
                        break;
                    case MilestoneKind.Rescheduled:
                        script.Record(new FlowCall("notice", DateTimeOffset.UtcNow));
                        script.Change(c => c with { Changes = c.State with { NoticeVersion = c.State.Version } });
                        break;
                    case MilestoneKind.RemindNow:
                        var requestId = CourseSchedule.RequestIdOf(milestone);
                        script.Record(new FlowCall("remindNow:" + requestId, DateTimeOffset.UtcNow));
                        script.Change(c => c with { Changes = c.State with { RemindNow = [.. c.State.RemindNow.Where(r => r.RequestId != requestId)] } });
                        break;
                    case MilestoneKind.RsvpDeadline:
                        script.Record(new FlowCall("close", DateTimeOffset.UtcNow));
                        script.Close();
                        break;
                    default:
                        throw new InvalidOperationException($"No fake step for {milestone.Key}.");
                }

                return 0;
            });
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The course flow on a real Durable Task engine (in-process sidecar): durable timers on real time, so
/// milestones are a few seconds ahead. Tests of this class run one after the other (one xunit collection).
/// </summary>
public sealed class CourseOrchestratorTests(CourseFlowHostFixture fixture) : IClassFixture<CourseFlowHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly string _courseId = Guid.NewGuid().ToString("N")[..16];

    private string InstanceId => CourseFlow.InstanceIdFor(_courseId);

    private static DateTimeOffset In(DateTimeOffset t0, double seconds) => t0.AddSeconds(seconds);

    private async Task StartAsync()
    {
        await fixture.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(CourseOrchestrator),
            new CourseFlowInput(_courseId),
            new StartOrchestrationOptions(InstanceId));
    }

    private async Task<OrchestrationMetadata> CompletionAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var metadata = await fixture.Client.WaitForInstanceCompletionAsync(InstanceId, getInputsAndOutputs: true, cts.Token);
        Assert.True(
            metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorType} {metadata.FailureDetails?.ErrorMessage}");
        Assert.Null(metadata.FailureDetails);
        return metadata;
    }

    private async Task<CourseFlowStatus> StatusAsync()
    {
        var metadata = await fixture.Client.GetInstanceAsync(InstanceId, getInputsAndOutputs: true);
        return metadata?.ReadCustomStatusAs<CourseFlowStatus>() ?? throw new InvalidOperationException("No status yet.");
    }

    /// <summary>Polls until <paramref name="condition"/> holds (the flow runs on its own threads).</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < Timeout, "Timed out waiting for: " + what);
            await Task.Delay(50);
        }
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    /// <summary>Waits until the flow has read its plan <paramref name="generations"/> times and is sleeping on it.</summary>
    private static async Task SleepingAsync(FlowScript script, int generations)
    {
        await EventuallyAsync(() => script.Count("plan") >= generations, $"plan read {generations} times");
        await Task.Delay(300); // the episode that set the timer and the event waiter completes in milliseconds
    }

    private static void AssertNotEarly(DateTimeOffset at, DateTimeOffset due, string what) =>
        Assert.True(at >= due, $"{what} ran at {at:HH:mm:ss.fff}, before {due:HH:mm:ss.fff}");

    [Fact]
    public async Task Invites_then_reminds_at_each_offset_in_order_then_closes_after_the_deadline()
    {
        var t0 = DateTimeOffset.UtcNow;
        var first = In(t0, 2);
        var second = In(t0, 4);
        var deadline = In(t0, 6);
        // Given out of order: the flow sorts.
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.Inviting, deadline, second, first));

        await StartAsync();
        var metadata = await CompletionAsync();

        Assert.Equal("RsvpClosed", metadata.ReadOutputAs<string>());
        var calls = script.Calls;
        Assert.Equal("invite", calls[0].Step);
        Assert.True(calls[0].At < first, "invitations go out at once, before the first reminder");
        var milestones = calls.Where(c => c.Step is "remind" or "close").ToList();
        Assert.Equal(["remind", "remind", "close"], milestones.Select(c => c.Step));
        Assert.Equal([first, second], milestones.Take(2).Select(c => c.ReminderFor!.Value));
        AssertNotEarly(milestones[0].At, first, "first reminder");
        AssertNotEarly(milestones[1].At, second, "second reminder");
        AssertNotEarly(milestones[2].At, deadline, "closing");
        Assert.True(milestones[2].At < deadline.AddSeconds(5), "closing soon after the deadline");

        var status = await StatusAsync();
        Assert.Equal(new CourseFlowStatus(CoursePhase.RsvpClosed, null, null), status);
    }

    [Fact]
    public async Task Custom_status_shows_the_next_wake_time_and_what_comes_then()
    {
        var t0 = DateTimeOffset.UtcNow;
        // The deadline well after the reminder: the status is read after the reminder ran, on a machine that may be busy.
        var reminder = In(t0, 2);
        var deadline = In(t0, 8);
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.Inviting, deadline, reminder));

        await StartAsync();
        await SleepingAsync(script, 1);
        Assert.Equal(new CourseFlowStatus(CoursePhase.Inviting, reminder, "reminder"), await StatusAsync());

        await EventuallyAsync(() => script.Count("remind") == 1, "the reminder");
        await SleepingAsync(script, 2);
        Assert.Equal(new CourseFlowStatus(CoursePhase.Inviting, deadline, "rsvpDeadline"), await StatusAsync());

        await CompletionAsync();
        Assert.Equal(new CourseFlowStatus(CoursePhase.RsvpClosed, null, null), await StatusAsync());
    }

    [Fact]
    public async Task Reminders_already_past_at_start_are_skipped()
    {
        var t0 = DateTimeOffset.UtcNow;
        var future = In(t0, 2);
        var deadline = In(t0, 3);
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.Inviting, deadline, In(t0, -3600), In(t0, -1), future));

        await StartAsync();
        await CompletionAsync();

        var reminders = script.Calls.Where(c => c.Step == "remind").ToList();
        var only = Assert.Single(reminders);
        Assert.Equal(future, only.ReminderFor);
        Assert.Equal(1, script.Count("close"));
    }

    [Fact]
    public async Task A_flow_started_after_its_deadline_closes_at_once_without_reminders()
    {
        var t0 = DateTimeOffset.UtcNow;
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.Inviting, In(t0, -60), In(t0, -120)));

        await StartAsync();
        var metadata = await CompletionAsync();

        Assert.Equal("RsvpClosed", metadata.ReadOutputAs<string>());
        // The deadline runs although late; the next generation finds nothing left in the schedule and ends.
        Assert.Equal(["invite", "plan", "close", "invite", "plan"], script.Calls.Select(c => c.Step));
    }

    [Theory]
    [InlineData(CoursePhase.Cancelled)]
    [InlineData(CoursePhase.RsvpClosed)]
    [InlineData(CoursePhase.Draft)]
    public async Task A_plan_not_in_the_inviting_phase_ends_the_flow_at_once(CoursePhase phase)
    {
        // Milestones an hour away: a flow that waited for a timer could not complete within the test.
        var t0 = DateTimeOffset.UtcNow;
        var script = fixture.Script(FlowScript.Course(_courseId, phase, t0.AddHours(1), t0.AddMinutes(30)));

        await StartAsync();
        var metadata = await CompletionAsync();

        Assert.Equal(phase.ToString(), metadata.ReadOutputAs<string>());
        Assert.Equal(["invite", "plan"], script.Calls.Select(c => c.Step));
    }

    [Fact]
    public async Task A_change_event_wakes_the_flow_to_invite_newcomers_and_the_reminder_still_comes_once_at_its_time()
    {
        var t0 = DateTimeOffset.UtcNow;
        var reminder = In(t0, 4);
        var deadline = In(t0, 6);
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.Inviting, deadline, reminder));

        await StartAsync();
        await SleepingAsync(script, 1);
        Assert.Equal(1, script.Count("invite"));

        await fixture.Client.RaiseEventAsync(InstanceId, CourseFlow.ChangedEvent, "invitees-added");
        await EventuallyAsync(() => script.Count("invite") == 2, "invitations after the event");
        var woken = script.Calls.Where(c => c.Step == "invite").ElementAt(1);
        Assert.True(woken.At < reminder.AddSeconds(-1), $"the event woke the flow at once (invited at {woken.At:HH:mm:ss.fff}, reminder at {reminder:HH:mm:ss.fff})");
        Assert.Equal(0, script.Count("remind")); // the event did not count as the reminder

        await SleepingAsync(script, 2);
        Assert.Equal(new CourseFlowStatus(CoursePhase.Inviting, reminder, "reminder"), await StatusAsync());

        var metadata = await CompletionAsync();
        Assert.Equal("RsvpClosed", metadata.ReadOutputAs<string>());
        var reminded = Assert.Single(script.Calls, c => c.Step == "remind"); // the cancelled timer of the first generation sent nothing
        Assert.Equal(reminder, reminded.ReminderFor);
        AssertNotEarly(reminded.At, reminder, "reminder");
        var closed = Assert.Single(script.Calls, c => c.Step == "close");
        AssertNotEarly(closed.At, deadline, "closing");
    }

    [Fact]
    public async Task Replays_across_many_generations_and_events_stay_deterministic()
    {
        var t0 = DateTimeOffset.UtcNow;
        DateTimeOffset[] reminders = [In(t0, 2), In(t0, 3), In(t0, 4), In(t0, 5)];
        var deadline = In(t0, 6);
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.Inviting, deadline, reminders));

        await StartAsync();
        await SleepingAsync(script, 1);
        await fixture.Client.RaiseEventAsync(InstanceId, CourseFlow.ChangedEvent, "one");
        await SleepingAsync(script, 2);
        await fixture.Client.RaiseEventAsync(InstanceId, CourseFlow.ChangedEvent, "two");
        await EventuallyAsync(() => script.Count("remind") >= 2, "two reminders");
        await SleepingAsync(script, script.Count("plan") + 1);
        await fixture.Client.RaiseEventAsync(InstanceId, CourseFlow.ChangedEvent, "three");

        var metadata = await CompletionAsync(); // a NonDeterministic replay would leave it Failed
        Assert.Equal("RsvpClosed", metadata.ReadOutputAs<string>());
        Assert.Equal(reminders, script.Calls.Where(c => c.Step == "remind").Select(c => c.ReminderFor!.Value));
        Assert.Equal(1, script.Count("close"));
        // Each generation invited then read its plan: three woken by events and four by reminders at least.
        Assert.Equal(script.Count("plan"), script.Count("invite"));
        Assert.True(script.Count("invite") >= 6, $"{script.Count("invite")} generations");
        Assert.Equal(["close", "invite", "plan"], script.Calls.TakeLast(3).Select(c => c.Step)); // nothing after the close but the final read
    }

    [Fact]
    public async Task A_cancellation_mid_flow_sends_once_and_ends_the_flow_without_closing_the_rsvp()
    {
        var t0 = DateTimeOffset.UtcNow;
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.Inviting, In(t0, 30), In(t0, 20)));
        await StartAsync();
        await SleepingAsync(script, 1);

        script.Change(c => CourseChangeRules.Cancel(c, "Trùng lịch họp của Tỉnh ủy", DateTimeOffset.UtcNow, TestAuthors.Organiser).Value!);
        await fixture.Client.RaiseEventAsync(InstanceId, CourseFlow.ChangedEvent, "changes");
        var metadata = await CompletionAsync();

        Assert.Equal("Cancelled", metadata.ReadOutputAs<string>());
        Assert.Equal(1, script.Count("cancel"));
        Assert.Equal(0, script.Count("remind") + script.Count("close"));
        Assert.True(script.Calls.Single(c => c.Step == "cancel").At < t0.AddSeconds(10), "the cancellation goes out at once");
    }

    [Fact]
    public async Task Remind_now_and_a_reschedule_notice_run_at_once_then_the_moved_deadline_is_awaited()
    {
        var t0 = DateTimeOffset.UtcNow;
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.Inviting, In(t0, 30)));
        await StartAsync();
        await SleepingAsync(script, 1);

        // The organiser asks for a reminder now and moves the deadline to t0+4 s (sessions stay after it).
        var now = DateTimeOffset.UtcNow;
        script.Change(c => CourseChangeRules.RemindNow(c, "req-1", now, TestAuthors.Organiser, 1).Value!);
        script.Change(c => CourseChangeRules.Edit(c, ["rsvpDeadline"], c.Definition with { RsvpDeadline = In(t0, 4) }, now, TestAuthors.Organiser).Value!);
        await fixture.Client.RaiseEventAsync(InstanceId, CourseFlow.ChangedEvent, "changes");
        var metadata = await CompletionAsync();

        Assert.Equal("RsvpClosed", metadata.ReadOutputAs<string>());
        var steps = script.Calls.Select(c => c.Step).Where(s => s is not ("plan" or "invite")).ToList();
        // Both are due now (same time, key order), before the deadline.
        Assert.Equal(["remindNow:req-1", "notice", "close"], steps);
        Assert.Equal(1, script.Count("notice"));
        Assert.Equal(1, script.Count("remindNow:req-1"));
        var close = script.Calls.Single(c => c.Step == "close").At;
        AssertNotEarly(close, In(t0, 4), "closing at the moved deadline");
        Assert.True(close < In(t0, 12), "closing follows the moved deadline, not the old one");
    }

    [Fact]
    public async Task Every_milestone_kind_and_one_it_has_never_seen_go_through_the_one_milestone_activity()
    {
        // A new row in MilestoneTable is all the orchestrator needs: it hands whatever milestone comes next to the one
        // activity without looking at its kind, so even a kind no code knows (99) is run like the others, in order.
        var t0 = DateTimeOffset.UtcNow;
        var script = fixture.Script(FlowScript.Course(_courseId, CoursePhase.RsvpClosed, In(t0, 3600)));
        MilestoneKind[] kinds = [.. Enum.GetValues<MilestoneKind>(), (MilestoneKind)99];
        script.AddExtra([.. kinds.Select((kind, i) => new Milestone(In(t0, -1), kind, $"extra:{i:D2}", RunsIfLate: true))]);

        await StartAsync();
        var metadata = await CompletionAsync();

        Assert.Equal("RsvpClosed", metadata.ReadOutputAs<string>());
        Assert.Equal(kinds.Select(k => "extra:" + (int)k), script.Calls.Select(c => c.Step).Where(s => s.StartsWith("extra:", StringComparison.Ordinal)));
        Assert.Equal(kinds.Length + 1, script.Count("plan")); // one generation per milestone, then the empty plan ends the flow
    }
}
