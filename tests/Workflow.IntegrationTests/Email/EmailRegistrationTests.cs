using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.Email;

namespace Workflow.IntegrationTests.Email;

public sealed class EmailRegistrationTests
{
    [Fact]
    public void Without_a_SendGrid_key_the_dev_outbox_is_the_sender()
    {
        using var provider = Build(new() { ["Workflow:Email:SendGridApiKey"] = "" });

        Assert.True(provider.GetRequiredService<EmailTransport>().UsesDevOutbox);
        Assert.IsType<DevOutboxEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.Same(provider.GetRequiredService<IEmailSender>(), provider.GetRequiredService<IScheduledSends>());
        Assert.NotNull(provider.GetService<IDevOutbox>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void With_a_SendGrid_key_SendGrid_is_the_sender_and_there_is_no_outbox()
    {
        using var provider = Build(new() { ["Workflow:Email:SendGridApiKey"] = "SG.key" });

        Assert.False(provider.GetRequiredService<EmailTransport>().UsesDevOutbox);
        Assert.IsType<SendGridEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.IsType<SendGridScheduledSends>(provider.GetRequiredService<IScheduledSends>());
        Assert.Null(provider.GetService<IDevOutbox>());
    }

    [Fact]
    public void An_unresolved_Key_Vault_reference_is_no_key_so_messages_stay_in_the_outbox_table()
    {
        using var provider = Build(new() { ["Workflow:Email:SendGridApiKey"] = "@Microsoft.KeyVault(VaultName=kv-x;SecretName=sendgrid-api-key)" });

        Assert.True(provider.GetRequiredService<EmailTransport>().UsesDevOutbox);
        Assert.IsType<DevOutboxEmailSender>(provider.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void Invalid_options_fail_at_start()
    {
        using var provider = Build(new() { ["Workflow:Email:SenderEmail"] = "not an address" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("SenderEmail", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new TableServiceClient("UseDevelopmentStorage=true"));
        services.AddWorkflowEmail(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
