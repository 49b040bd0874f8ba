using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflow.Access;
using Workflow.Hosting;

namespace Workflow.UnitTests.Access;

/// <summary>
/// On Azure the script keys are Key Vault references (infra/app/function-app.bicep). A reference App Service could not
/// resolve reaches the app as its own text, which anyone who knows the vault's name could send: it must open nothing.
/// </summary>
public sealed class ScriptKeyTests
{
    private const string Unresolved = "@Microsoft.KeyVault(VaultName=kv-abc;SecretName=master-key)";

    private static Authenticator Keys(string? organiser, string? master, Dictionary<string, ScriptKeyOptions>? more = null)
    {
        var access = new AccessOptions();
        foreach (var (name, key) in more ?? [])
        {
            access.Keys[name] = key;
        }

        return new Authenticator(Options.Create(new WorkflowOptions { OrganiserApiKey = organiser, MasterKey = master }), Options.Create(access));
    }

    private static Credential Present(Authenticator authenticator, string key)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers[Authenticator.KeyHeader] = key;
        return authenticator.Read(http.Request);
    }

    [Theory]
    [InlineData(Unresolved)]
    [InlineData("  @microsoft.keyvault(SecretUri=https://kv-abc.vault.azure.net/secrets/master-key/)")]
    public void An_unresolved_Key_Vault_reference_is_never_a_key(string setting)
    {
        var authenticator = Keys(organiser: setting, master: setting, new() { ["report"] = new ScriptKeyOptions { Secret = setting, Roles = "leader", Units = "*" } });

        Assert.IsType<Credential.Invalid>(Present(authenticator, setting));
    }

    [Fact]
    public void Resolved_keys_keep_their_callers()
    {
        var authenticator = Keys(organiser: "org-secret", master: "master-secret");

        var organiser = Assert.IsType<Credential.OfKey>(Present(authenticator, "org-secret")).Caller;
        Assert.Equal("organiser-key", organiser.Id);
        Assert.Equal(Roles.Organiser | Roles.Officer, organiser.Roles);
        Assert.True(organiser.AllUnits);

        var master = Assert.IsType<Credential.OfKey>(Present(authenticator, "master-secret")).Caller;
        Assert.Equal("master-key", master.Id);
        Assert.True(master.HasAny(Roles.Administrator));
    }

    [Fact]
    public void One_unresolved_key_leaves_the_others_working()
    {
        var authenticator = Keys(organiser: "org-secret", master: Unresolved);

        Assert.IsType<Credential.OfKey>(Present(authenticator, "org-secret"));
        Assert.IsType<Credential.Invalid>(Present(authenticator, Unresolved));
    }
}
