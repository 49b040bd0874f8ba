using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workflow.Email;

/// <summary>Which transport <see cref="IEmailSender"/> is; hosts map <c>GET /api/dev/outbox</c> only when <see cref="UsesDevOutbox"/>.</summary>
public sealed record EmailTransport(bool UsesDevOutbox);

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Email: <see cref="EmailOptions"/> from <c>Workflow:Email</c>, and <see cref="IEmailSender"/> = SendGrid when
    /// <c>Workflow:Email:SendGridApiKey</c> is set, else the dev outbox (then also <see cref="IDevOutbox"/>).
    /// The dev outbox needs a <see cref="TableServiceClient"/> singleton registered by the host.
    /// </summary>
    public static IServiceCollection AddWorkflowEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(EmailOptions.Section);
        services.AddOptions<EmailOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        var sendGrid = services.AddHttpClient(SendGridEmailSender.HttpClientName, (sp, client) =>
        {
            client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<EmailOptions>>().Value.SendGridBaseUrl);
            client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's attempt and total timeouts rule, not HttpClient's 100 s
        });
        sendGrid.AddResilienceHandler(SendGridEmailSender.PipelineName, (pipeline, context) => SendGridResilience.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<EmailOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>()));
        sendGrid.AddHttpMessageHandler(() => new SendGridAttemptHandler()); // added after the pipeline, so inside it: runs once per attempt

        // An App Service Key Vault reference that could not be resolved (secret not set yet) stays as its
        // literal "@Microsoft.KeyVault(...)" text: that is no key, so messages are kept in the outbox table.
        var key = section[nameof(EmailOptions.SendGridApiKey)];
        var usesDevOutbox = string.IsNullOrWhiteSpace(key) || key.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal);
        services.TryAddSingleton(new EmailTransport(usesDevOutbox));
        if (usesDevOutbox)
        {
            services.TryAddSingleton(sp => new DevOutboxTable(
                sp.GetRequiredService<TableServiceClient>(),
                sp.GetRequiredService<IOptions<EmailOptions>>().Value.OutboxTable));
            services.TryAddSingleton<IDevOutbox, DevOutbox>();
            services.TryAddSingleton<DevOutboxEmailSender>();
            services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<DevOutboxEmailSender>());
            services.TryAddSingleton<IScheduledSends>(sp => sp.GetRequiredService<DevOutboxEmailSender>());
        }
        else
        {
            services.TryAddSingleton<IEmailSender, SendGridEmailSender>();
            services.TryAddSingleton<IScheduledSends, SendGridScheduledSends>();
        }

        return services;
    }
}
