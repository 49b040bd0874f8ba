// Workflow on Azure: a Flex Consumption function app (.NET 10 isolated worker) with Durable
// Functions on the Azure Storage provider, the domain tables in the same storage account,
// secrets in Key Vault, telemetry in Application Insights. Everything is reached through one
// user-assigned managed identity; storage shared keys are off.
// Deployed with `azd up` (see docs/deploy.md). Plain resources and local modules only.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; used in resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer the Flex Consumption plan (for example southeastasia or eastasia).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of the person or pipeline running azd (AZURE_PRINCIPAL_ID); gets Key Vault Secrets Officer. Empty for none.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Organisation name used in emails and pages.')
param organisationName string = 'Ban Tuyên giáo và Dân vận Tỉnh ủy'

@description('Sender address for emails; its domain must be authenticated in SendGrid.')
param senderEmail string = 'no-reply@bandanvan.example.vn'

@description('Sender display name for emails.')
param senderName string = 'Ban Tuyên giáo và Dân vận Tỉnh ủy'

@description('Base URL for personal links in emails; empty for the function app\'s own https URL.')
param publicBaseUrl string = ''

@description('Comma-separated addresses that receive the complaint deadline alerts.')
param leadershipEmails string = ''

@description('Legal rule set for complaint deadlines.')
param complaintRuleSet string = 'default'

@description('CRON (six fields, UTC) for the ComplaintDeadlineAlerts timer; the default is 07:00 in Vietnam (UTC+7).')
param complaintAlertSchedule string = '0 0 0 * * *'

