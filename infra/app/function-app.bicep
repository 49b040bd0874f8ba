// Flex Consumption plan and the function app (.NET 10 isolated worker) with every app
// setting the code reads, and App Service Authentication (Easy Auth) when a sign-in
// application is given. Storage, Key Vault and Application Insights are reached through
// the user-assigned identity; no setting carries a storage key or a secret in clear.

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object

@description('azd service name (azure.yaml) that deploys into this app.')
param serviceName string = 'functions'

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Storage account for the runtime, the task hub and the domain tables.')
param storageAccountName string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Key vault holding the SendGrid key and the link-signing keys.')
param keyVaultName string

@description('Application Insights component.')
param applicationInsightsName string

@description('Maximum number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Durable Task hub name (letters and digits, starts with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string

@description('Base URL for personal links in emails; empty means the app\'s own https://<name>.azurewebsites.net URL.')
param publicBaseUrl string = ''

@description('Organisation name used in emails and pages.')
param organisationName string

@description('Sender address for emails (its domain must be authenticated in SendGrid).')
param senderEmail string

@description('Sender display name for emails.')
param senderName string

@description('Name of the Key Vault secret holding the SendGrid API key.')
param sendGridSecretName string

@description('Key id new links are signed with.')
param activeLinkKeyId string

@description('Every key id links may be signed with (the active one plus older ones kept until their links expire).')
param linkKeyIds array

@description('Prefix of the Key Vault secret names of the link-signing keys; the key id is appended.')
param linkKeySecretNamePrefix string

@description('CRON (six fields, UTC) for the ComplaintDeadlineAlerts timer.')
param complaintAlertSchedule string

@description('Comma-separated addresses that receive the complaint deadline alerts.')
param leadershipEmails string

@description('Name of the legal rule set for complaint deadlines.')
param complaintRuleSet string

@description('Sign-in names (comma-separated) of the first administrators (Workflow:Access:Administrators).')
param administrators string = ''

@description('Name of the Key Vault secret holding the organiser\'s script key.')
param organiserApiKeySecretName string

@description('Name of the Key Vault secret holding the administrator\'s script key.')
param masterKeySecretName string

@description('Client id of the sign-in application; empty: no App Service Authentication, only keys.')
param authClientId string = ''

@description('entra (Microsoft Entra ID) or oidc (the province\'s own OpenID Connect sign-in).')
@allowed([
  'entra'
  'oidc'
])
param authProvider string = 'entra'

@description('Name of the Key Vault secret holding the sign-in application\'s client secret.')
param authClientSecretName string

@description('Entra ID issuer (https://login.microsoftonline.com/<tenant id>/v2.0); for authProvider entra.')
param authOpenIdIssuer string = ''

@description('Name of the custom OpenID Connect provider (/.auth/login/<name>); for authProvider oidc.')
param authOidcName string = 'province'

@description('Discovery document (.well-known/openid-configuration) of the custom OpenID Connect provider; for authProvider oidc.')
param authOidcWellKnownUrl string = ''

@description('Claim of the custom OpenID Connect provider that carries the sign-in name; for authProvider oidc.')
param authOidcNameClaimType string = 'email'

var storageSuffix = environment().suffixes.storage
var blobServiceUri = 'https://${storageAccountName}.blob.${storageSuffix}'
var queueServiceUri = 'https://${storageAccountName}.queue.${storageSuffix}'
var tableServiceUri = 'https://${storageAccountName}.table.${storageSuffix}'

var linkKeySettings = toObject(
  union(linkKeyIds, [activeLinkKeyId]),
  keyId => 'Workflow__Links__Keys__${keyId}',
  keyId => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${linkKeySecretNamePrefix}${keyId})'
)

var authEnabled = !empty(authClientId)
var entra = authProvider == 'entra'
// Easy Auth's own paths: /.auth/login/aad for Entra ID, /.auth/login/<name> for a custom
// OpenID Connect provider; back to the organiser's page after either.
var signInPath = '/.auth/login/${entra ? 'aad' : authOidcName}?post_login_redirect_uri=/api/organiser'
var signOutPath = '/.auth/logout?post_logout_redirect_uri=/api/organiser'
// The app setting Easy Auth reads the client secret from (the names the Portal uses).
var authSecretSettingName = entra ? 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET' : '${replace(toUpper(authOidcName), '-', '_')}_PROVIDER_AUTHENTICATION_SECRET'

// Microsoft Entra ID: the organisation's accounts, single tenant (the issuer names it).
var entraProviders = {
  azureActiveDirectory: {
    enabled: true
    registration: {
      clientId: authClientId
      clientSecretSettingName: authSecretSettingName
      openIdIssuer: authOpenIdIssuer
    }
    validation: {
      allowedAudiences: [
        'api://${authClientId}'
      ]
    }
  }
}

