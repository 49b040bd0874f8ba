using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflow.Courses.Storage;
using Workflow.Email;

namespace Workflow.IntegrationTests.Infrastructure;

/// <summary>
/// A test class on the course stores whose emails go to a dev outbox table of its own: the product's services
/// (<see cref="WorkflowTestServices.Build"/>, <see cref="Services"/>) on the collection's Azurite at a fake clock the
/// test moves (<see cref="Time"/>), built with the class and disposed after each test. Derived classes keep
/// <c>[Collection(AzuriteCollection.Name)]</c> and resolve the steps they run with <see cref="Get{T}"/>.
/// </summary>
public abstract class DevOutboxCourseTests : IAsyncLifetime
{
    /// <param name="configure">Registrations after the product's own, e.g. a units table of the test class's own.</param>
    protected DevOutboxCourseTests(AzuriteFixture azurite, FakeTimeProvider time, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        Time = time;
        Services = WorkflowTestServices.Build(azurite, time, configure: configure);
        Courses = Get<CourseStore>();
        Invitees = Get<InviteeStore>();
        Outbox = Get<IDevOutbox>();
    }

    /// <summary>The services' clock; it moves only when the test moves it.</summary>
    protected FakeTimeProvider Time { get; }

    protected ServiceProvider Services { get; }

    protected CourseStore Courses { get; }

    protected InviteeStore Invitees { get; }

    /// <summary>The dev outbox of these services alone, so the emails a test counts are its own.</summary>
    protected IDevOutbox Outbox { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Services.DisposeAsync();

    /// <summary>A service of <see cref="Services"/>.</summary>
    protected T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();
}
