using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Attendance;
using Workflow.Courses.Progress;
using Workflow.Courses.Storage;
using Workflow.Email;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// The course's counts kept in tally rows (issue 19, item 4), checked against the scan of every invitee row (the
/// oracle, <see cref="InviteeScanner"/>) after each kind of write, under concurrent replies, and a poll that must not
/// read invitee rows.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CourseTallyTests(AzuriteFixture azurite) : FakeMailCourseTests(azurite, Now)
{
    private static readonly DateTimeOffset Now = new(2027, 4, 21, 2, 0, 0, TimeSpan.Zero);

    private AttendanceWriter _attendance = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _attendance = Get<AttendanceWriter>();
    }

    private async Task<(Course Course, List<string> Ids)> InvitingCourseAsync(int capacity, int people)
    {
        var (course, ids) = await CourseStoreTests.InvitingCourseAsync(Courses, Invitees, capacity, people, Now);
        Assert.True(course.Tallied);
        return (course, ids);
    }

    private Task<Outcome<InviteeChange>?> ReplyAsync(Course course, string inviteeId, string answer, string? reason = null) =>
        ReplyAsync(Seats, course, inviteeId, answer, reason);

    private static async Task<Outcome<InviteeChange>?> ReplyAsync(SeatStore seatStore, Course course, string inviteeId, string answer, string? reason = null) =>
        (await seatStore.ChangeInviteeAsync(
            course,
            inviteeId,
            (c, current, seats, waiting) => InviteeRules.Reply(c, current, seats, waiting, new ReplyRequest(answer, reason), Now, AuditActor.Link(current.Name)),
            CancellationToken.None))?.Outcome;

    /// <summary>The tallies say what a fresh scan says: every count, and the replies (their times to the minute).</summary>
    private async Task<CourseCounts> AssertTallyEqualsScanAsync(Course course, string step)
    {
        var tallied = await Invitees.ReadProgressAsync(course.Id, course.SessionIds, CancellationToken.None, tallied: true);
        var scanned = await Invitees.ReadProgressAsync(course.Id, course.SessionIds, CancellationToken.None, tallied: false);
        Assert.True(
            JsonSerializer.Serialize(scanned.Counts, WorkflowJson.Options) == JsonSerializer.Serialize(tallied.Counts, WorkflowJson.Options),
            $"{step}: scan {JsonSerializer.Serialize(scanned.Counts, WorkflowJson.Options)} but tallies {JsonSerializer.Serialize(tallied.Counts, WorkflowJson.Options)}");
        static List<string> Minutes(IEnumerable<ReplyMark> marks) =>
            [.. marks.Where(m => ReplyTimeline.IsReply(m.Status)).Select(m => m.Status + "@" + ReplyTimeline.Floor(m.RepliedAt, TimeSpan.FromMinutes(1)).ToUnixTimeSeconds()).Order(StringComparer.Ordinal)];
        Assert.Equal(Minutes(scanned.Replies), Minutes(tallied.Replies));
        return tallied.Counts;
    }

    [Fact]
    public async Task Every_writer_of_an_invitee_row_keeps_the_tallies_equal_to_a_scan()
    {
        var (course, ids) = await InvitingCourseAsync(capacity: 3, people: 12);
        Assert.Equal((12, 12), ((await AssertTallyEqualsScanAsync(course, "import")).Invited, (await AssertTallyEqualsScanAsync(course, "import")).Pending));

        await Invitees.MarkInvitedAsync(course.Id, ids.Take(10), Now, CancellationToken.None);
        await Invitees.MarkInvitationFailedAsync(course.Id, ids.Skip(10).ToDictionary(id => id, _ => EmailFailure.Refused(400, "bounce")), CancellationToken.None);
        // A round recovered after a crash marks the same people again: counted once.
        await Invitees.MarkInvitedAsync(course.Id, ids.Take(10), Now, CancellationToken.None);
        var counts = await AssertTallyEqualsScanAsync(course, "invited");
        Assert.Equal((10, 2), (counts.EmailsSent, counts.EmailsFailed));

        foreach (var id in ids.Take(4))
        {
            await ReplyAsync(course, id, "accept");
        }

        await ReplyAsync(course, ids[4], "decline", "Bận");
        await ReplyAsync(course, ids[5], "decline", "Bận");
        counts = await AssertTallyEqualsScanAsync(course, "replies");
        Assert.Equal((3, 1, 2), (counts.Accepted, counts.Waitlisted, counts.Declined));

        // A decline frees a seat: the waiting person is promoted in the same transaction.
        var declined = await ReplyAsync(course, ids[0], "decline", "Đi công tác");
        Assert.Equal(ids[3], declined!.Value!.Promoted!.Id);
        counts = await AssertTallyEqualsScanAsync(course, "promotion");
        Assert.Equal((3, 0), (counts.Accepted, counts.Waitlisted));

        // Hand-over: the original is delegated, the colleague's row is added.
        var handed = await Seats.DelegateAsync(
            course,
            ids[1],
            "binh@example.vn",
            (c, current, seats, exists) => InviteeRules.Delegate(c, current, seats, new DelegateRequest("Lê Thị Bình", "binh@example.vn", null), exists, Now, AuditActor.Link(current.Name)),
            CancellationToken.None);
        Assert.True(handed!.Outcome.IsDone);
        counts = await AssertTallyEqualsScanAsync(course, "hand-over");
        Assert.Equal((13, 1), (counts.Invited, counts.Delegated));

        // The organiser's offline reply (one row under its ETag).
        await Invitees.UpdateInviteeAsync(course.Id, ids[6], i => i with { Status = InviteeStatus.Declined, RepliedAt = Now.AddMinutes(7), Reason = "Ốm" }, CancellationToken.None);
        await AssertTallyEqualsScanAsync(course, "offline reply");

        // The RSVP deadline: the silent are marked no response (batches under ETags).
        Assert.Equal(3, await Invitees.MarkSilentAsNoResponseAsync(course.Id, CancellationToken.None));
        counts = await AssertTallyEqualsScanAsync(course, "no response");
        Assert.Equal(3, counts.NoResponse);

        // Attendance: a mark by the organiser (excused, allowed ahead of the session), then everyone unmarked absent after the session.
        var accepted = (await Invitees.ListAcceptedAsync(course.Id, CancellationToken.None)).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        await _attendance.UpdateAttendanceAsync(course.Id, accepted[0].Id, i => AttendanceRules.Mark(course, i, 0, AttendanceStatus.Excused, Now, TestAuthors.Organiser).Value?.Invitee, CancellationToken.None);
        await AssertTallyEqualsScanAsync(course, "attendance mark");
        var end = course.Definition.Sessions[0].End.AddHours(1);
        Assert.True(await _attendance.MarkAbsentAfterSessionAsync(course, 0, end, CancellationToken.None) > 0);
        counts = await AssertTallyEqualsScanAsync(course, "absent after session");
        Assert.Equal((1, accepted.Count - 1), (counts.Excused, counts.Absent));

        // Follow-up: a survey, a report, then a grade (not counted).
        await Invitees.UpdateInviteeAsync(course.Id, accepted[0].Id, InviteeColumns.FollowUp, i => i with { Survey = new SurveyAnswer(5, 4, 5, null, Now) }, CancellationToken.None);
        await Invitees.UpdateInviteeAsync(course.Id, accepted[1].Id, InviteeColumns.FollowUp, i => i with { Report = new LearningReport("Bài thu hoạch", Now) }, CancellationToken.None);
        counts = await AssertTallyEqualsScanAsync(course, "follow-up");
        Assert.Equal((1, 1), (counts.Surveyed, counts.Reported));

        // A nominee added and withdrawn before his invitation (a delete under the row's ETag).
        var nominee = CourseStoreTests.Valid(40, "de-cu@example.vn", "Sở Nội vụ");
        await Invitees.AddInviteesAsync(course.Id, [nominee], CancellationToken.None);
        await AssertTallyEqualsScanAsync(course, "nominee added");
        Assert.True(await Invitees.TryDeleteUninvitedAsync(course.Id, Invitee.IdFor(course.Id, nominee.EmailKey), CancellationToken.None));
        counts = await AssertTallyEqualsScanAsync(course, "nominee deleted");
        Assert.Equal(13, counts.Invited);
    }

    [Fact]
    public async Task Two_hundred_replies_fifty_at_once_leave_the_tallies_equal_to_a_scan()
    {
        var (course, ids) = await InvitingCourseAsync(capacity: 100, people: 200);
        await Invitees.MarkInvitedAsync(course.Id, ids, Now, CancellationToken.None);

        // Two "hosts" (two service providers, each with its own seat lane) on one Azurite, as on two instances.
        await using var other = BuildServices();
        SeatStore[] lanes = [Seats, other.GetRequiredService<SeatStore>()];
        using var gate = new SemaphoreSlim(50);
        var random = new Random(19);
        var answers = ids.Select(id => (Id: id, Answer: random.Next(10) < 7 ? "accept" : "decline")).ToList();
        await Task.WhenAll(answers.Select(a => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                var lane = lanes[a.Id[^1] % 2];
                await ReplyAsync(lane, course, a.Id, a.Answer, a.Answer == "decline" ? "Bận" : null);
                if (a.Id.EndsWith('0'))
                {
                    // Some change their minds: a decline frees a seat and promotes someone, concurrently.
                    await ReplyAsync(lane, course, a.Id, a.Answer == "accept" ? "decline" : "accept", "Đổi ý");
                }

                // Writes outside the seat lane, one row each under its ETag, race on the same tally shards.
                await Invitees.UpdateInviteeAsync(course.Id, a.Id, InviteeColumns.FollowUp, i => i with { Survey = new SurveyAnswer(5, 5, 5, null, Now) }, CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        })));

        var counts = await AssertTallyEqualsScanAsync(course, "after the crowd");
        Assert.Equal(200, counts.Invited);
        Assert.Equal(200, counts.Accepted + counts.Declined + counts.Waitlisted);
        Assert.True(counts.Accepted <= 100);
        Assert.Equal(200, counts.Surveyed);
    }

    [Fact]
    public async Task The_progress_poll_of_a_tallied_course_reads_no_invitee_row()
    {
        var (course, ids) = await InvitingCourseAsync(capacity: 50, people: 30);
        await Invitees.MarkInvitedAsync(course.Id, ids, Now, CancellationToken.None);
        foreach (var id in ids.Take(5))
        {
            await ReplyAsync(course, id, "accept");
        }

        // The invitee rows are changed behind the stores' back (no tally delta): a poll that read them would see it.
        var table = Services.GetRequiredService<TableServiceClient>().GetTableClient(InviteeRows.Table);
        foreach (var id in ids.Skip(5))
        {
            await table.UpdateEntityAsync(new TableEntity(course.Id, id) { ["Status"] = nameof(InviteeStatus.Declined) }, ETag.All, TableUpdateMode.Merge);
        }

        var poll = await Services.GetRequiredService<CourseProgressCache>().GetAsync(course.Id, CancellationToken.None);
        Assert.Equal((5, 25, 0), (poll!.View.Counts.Accepted, poll.View.Counts.Pending, poll.View.Counts.Declined));
        Assert.Equal(5, poll.View.Replies.Points[^1].Accepted);
        var scan = await Invitees.ReadProgressAsync(course.Id, course.SessionIds, CancellationToken.None);
        Assert.Equal(25, scan.Counts.Declined); // the oracle sees the rows; the poll did not read them

        // What the poll reads: the tally rows only, at most 8, whatever the number of invitees.
        var (_, rows) = await TallyRows.ReadAllAsync(table, course.Id, CancellationToken.None);
        Assert.InRange(rows, 1, TallyRows.Shards);
    }

    [Fact]
    public async Task A_course_created_before_the_tallies_is_still_counted_by_a_scan()
    {
        var (course, ids) = await InvitingCourseAsync(capacity: 10, people: 6);
        await ReplyAsync(course, ids[0], "accept");

        // As stored before issue 19 item 4: no Tallied flag, no tally rows.
        var table = Services.GetRequiredService<TableServiceClient>();
        await table.GetTableClient("Courses").UpdateEntityAsync(new TableEntity(course.Id, "course") { ["Tallied"] = false }, ETag.All, TableUpdateMode.Merge);
        var invitees = table.GetTableClient(InviteeRows.Table);
        await foreach (var row in invitees.QueryAsync<TableEntity>(TallyRows.Filter(course.Id), select: ["PartitionKey", "RowKey"]))
        {
            await invitees.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All);
        }

        var poll = await Services.GetRequiredService<CourseProgressCache>().GetAsync(course.Id, CancellationToken.None);
        Assert.Equal((6, 1, 5), (poll!.View.Counts.Invited, poll.View.Counts.Accepted, poll.View.Counts.Pending));
    }
}
