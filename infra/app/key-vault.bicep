// Key Vault (RBAC authorisation, no access policies) for the SendGrid API key, the
// link-signing keys, the two script keys (organiser, master) and the sign-in application's
// client secret. The function app reads them through Key Vault references.
// A secret is written only when its value is passed in: an empty parameter leaves an
// existing secret untouched, so `azd provision` never rotates a key by accident.

@description('Name of the key vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

@description('Days a deleted vault or secret can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Purge protection: a deleted vault or secret cannot be purged before the retention ends. Cannot be turned off again once on.')
param enablePurgeProtection bool = true

@description('Name of the secret that holds the SendGrid API key.')
param sendGridSecretName string

@description('SendGrid API key; empty leaves the secret as it is (set it later with az keyvault secret set).')
@secure()
param sendGridApiKey string = ''

@description('Name of the secret for the active link-signing key.')
param activeLinkKeySecretName string

@description('Link-signing key for the active key id (base64, at least 32 bytes); empty leaves the secret as it is.')
@secure()
param activeLinkKey string = ''

@description('Name of the secret for the organiser\'s script key (Workflow:OrganiserApiKey).')
param organiserApiKeySecretName string

@description('Organiser\'s script key; empty leaves the secret as it is.')
@secure()
param organiserApiKey string = ''

@description('Name of the secret for the administrator\'s script key (Workflow:MasterKey).')
param masterKeySecretName string

@description('Administrator\'s script key; empty leaves the secret as it is.')
@secure()
param masterKey string = ''

@description('Name of the secret for the sign-in application\'s client secret (App Service Authentication).')
param authClientSecretName string

@description('Client secret of the sign-in application; empty leaves the secret as it is.')
@secure()
param authClientSecret string = ''

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: sendGridSecretName
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key'
  }
}

resource linkKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(activeLinkKey)) {
  parent: vault
  name: activeLinkKeySecretName
  properties: {
    value: activeLinkKey
    contentType: 'base64 link-signing key'
  }
}

resource organiserApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(organiserApiKey)) {
  parent: vault
  name: organiserApiKeySecretName
  properties: {
    value: organiserApiKey
    contentType: 'script key: organiser and officer of every unit'
  }
}

resource masterKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(masterKey)) {
  parent: vault
  name: masterKeySecretName
  properties: {
    value: masterKey
    contentType: 'script key: administrator, every role'
  }
}

resource authClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(authClientSecret)) {
  parent: vault
  name: authClientSecretName
  properties: {
    value: authClientSecret
    contentType: 'sign-in application client secret'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
