using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Courses;
using Workflow.Durable;
using Workflow.UnitTests.Courses.Attendance;

namespace Workflow.UnitTests.Courses;

/// <summary>The one way handlers reach a course's flow: start-or-raise, from the client of the current call, coalesced.</summary>
public sealed class CourseFlowsTests
{
    [Fact]
    public async Task A_wake_raises_the_change_to_a_running_flow_and_starts_a_new_generation_when_none_runs()
    {
        var client = new RecordingClient { Active = true };
        var course = AttendanceRulesTests.Course(CoursePhase.Inviting);
        await new CourseFlows(new WorkflowClientScope(client), new FlowWaker(NullLogger<FlowWaker>.Instance)).WakeAsync(course, "promoted", CancellationToken.None);
        Assert.Equal(["start " + course.InstanceId, "raise " + course.InstanceId + " " + CourseFlow.ChangedEvent + " promoted"], client.Calls);

        var ended = new RecordingClient { Active = false };
        await new CourseFlows(new WorkflowClientScope(ended), new FlowWaker(NullLogger<FlowWaker>.Instance)).WakeAsync(course, "promoted", CancellationToken.None);
        Assert.Equal(["start " + course.InstanceId], ended.Calls);
    }

    [Fact]
    public async Task A_draft_course_has_no_flow_to_wake()
    {
        var client = new RecordingClient { Active = false };
        await new CourseFlows(new WorkflowClientScope(client), new FlowWaker(NullLogger<FlowWaker>.Instance))
            .WakeAsync(AttendanceRulesTests.Course(CoursePhase.Draft), "invitees", CancellationToken.None);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task A_burst_of_wakes_for_one_flow_costs_two_raises_and_the_last_follows_every_call()
    {
        var client = new RecordingClient { Active = true };
        var flows = new CourseFlows(new WorkflowClientScope(client), new FlowWaker(NullLogger<FlowWaker>.Instance));
        var course = AttendanceRulesTests.Course(CoursePhase.Inviting);
        for (var i = 0; i < 50; i++)
        {
            await flows.WakeAsync(course, "promoted", CancellationToken.None);
        }

        Assert.Single(client.Calls, c => c.StartsWith("raise", StringComparison.Ordinal)); // the first at once
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (client.Calls.Count(c => c.StartsWith("raise", StringComparison.Ordinal)) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, client.Calls.Count(c => c.StartsWith("raise", StringComparison.Ordinal))); // one trailing raise for the other 49
    }

    [Fact]
    public async Task A_trigger_binds_its_own_client_for_its_call_only_and_a_host_without_one_says_so()
    {
        var scope = new WorkflowClientScope();
        Assert.Throws<InvalidOperationException>(() => scope.Current);

        var bound = new RecordingClient();
        Assert.Same(bound, await WorkflowClientScope.RunAsync(bound, () => Task.FromResult(scope.Current)));
        Assert.Throws<InvalidOperationException>(() => scope.Current);

        var process = new RecordingClient();
        Assert.Same(process, new WorkflowClientScope(process).Current);
        Assert.Same(bound, await WorkflowClientScope.RunAsync(bound, () => Task.FromResult(new WorkflowClientScope(process).Current)));
    }

    private sealed class RecordingClient : IWorkflowClient
    {
        private readonly List<string> _calls = [];

        public bool Active { get; init; }

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
        {
            Add("start " + instanceId);
            return Task.FromResult(!Active);
        }

        public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
        {
            Add($"raise {instanceId} {eventName} {payload}");
            return Task.CompletedTask;
        }

        public Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default) => Task.FromResult<WorkflowStatus?>(null);

        public Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken = default) => Task.CompletedTask;

        private void Add(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        }
    }
}
