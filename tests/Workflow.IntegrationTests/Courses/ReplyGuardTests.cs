using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Attendance;
using Workflow.Courses.Links;
using Workflow.Courses.Storage;
using Workflow.Durable;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Templates;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// The course guard (issue 11, item 5): a reply page decides on <see cref="CourseCache"/> (a course up to 5 s old, per
/// instance), so the write that follows must fail when the course changed meanwhile. Two instances (two service
/// providers, two caches) on one Azurite, the clock a fake one that does not move unless a test moves it, so a cached
/// course stays cached: every phase change (cancel, RSVP close, start, reschedule) made on one instance must refuse a
/// reply decided on the other instance's stale copy, and the attendee gets the page of the course as it is now.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplyGuardTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2027, 4, 21, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly ServiceProvider _a;
    private readonly ServiceProvider _b;
    private readonly CourseStore _courses;
    private readonly InviteeStore _invitees;

    public ReplyGuardTests(AzuriteFixture azurite)
    {
        _a = WorkflowTestServices.Build(azurite, _time);
        _b = WorkflowTestServices.Build(azurite, _time);
        _courses = _b.GetRequiredService<CourseStore>();
        _invitees = _b.GetRequiredService<InviteeStore>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    /// <summary>A started course (inviting) of <paramref name="people"/> invitees, with or without a capacity.</summary>
    private async Task<(Course Course, List<string> Ids)> InvitingCourseAsync(int people, int? capacity = null, string language = "vi")
    {
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft);
        course = course with { Definition = course.Definition with { Capacity = capacity, Language = language } };
        await _courses.CreateAsync(course, CancellationToken.None);
        var rows = Enumerable.Range(0, people).Select(i => CourseStoreTests.Valid(i + 2, $"nguoi{i}.{course.Id}@example.vn", unit: "Sở Nội vụ")).ToList();
        Assert.Equal(people, (await _invitees.AddInviteesAsync(course.Id, rows, CancellationToken.None)).Added);
        Assert.True(await _courses.TryStartAsync(course.Id, Now, Author.System, CancellationToken.None));
        var ids = rows.Select(r => Invitee.IdFor(course.Id, r.EmailKey)).ToList();
        await _invitees.MarkInvitedAsync(course.Id, ids, Now, CancellationToken.None);
        return ((await _courses.GetAsync(course.Id, CancellationToken.None))!, ids);
    }

    private static string Token(ServiceProvider host, Course course, string inviteeId) =>
        host.GetRequiredService<LinkTokens>().Create(new LinkClaims(course.Id, inviteeId, LinkPurpose.Rsvp, course.FirstSessionStart));

    /// <summary>The reply page of <paramref name="host"/>: GET shows, POST with a form records.</summary>
    private static async Task<(int Status, string Html)> PageAsync(ServiceProvider host, string token, string method, string? form = null)
    {
        var context = new DefaultHttpContext { RequestServices = host };
        context.Request.Method = method;
        context.Response.Body = new MemoryStream();
        if (form is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(form);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.ContentLength = bytes.Length;
        }

        var result = await WorkflowClientScope.RunAsync(new QuietFlows(), () => host.GetRequiredService<PersonalLinkRouter>().HandleAsync(context.Request, token, CancellationToken.None));
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, WebUtility.HtmlDecode(await new StreamReader(context.Response.Body).ReadToEndAsync()));
    }

    private static Task<(int Status, string Html)> AcceptAsync(ServiceProvider host, Course course, string inviteeId) =>
        PageAsync(host, Token(host, course, inviteeId), "POST", "answer=accept");

    /// <summary><c>POST /api/courses/{id}/cancel</c> through the organiser's handler on <paramref name="host"/>.</summary>
    private static async Task<int> CancelAsync(ServiceProvider host, string courseId)
    {
        var context = new DefaultHttpContext { RequestServices = host };
        context.Request.Method = "POST";
        var bytes = Encoding.UTF8.GetBytes("{\"reason\":\"Trùng lịch họp Tỉnh ủy\"}");
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        context.Response.Body = new MemoryStream();
        var result = await WorkflowClientScope.RunAsync(new QuietFlows(), () => host.GetRequiredService<CourseChangesApi>().CancelAsync(context.Request, courseId, CancellationToken.None));
        await result.ExecuteAsync(context);
        return context.Response.StatusCode;
    }

    /// <summary><c>PATCH /api/courses/{id}</c> through the organiser's handler on <paramref name="host"/>.</summary>
    private static async Task<int> PatchAsync(ServiceProvider host, string courseId, string json)
    {
        var context = new DefaultHttpContext { RequestServices = host };
        context.Request.Method = "PATCH";
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentType = "application/merge-patch+json";
        context.Request.ContentLength = bytes.Length;
        context.Response.Body = new MemoryStream();
        var result = await WorkflowClientScope.RunAsync(new QuietFlows(), () => host.GetRequiredService<CourseChangesApi>().PatchAsync(context.Request, courseId, CancellationToken.None));
        await result.ExecuteAsync(context);
        return context.Response.StatusCode;
    }

    private string Text(string language, string key) => _a.GetRequiredService<TemplateRenderer>().Strings(language)[key];

    private async Task<Invitee> RowAsync(Course course, string id) => (await _invitees.GetInviteeAsync(course.Id, id, CancellationToken.None))!;

    /// <summary>Instance A's page cache holds the course as it is now (its stale copy was replaced when the write was refused).</summary>
    private async Task AssertCacheFreshAsync(Course course)
    {
        var stored = (await _courses.GetAsync(course.Id, CancellationToken.None))!;
        var cached = (await _a.GetRequiredService<CourseCache>().GetAsync(course.Id, CancellationToken.None))!;
        Assert.Equal((stored.Phase, stored.RsvpDeadline, stored.FirstSessionStart), (cached.Phase, cached.RsvpDeadline, cached.FirstSessionStart));
    }

    [Theory]
    [InlineData("vi", null)]
    [InlineData("en", null)]
    [InlineData("vi", 2)]
    public async Task A_reply_decided_on_a_copy_cached_before_the_cancel_is_refused_with_the_cancelled_page(string language, int? capacity)
    {
        var (course, ids) = await InvitingCourseAsync(3, capacity, language);
        Assert.Equal(200, (await AcceptAsync(_a, course, ids[0])).Status); // P accepts on A: A now holds the course (inviting)

        Assert.Equal(202, await CancelAsync(_b, course.Id)); // the organiser cancels through B

        var (status, html) = await AcceptAsync(_a, course, ids[1]); // Q accepts on A, within the cache's 5 s
        Assert.Equal(409, status);
        Assert.Contains(Text(language, "courseCancelledText"), html, StringComparison.Ordinal);
        Assert.DoesNotContain(Text(language, "recordedAccepted"), html, StringComparison.Ordinal);
        Assert.Equal(InviteeStatus.Pending, (await RowAsync(course, ids[1])).Status);
        await AssertCacheFreshAsync(course);

        // The same answer again (nothing to write) is no success either.
        var again = await AcceptAsync(_a, course, ids[0]);
        Assert.Equal(409, again.Status);
        Assert.Contains(Text(language, "courseCancelledText"), again.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decline_decided_on_a_copy_cached_before_the_cancel_is_refused_and_changes_nothing()
    {
        var (course, ids) = await InvitingCourseAsync(2);
        await PageAsync(_a, Token(_a, course, ids[0]), "GET"); // A caches the course
        Assert.Equal(202, await CancelAsync(_b, course.Id));

        var (status, html) = await PageAsync(_a, Token(_a, course, ids[1]), "POST", "answer=decline&reason=B%E1%BA%ADn");
        Assert.Equal(409, status);
        Assert.Contains(Text("vi", "courseCancelledText"), html, StringComparison.Ordinal);
        var row = await RowAsync(course, ids[1]);
        Assert.Equal((InviteeStatus.Pending, null), (row.Status, row.Reason));
    }

    [Fact]
    public async Task A_reply_decided_on_a_copy_cached_before_the_course_started_is_refused_with_the_closed_page()
    {
        var (course, ids) = await InvitingCourseAsync(2);
        await _b.GetRequiredService<CourseFlowSteps>().CloseRsvpAsync(course.Id, CancellationToken.None);
        await PageAsync(_a, Token(_a, course, ids[0]), "GET"); // A caches the course (rsvpClosed)

        await _b.GetRequiredService<AttendanceSteps>().StartCourseAsync(course.Id, CancellationToken.None); // the flow on B: inProgress

        var (status, html) = await AcceptAsync(_a, course, ids[0]);
        Assert.Equal(409, status);
        Assert.Contains(Text("vi", "closedText"), html, StringComparison.Ordinal);
        Assert.Equal(InviteeStatus.NoResponse, (await RowAsync(course, ids[0])).Status);
        await AssertCacheFreshAsync(course);
    }

    [Fact]
    public async Task A_reply_decided_on_a_copy_cached_before_the_rsvp_closed_is_decided_again_on_the_closed_course()
    {
        var (course, ids) = await InvitingCourseAsync(2);
        _time.SetUtcNow(course.RsvpDeadline.AddSeconds(-2));
        await PageAsync(_a, Token(_a, course, ids[0]), "GET"); // A caches the course (inviting) two seconds before the deadline

        _time.SetUtcNow(course.RsvpDeadline.AddSeconds(1));
        await _b.GetRequiredService<CourseFlowSteps>().CloseRsvpAsync(course.Id, CancellationToken.None); // the flow on B

        // SPEC §2.5: a reply after the deadline is still taken until the course starts, marked late.
        var (status, html) = await AcceptAsync(_a, course, ids[0]);
        Assert.Equal(200, status);
        Assert.Contains(Text("vi", "recordedLate"), html, StringComparison.Ordinal);
        var row = await RowAsync(course, ids[0]);
        Assert.Equal((InviteeStatus.Accepted, true), (row.Status, row.Late));
        await AssertCacheFreshAsync(course);
    }

    [Fact]
    public async Task A_reply_decided_on_a_copy_cached_before_a_reschedule_is_decided_again_on_the_new_dates()
    {
        var (course, ids) = await InvitingCourseAsync(2);
        await PageAsync(_a, Token(_a, course, ids[0]), "GET"); // A caches the course: deadline 6 May

        // The organiser brings the RSVP deadline forward to three seconds from now (through B); then those seconds pass.
        var deadline = Now.AddSeconds(3);
        Assert.Equal(200, await PatchAsync(_b, course.Id, $"{{\"rsvpDeadline\":\"{deadline.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture)}\"}}"));
        _time.Advance(TimeSpan.FromSeconds(4));

        var (status, html) = await AcceptAsync(_a, course, ids[0]);
        Assert.Equal(200, status);
        Assert.Contains(Text("vi", "recordedLate"), html, StringComparison.Ordinal); // late against the new deadline
        var row = await RowAsync(course, ids[0]);
        Assert.Equal((InviteeStatus.Accepted, true), (row.Status, row.Late));
        await AssertCacheFreshAsync(course);
    }

    [Fact]
    public async Task Replies_racing_a_cancel_on_two_instances_never_leave_anyone_accepted_by_a_reply_decided_after_the_cancel()
    {
        const int Rounds = 8;
        const int People = 24;
        for (var round = 0; round < Rounds; round++)
        {
            var (course, ids) = await InvitingCourseAsync(People, capacity: round % 2 == 0 ? null : People / 2);
            await PageAsync(_a, Token(_a, course, ids[0]), "GET"); // both instances hold the course (inviting)
            await PageAsync(_b, Token(_b, course, ids[0]), "GET");

            var clock = Stopwatch.StartNew();
            var cancelledAt = TimeSpan.MaxValue;
            var cancel = Task.Run(async () =>
            {
                await Task.Delay(Random.Shared.Next(0, 25));
                Assert.Equal(202, await CancelAsync(_b, course.Id));
                cancelledAt = clock.Elapsed;
            });
            var replies = ids.Select((id, i) => Task.Run(async () =>
            {
                // A third of the people answer only once the cancel has answered; the others race it.
                if (i % 3 == 2)
                {
                    await cancel;
                }
                else
                {
                    await Task.Delay(Random.Shared.Next(0, 30));
                }

                var began = clock.Elapsed;
                var (status, html) = await AcceptAsync(i % 2 == 0 ? _a : _b, course, id);
                return (Id: id, Began: began, Status: status, Html: html);
            })).ToList();
            await cancel;
            var answers = await Task.WhenAll(replies);

            var rows = (await _invitees.ListInviteesAsync(course.Id, CancellationToken.None)).ToDictionary(r => r.Id);
            foreach (var answer in answers)
            {
                var row = rows[answer.Id];
                Assert.True(answer.Status is 200 or 409, $"round {round}: status {answer.Status}");
                if (answer.Began > cancelledAt)
                {
                    // Decided after the cancel answered 202: refused with the cancelled page, nothing written.
                    Assert.Equal(409, answer.Status);
                    Assert.Contains(Text("vi", "courseCancelledText"), answer.Html, StringComparison.Ordinal);
                    Assert.Equal(InviteeStatus.Pending, row.Status);
                }

                // What the page said is what storage holds: no wrong success, no lost answer.
                Assert.Equal(answer.Status == 200, row.Status is InviteeStatus.Accepted or InviteeStatus.Waitlisted);
            }

            // Anyone who holds a seat or waits for one answered before the cancel did.
            Assert.All(rows.Values.Where(r => r.Status is InviteeStatus.Accepted or InviteeStatus.Waitlisted), r =>
                Assert.True(answers.Single(a => a.Id == r.Id).Began < cancelledAt));
        }
    }

    /// <summary>A flow client that starts nothing and takes every event (the pages wake the flow after a write).</summary>
    private sealed class QuietFlows : IWorkflowClient
    {
        public Task<bool> StartAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default) => Task.FromResult<WorkflowStatus?>(null);

        public Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
