// Flex Consumption plan and the function app (.NET 10 isolated worker) with every app
// setting the code reads. Storage, Key Vault and Application Insights are reached through
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

var storageSuffix = environment().suffixes.storage
var blobServiceUri = 'https://${storageAccountName}.blob.${storageSuffix}'
var queueServiceUri = 'https://${storageAccountName}.queue.${storageSuffix}'
var tableServiceUri = 'https://${storageAccountName}.table.${storageSuffix}'

var linkKeySettings = toObject(
  union(linkKeyIds, [activeLinkKeyId]),
  keyId => 'Workflow__Links__Keys__${keyId}',
  keyId => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${linkKeySecretNamePrefix}${keyId})'
)

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

      // %ComplaintAlertSchedule% on the ComplaintDeadlineAlerts timer; always UTC.
      ComplaintAlertSchedule: complaintAlertSchedule
      Workflow__Complaints__LeadershipEmails: leadershipEmails
      Workflow__Complaints__RuleSet: complaintRuleSet

      // Telemetry: the host authenticates to Application Insights with the identity.
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    },
    linkKeySettings
  )
}

output name string = functionApp.name
output url string = 'https://${functionApp.properties.defaultHostName}'
