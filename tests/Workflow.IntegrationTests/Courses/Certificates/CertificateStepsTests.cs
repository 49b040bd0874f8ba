using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Certificates;
using Workflow.Courses.Storage;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses.Certificates;

/// <summary>
/// The certificates milestone on Azurite as two hosts would run it: each its own services (repository, PDF, real dev
/// outbox behind a counter of sends) on the same tables. Numbers are unique per course year across courses and runs,
/// each person gets one number and one email, whatever runs at once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CertificateStepsTests : IAsyncLifetime
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private readonly Host _a;
    private readonly Host _b;

    public CertificateStepsTests(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var outboxTable = "DevOutbox" + Guid.NewGuid().ToString("N")[..10];
        _a = new Host(azurite.ConnectionString, outboxTable);
        _b = new Host(azurite.ConnectionString, outboxTable);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_runs_on_two_hosts_issue_one_number_and_send_one_email_per_eligible_person()
    {
        var (course, people) = await CourseAsync(eligible: 6, notEligible: 3);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? _a : _b).Steps.IssueAsync(course.Id, CancellationToken.None)));

        Assert.Equal(6, runs.Sum());
        var invitees = await _a.Invitees.ListInviteesAsync(course.Id, CancellationToken.None);
        var numbered = invitees.Where(i => i.CertificateNumber is not null).ToList();
        Assert.Equal(people.Eligible.Order(), numbered.Select(i => i.Email).Order());
        Assert.Equal(6, numbered.Select(i => i.CertificateNumber).Distinct(StringComparer.Ordinal).Count());
        Assert.All(numbered, i => Assert.Matches(@"^BDNV-2031-[0-9]{6}$", i.CertificateNumber));
        foreach (var invitee in numbered)
        {
            var record = await _a.Certificates.FindAsync(invitee.CertificateNumber, CancellationToken.None);
            Assert.NotNull(record);
            Assert.Equal((course.Id, invitee.Id, invitee.Name, course.Definition.Title, "13/05/2031 – 14/05/2031"), (record.CourseId, record.InviteeId, record.Name, record.CourseTitle, record.Dates));
        }

        // One send per person in all, each with his PDF, and the milestone done.
        var sends = _a.Sent.Concat(_b.Sent).ToList();
        Assert.Equal(people.Eligible.Order(), sends.Select(s => s.Email).Order());
        Assert.All(sends, s => Assert.Equal("certificate", s.Kind));
        foreach (var invitee in numbered)
        {
            var item = Assert.Single(await _a.Outbox.ListAsync(invitee.Email));
            Assert.Equal(DevOutboxTable.IdFor($"certificate:{course.Id}:{invitee.Id}"), item.Id);
            Assert.Equal([new DevOutboxAttachment($"giay-chung-nhan-{invitee.CertificateNumber}.pdf", "application/pdf")], item.Attachments);
            Assert.Contains(invitee.CertificateNumber!, item.Text, StringComparison.Ordinal);
        }

        Assert.True((await _a.Courses.GetAsync(course.Id, CancellationToken.None))!.Progress.IsDone(CertificateSchedule.Key));
        Assert.DoesNotContain(CourseSchedule.For((await _a.Courses.GetAsync(course.Id, CancellationToken.None))!), m => m.Kind == MilestoneKind.Certificates);

        // A late re-run (replay, recovery) sends and numbers nothing more.
        Assert.Equal(0, await _b.Steps.IssueAsync(course.Id, CancellationToken.None));
        Assert.Equal(6, _a.Sent.Count + _b.Sent.Count);
    }

    [Fact]
    public async Task Two_courses_of_the_same_year_issued_at_once_share_one_sequence_without_a_gap_or_a_repeat()
    {
        var (first, _) = await CourseAsync(eligible: 5, notEligible: 0, year: 2032);
        var (second, _) = await CourseAsync(eligible: 5, notEligible: 1, year: 2032);
        var (other, _) = await CourseAsync(eligible: 1, notEligible: 0, year: 2033);

        await Task.WhenAll(
            _a.Steps.IssueAsync(first.Id, CancellationToken.None),
            _b.Steps.IssueAsync(second.Id, CancellationToken.None),
            _b.Steps.IssueAsync(first.Id, CancellationToken.None),
            _a.Steps.IssueAsync(other.Id, CancellationToken.None));

        var numbers = new List<string>();
        foreach (var id in new[] { first.Id, second.Id })
        {
            numbers.AddRange((await _a.Invitees.ListInviteesAsync(id, CancellationToken.None)).Select(i => i.CertificateNumber).OfType<string>());
        }

        Assert.Equal(10, numbers.Count);
        Assert.Equal(10, numbers.Distinct(StringComparer.Ordinal).Count());
        Assert.All(numbers, n => Assert.StartsWith("BDNV-2032-", n, StringComparison.Ordinal));

        // Other tests may issue 2032 numbers too, but never the same ones: these ten are ten different sequences.
        var sequences = numbers.Select(n => int.Parse(n[^6..], CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(10, sequences.Distinct().Count());
        var otherNumber = Assert.Single((await _a.Invitees.ListInviteesAsync(other.Id, CancellationToken.None)).Select(i => i.CertificateNumber).OfType<string>());
        Assert.StartsWith("BDNV-2033-", otherNumber, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_course_gets_no_certificates()
    {
        var (course, _) = await CourseAsync(eligible: 2, notEligible: 0);
        await _a.Courses.UpdateCourseAsync(course.Id, c => Outcome<Course>.Done(c with { Phase = CoursePhase.Cancelled }), CancellationToken.None);

        Assert.Equal(0, await _a.Steps.IssueAsync(course.Id, CancellationToken.None));
        Assert.All(await _a.Invitees.ListInviteesAsync(course.Id, CancellationToken.None), i => Assert.Null(i.CertificateNumber));
        Assert.Empty(_a.Sent);
    }

    /// <summary>A two-session course in phase followUp (report required): the first people present twice with a report, the others not eligible.</summary>
    private async Task<(Course Course, (List<string> Eligible, List<string> Others) People)> CourseAsync(int eligible, int notEligible, int year = 2031)
    {
        var start = new DateTimeOffset(year, 5, 13, 8, 0, 0, Vn);
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft) with { };
        course = course with
        {
            Definition = course.Definition with
            {
                Sessions = [new CourseSession(start, start.AddHours(3)), new CourseSession(start.AddDays(1), start.AddDays(1).AddHours(3))],
                RsvpDeadline = start.AddDays(-5),
                FollowUp = new FollowUpPolicy { SurveyDue = "P7D", ReportRequired = true, ReportDue = "P14D" },
            },
        };
        await _a.Courses.CreateAsync(course, CancellationToken.None);
        var emails = Enumerable.Range(0, eligible + notEligible).Select(i => $"hv{i}.{Guid.NewGuid():N}@example.vn").ToList();
        await _a.Invitees.AddInviteesAsync(course.Id, emails.Select((e, i) => CourseStoreTests.Valid(i + 2, e, "Sở Nội vụ")).ToList(), CancellationToken.None);
        Assert.True(await _a.Courses.TryStartAsync(course.Id, start.AddDays(-20), Author.System, CancellationToken.None));
        await _a.Courses.MarkMilestoneDoneAsync(course.Id, "followUpStart", CoursePhase.FollowUp, CancellationToken.None);
        var invitees = await _a.Invitees.ListInviteesAsync(course.Id, CancellationToken.None);
        foreach (var invitee in invitees)
        {
            var index = emails.IndexOf(invitee.Email);
            await _a.Invitees.UpdateInviteeAsync(course.Id, invitee.Id, i => i with { Status = InviteeStatus.Accepted }, CancellationToken.None);
            await _a.Invitees.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.Attendance, i => i with
            {
                Attendance =
                [
                    new AttendanceMark("s1", AttendanceStatus.Present, start, "link", i.Name),
                    new AttendanceMark("s2", index < eligible ? AttendanceStatus.Present : AttendanceStatus.Absent, start.AddDays(1), "organiser", "organiser"),
                ],
            }, CancellationToken.None);
            await _a.Invitees.UpdateInviteeAsync(course.Id, invitee.Id, InviteeColumns.FollowUp, i => i with { Report = new LearningReport("Bài thu hoạch của " + i.Name, start.AddDays(4)) }, CancellationToken.None);
        }

        return ((await _a.Courses.GetAsync(course.Id, CancellationToken.None))!, (emails[..eligible], emails[eligible..]));
    }

    /// <summary>One host's services on the shared tables; its sender counts what it hands to the real dev outbox.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        public Host(string connectionString, string outboxTable)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["WorkflowStorage"] = connectionString,
                    ["Workflow:PublicBaseUrl"] = "https://dieuhanh.example.vn",
                    ["Workflow:Links:ActiveKeyId"] = "k1",
                    ["Workflow:Links:Keys:k1"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(200 - i)).ToArray()),
                })
                .Build();
            var services = new ServiceCollection().AddLogging();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton(sp => new DevOutboxTable(sp.GetRequiredService<TableServiceClient>(), outboxTable));
            services.AddWorkflow(configuration);
            services.AddSingleton<DevOutboxEmailSender>();
            services.AddSingleton<IEmailSender>(sp => new CountingSender(sp.GetRequiredService<DevOutboxEmailSender>(), Sent));
            _provider = services.BuildServiceProvider();
            Steps = _provider.GetRequiredService<CertificateSteps>();
            Courses = _provider.GetRequiredService<CourseStore>();
            Invitees = _provider.GetRequiredService<InviteeStore>();
            Certificates = _provider.GetRequiredService<CertificateStore>();
            Outbox = _provider.GetRequiredService<IDevOutbox>();
        }

        public ConcurrentQueue<(string Kind, string Email)> Sent { get; } = new();

        public CertificateSteps Steps { get; }

        public CourseStore Courses { get; }

        public InviteeStore Invitees { get; }

        public CertificateStore Certificates { get; }

        public IDevOutbox Outbox { get; }

        public ValueTask DisposeAsync() => _provider.DisposeAsync();
    }

    private sealed class CountingSender(IEmailSender inner, ConcurrentQueue<(string Kind, string Email)> sent) : IEmailSender
    {
        public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
        {
            var result = await inner.SendAsync(batch, cancellationToken);
            foreach (var recipient in batch.Recipients)
            {
                sent.Enqueue((batch.Kind, recipient.Email));
            }

            return result;
        }
    }
}
