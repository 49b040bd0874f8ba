using System.Globalization;
using Azure.Data.Tables;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Storage;

namespace Workflow.IntegrationTests.Courses;

/// <summary>The Courses table on Azurite (<see cref="CourseStore"/>). Tables are shared; every test works in its own course (partition).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CourseStoreTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Now = new(2027, 4, 20, 2, 0, 0, TimeSpan.Zero);

    private readonly CourseStore _courses = new(new TableServiceClient(azurite.ConnectionString), new TableInitializer());

    /// <summary>A started course (phase inviting) of <paramref name="people"/> invitees of one unit and <paramref name="capacity"/> seats, and the invitees' ids in row order.</summary>
    internal static async Task<(Course Course, List<string> Ids)> InvitingCourseAsync(CourseStore courses, InviteeStore invitees, int capacity, int people, DateTimeOffset startedAt)
    {
        var course = NewCourse(CoursePhase.Draft);
        course = course with { Definition = course.Definition with { Capacity = capacity } };
        await courses.CreateAsync(course, CancellationToken.None);
        var rows = Enumerable.Range(0, people).Select(i => Valid(i + 2, $"nguoi{i}@example.vn", unit: "Sở Nội vụ")).ToList();
        Assert.Equal(people, (await invitees.AddInviteesAsync(course.Id, rows, CancellationToken.None)).Added);
        Assert.True(await courses.TryStartAsync(course.Id, startedAt, Author.System, CancellationToken.None));
        var ids = rows.Select(r => Invitee.IdFor(course.Id, r.EmailKey)).ToList();
        return ((await courses.GetAsync(course.Id, CancellationToken.None))!, ids);
    }

    /// <summary>
    /// A course past its follow-up start, as the API tests read it: two sessions of 3 h (<c>s1</c> at
    /// <paramref name="start"/>, <c>s2</c> the day after), replies closed 5 days before, <paramref name="followUp"/>;
    /// <paramref name="people"/> added, the course started 20 days before and its <c>followUpStart</c> milestone done.
    /// </summary>
    internal static async Task<Course> FollowUpCourseAsync(CourseStore courses, InviteeStore invitees, DateTimeOffset start, FollowUpPolicy followUp, IReadOnlyList<ValidInvitee> people)
    {
        var course = NewCourse(CoursePhase.Draft);
        course = course with
        {
            Definition = course.Definition with
            {
                Sessions = [new CourseSession(start, start.AddHours(3), "s1"), new CourseSession(start.AddDays(1), start.AddDays(1).AddHours(3), "s2")],
                RsvpDeadline = start.AddDays(-5),
                FollowUp = followUp,
            },
        };
        await courses.CreateAsync(course, CancellationToken.None);
        await invitees.AddInviteesAsync(course.Id, people, CancellationToken.None);
        Assert.True(await courses.TryStartAsync(course.Id, start.AddDays(-20), Author.System, CancellationToken.None));
        await courses.MarkMilestoneDoneAsync(course.Id, "followUpStart", CoursePhase.FollowUp, CancellationToken.None);
        return course;
    }

    internal static Course NewCourse(CoursePhase phase = CoursePhase.Draft, string? id = null) => new(
        id ?? CourseStore.NewCourseId(),
        new CourseDefinition
        {
            Title = "Bồi dưỡng nghiệp vụ cán bộ phụ trách công tác dân vận",
            Description = "Chuyên đề: điểm nóng",
            Presenters = ["Nguyễn Thế Trung"],
            Venue = "Hội trường Ban Dân vận Tỉnh ủy",
            Sessions = [new CourseSession(new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn), new DateTimeOffset(2027, 5, 13, 17, 0, 0, Vn))],
            RsvpDeadline = new DateTimeOffset(2027, 5, 6, 17, 0, 0, Vn),
            Capacity = 120,
            OrganiserEmails = ["bandanvan@example.vn"],
            Language = "vi",
            Reminders = new ReminderPolicy { BeforeRsvpDeadline = ["P3D", "PT30S"], BeforeCourse = ["P1D"] },
        },
        phase,
        Now,
        null);

    internal static ValidInvitee Valid(int row, string email, string? unit = null) =>
        new(row, "Người " + row.ToString(CultureInfo.InvariantCulture), email, CourseValidation.NormalizeEmail(email), unit, null);

    private async Task<Course> CreateAsync(CoursePhase phase = CoursePhase.Draft)
    {
        var course = NewCourse(phase);
        await _courses.CreateAsync(course, CancellationToken.None);
        return course;
    }

    [Fact]
    public async Task A_created_course_reads_back_whole()
    {
        var course = await CreateAsync();

        var read = await _courses.GetAsync(course.Id, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(course.Id, read.Id);
        Assert.Equal(CoursePhase.Draft, read.Phase);
        Assert.Equal(course.CreatedAt, read.CreatedAt);
        Assert.Null(read.StartedAt);
        var d = read.Definition;
        Assert.Equal(course.Definition.Title, d.Title);
        // Stored without session ids (as before them): each reads with the id of its position (s1...).
        Assert.Equal(CourseSessions.WithIds(course.Definition).Sessions, d.Sessions);
        Assert.Equal(["s1"], d.Sessions.Select(s => s.Id));
        Assert.Equal(course.Definition.RsvpDeadline, d.RsvpDeadline);
        Assert.Equal(course.Definition.OrganiserEmails, d.OrganiserEmails);
        Assert.Equal(course.Definition.Reminders.BeforeRsvpDeadline, d.Reminders.BeforeRsvpDeadline);
        Assert.Equal(120, d.Capacity);
        Assert.Equal("Hội trường Ban Dân vận Tỉnh ủy", d.Venue);
    }

    [Theory]
    [InlineData("0000000000000000")]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("../Courses")]
    [InlineData("")]
    public async Task Unknown_or_malformed_ids_read_as_null(string id)
    {
        Assert.Null(await _courses.GetAsync(id, CancellationToken.None));
        Assert.False(await _courses.TryStartAsync(id, Now, Author.System, CancellationToken.None));
    }

    [Fact]
    public async Task Ten_concurrent_starts_start_the_course_exactly_once()
    {
        var course = await CreateAsync();
        using var gate = new SemaphoreSlim(0);

        var starts = Enumerable.Range(0, 10).Select(async i =>
        {
            await gate.WaitAsync();
            return await _courses.TryStartAsync(course.Id, Now.AddSeconds(i), new Author($"tochuc{i}@demo.local", $"Tổ chức {i}"), CancellationToken.None);
        }).ToList();
        gate.Release(10);
        var results = await Task.WhenAll(starts);

        Assert.Single(results, r => r);
        var started = await _courses.GetAsync(course.Id, CancellationToken.None);
        Assert.Equal(CoursePhase.Inviting, started!.Phase);
        Assert.NotNull(started.StartedAt);

        // One history line, of the organiser whose start won, written with the phase (same time, same write).
        var winner = results.ToList().IndexOf(true);
        var line = Assert.Single(started.History);
        Assert.Equal(new HistoryEntry(started.StartedAt!.Value, new Author($"tochuc{winner}@demo.local", $"Tổ chức {winner}"), "started"), line);
        Assert.False(await _courses.TryStartAsync(course.Id, Now, Author.System, CancellationToken.None)); // and never again
    }

    [Fact]
    public async Task Revert_start_lets_the_organiser_start_again()
    {
        var course = await CreateAsync();
        var organiser = new Author("tochuc@demo.local", "Trần Thị Tổ Chức");
        Assert.True(await _courses.UpdateCourseAsync(course.Id, c => Outcome<Course>.Done(CourseHistory.Record(c, organiser, Now, CourseHistory.Created)), CancellationToken.None) is { IsDone: true });
        Assert.True(await _courses.TryStartAsync(course.Id, Now, organiser, CancellationToken.None));

        await _courses.RevertStartAsync(course.Id, CancellationToken.None);

        var reverted = await _courses.GetAsync(course.Id, CancellationToken.None);
        Assert.Equal(CoursePhase.Draft, reverted!.Phase);
        Assert.Null(reverted.StartedAt);
        Assert.Equal(["created"], reverted.History.Select(h => h.What)); // the undone start leaves no line
        Assert.True(await _courses.TryStartAsync(course.Id, Now.AddMinutes(1), organiser, CancellationToken.None));
        Assert.Equal(["created", "started"], (await _courses.GetAsync(course.Id, CancellationToken.None))!.History.Select(h => h.What));
    }

    [Fact]
    public async Task A_history_line_written_meanwhile_does_not_make_a_start_fail()
    {
        var course = await CreateAsync();
        var organiser = new Author("tochuc@demo.local", "Trần Thị Tổ Chức");
        using var gate = new SemaphoreSlim(0);

        // Invitees added (a history-only write of the course row) racing the start: both land, the start once.
        var lines = Enumerable.Range(0, 5).Select(async i =>
        {
            await gate.WaitAsync();
            return (await _courses.UpdateCourseAsync(course.Id, c => Outcome<Course>.Done(CourseHistory.Record(c, organiser, Now, CourseHistory.InviteesAdded, "1")), CancellationToken.None)).IsDone;
        }).ToList();
        var start = Task.Run(async () =>
        {
            await gate.WaitAsync();
            return await _courses.TryStartAsync(course.Id, Now, organiser, CancellationToken.None);
        });
        gate.Release(6);

        Assert.True(await start);
        Assert.All(await Task.WhenAll(lines), Assert.True);
        var stored = (await _courses.GetAsync(course.Id, CancellationToken.None))!;
        Assert.Equal(CoursePhase.Inviting, stored.Phase);
        Assert.Equal((5, 1), (stored.History.Count(h => h.What == "inviteesAdded"), stored.History.Count(h => h.What == "started")));
    }

    [Fact]
    public async Task Phase_moves_only_from_the_expected_phase()
    {
        var course = await CreateAsync(CoursePhase.Inviting);

        Assert.False(await _courses.TryMovePhaseAsync(course.Id, CoursePhase.Draft, CoursePhase.RsvpClosed, CancellationToken.None));
        Assert.True(await _courses.TryMovePhaseAsync(course.Id, CoursePhase.Inviting, CoursePhase.RsvpClosed, CancellationToken.None));
        Assert.False(await _courses.TryMovePhaseAsync(course.Id, CoursePhase.Inviting, CoursePhase.RsvpClosed, CancellationToken.None));
        Assert.Equal(CoursePhase.RsvpClosed, (await _courses.GetAsync(course.Id, CancellationToken.None))!.Phase);
        Assert.Contains(course.Id, await _courses.ListIdsInPhaseAsync(CoursePhase.RsvpClosed, CancellationToken.None));
        Assert.DoesNotContain(course.Id, await _courses.ListIdsInPhaseAsync(CoursePhase.Inviting, CancellationToken.None));
    }
}
