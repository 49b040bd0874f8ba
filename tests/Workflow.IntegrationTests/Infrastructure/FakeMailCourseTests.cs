using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflow.Courses.Storage;
using Workflow.Testing;

namespace Workflow.IntegrationTests.Infrastructure;

/// <summary>
/// A test class on the course stores with the SendGrid sender against a fake Mail Send server: for each test, a
/// <see cref="FakeMailSendServer"/> (<see cref="Mail"/>) is started and the product's services
/// (<see cref="WorkflowTestServices.Build"/>, <see cref="Services"/>) are built on the collection's Azurite at a fake
/// clock standing at <c>now</c>; both are disposed after the test. Derived classes keep
/// <c>[Collection(AzuriteCollection.Name)]</c> and may override <see cref="InitializeAsync"/> (calling the base first)
/// to resolve more services.
/// </summary>
public abstract class FakeMailCourseTests(AzuriteFixture azurite, DateTimeOffset now) : IAsyncLifetime
{
    /// <summary>The fake Mail Send server the SendGrid sender posts to.</summary>
    protected FakeMailSendServer Mail { get; private set; } = null!;

    /// <summary>The product's services, SendGrid pointed at <see cref="Mail"/>.</summary>
    protected ServiceProvider Services { get; private set; } = null!;

    protected CourseStore Courses { get; private set; } = null!;

    protected InviteeStore Invitees { get; private set; } = null!;

    protected SeatStore Seats { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Mail = await FakeMailSendServer.StartAsync();
        Services = BuildServices();
        Courses = Get<CourseStore>();
        Invitees = Get<InviteeStore>();
        Seats = Get<SeatStore>();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Mail.DisposeAsync();
    }

    /// <summary>A service of <see cref="Services"/>.</summary>
    protected T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Another "host": a new service provider (its own caches and seat lanes) on the same Azurite and fake, at the same clock. The caller disposes it.</summary>
    protected ServiceProvider BuildServices() => WorkflowTestServices.Build(azurite, new FakeTimeProvider(now), Mail.BaseUrl);
}
