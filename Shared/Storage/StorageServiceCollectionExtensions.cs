using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workflow.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The configuration name of the domain tables' connection (same shape as a Functions connection).</summary>
    public const string ConnectionName = "WorkflowStorage";

    /// <summary>
    /// Registers the one <see cref="TableServiceClient"/> of the app. <c>WorkflowStorage</c> is either a
    /// connection string (Azurite, local runs) or a section with <c>tableServiceUri</c> and optional
    /// <c>clientId</c> of a user-assigned managed identity (Azure, no keys).
    /// </summary>
    public static IServiceCollection AddWorkflowStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => CreateClient(configuration));
        services.TryAddSingleton(_ => CreateBlobClient(configuration));
        return services;
    }

    /// <summary>
    /// The one <see cref="BlobServiceClient"/> (learning-report files): the same <c>WorkflowStorage</c> connection string
    /// (Azurite), or <c>WorkflowStorage:blobServiceUri</c> with the same identity as the tables (Azure, no keys).
    /// </summary>
    public static BlobServiceClient CreateBlobClient(IConfiguration configuration)
    {
        var options = Retrying(new BlobClientOptions());
        return Create(configuration, "blobServiceUri", c => new BlobServiceClient(c, options), (uri, credential) => new BlobServiceClient(uri, credential, options));
    }

    /// <summary>The one <see cref="TableServiceClient"/> (see <see cref="AddWorkflowStorage"/>).</summary>
    public static TableServiceClient CreateClient(IConfiguration configuration)
    {
        var options = Retrying(new TableClientOptions());
        return Create(configuration, "tableServiceUri", c => new TableServiceClient(c, options), (uri, credential) => new TableServiceClient(uri, credential, options));
    }

    /// <summary>
    /// A storage client from <c>WorkflowStorage</c>: a connection string; or a section whose <paramref name="uriKey"/> names
    /// the service, reached with the user-assigned managed identity <c>clientId</c> (else the default credential); or,
    /// with neither, Azurite.
    /// </summary>
    private static TClient Create<TClient>(
        IConfiguration configuration, string uriKey, Func<string, TClient> fromConnectionString, Func<Uri, TokenCredential, TClient> fromUri)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return fromConnectionString(connectionString);
        }

        var section = configuration.GetSection(ConnectionName);
        var uri = section[uriKey];
        if (string.IsNullOrWhiteSpace(uri))
        {
            return fromConnectionString("UseDevelopmentStorage=true");
        }

        return fromUri(new Uri(uri), Credential(section["clientId"]));
    }

    private static TOptions Retrying<TOptions>(TOptions options)
        where TOptions : ClientOptions
    {
        options.Retry.MaxRetries = 5;
        options.Retry.Mode = RetryMode.Exponential;
        return options;
    }

    private static TokenCredential Credential(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
}