// The province's own OpenID Connect sign-in, found through its discovery document.
var oidcProvider = {
  enabled: true
  registration: {
    clientId: authClientId
    clientCredential: {
      method: 'ClientSecretPost'
      clientSecretSettingName: authSecretSettingName
    }
    openIdConnectConfiguration: {
      wellKnownOpenIdConfiguration: authOidcWellKnownUrl
    }
  }
  login: {
    nameClaimType: authOidcNameClaimType
    scopes: [
      'openid'
      'profile'
      'email'
    ]
  }
}
var oidcProviders = {
  customOpenIdConnectProviders: {
    '${authOidcName}': oidcProvider
  }
}

var authSettings = authEnabled
  ? {
      // Set only with authentication: Easy Auth reads its client secret from here.
      '${authSecretSettingName}': '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${authClientSecretName})'
      Workflow__Access__SignInUrl: signInPath
      Workflow__Access__SignOutUrl: signOutPath
    }
  : {}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobServiceUri}/${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP and no basic (user/password) publishing: deployments use Entra ID (azd, OneDeploy).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(
    {
      // Functions runtime and Durable Task hub (Azure Storage provider), identity-based.
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: blobServiceUri
      AzureWebJobsStorage__queueServiceUri: queueServiceUri
      AzureWebJobsStorage__tableServiceUri: tableServiceUri

      // Domain tables and learning-report files: same account, same identity.
      WorkflowStorage__tableServiceUri: tableServiceUri
      WorkflowStorage__blobServiceUri: blobServiceUri
      WorkflowStorage__credential: 'managedidentity'
      WorkflowStorage__clientId: identityClientId

      // host.json reads "%WorkflowTaskHub%".
      WorkflowTaskHub: taskHubName

      Workflow__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${functionApp.properties.defaultHostName}' : publicBaseUrl
      Workflow__OrganisationName: organisationName

      Workflow__Email__SenderEmail: senderEmail
      Workflow__Email__SenderName: senderName
      Workflow__Email__SendGridApiKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${sendGridSecretName})'

      Workflow__Links__ActiveKeyId: activeLinkKeyId

      // People and keys (docs/security.md). Every HTTP trigger is anonymous to the Functions
      // host: the app checks these two script keys itself (x-functions-key or ?code=), so they
      // are the app's own secrets, kept in Key Vault like the SendGrid key.
      Workflow__Access__Administrators: administrators
      Workflow__OrganiserApiKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${organiserApiKeySecretName})'
      Workflow__MasterKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${masterKeySecretName})'

      // %ComplaintAlertSchedule% on the ComplaintDeadlineAlerts timer; always UTC.
      ComplaintAlertSchedule: complaintAlertSchedule
      Workflow__Complaints__LeadershipEmails: leadershipEmails
      Workflow__Complaints__RuleSet: complaintRuleSet

      // Telemetry: the host authenticates to Application Insights with the identity.
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    },
    linkKeySettings,
    authSettings
  )
}

// App Service Authentication (Easy Auth), only when a sign-in application is given.
//
// Unauthenticated requests are let through (AllowAnonymous, requireAuthentication false)
// and the app decides per route (Shared/Access/RouteAccess.cs, AccessGate): a route that
// needs a person or a key answers 401 or 403 itself. Requiring authentication for the whole
// app would break what must stay open to people without an account: the personal links in
// emails (/api/r/*), the certificate check (/api/certificates/*), the health probe
// (/api/health) and the organiser page's shell, which offers the sign-in button. Scripts
// and integrations send keys (x-functions-key), never a sign-in. Easy Auth still signs
// people in, strips any X-MS-CLIENT-PRINCIPAL header a client sends and sets
// WEBSITE_AUTH_ENABLED, the only place the app reads that header.
resource authSettingsV2 'Microsoft.Web/sites/config@2025-03-01' = if (authEnabled) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: entra ? entraProviders : oidcProviders
    login: {
      tokenStore: {
        enabled: true
      }
      preserveUrlFragmentsForLogins: false
    }
    httpSettings: {
      requireHttps: true
      routes: {
        apiPrefix: '/.auth'
      }
      // Requests reach the app directly. Behind Front Door or another proxy that sets
      // X-Forwarded-Host, change to 'Standard' so sign-in redirects use the public host.
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
  }
}

output name string = functionApp.name
output url string = 'https://${functionApp.properties.defaultHostName}'
output signInUrl string = authEnabled ? 'https://${functionApp.properties.defaultHostName}${signInPath}' : ''
