namespace Workflow.IntegrationTests.Infrastructure;

/// <summary>
/// Azurite (<see cref="AzuriteProcess"/>: from the repository's node_modules on free loopback ports with its own
/// data folder, stopped by process id) for the test collection; tests isolate themselves by table names and task
/// hub names.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => (_azurite ?? throw new InvalidOperationException("Azurite is not started.")).ConnectionString;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find());

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// The long end-to-end journeys (a course run on the local host with offsets in seconds): they mostly wait for the
/// course's own milestones, so they get an Azurite of their own and run beside the <see cref="AzuriteCollection"/> tests
/// instead of after them (xUnit runs collections in parallel; the tests inside one collection one after another).
/// </summary>
[CollectionDefinition(Name)]
public sealed class JourneyCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite journeys";
}

/// <summary>
/// The journeys and fault runs over several local hosts on one task hub (<c>tests/Workflow.Testing/LocalHostCluster.cs</c>):
/// an Azurite of their own, beside the other collections.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MultiHostCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite multi-host";
}
