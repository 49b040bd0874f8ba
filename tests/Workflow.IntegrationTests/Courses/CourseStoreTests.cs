using System.Globalization;
using Azure.Data.Tables;
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
        Assert.False(await _courses.TryStartAsync(id, Now, CancellationToken.None));
    }

    [Fact]
    public async Task Ten_concurrent_starts_start_the_course_exactly_once()
    {
        var course = await CreateAsync();
        using var gate = new SemaphoreSlim(0);

        var starts = Enumerable.Range(0, 10).Select(async i =>
        {
            await gate.WaitAsync();
            return await _courses.TryStartAsync(course.Id, Now.AddSeconds(i), CancellationToken.None);
        }).ToList();
        gate.Release(10);
        var results = await Task.WhenAll(starts);

        Assert.Single(results, r => r);
        var started = await _courses.GetAsync(course.Id, CancellationToken.None);
        Assert.Equal(CoursePhase.Inviting, started!.Phase);
        Assert.NotNull(started.StartedAt);
        Assert.False(await _courses.TryStartAsync(course.Id, Now, CancellationToken.None)); // and never again
    }

    [Fact]
    public async Task Revert_start_lets_the_organiser_start_again()
    {
        var course = await CreateAsync();
        Assert.True(await _courses.TryStartAsync(course.Id, Now, CancellationToken.None));

        await _courses.RevertStartAsync(course.Id, CancellationToken.None);

        var reverted = await _courses.GetAsync(course.Id, CancellationToken.None);
        Assert.Equal(CoursePhase.Draft, reverted!.Phase);
        Assert.Null(reverted.StartedAt);
        Assert.True(await _courses.TryStartAsync(course.Id, Now, CancellationToken.None));
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
