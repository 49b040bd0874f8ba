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
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 5;
        options.Retry.Mode = RetryMode.Exponential;

        var connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new BlobServiceClient(connectionString, options);
        }

        var section = configuration.GetSection(ConnectionName);
        var uri = section["blobServiceUri"];
        if (string.IsNullOrWhiteSpace(uri))
        {
            return new BlobServiceClient("UseDevelopmentStorage=true", options);
        }

        return new BlobServiceClient(new Uri(uri), Credential(section["clientId"]), options);
    }

    private static TokenCredential Credential(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    public static TableServiceClient CreateClient(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 5;
        options.Retry.Mode = RetryMode.Exponential;

        var connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new TableServiceClient(connectionString, options);
        }

        var section = configuration.GetSection(ConnectionName);
        var uri = section["tableServiceUri"];
        if (string.IsNullOrWhiteSpace(uri))
        {
            return new TableServiceClient("UseDevelopmentStorage=true", options);
        }

        var clientId = section["clientId"];
        TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        return new TableServiceClient(new Uri(uri), credential, options);
    }
}
