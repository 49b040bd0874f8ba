using System.Globalization;
using Azure.Data.Tables;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Storage;

namespace Workflow.IntegrationTests.Courses;

/// <summary>The invitee rows on Azurite (<see cref="InviteeStore"/>). Tables are shared; every test works in its own course (partition).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InviteeStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2027, 4, 20, 2, 0, 0, TimeSpan.Zero);

    private readonly CourseStore _courses = new(new TableServiceClient(azurite.ConnectionString), new TableInitializer());
    private readonly InviteeStore _invitees = new(new TableServiceClient(azurite.ConnectionString), new TableInitializer());

    private static ValidInvitee Valid(int row, string email, string? unit = null) => CourseStoreTests.Valid(row, email, unit);

    private static List<ValidInvitee> Many(int count, int firstRow = 2, string prefix = "p") =>
        Enumerable.Range(0, count).Select(i => Valid(firstRow + i, $"{prefix}{i}@example.vn")).ToList();

    private async Task<Course> CreateAsync(CoursePhase phase = CoursePhase.Draft)
    {
        var course = CourseStoreTests.NewCourse(phase);
        await _courses.CreateAsync(course, CancellationToken.None);
        return course;
    }

    private static string IdOf(Course course, string email) => Invitee.IdFor(course.Id, CourseValidation.NormalizeEmail(email));

    [Fact]
    public async Task Adding_250_invitees_twice_adds_them_once_and_reports_every_duplicate_with_its_row()
    {
        var course = await CreateAsync();
        var rows = Many(250);

        var (added, duplicates) = await _invitees.AddInviteesAsync(course.Id, rows, CancellationToken.None);
        Assert.Equal(250, added);
        Assert.Empty(duplicates);

        // The same list again (the dedupe before it missed them, as in a race with another import).
        var again = await _invitees.AddInviteesAsync(course.Id, rows, CancellationToken.None);
        Assert.Equal(0, again.Added);
        Assert.Equal(rows.Select(r => new DuplicateRow(r.Row, r.Email)), again.Duplicates);

        var stored = await _invitees.ListInviteesAsync(course.Id, CancellationToken.None);
        Assert.Equal(250, stored.Count);
        Assert.Equal(rows.Select(r => r.Email).Order(StringComparer.Ordinal), stored.Select(i => i.Email).Order(StringComparer.Ordinal));
        Assert.All(stored, i => Assert.Equal((InviteeStatus.Pending, EmailStatus.NotSent), (i.Status, i.EmailStatus)));
        Assert.Equal(250, (await _invitees.GetEmailKeysAsync(course.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_batch_partly_known_keeps_the_new_rows_and_reports_the_known_ones()
    {
        var course = await CreateAsync();
        await _invitees.AddInviteesAsync(course.Id, Many(30), CancellationToken.None);
        // 20 known (differing only in case), 130 new, across two batches.
        var mixed = Many(20, 2, "P").Concat(Many(130, 22, "new")).ToList();

        var (added, duplicates) = await _invitees.AddInviteesAsync(course.Id, mixed, CancellationToken.None);

        Assert.Equal(130, added);
        Assert.Equal(Enumerable.Range(2, 20), duplicates.Select(d => d.Row));
        Assert.Equal(160, (await _invitees.ListInviteesAsync(course.Id, CancellationToken.None)).Count);

        // The counts kept in the tally rows took the 130 written, not the 20 refused (the import reads no row first).
        var tallied = await _invitees.CountAsync(course.Id, CancellationToken.None, tallied: true);
        var scanned = await _invitees.CountAsync(course.Id, CancellationToken.None, tallied: false);
        Assert.Equal((160, 160), (tallied.Pending, scanned.Pending));
    }

    [Fact]
    public async Task Two_imports_racing_on_the_same_people_add_each_once()
    {
        var course = await CreateAsync();
        var rows = Many(150);

        var results = await Task.WhenAll(
            _invitees.AddInviteesAsync(course.Id, rows, CancellationToken.None),
            _invitees.AddInviteesAsync(course.Id, rows, CancellationToken.None));

        Assert.Equal(150, results.Sum(r => r.Added));
        Assert.Equal(150, results.Sum(r => r.Duplicates.Count));
        Assert.Equal(150, (await _invitees.ListInviteesAsync(course.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Twenty_concurrent_updates_lose_nothing()
    {
        var course = await CreateAsync(CoursePhase.Inviting);
        await _invitees.AddInviteesAsync(course.Id, [Valid(2, "an@example.vn")], CancellationToken.None);
        var id = IdOf(course, "an@example.vn");
        using var gate = new SemaphoreSlim(0);

        var updates = Enumerable.Range(0, 20).Select(async i =>
        {
            await gate.WaitAsync();
            return await _invitees.UpdateInviteeAsync(
                course.Id,
                id,
                current => current with
                {
                    // A counter and a list: each writer adds to what it read.
                    Reason = (current.Reason is null ? string.Empty : current.Reason + ",") + i.ToString(CultureInfo.InvariantCulture),
                    Status = i % 2 == 0 ? InviteeStatus.Accepted : InviteeStatus.Declined,
                },
                CancellationToken.None);
        }).ToList();
        gate.Release(20);
        await Task.WhenAll(updates);

        var final = await _invitees.GetInviteeAsync(course.Id, id, CancellationToken.None);
        var written = final!.Reason!.Split(',').Select(int.Parse).ToList();
        Assert.Equal(Enumerable.Range(0, 20), written.Order());
        Assert.Equal(written[^1] % 2 == 0 ? InviteeStatus.Accepted : InviteeStatus.Declined, final.Status);
    }

    [Fact]
    public async Task An_update_that_decides_nothing_writes_nothing_and_unknown_invitees_are_null()
    {
        var course = await CreateAsync(CoursePhase.Inviting);
        await _invitees.AddInviteesAsync(course.Id, [Valid(2, "an@example.vn")], CancellationToken.None);

        var unchanged = await _invitees.UpdateInviteeAsync(course.Id, IdOf(course, "an@example.vn"), _ => null, CancellationToken.None);
        Assert.Equal(InviteeStatus.Pending, unchanged!.Status);
        Assert.Null(await _invitees.UpdateInviteeAsync(course.Id, "ffffffffffffffffffff", i => i with { Status = InviteeStatus.Accepted }, CancellationToken.None));
    }

    [Fact]
    public async Task Marking_invited_after_a_reply_keeps_the_reply()
    {
        var course = await CreateAsync(CoursePhase.Inviting);
        await _invitees.AddInviteesAsync(course.Id, [Valid(2, "an@example.vn"), Valid(3, "binh@example.vn")], CancellationToken.None);
        var uninvited = await _invitees.ListUninvitedAsync(course.Id, CancellationToken.None); // the sender's snapshot
        var an = IdOf(course, "an@example.vn");

        // A reply lands while the invitations are being sent.
        var repliedAt = Now.AddMinutes(1);
        await _invitees.UpdateInviteeAsync(course.Id, an, i => i with { Status = InviteeStatus.Declined, Reason = "Trùng lịch họp", RepliedAt = repliedAt }, CancellationToken.None);
        await _invitees.MarkInvitedAsync(course.Id, uninvited.Select(i => i.Id), Now.AddMinutes(2), CancellationToken.None);

        var read = await _invitees.GetInviteeAsync(course.Id, an, CancellationToken.None);
        Assert.Equal(InviteeStatus.Declined, read!.Status);
        Assert.Equal("Trùng lịch họp", read.Reason);
        Assert.Equal(repliedAt, read.RepliedAt);
        Assert.Equal(EmailStatus.Sent, read.EmailStatus);
        Assert.Equal(Now.AddMinutes(2), read.InvitedAt);
        Assert.Empty(await _invitees.ListUninvitedAsync(course.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_reply_written_from_a_read_taken_before_marking_invited_does_not_undo_the_mark()
    {
        var course = await CreateAsync(CoursePhase.Inviting);
        await _invitees.AddInviteesAsync(course.Id, [Valid(2, "an@example.vn")], CancellationToken.None);
        var an = IdOf(course, "an@example.vn");
        var calls = 0;

        var updated = await _invitees.UpdateInviteeAsync(
            course.Id,
            an,
            current =>
            {
                if (++calls == 1)
                {
                    // Between this read and its write the invitation is marked sent.
                    _invitees.MarkInvitedAsync(course.Id, [an], Now, CancellationToken.None).GetAwaiter().GetResult();
                }

                return current with { Status = InviteeStatus.Accepted, RepliedAt = Now };
            },
            CancellationToken.None);

        Assert.Equal(2, calls); // the stale write was refused and decided again on fresh data
        var read = await _invitees.GetInviteeAsync(course.Id, an, CancellationToken.None);
        Assert.Equal((InviteeStatus.Accepted, EmailStatus.Sent, Now), (read!.Status, read.EmailStatus, read.InvitedAt!.Value));
        Assert.Equal(InviteeStatus.Accepted, updated!.Status);
    }

    [Fact]
    public async Task Counts_are_per_status_and_list_pending_is_only_invited_and_unanswered()
    {
        var course = await CreateAsync(CoursePhase.Inviting);
        string[] letters = ["a", "b", "c", "d", "e", "f", "g"];
        var people = letters.Select((p, i) => Valid(i + 2, p + "@example.vn")).ToList();
        await _invitees.AddInviteesAsync(course.Id, people, CancellationToken.None);
        string Id(string p) => IdOf(course, p + "@example.vn");
        await _invitees.MarkInvitedAsync(course.Id, letters[..6].Select(Id), Now, CancellationToken.None); // g not yet invited
        await _invitees.UpdateInviteeAsync(course.Id, Id("a"), i => i with { Status = InviteeStatus.Accepted }, CancellationToken.None);
        await _invitees.UpdateInviteeAsync(course.Id, Id("b"), i => i with { Status = InviteeStatus.Accepted }, CancellationToken.None);
        await _invitees.UpdateInviteeAsync(course.Id, Id("c"), i => i with { Status = InviteeStatus.Declined }, CancellationToken.None);
        await _invitees.UpdateInviteeAsync(course.Id, Id("d"), i => i with { Status = InviteeStatus.NoResponse }, CancellationToken.None);

        var counts = await _invitees.CountAsync(course.Id, CancellationToken.None);

        Assert.Equal(7, counts.Invited);
        Assert.Equal(3, counts.Pending); // e, f invited; g not yet
        Assert.Equal(2, counts.Accepted);
        Assert.Equal(1, counts.Declined);
        Assert.Equal(1, counts.NoResponse);
        Assert.Equal(0, counts.Delegated + counts.Waitlisted);
        Assert.Equal(6, counts.EmailsSent);

        var pending = await _invitees.ListPendingAsync(course.Id, CancellationToken.None);
        Assert.Equal(["e@example.vn", "f@example.vn"], pending.Select(i => i.Email).Order(StringComparer.Ordinal));
        Assert.Equal(["g@example.vn"], (await _invitees.ListUninvitedAsync(course.Id, CancellationToken.None)).Select(i => i.Email));

        // Another course's invitees are not counted.
        var other = await CreateAsync(CoursePhase.Inviting);
        Assert.Equal(0, (await _invitees.CountAsync(other.Id, CancellationToken.None)).Invited);
    }

    [Fact]
    public async Task Reminder_marks_are_kept_per_invitee()
    {
        var course = await CreateAsync(CoursePhase.Inviting);
        await _invitees.AddInviteesAsync(course.Id, [Valid(2, "an@example.vn"), Valid(3, "binh@example.vn")], CancellationToken.None);
        var an = IdOf(course, "an@example.vn");
        var at = new DateTimeOffset(2027, 5, 3, 10, 0, 0, TimeSpan.Zero);

        await _invitees.MarkRemindedAsync(course.Id, [an], at, CancellationToken.None);

        var all = await _invitees.ListInviteesAsync(course.Id, CancellationToken.None);
        Assert.Equal(at, all.Single(i => i.Id == an).LastReminderFor);
        Assert.Null(all.Single(i => i.Id != an).LastReminderFor);
    }
}
