using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Attendance;
using Workflow.Courses.Nominations;
using Workflow.Courses.Storage;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Units;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// The attendance milestones' steps as the activities run them, on Azurite with the real dev outbox: absences after each
/// session exactly once, the unit reports exactly once (to the nomination contact, else the registry's contacts), the phases,
/// and the counts.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AttendanceStepsTests : DevOutboxCourseTests
{
    private static readonly DateTimeOffset Start1 = new(2027, 5, 13, 7, 0, 0, TimeSpan.Zero);

    private readonly SeatStore _seats;
    private readonly AttendanceWriter _attendance;
    private readonly AttendanceSteps _steps;

    // The units registry of this test class alone (the registry is one table for the whole account).
    public AttendanceStepsTests(AzuriteFixture azurite)
        : base(azurite, new FakeTimeProvider(Start1.AddDays(-10)), services => services.AddSingleton(sp => new UnitStore(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<Workflow.Storage.TableInitializer>(), "Units" + Guid.NewGuid().ToString("N")[..10])))
    {
        _seats = Get<SeatStore>();
        _attendance = Get<AttendanceWriter>();
        _steps = Get<AttendanceSteps>();
    }

    [Fact]
    public async Task Sessions_end_with_absences_once_units_get_their_report_once_and_the_counts_are_real()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft) is var c
            ? c with
            {
                Definition = c.Definition with
                {
                    Sessions = [new CourseSession(Start1, Start1.AddHours(3)), new CourseSession(Start1.AddDays(1), Start1.AddDays(1).AddHours(3))],
                    RsvpDeadline = Start1.AddDays(-2),
                },
            }
            : throw new InvalidOperationException();
        await Courses.CreateAsync(course, CancellationToken.None);
        string Email(string who) => $"{who}.{tag}@tinh.example";
        await Invitees.AddInviteesAsync(course.Id, [
            CourseStoreTests.Valid(2, Email("an"), "Sở Nội vụ"),
            CourseStoreTests.Valid(3, Email("binh"), "Sở Nội vụ"),
            CourseStoreTests.Valid(4, Email("chi"), "Sở Nội vụ"),
            CourseStoreTests.Valid(5, Email("dung"), "Sở Nội vụ"),
            CourseStoreTests.Valid(6, Email("em"), "Đảng ủy xã Quảng Phú"),
            CourseStoreTests.Valid(7, Email("giang"), "Đảng ủy xã Quảng Phú"),
        ], CancellationToken.None);
        Assert.True(await Courses.TryStartAsync(course.Id, Time.GetUtcNow(), Author.System, CancellationToken.None));
        course = (await Courses.GetAsync(course.Id, CancellationToken.None))!;
        var people = (await Invitees.ListInviteesAsync(course.Id, CancellationToken.None)).ToDictionary(i => i.Email[..i.Email.IndexOf('.', StringComparison.Ordinal)]);
        await Invitees.MarkInvitedAsync(course.Id, people.Values.Select(p => p.Id), Time.GetUtcNow(), CancellationToken.None);
        foreach (var (who, answer) in new[] { ("an", "accept"), ("binh", "accept"), ("chi", "accept"), ("dung", "decline"), ("em", "accept") })
        {
            var outcome = (await _seats.ChangeInviteeAsync(course, people[who].Id, (c, i, seats, waiting) =>
                InviteeRules.Reply(c, i, seats, waiting, new ReplyRequest(answer, answer == "decline" ? "Đi công tác" : null), Time.GetUtcNow(), AuditActor.Link(i.Name)), CancellationToken.None))?.Outcome;
            Assert.True(outcome!.IsDone);
        }

        Time.SetUtcNow(Start1.AddDays(-2));
        await Invitees.MarkSilentAsNoResponseAsync(course.Id, CancellationToken.None); // giang
        Assert.True(await Courses.TryMovePhaseAsync(course.Id, CoursePhase.Inviting, CoursePhase.RsvpClosed, CancellationToken.None));

        // Sở Nội vụ is in the registry (two contacts); Đảng ủy xã Quảng Phú was asked to nominate (its contact gets it, not the registry).
        await Services.GetRequiredService<UnitStore>().ReplaceAllAsync(
            [new OrgUnit("Sở Nội vụ", "department", null, [Email("lanhdao.snv"), Email("vanphong.snv")]), new OrgUnit("Đảng ủy xã Quảng Phú", "commune", null, [Email("registry.qp")])],
            Author.System,
            Time.GetUtcNow(),
            CancellationToken.None);
        await Services.GetRequiredService<NominationStore>().UpsertAsync(course.Id, [new ValidNomination(1, "Đảng ủy xã Quảng Phú", Email("vanphong.qp"), 3)], CancellationToken.None);

        // The first session: An checks in by link, Bình is excused by the organiser, Chi does not come.
        Time.SetUtcNow(Start1.AddMinutes(-20));
        course = (await Courses.GetAsync(course.Id, CancellationToken.None))!;
        Assert.NotNull(await _attendance.UpdateAttendanceAsync(course.Id, people["an"].Id, i => AttendanceRules.CheckIn(course, i, Time.GetUtcNow()).Value?.Invitee, CancellationToken.None));
        await _attendance.UpdateAttendanceAsync(course.Id, people["binh"].Id, i => AttendanceRules.Mark(course, i, 0, AttendanceStatus.Excused, Time.GetUtcNow(), TestAuthors.Organiser).Value?.Invitee, CancellationToken.None);

        Time.SetUtcNow(Start1);
        await _steps.StartCourseAsync(course.Id, CancellationToken.None);
        course = (await Courses.GetAsync(course.Id, CancellationToken.None))!;
        Assert.Equal(CoursePhase.InProgress, course.Phase);
        Assert.Equal(
            ["sessionEnd:0", "courseEnd", "sessionEnd:1"],
            CourseSchedule.For(course).Where(m => m.Kind is MilestoneKind.CourseStart or MilestoneKind.SessionEnd or MilestoneKind.CourseEnd).Select(m => m.Key)); // attendance's part

        Time.SetUtcNow(course.Definition.Sessions[0].End);
        Assert.Equal(2, await _steps.EndSessionAsync(new SessionEndRequest(course.Id, 0), CancellationToken.None)); // Chi and Em
        Assert.Equal(0, await _steps.EndSessionAsync(new SessionEndRequest(course.Id, 0), CancellationToken.None)); // a re-run marks no one again
        var afterFirst = (await Invitees.ListInviteesAsync(course.Id, CancellationToken.None)).ToDictionary(i => i.Id);
        Assert.Equal(AttendanceStatus.Absent, afterFirst[people["chi"].Id].AttendanceFor("s1")!.Status);
        Assert.Single(afterFirst[people["chi"].Id].Audit, a => a is { Channel: "system", What: "absent" });
        Assert.Equal(AttendanceStatus.Present, afterFirst[people["an"].Id].AttendanceFor("s1")!.Status);
        Assert.Equal(AttendanceStatus.Excused, afterFirst[people["binh"].Id].AttendanceFor("s1")!.Status);
        Assert.Null(afterFirst[people["dung"].Id].AttendanceFor("s1"));
        Assert.Null(afterFirst[people["giang"].Id].AttendanceFor("s1"));
        Assert.Equal(["accepted", "present"], afterFirst[people["an"].Id].Audit.Select(a => a.What));

        // The second session: An checks in again; the course ends (the same-instant sessionEnd:1 may come after courseEnd).
        Time.SetUtcNow(course.Definition.Sessions[1].Start.AddMinutes(-5));
        await _attendance.UpdateAttendanceAsync(course.Id, people["an"].Id, i => AttendanceRules.CheckIn(course, i, Time.GetUtcNow()).Value?.Invitee, CancellationToken.None);
        Time.SetUtcNow(course.Definition.Sessions[1].End);
        await _steps.EndCourseAsync(course.Id, CancellationToken.None);
        await _steps.EndCourseAsync(course.Id, CancellationToken.None);
        Assert.Equal(0, await _steps.EndSessionAsync(new SessionEndRequest(course.Id, 1), CancellationToken.None));
        course = (await Courses.GetAsync(course.Id, CancellationToken.None))!;
        Assert.Equal(CoursePhase.FollowUp, course.Phase);
        Assert.Empty(AttendanceSchedule.For(course));
        Assert.Equal(0, await _steps.SendUnitReportsAsync(course, CancellationToken.None));

        // One report per unit contact, once: the registry's two contacts of Sở Nội vụ, the nomination contact of Quảng Phú.
        var snv = await Outbox.ListAsync(Email("lanhdao.snv"), CancellationToken.None);
        Assert.Single(snv);
        Assert.Single(await Outbox.ListAsync(Email("vanphong.snv"), CancellationToken.None));
        Assert.Single(await Outbox.ListAsync(Email("vanphong.qp"), CancellationToken.None));
        Assert.Empty(await Outbox.ListAsync(Email("registry.qp"), CancellationToken.None));
        var text = snv[0].Text;
        Assert.Contains("Kết quả tham dự của đơn vị", snv[0].Subject, StringComparison.Ordinal);
        Assert.Contains("có mặt / có mặt", text, StringComparison.Ordinal);          // An
        Assert.Contains("vắng có phép / vắng", text, StringComparison.Ordinal);       // Bình
        Assert.Contains("vắng / vắng", text, StringComparison.Ordinal);               // Chi
        Assert.Contains("Từ chối tham dự", text, StringComparison.Ordinal);           // Dũng
        Assert.Contains("Đi công tác", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Email("em"), (await Outbox.ListAsync(Email("vanphong.snv"), CancellationToken.None))[0].Text, StringComparison.Ordinal);
        Assert.Contains("Không trả lời thư mời", (await Outbox.ListAsync(Email("vanphong.qp"), CancellationToken.None))[0].Text, StringComparison.Ordinal); // Giang
        var reports = Services.GetRequiredService<UnitReportStore>();
        Assert.NotNull(await reports.SentAtAsync(course.Id, NominationRules.IdFor(course.Id, "Sở Nội vụ"), CancellationToken.None));

        // Counts: people at the top, marks per session.
        var counts = await Invitees.CountAsync(course.Id, CancellationToken.None, course.SessionIds);
        Assert.Equal((1, 3, 1), (counts.Present, counts.Absent, counts.Excused)); // An; Bình (day 2), Chi, Em; Bình (day 1)
        Assert.Equal([new SessionCounts(1, 1, 2, 1, 0), new SessionCounts(2, 1, 3, 0, 0)], counts.Sessions);
    }
}
