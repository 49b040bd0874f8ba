using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Storage;
using Workflow.Email;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Templates;

namespace Workflow.IntegrationTests.Courses;

/// <summary>The course flow's steps with the real SendGrid sender against the fake Mail Send server, on Azurite, when the provider refuses an address.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CourseFlowEmailFaultTests : IAsyncLifetime
{
    private const string Refusal = "Does not contain a valid address.";

    /// <summary>The refusal as the organiser reads it: a sentence of the string tables, the service's words after it as data.</summary>
    private const string RefusedVi = "Dịch vụ email đã từ chối gửi thư này. Nguyên văn của dịch vụ email: “" + Refusal + "”";
    private const string RefusedEn = "The email service refused to send this message. The email service's words: “" + Refusal + "”";
    private static readonly DateTimeOffset Now = new(2027, 4, 21, 2, 0, 0, TimeSpan.Zero);

    private readonly AzuriteFixture _azurite;
    private FakeMailSendServer? _mail;
    private ServiceProvider? _provider;
    private CourseStore _courses = null!;
    private InviteeStore _invitees = null!;
    private CourseFlowSteps _steps = null!;

    public CourseFlowEmailFaultTests(AzuriteFixture azurite) => _azurite = azurite;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The flow's services with SendGrid pointed at a fake Mail Send server answering <paramref name="faults"/> first.</summary>
    private async Task<FakeMailSendServer> StartAsync(params MailSendFault[] faults)
    {
        var mail = _mail = await FakeMailSendServer.StartWithFaultsAsync(faults);
        // The real clock: the Mail Send pipeline waits its back-off on the DI TimeProvider, which a fake one would never advance.
        _provider = WorkflowTestServices.Build(_azurite, TimeProvider.System, mail.BaseUrl, settings: new Dictionary<string, string?>
        {
            ["Workflow:Email:SendGridRetryDelay"] = "00:00:00.020",
            ["Workflow:Email:SendGridMaxRetries"] = "2",
        });
        Assert.IsType<SendGridEmailSender>(_provider.GetRequiredService<IEmailSender>());
        _courses = _provider.GetRequiredService<CourseStore>();
        _invitees = _provider.GetRequiredService<InviteeStore>();
        _steps = _provider.GetRequiredService<CourseFlowSteps>();
        return mail;
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        if (_mail is not null)
        {
            await _mail.DisposeAsync();
        }
    }

    private async Task<Course> StartedCourseAsync(IEnumerable<string> people)
    {
        var course = CourseStoreTests.NewCourse(CoursePhase.Draft);
        course = course with { Definition = course.Definition with { OrganiserEmails = ["bandanvan@example.vn"] } };
        await _courses.CreateAsync(course, CancellationToken.None);
        await _invitees.AddInviteesAsync(course.Id, people.Select((e, i) => CourseStoreTests.Valid(i + 2, e, "Sở Nội vụ")).ToList(), CancellationToken.None);
        Assert.True(await _courses.TryStartAsync(course.Id, Now, Author.System, CancellationToken.None));
        return course;
    }

    private static string[] People(int count) => Enumerable.Range(0, count).Select(i => $"nguoi{i}.{Guid.NewGuid():N}@example.vn").ToArray();

    [Fact]
    public async Task A_refused_address_fails_alone_is_shown_and_summarised_and_is_never_sent_again()
    {
        var mail = await StartAsync();
        var people = People(6);
        var bad = people[3];
        var others = people.Where(p => p != bad).ToList();
        mail.RefuseAddress(bad, namesField: true, Refusal);
        var course = await StartedCourseAsync(people);

        Assert.Equal(5, await _steps.InviteAsync(course.Id, CancellationToken.None));

        // Everyone else invited exactly once; the refused address never accepted.
        Assert.Equal(others.Order(StringComparer.Ordinal), mail.AcceptedEmails.Order(StringComparer.Ordinal));
        var invitees = (await _invitees.ListInviteesAsync(course.Id, CancellationToken.None)).ToDictionary(i => i.Email, StringComparer.Ordinal);
        Assert.Equal(EmailStatus.Failed, invitees[bad].EmailStatus);
        Assert.Equal(EmailFailure.Refused(400, Refusal), invitees[bad].EmailError);
        Assert.All(others, o => Assert.Equal((EmailStatus.Sent, (EmailFailure?)null), (invitees[o].EmailStatus, invitees[o].EmailError)));

        // GET /api/courses/{id}/invitees shows it, in the reader's language.
        var words = _provider!.GetRequiredService<TemplateRenderer>();
        foreach (var (language, expected) in new[] { ("vi", RefusedVi), ("en", RefusedEn) })
        {
            var shown = InviteeView.From(invitees[bad], invitees.Values, course.SessionIds, p => words.Render(p, language));
            using var view = JsonDocument.Parse(JsonSerializer.Serialize(shown, WorkflowJson.Options));
            Assert.Equal("failed", view.RootElement.GetProperty("emailStatus").GetString());
            Assert.Equal(expected, view.RootElement.GetProperty("emailError").GetString());
        }

        var counts = await _invitees.CountAsync(course.Id, CancellationToken.None);
        Assert.Equal((6, 5, 1), (counts.Invited, counts.EmailsSent, counts.EmailsFailed));

        // A re-run (activity retry, recovery restart, newcomers added) sends nothing again, to anyone.
        var requests = mail.Requests.Count;
        Assert.Equal(0, await _steps.InviteAsync(course.Id, CancellationToken.None));
        Assert.Equal(requests, mail.Requests.Count);

        // Reminders go to the invited only, once.
        Assert.Equal(5, await _steps.RemindAsync(new ReminderRequest(course.Id, Now.AddDays(1)), CancellationToken.None));
        Assert.Equal(others.Concat(others).Order(StringComparer.Ordinal), mail.AcceptedEmails.Order(StringComparer.Ordinal));

        // The organisers' summary lists the failed address with the reason, and no one else's.
        mail.Reset();
        await _steps.CloseRsvpAsync(course.Id, CancellationToken.None);
        var summary = Assert.Single(mail.Requests);
        Assert.Equal(["bandanvan@example.vn"], mail.AcceptedEmails);
        using (var json = JsonDocument.Parse(summary.Body))
        {
            var content = json.RootElement.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
            Assert.Contains($"<{bad}> (thư mời): {RefusedVi}", content["text/plain"], StringComparison.Ordinal);
            Assert.Contains($"&lt;{bad}&gt; (thư mời): Dịch vụ email đã từ chối gửi thư này. Nguyên văn của dịch vụ email:", content["text/html"], StringComparison.Ordinal);
            Assert.Contains(Refusal, content["text/html"], StringComparison.Ordinal);
            Assert.DoesNotContain("Refused by", content["text/plain"] + content["text/html"], StringComparison.Ordinal);
            Assert.All(others, o => Assert.DoesNotContain(o, content["text/plain"] + content["text/html"], StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal(0, await _steps.CloseRsvpAsync(course.Id, CancellationToken.None));
        Assert.Single(mail.Requests);
    }

    [Fact]
    public async Task A_passing_fault_after_a_refusal_keeps_the_refusal_and_the_retry_sends_only_the_others_once()
    {
        // The first request is refused for one address; its re-send without it meets a provider outage past the retries.
        var people = People(4);
        var mail = await StartAsync(
            new MailSendFault(400, ErrorField: "personalizations.1.to.0.email", ErrorMessage: Refusal),
            MailSendFault.Answer(503), MailSendFault.Answer(503), MailSendFault.Answer(503));
        var course = await StartedCourseAsync(people);
        var uninvited = await _invitees.ListUninvitedAsync(course.Id, CancellationToken.None); // the order the step sends in
        var bad = uninvited[1].Email;

        var error = await Assert.ThrowsAsync<EmailNotSentException>(() => _steps.InviteAsync(course.Id, CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Empty(mail.AcceptedEmails);
        var failed = Assert.Single(await _invitees.ListInviteesAsync(course.Id, CancellationToken.None), i => i.EmailStatus == EmailStatus.Failed);
        Assert.Equal(bad, failed.Email);

        // The activity's retry: the provider is back; the refused address is not offered again.
        Assert.Equal(3, await _steps.InviteAsync(course.Id, CancellationToken.None));
        Assert.Equal(people.Where(p => p != bad).Order(StringComparer.Ordinal), mail.AcceptedEmails.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(mail.Requests.Skip(4), r => r.Body.Contains(bad, StringComparison.Ordinal));
        var counts = await _invitees.CountAsync(course.Id, CancellationToken.None);
        Assert.Equal((3, 1), (counts.EmailsSent, counts.EmailsFailed));
    }
}