@description('Durable Task hub name (letters and digits, starts with a letter, 3-45 characters).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'WorkflowHub'

@description('Key id new links are signed with (letters and digits, at most 16).')
@minLength(1)
@maxLength(16)
param activeLinkKeyId string = 'k1'

@description('Comma-separated key ids whose keys still verify links (the active one is always included).')
param linkKeyIds string = 'k1'

@description('Value (base64, at least 32 bytes) for the active link-signing key secret. Empty leaves the secret in Key Vault as it is. azd\'s preprovision hook generates one on the first provision.')
@secure()
param linkSigningKey string = ''

@description('SendGrid API key. Empty leaves the secret in Key Vault as it is (set it with az keyvault secret set).')
@secure()
param sendGridApiKey string = ''

@description('Sign-in names (comma-separated, as the identity provider sends them, e.g. e-mail addresses) of the first administrators: administrators whatever the people table says; they add everyone else (docs/security.md).')
param administrators string = ''

@description('Script key with the roles organiser and officer of every unit (Workflow:OrganiserApiKey). Empty leaves the secret in Key Vault as it is. azd\'s preprovision hook generates one on the first provision.')
@secure()
param organiserApiKey string = ''

@description('Administrator\'s script key, every role (Workflow:MasterKey). Empty leaves the secret in Key Vault as it is. azd\'s preprovision hook generates one on the first provision.')
@secure()
param masterKey string = ''

@description('Client id of the sign-in application registered with the identity provider. Empty: App Service Authentication is not configured, WEBSITE_AUTH_ENABLED is not set and only keys reach the API.')
param authClientId string = ''

@description('Identity provider people sign in with: entra (Microsoft Entra ID) or oidc (the province\'s own OpenID Connect sign-in). Used only when authClientId is set.')
@allowed([
  'entra'
  'oidc'
])
param authProvider string = 'entra'

@description('Client secret of the sign-in application. Empty leaves the secret in Key Vault as it is (set it once, or with az keyvault secret set).')
@secure()
param authClientSecret string = ''

@description('Entra ID issuer, https://login.microsoftonline.com/<tenant id>/v2.0; empty for the tenant of this subscription. Only for authProvider entra.')
param authOpenIdIssuer string = ''

@description('Name of the province\'s OpenID Connect provider (letters and digits); people sign in at /.auth/login/<name>. Only for authProvider oidc.')
@minLength(1)
@maxLength(32)
param authOidcName string = 'province'

@description('OpenID Connect discovery document of the province\'s sign-in (https://.../.well-known/openid-configuration). Required for authProvider oidc.')
param authOidcWellKnownUrl string = ''

@description('Claim of the province\'s sign-in that carries the sign-in name the people table knows (email, preferred_username, ...). Only for authProvider oidc.')
param authOidcNameClaimType string = 'email'

@description('Key Vault purge protection. Cannot be turned off once on; turn it off only for throw-away environments.')
param keyVaultPurgeProtection bool = true

@description('Application Insights accepts only Entra ID authenticated telemetry when true.')
param appInsightsDisableLocalAuth bool = false

@description('Maximum number of function app instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'workflow'
}
var functionAppName = 'func-workflow-${resourceToken}'
var sendGridSecretName = 'sendgrid-api-key'
var organiserApiKeySecretName = 'organiser-api-key'
var masterKeySecretName = 'master-key'
var authClientSecretName = 'auth-client-secret'
var linkKeySecretNamePrefix = 'link-key-'
var deploymentContainerName = 'app-package'
// Names are computed here, not read from module outputs, so that What-If can predict them.
var storageAccountName = 'st${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'
var applicationInsightsName = 'appi-workflow-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-workflow-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-workflow-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
    disableLocalAuth: appInsightsDisableLocalAuth
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'app/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    sendGridSecretName: sendGridSecretName
    sendGridApiKey: sendGridApiKey
    activeLinkKeySecretName: '${linkKeySecretNamePrefix}${activeLinkKeyId}'
    activeLinkKey: linkSigningKey
    organiserApiKeySecretName: organiserApiKeySecretName
    organiserApiKey: organiserApiKey
    masterKeySecretName: masterKeySecretName
    masterKey: masterKey
    authClientSecretName: authClientSecretName
    authClientSecret: authClientSecret
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    // A principal id exists only once the identity is created. Role assignment names must use
    // it (guid(scope, principal, role)): a recreated identity then gets new assignments
    // instead of RoleAssignmentUpdateNotPermitted. What-If shows these as "may change".
    #disable-next-line what-if-short-circuiting
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  // Names are passed, not outputs: the scopes must exist first.
  dependsOn: [
    storage
    keyVault
    monitoring
  ]
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-workflow-${resourceToken}'
    location: location
    tags: tags
    serviceName: 'functions'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    taskHubName: taskHubName
    publicBaseUrl: publicBaseUrl
    organisationName: organisationName
    senderEmail: senderEmail
    senderName: senderName
    sendGridSecretName: sendGridSecretName
    activeLinkKeyId: activeLinkKeyId
    linkKeyIds: map(filter(split(linkKeyIds, ','), id => !empty(trim(id))), id => trim(id))
    linkKeySecretNamePrefix: linkKeySecretNamePrefix
    complaintAlertSchedule: complaintAlertSchedule
    leadershipEmails: leadershipEmails
    complaintRuleSet: complaintRuleSet
    administrators: administrators
    organiserApiKeySecretName: organiserApiKeySecretName
    masterKeySecretName: masterKeySecretName
    authClientId: authClientId
    authProvider: authProvider
    authClientSecretName: authClientSecretName
    authOpenIdIssuer: empty(authOpenIdIssuer) ? '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0' : authOpenIdIssuer
    authOidcName: authOidcName
    authOidcWellKnownUrl: authOidcWellKnownUrl
    authOidcNameClaimType: authOidcNameClaimType
  }
  // The app must not start before its identity may use storage and Key Vault, and the
  // deployment container and the vault must exist.
  dependsOn: [
    rbac
    storage
    keyVault
    monitoring
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_KEY_VAULT_NAME string = keyVaultName
output AZURE_STORAGE_ACCOUNT_NAME string = storageAccountName
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = applicationInsightsName
output WORKFLOW_TASK_HUB string = taskHubName
output WORKFLOW_SIGN_IN_URL string = functionApp.outputs.signInUrl
