using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workflow.UnitTests.Infra;

/// <summary>
/// Security and configuration promises of the deployed infrastructure, read from the ARM
/// template that infra/build.sh compiles (and lints) from infra/main.bicep.
/// </summary>
public sealed partial class InfraTemplateTests(ArmTemplateFixture arm) : IClassFixture<ArmTemplateFixture>
{
    // Built-in role definition ids.
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    /// <summary>Every app setting the code reads (link keys, named by key id, are checked apart).</summary>
    public static TheoryData<string> RequiredAppSettings =>
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "WorkflowStorage__tableServiceUri",
        "WorkflowStorage__blobServiceUri",
        "WorkflowStorage__credential",
        "WorkflowStorage__clientId",
        "WorkflowTaskHub",
        "Workflow__PublicBaseUrl",
        "Workflow__OrganisationName",
        "Workflow__Email__SenderEmail",
        "Workflow__Email__SenderName",
        "Workflow__Email__SendGridApiKey",
        "Workflow__Links__ActiveKeyId",
        "Workflow__Access__Administrators",
        "Workflow__OrganiserApiKey",
        "Workflow__MasterKey",
        "ComplaintAlertSchedule",
        "Workflow__Complaints__LeadershipEmails",
        "Workflow__Complaints__RuleSet",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];

    private ArmResource AppSettingsResource =>
        Assert.Single(arm.OfType("Microsoft.Web/sites/config"), r => r.Name.Contains("'appsettings'", StringComparison.Ordinal));

    private string AppSettingsExpression => (string?)AppSettingsResource.Properties
        ?? throw new InvalidOperationException("appsettings properties are not an expression.");

    private IReadOnlyDictionary<string, string> AppSettings => ArmExpression.CreateObjectArguments(AppSettingsExpression);

    [Fact]
    public void Storage_account_has_shared_keys_off_https_only_and_tls12()
    {
        var storage = arm.One("Microsoft.Storage/storageAccounts");
        var p = storage.Properties!;

        Assert.False((bool?)p["allowSharedKeyAccess"] ?? true);
        Assert.True((bool?)p["defaultToOAuthAuthentication"]);
        Assert.True((bool?)p["supportsHttpsTrafficOnly"]);
        Assert.False((bool?)p["allowBlobPublicAccess"] ?? true);
        Assert.Equal("TLS1_2", (string?)p["minimumTlsVersion"]);
    }

    [Fact]
    public void Learning_report_files_have_a_private_container_the_app_reaches_through_its_identity()
    {
        var container = Assert.Single(arm.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => c.Name.Contains("learning-reports", StringComparison.Ordinal));
        Assert.Equal("None", (string?)container.Properties!["publicAccess"]);
        Assert.Equal("variables('blobServiceUri')", AppSettings["WorkflowStorage__blobServiceUri"]);
    }

    [Fact]
    public void No_storage_keys_or_key_based_connection_strings_anywhere()
    {
        var text = arm.Main.ToJsonString();

        Assert.DoesNotContain("listKeys(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DefaultEndpointsProtocol", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AzureWebJobsStorage", AppSettings.Keys);
        Assert.DoesNotContain("WorkflowStorage", AppSettings.Keys);
    }

    [Theory]
    [MemberData(nameof(RequiredAppSettings))]
    public void Every_setting_the_code_reads_is_deployed(string name)
    {
        Assert.Contains(name, AppSettings.Keys);
    }

    [Fact]
    public void Runtime_and_task_hub_reach_storage_through_the_user_assigned_identity()
    {
        var settings = AppSettings;

        Assert.Equal("'managedidentity'", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("parameters('identityClientId')", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("parameters('storageAccountName')", settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("variables('blobServiceUri')", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal("variables('queueServiceUri')", settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("variables('tableServiceUri')", settings["AzureWebJobsStorage__tableServiceUri"]);

        Assert.Equal("'managedidentity'", settings["WorkflowStorage__credential"]);
        Assert.Equal("parameters('identityClientId')", settings["WorkflowStorage__clientId"]);
        Assert.Equal("variables('tableServiceUri')", settings["WorkflowStorage__tableServiceUri"]);
        Assert.Equal("variables('blobServiceUri')", settings["WorkflowStorage__blobServiceUri"]);

        Assert.Equal("parameters('taskHubName')", settings["WorkflowTaskHub"]);
    }

    [Fact]
    public void Secrets_are_Key_Vault_references_read_with_the_identity()
    {
        Assert.StartsWith("format('@Microsoft.KeyVault(VaultName={0};SecretName={1})'", AppSettings["Workflow__Email__SendGridApiKey"], StringComparison.Ordinal);

        // Link keys: one setting per key id, each a Key Vault reference.
        Assert.Contains("variables('linkKeySettings')", AppSettingsExpression, StringComparison.Ordinal);
        var linkKeys = AppSettingsResource.Variable("linkKeySettings") ?? string.Empty;
        Assert.Contains("format('Workflow__Links__Keys__{0}'", linkKeys, StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(VaultName=", linkKeys, StringComparison.Ordinal);

        var site = arm.One("Microsoft.Web/sites");
        Assert.Equal("parameters('identityId')", Unbracket((string?)site.Properties!["keyVaultReferenceIdentity"]));

        var vault = arm.One("Microsoft.KeyVault/vaults");
        Assert.True((bool?)vault.Properties!["enableRbacAuthorization"]);
        Assert.True((bool?)vault.Properties!["enableSoftDelete"]);
        var secretNames = arm.OfType("Microsoft.KeyVault/vaults/secrets").Select(s => s.Name).ToList();
        Assert.Contains(secretNames, n => n.Contains("sendGridSecretName", StringComparison.Ordinal));
        Assert.Contains(secretNames, n => n.Contains("activeLinkKeySecretName", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Workflow__OrganiserApiKey", "organiserApiKeySecretName", "organiserApiKey")]
    [InlineData("Workflow__MasterKey", "masterKeySecretName", "masterKey")]
    public void The_script_keys_are_Key_Vault_references_the_template_writes_only_when_given(string setting, string secretNameParameter, string valueParameter)
    {
        // The app checks these keys itself (every HTTP trigger is anonymous to the Functions host): no host key, no clear text.
        Assert.Equal(
            $"format('@Microsoft.KeyVault(VaultName={{0}};SecretName={{1}})', parameters('keyVaultName'), parameters('{secretNameParameter}'))",
            AppSettings[setting]);

        var secret = Assert.Single(arm.OfType("Microsoft.KeyVault/vaults/secrets"), s => s.Name.Contains($"parameters('{secretNameParameter}')", StringComparison.Ordinal));
        Assert.Equal($"[not(empty(parameters('{valueParameter}')))]", (string?)secret.Node["condition"]);
        Assert.Equal("securestring", (string?)arm.Main["parameters"]?[valueParameter]?["type"]);
        Assert.Equal(string.Empty, (string?)arm.Main["parameters"]?[valueParameter]?["defaultValue"]);
    }

    [Fact]
    public void The_first_administrators_come_from_a_parameter()
    {
        Assert.Equal("parameters('administrators')", AppSettings["Workflow__Access__Administrators"]);
        Assert.Equal(string.Empty, (string?)arm.Main["parameters"]?["administrators"]?["defaultValue"]);
    }

    [Fact]
    public void Authentication_lets_anonymous_requests_through_to_the_apps_own_gate()
    {
        var auth = AuthSettings;
        var p = auth.Properties!;

        Assert.True((bool?)p["platform"]?["enabled"]);
        // The app answers 401/403 itself; personal links, certificate check, health and the page shell stay open.
        Assert.Equal("AllowAnonymous", (string?)p["globalValidation"]?["unauthenticatedClientAction"]);
        Assert.False((bool?)p["globalValidation"]?["requireAuthentication"] ?? true);
        Assert.True((bool?)p["login"]?["tokenStore"]?["enabled"]);
        Assert.True((bool?)p["httpSettings"]?["requireHttps"]);
        Assert.Equal("NoProxy", (string?)p["httpSettings"]?["forwardProxy"]?["convention"]);
        Assert.Equal("[if(variables('entra'), variables('entraProviders'), variables('oidcProviders'))]", (string?)p["identityProviders"]);
        Assert.Equal("[equals(parameters('authProvider'), 'entra')]", auth.Variable("entra"));
    }

    [Fact]
    public void Without_a_client_id_authentication_is_not_configured_and_only_keys_work()
    {
        var auth = AuthSettings;
        Assert.Equal("[variables('authEnabled')]", (string?)auth.Node["condition"]);
        Assert.Equal("[not(empty(parameters('authClientId')))]", auth.Variable("authEnabled"));

        // `azd up` with no identity provider: the default is no client id.
        var parameters = arm.Main["parameters"]!;
        Assert.Equal(string.Empty, (string?)parameters["authClientId"]?["defaultValue"]);
        Assert.Equal("entra", (string?)parameters["authProvider"]?["defaultValue"]);
        Assert.Equal(["entra", "oidc"], parameters["authProvider"]?["allowedValues"]?.AsArray().Select(v => (string?)v));
        Assert.Equal("securestring", (string?)parameters["authClientSecret"]?["type"]);

        // The sign-in settings and the provider's secret setting exist only with authentication.
        var settings = auth.Variable("authSettings") ?? string.Empty;
        Assert.StartsWith("[if(variables('authEnabled'), createObject(", settings, StringComparison.Ordinal);
        Assert.EndsWith(", createObject())]", settings, StringComparison.Ordinal);
        Assert.Contains("variables('authSettings')", AppSettingsExpression, StringComparison.Ordinal);
    }

    [Fact]
    public void Entra_ID_signs_in_with_the_client_id_the_tenant_issuer_and_a_secret_from_Key_Vault()
    {
        var auth = AuthSettings;
        var aad = auth.VariableNode("entraProviders")?["azureActiveDirectory"];
        Assert.NotNull(aad);
        Assert.True((bool?)aad["enabled"]);
        Assert.Equal("[parameters('authClientId')]", (string?)aad["registration"]?["clientId"]);
        Assert.Equal("[parameters('authOpenIdIssuer')]", (string?)aad["registration"]?["openIdIssuer"]);
        Assert.Equal("[variables('authSecretSettingName')]", (string?)aad["registration"]?["clientSecretSettingName"]);

        // Empty issuer: the subscription's own tenant, https://login.microsoftonline.com/<tenant>/v2.0 in the public cloud.
        var module = Assert.Single(arm.Resources, r => r.Type == "Microsoft.Resources/deployments" && r.Name == "function-app");
        var issuer = module.Properties!["parameters"]?["authOpenIdIssuer"]?.ToString() ?? string.Empty;
        Assert.Contains("format('{0}{1}/v2.0', environment().authentication.loginEndpoint, tenant().tenantId)", issuer, StringComparison.Ordinal);

        AssertSecretSettingIsKeyVaultReference(auth);
        Assert.Contains("format('/.auth/login/{0}?post_login_redirect_uri=/api/organiser', if(variables('entra'), 'aad', parameters('authOidcName')))", auth.Variable("signInPath"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_provinces_OpenID_Connect_sign_in_is_a_custom_provider_with_its_discovery_document()
    {
        var auth = AuthSettings;
        Assert.Equal(
            "[variables('oidcProvider')]",
            (string?)auth.VariableNode("oidcProviders")?["customOpenIdConnectProviders"]?["[format('{0}', parameters('authOidcName'))]"]);

        var provider = auth.VariableNode("oidcProvider");
        Assert.NotNull(provider);
        Assert.True((bool?)provider["enabled"]);
        Assert.Equal("[parameters('authClientId')]", (string?)provider["registration"]?["clientId"]);
        Assert.Equal("[variables('authSecretSettingName')]", (string?)provider["registration"]?["clientCredential"]?["clientSecretSettingName"]);
        Assert.Equal("[parameters('authOidcWellKnownUrl')]", (string?)provider["registration"]?["openIdConnectConfiguration"]?["wellKnownOpenIdConfiguration"]);
        Assert.Equal("[parameters('authOidcNameClaimType')]", (string?)provider["login"]?["nameClaimType"]);

        AssertSecretSettingIsKeyVaultReference(auth);
    }

    [Fact]
    public void Function_app_is_https_only_tls12_with_ftp_and_basic_publishing_off()
    {
        var site = arm.One("Microsoft.Web/sites");
        var p = site.Properties!;

        Assert.True((bool?)p["httpsOnly"]);
        Assert.Equal("1.2", (string?)p["siteConfig"]?["minTlsVersion"]);
        Assert.Equal("1.2", (string?)p["siteConfig"]?["scmMinTlsVersion"]);
        Assert.Equal("Disabled", (string?)p["siteConfig"]?["ftpsState"]);

        var policies = arm.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Contains(policies, r => r.Name.Contains("'ftp'", StringComparison.Ordinal));
        Assert.Contains(policies, r => r.Name.Contains("'scm'", StringComparison.Ordinal));
        Assert.All(policies, r => Assert.False((bool?)r.Properties!["allow"] ?? true));
    }

    [Fact]
    public void Function_app_is_flex_consumption_dotnet_isolated_10_with_a_user_assigned_identity()
    {
        var plan = arm.One("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan.Node["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan.Node["sku"]?["tier"]);

        var site = arm.One("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site.Node["kind"]);
        Assert.Equal("UserAssigned", (string?)site.Node["identity"]?["type"]);

        var config = site.Properties!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]?["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]?["storage"]?["authentication"]?["type"]);
        Assert.Contains("azd-service-name", site.Node["tags"]?.ToJsonString() ?? string.Empty, StringComparison.Ordinal);

        arm.One("Microsoft.ManagedIdentity/userAssignedIdentities");
    }

    [Theory]
    [InlineData(StorageQueueDataContributor)]
    [InlineData(StorageTableDataContributor)]
    [InlineData(KeyVaultSecretsUser)]
    [InlineData(MonitoringMetricsPublisher)]
    public void App_identity_has_role_named_guid_of_scope_principal_role(string roleId)
    {
        AssertAppRoleAssignment([roleId]);
    }

    [Fact]
    public void App_identity_has_a_blob_data_role_named_guid_of_scope_principal_role()
    {
        AssertAppRoleAssignment([StorageBlobDataOwner, StorageBlobDataContributor]);
    }

    [Fact]
    public void Every_role_assignment_name_is_guid_of_scope_principal_role()
    {
        var assignments = arm.OfType("Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);
        foreach (var assignment in assignments)
        {
            var match = GuidName().Match(assignment.Name);
            Assert.True(match.Success, $"Role assignment name is not guid(scope, principal, role): {assignment.Name}");
            var roleDefinitionId = (string?)assignment.Properties!["roleDefinitionId"] ?? string.Empty;
            Assert.Contains($"variables('{match.Groups["role"].Value}')", roleDefinitionId, StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f-]{36}$", assignment.Variable(match.Groups["role"].Value) ?? string.Empty);
        }
    }

    [Fact]
    public void Application_Insights_is_workspace_based()
    {
        arm.One("Microsoft.OperationalInsights/workspaces");
        var insights = arm.One("Microsoft.Insights/components");
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)insights.Properties!["WorkspaceResourceId"] ?? string.Empty, StringComparison.Ordinal);
        Assert.StartsWith("'ClientId=", Unbracket(AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]).Replace("format(", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_match_the_code()
    {
        var parameters = arm.Main["parameters"]!;
        Assert.Equal("0 0 0 * * *", (string?)parameters["complaintAlertSchedule"]?["defaultValue"]);
        Assert.Equal("default", (string?)parameters["complaintRuleSet"]?["defaultValue"]);
        Assert.Matches("^[A-Za-z0-9]{1,16}$", (string?)parameters["activeLinkKeyId"]?["defaultValue"] ?? string.Empty);
        Assert.Equal("securestring", (string?)parameters["linkSigningKey"]?["type"]);
        Assert.Equal("securestring", (string?)parameters["sendGridApiKey"]?["type"]);

        // Empty public base URL means the app's own https URL.
        Assert.Contains("format('https://{0}'", AppSettings["Workflow__PublicBaseUrl"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bicep_file_compiles_and_parameters_file_matches_main()
    {
        foreach (var module in Directory.EnumerateFiles(RepositoryPaths.Combine("infra", "app"), "*.bicep"))
        {
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*\\.bicep$", Path.GetFileName(module));
            Assert.True(File.Exists(RepositoryPaths.Combine("infra", "bin", "app", Path.GetFileNameWithoutExtension(module) + ".json")), $"{module} was not compiled.");
        }

        var declared = arm.Main["parameters"]!.AsObject();
        var mapped = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "main.parameters.json")))!["parameters"]!.AsObject();
        Assert.All(mapped, p => Assert.True(declared.ContainsKey(p.Key), $"main.parameters.json sets unknown parameter {p.Key}."));
        Assert.All(
            declared.Where(p => p.Value?["defaultValue"] is null),
            p => Assert.True(mapped.ContainsKey(p.Key), $"main.parameters.json does not set required parameter {p.Key}."));
    }

    [Fact]
    public void Azure_yaml_deploys_the_Functions_project_as_a_function_app()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("azure.yaml"));
        Assert.Matches(@"(?m)^services:\s*\n\s+functions:\s*\n(\s+\w+:.*\n)*?\s+project: \./Functions\s*$", yaml);
        Assert.Matches(@"(?m)^\s+language: dotnet\s*$", yaml);
        Assert.Matches(@"(?m)^\s+host: function\s*$", yaml);
    }

    private void AssertAppRoleAssignment(IReadOnlyCollection<string> acceptedRoleIds)
    {
        var found = arm.OfType("Microsoft.Authorization/roleAssignments").Where(a =>
        {
            var match = GuidName().Match(a.Name);
            return match.Success
                && match.Groups["principal"].Value == "parameters('appPrincipalId')"
                && acceptedRoleIds.Contains(a.Variable(match.Groups["role"].Value) ?? string.Empty);
        });

        var assignment = Assert.Single(found);
        Assert.Equal("parameters('appPrincipalId')", Unbracket((string?)assignment.Properties!["principalId"]));
        Assert.Equal("ServicePrincipal", (string?)assignment.Properties!["principalType"]);
    }

    private ArmResource AuthSettings =>
        Assert.Single(arm.OfType("Microsoft.Web/sites/config"), r => r.Name.Contains("'authsettingsV2'", StringComparison.Ordinal));

    /// <summary>Easy Auth reads the client secret from an app setting; that setting is a Key Vault reference.</summary>
    private static void AssertSecretSettingIsKeyVaultReference(ArmResource auth)
    {
        Assert.Equal(
            "[if(variables('entra'), 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET', format('{0}_PROVIDER_AUTHENTICATION_SECRET', replace(toUpper(parameters('authOidcName')), '-', '_')))]",
            auth.Variable("authSecretSettingName"));
        var settings = auth.Variable("authSettings") ?? string.Empty;
        Assert.Contains(
            "createObject(format('{0}', variables('authSecretSettingName')), format('@Microsoft.KeyVault(VaultName={0};SecretName={1})', parameters('keyVaultName'), parameters('authClientSecretName'))",
            settings,
            StringComparison.Ordinal);
        Assert.Contains("'Workflow__Access__SignInUrl', variables('signInPath')", settings, StringComparison.Ordinal);
        Assert.Contains("'Workflow__Access__SignOutUrl', variables('signOutPath')", settings, StringComparison.Ordinal);
    }

    private static string Unbracket(string? expression) =>
        expression is ['[', .. var inner, ']'] ? inner : expression ?? string.Empty;

    /// <summary><c>[guid(scope, parameters('principal'), variables('role'))]</c>.</summary>
    [GeneratedRegex(@"^\[guid\((?<scope>.+), (?<principal>parameters\('\w+'\)), variables\('(?<role>\w+)'\)\)\]$")]
    private static partial Regex GuidName();
}
