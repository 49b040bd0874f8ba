using Microsoft.Extensions.DependencyInjection;

namespace Workflow.IntegrationTests.Infrastructure;

/// <summary>
/// A test class that drives a running local host (<see cref="LocalHost"/>, started for each test) and runs steps or reads
/// stores beside it with the product's services on the host's storage (<see cref="Services"/>,
/// <see cref="LocalHostFixture.BuildServices"/>); both are disposed after each test. Derived classes keep
/// <c>[Collection(AzuriteCollection.Name)]</c>.
/// </summary>
public abstract class LocalHostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>The running local host and its organiser client.</summary>
    protected LocalHostFixture LocalHost { get; } = new(azurite);

    /// <summary>The product's services beside <see cref="LocalHost"/>, on its storage.</summary>
    protected ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await LocalHost.InitializeAsync();
        Services = LocalHost.BuildServices();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await LocalHost.DisposeAsync();
    }
}
