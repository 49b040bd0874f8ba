using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.Email;
using Workflow.IntegrationTests.Courses;
using Workflow.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Workflow.IntegrationTests.Email;

/// <summary>
/// Issue 19: the process dies between SendGrid's 202 for a batch of a round and the "sent" marks. Modelled in process:
/// the sender hands the batch to the fake Mail Send server, gets its 202, then throws (<see cref="ProcessKilled"/>), so
/// neither the outcome nor a mark of that batch is written; the "restarted" host is a fresh service provider on the
/// same Azurite tables and the same fake. What people would receive is counted on the fake
/// (<see cref="FakeMailSendServer.DeliveredEmails"/>: accepted and not in a cancelled batch).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HandoverCrashTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2027, 4, 21, 2, 0, 0, TimeSpan.Zero);
    private readonly List<ServiceProvider> _providers = [];
    private FakeMailSendServer _mail = null!;

    public async Task InitializeAsync() => _mail = await FakeMailSendServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _mail.DisposeAsync();
    }

    [Fact]
    public async Task A_crash_after_the_first_batchs_202_still_gives_each_of_2500_people_one_invitation()
    {
        var (course, people) = await StartedCourseAsync(2500);
        var crashed = Host(crashAfterCall: 1);
        await Assert.ThrowsAsync<ProcessKilled>(() => crashed.GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));
        Assert.Equal(1000, _mail.Personalizations); // the first batch was handed over, nothing marked

        var restarted = Host();
        Assert.Equal(2500, await restarted.GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));

        AssertEachOnce(people, _mail.DeliveredEmails);
        Assert.Single(_mail.Batches, b => b.Value == "cancel");
        Assert.Equal(3500, _mail.Personalizations); // the cancelled 1,000 were handed over again under a new batch id
        var counts = await restarted.GetRequiredService<InviteeStore>().CountAsync(course.Id, CancellationToken.None);
        Assert.Equal((2500, 0), (counts.EmailsSent, counts.EmailsFailed));
        Assert.All(_mail.Scheduled, m => Assert.InRange(m.SendAt!.Value, Start.AddMinutes(15).ToUnixTimeSeconds(), Start.AddMinutes(17).ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task A_crash_after_a_reminder_batchs_202_still_gives_each_pending_person_one_reminder()
    {
        var (course, people) = await StartedCourseAsync(1200);
        Assert.Equal(1200, await Host().GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));
        _mail.Reset();
        var reminder = new ReminderRequest(course.Id, Start.AddDays(1));

        var crashed = Host(crashAfterCall: 1);
        await Assert.ThrowsAsync<ProcessKilled>(() => crashed.GetRequiredService<CourseFlowSteps>().RemindAsync(reminder, CancellationToken.None));
        var restarted = Host();
        Assert.Equal(1200, await restarted.GetRequiredService<CourseFlowSteps>().RemindAsync(reminder, CancellationToken.None));

        AssertEachOnce(people, _mail.DeliveredEmails);
        Assert.Single(_mail.Batches, b => b.Value == "cancel");

        // The round is done: a re-run hands nothing over.
        var requests = _mail.Requests.Count;
        Assert.Equal(0, await restarted.GetRequiredService<CourseFlowSteps>().RemindAsync(reminder, CancellationToken.None));
        Assert.Equal(requests, _mail.Requests.Count);
    }

    [Fact]
    public async Task A_host_killed_after_the_first_202_of_a_remind_now_round_still_gives_each_pending_person_one_reminder()
    {
        // The organiser's "remind now" for everyone pending (1,200: two batches); the host dies right after SendGrid's
        // 202 for the first batch, before its marks. Before issue 19's change for remind-now, the restarted round sent
        // those 1,000 again.
        var (course, people) = await StartedCourseAsync(1200);
        var first = Host();
        Assert.Equal(1200, await first.GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));
        _mail.Reset();
        var request = new RemindNowRequest(course.Id, "remind-" + Guid.NewGuid().ToString("N"));
        await first.GetRequiredService<CourseChangeStore>().AddRequestAsync(new RemindRequestRow(course.Id, request.RequestId, [], 1200, Start, Done: false), CancellationToken.None);

        var crashed = Host(crashAfterCall: 1);
        await Assert.ThrowsAsync<ProcessKilled>(() => crashed.GetRequiredService<CourseChangeSteps>().RemindNowAsync(request, CancellationToken.None));
        Assert.Equal(1000, _mail.Personalizations);

        var restarted = Host();
        Assert.Equal(1200, await restarted.GetRequiredService<CourseChangeSteps>().RemindNowAsync(request, CancellationToken.None));

        AssertEachOnce(people, _mail.DeliveredEmails);
        Assert.Single(_mail.Batches, b => b.Value == "cancel");
        Assert.All(_mail.Scheduled, m => Assert.InRange(m.SendAt!.Value, Start.AddMinutes(15).ToUnixTimeSeconds(), Start.AddMinutes(17).ToUnixTimeSeconds()));

        // A replay of the request (the milestone again, a retried activity) hands nothing over.
        var requests = _mail.Requests.Count;
        Assert.Equal(0, await restarted.GetRequiredService<CourseChangeSteps>().RemindNowAsync(request, CancellationToken.None));
        Assert.Equal(requests, _mail.Requests.Count);
        AssertEachOnce(people, _mail.DeliveredEmails);
    }

    [Fact]
    public async Task A_host_back_after_the_cancellation_deadline_marks_the_batch_sent_and_sends_it_no_second_time()
    {
        var (course, people) = await StartedCourseAsync(30);
        var crashed = Host(crashAfterCall: 1);
        await Assert.ThrowsAsync<ProcessKilled>(() => crashed.GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));

        // Back 6 minutes later: the batch's send_at (15 minutes after the hand-over) is 9 minutes away, past cancelling.
        var later = new ShiftedClock(Start.AddMinutes(6) - DateTimeOffset.UtcNow);
        _mail.Clock = later;
        var restarted = Host(clock: later);
        var requests = _mail.Requests.Count;
        Assert.Equal(0, await restarted.GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));

        Assert.Equal(requests, _mail.Requests.Count);
        Assert.DoesNotContain(_mail.BatchCalls, c => c.StartsWith("POST /v3/user/scheduled_sends", StringComparison.Ordinal));
        AssertEachOnce(people, _mail.DeliveredEmails);
        var invitees = await restarted.GetRequiredService<InviteeStore>().ListInviteesAsync(course.Id, CancellationToken.None);
        Assert.All(invitees, i => Assert.Equal(EmailStatus.Sent, i.EmailStatus));
    }

    [Fact]
    public async Task A_crash_while_marking_a_batch_finishes_the_marks_from_its_recorded_outcome_without_sending_again()
    {
        // Killed while the first batch's marks were being written: its outcome is recorded, 400 of its rows still unmarked.
        var (course, people) = await StartedCourseAsync(1000);
        var first = Host();
        Assert.Equal(1000, await first.GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));
        var table = first.GetRequiredService<TableServiceClient>().GetTableClient("Invitees");
        var unmarked = people.Take(400).Select(e => Invitee.IdFor(course.Id, CourseValidation.NormalizeEmail(e))).ToList();
        foreach (var id in unmarked)
        {
            await table.UpdateEntityAsync(new TableEntity(course.Id, id) { ["EmailStatus"] = nameof(EmailStatus.NotSent) }, Azure.ETag.All, TableUpdateMode.Merge);
        }

        var requests = _mail.Requests.Count;
        var restarted = Host();
        Assert.Equal(0, await restarted.GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));

        Assert.Equal(requests, _mail.Requests.Count);
        Assert.DoesNotContain(_mail.Batches, b => b.Value is not null);
        AssertEachOnce(people, _mail.DeliveredEmails);
        var counts = await restarted.GetRequiredService<InviteeStore>().CountAsync(course.Id, CancellationToken.None);
        Assert.Equal(1000, counts.EmailsSent);
    }

    /// <summary>
    /// The measurement behind docs/email.md (command there): with scheduling off (<c>ScheduledSendLead</c> = 0, as before
    /// issue 19), how wide the window between the 202 and the durable marks is, and how many a crash in it sends twice.
    /// </summary>
    [Fact]
    public async Task Measured_without_scheduling_a_crash_after_a_batchs_202_sends_that_batch_twice()
    {
        // The window: from the 202 of each batch to all its rows marked, on a run without crash.
        var (course, people) = await StartedCourseAsync(2500);
        var probe = new MarkProbe(Host(lead: TimeSpan.Zero).GetRequiredService<TableServiceClient>(), course.Id);
        var measured = Host(lead: TimeSpan.Zero, wrap: inner => new TimedSender(inner, probe));
        Assert.Equal(2500, await measured.GetRequiredService<CourseFlowSteps>().InviteAsync(course.Id, CancellationToken.None));
        var windows = await probe.WindowsAsync();
        output.WriteLine($"window from 202 to marks durable, per batch of 1,000 (ms): {string.Join(", ", windows.Select(w => w.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))}");
        AssertEachOnce(people, _mail.DeliveredEmails);

        // The crash in that window, after the first and after the second batch.
        foreach (var crashAfter in new[] { 1, 2 })
        {
            _mail.Reset();
            var (again, everyone) = await StartedCourseAsync(2500);
            await Assert.ThrowsAsync<ProcessKilled>(() => Host(lead: TimeSpan.Zero, crashAfterCall: crashAfter).GetRequiredService<CourseFlowSteps>().InviteAsync(again.Id, CancellationToken.None));
            await Host(lead: TimeSpan.Zero).GetRequiredService<CourseFlowSteps>().InviteAsync(again.Id, CancellationToken.None);
            var twice = _mail.DeliveredEmails.GroupBy(e => e, StringComparer.Ordinal).Count(g => g.Count() > 1);
            output.WriteLine($"scheduling off, crash after the 202 of batch {crashAfter} of 3: {twice} of 2,500 people got the invitation twice");
            Assert.Equal(1000, twice);
            Assert.Equal(everyone.Length, _mail.DeliveredEmails.Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static void AssertEachOnce(IEnumerable<string> people, IReadOnlyList<string> delivered)
    {
        var counts = delivered.GroupBy(e => e, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var wrong = people.Where(p => counts.GetValueOrDefault(p) != 1).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} people did not get exactly one email (e.g. {wrong.FirstOrDefault()}: {counts.GetValueOrDefault(wrong.FirstOrDefault() ?? string.Empty)})");
    }

    private async Task<(Course Course, string[] People)> StartedCourseAsync(int count)
    {
        var provider = Host();
        var courses = provider.GetRequiredService<CourseStore>();
        var invitees = provider.GetRequiredService<InviteeStore>();
        var people = Enumerable.Range(0, count).Select(i => $"nguoi{i}.{Guid.NewGuid():N}@example.vn").ToArray();
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft);
        await courses.CreateAsync(course, CancellationToken.None);
        await invitees.AddInviteesAsync(course.Id, people.Select((e, i) => CourseStoreTests.Valid(i + 2, e, "Sở Nội vụ")).ToList(), CancellationToken.None);
        Assert.True(await courses.TryStartAsync(course.Id, Start, Author.System, CancellationToken.None));
        return (course, people);
    }

    /// <summary>One host process: the product's services on the shared Azurite and fake, SendGrid's sender wrapped.</summary>
    private ServiceProvider Host(int? crashAfterCall = null, TimeProvider? clock = null, TimeSpan? lead = null, Func<IEmailSender, IEmailSender>? wrap = null)
    {
        var provider = WorkflowTestServices.Build(
            azurite,
            clock ?? new ShiftedClock(Start - DateTimeOffset.UtcNow),
            _mail.BaseUrl,
            settings: new Dictionary<string, string?>
            {
                ["Workflow:Email:ScheduledSendLead"] = (lead ?? TimeSpan.FromMinutes(15)).ToString("c", CultureInfo.InvariantCulture),
            },
            wrapSender: sender =>
            {
                sender = wrap?.Invoke(sender) ?? sender;
                return crashAfterCall is { } n ? new CrashingSender(sender, n) : sender;
            });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>The process died: nothing after this point of the call ran.</summary>
    private sealed class ProcessKilled : Exception
    {
        public ProcessKilled()
            : base("killed after the provider's answer")
        {
        }
    }

    /// <summary>Hands the batches over as usual; after the 202 of call <c>n</c>, dies.</summary>
    private sealed class CrashingSender(IEmailSender inner, int crashAfterCall) : IEmailSender
    {
        private int _calls;

        public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
        {
            var result = await inner.SendAsync(batch, cancellationToken);
            return Interlocked.Increment(ref _calls) == crashAfterCall ? throw new ProcessKilled() : result;
        }
    }

    /// <summary>Notes when each batch's 202 came back and which rows it carried.</summary>
    private sealed class TimedSender(IEmailSender inner, MarkProbe probe) : IEmailSender
    {
        public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
        {
            var result = await inner.SendAsync(batch, cancellationToken);
            probe.Answered(batch.Recipients.Select(r => r.Email).ToList());
            return result;
        }
    }

    /// <summary>From each 202, polls ten rows of the batch (every 100th and the last) until all are marked sent.</summary>
    private sealed class MarkProbe(TableServiceClient service, string courseId)
    {
        private readonly List<Task<TimeSpan>> _windows = [];

        public void Answered(List<string> emails)
        {
            var start = Stopwatch.GetTimestamp();
            var ids = emails.Where((_, i) => i % 100 == 99 || i == emails.Count - 1)
                .Select(e => Invitee.IdFor(courseId, CourseValidation.NormalizeEmail(e))).Distinct().ToList();
            lock (_windows)
            {
                _windows.Add(Task.Run(async () =>
                {
                    var table = service.GetTableClient("Invitees");
                    while (true)
                    {
                        var rows = await Task.WhenAll(ids.Select(id => table.GetEntityAsync<TableEntity>(courseId, id, select: ["EmailStatus"])));
                        if (rows.All(r => r.Value.GetString("EmailStatus") == nameof(EmailStatus.Sent)))
                        {
                            return Stopwatch.GetElapsedTime(start);
                        }
                    }
                }));
            }
        }

        public async Task<TimeSpan[]> WindowsAsync() => await Task.WhenAll(_windows);
    }

    /// <summary>The system clock moved by a fixed offset (timers stay real, so the Mail Send pipeline's back-off still runs).</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
