using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Email;
using Workflow.Hosting;

namespace Workflow.IntegrationTests.Infrastructure;

/// <summary>
/// The product's services as the hosts register them (<c>AddWorkflow</c>), on the collection's Azurite, for tests that
/// call the domain steps directly: with the SendGrid sender against a fake Mail Send server when
/// <c>sendGridBaseUrl</c> is given (retries 20 ms apart), otherwise with a dev outbox table of this provider alone, so
/// the emails a test counts are its own.
/// </summary>
public static class WorkflowTestServices
{
    public const string PublicBaseUrl = "https://dieuhanh.example.vn";

    /// <param name="configure">Registrations after the product's own (the last one wins), e.g. a units table of the test's own.</param>
    /// <param name="settings">Configuration of the test's own, over the defaults, e.g. <c>Workflow:Email:SendGridMaxRetries</c>.</param>
    /// <param name="wrapSender">
    /// With <paramref name="sendGridBaseUrl"/>: the SendGrid sender as the test wraps it (a crash after a batch, a probe),
    /// registered before the product's own so it is the one <see cref="IEmailSender"/>.
    /// </param>
    public static ServiceProvider Build(
        AzuriteFixture azurite,
        TimeProvider time,
        string? sendGridBaseUrl = null,
        Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<IEmailSender, IEmailSender>? wrapSender = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var values = new Dictionary<string, string?>
        {
            ["WorkflowStorage"] = azurite.ConnectionString,
            ["Workflow:PublicBaseUrl"] = PublicBaseUrl,
            ["Workflow:Links:ActiveKeyId"] = "k1",
            ["Workflow:Links:Keys:k1"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray()),
        };
        if (sendGridBaseUrl is not null)
        {
            values["Workflow:Email:SendGridApiKey"] = "SG.test";
            values["Workflow:Email:SendGridBaseUrl"] = sendGridBaseUrl;
            values["Workflow:Email:SendGridRetryDelay"] = "00:00:00.020";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(time);
        if (sendGridBaseUrl is null)
        {
            var outboxTable = "DevOutbox" + Guid.NewGuid().ToString("N")[..10];
            services.AddSingleton(sp => new DevOutboxTable(sp.GetRequiredService<TableServiceClient>(), outboxTable));
        }

        if (wrapSender is not null)
        {
            if (sendGridBaseUrl is null)
            {
                throw new ArgumentException("A wrapped sender needs the SendGrid sender (sendGridBaseUrl).", nameof(wrapSender));
            }

            services.AddSingleton<IEmailSender>(sp => wrapSender(ActivatorUtilities.CreateInstance<SendGridEmailSender>(sp)));
        }

        services.AddWorkflow(configuration);

        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        if (wrapSender is not null)
        {
            return provider; // the test's own sender, made when first asked for
        }

        var sender = provider.GetRequiredService<IEmailSender>();
        if (sendGridBaseUrl is not null ? sender is not SendGridEmailSender : sender is not DevOutboxEmailSender)
        {
            throw new InvalidOperationException($"Expected the {(sendGridBaseUrl is null ? "dev outbox" : "SendGrid")} sender, got {sender.GetType().Name}.");
        }

        return provider;
    }
}
