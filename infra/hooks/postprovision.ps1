# azd postprovision hook (Windows); same logic as postprovision.sh.
$ErrorActionPreference = 'Stop'
if ($env:WORKFLOW_LINK_KEY) {
  azd env set WORKFLOW_LINK_KEY '' | Out-Null
  Write-Host 'postprovision: cleared WORKFLOW_LINK_KEY from the local azd environment (the key is in Key Vault).'
}
if ($env:WORKFLOW_ORGANISER_API_KEY -or $env:WORKFLOW_MASTER_KEY) {
  azd env set WORKFLOW_ORGANISER_API_KEY '' | Out-Null
  azd env set WORKFLOW_MASTER_KEY '' | Out-Null
  azd env set WORKFLOW_SCRIPT_KEYS_STORED true | Out-Null
  Write-Host "postprovision: the script keys are in Key Vault (organiser-api-key, master-key); read one with"
  Write-Host "  az keyvault secret show --vault-name $($env:AZURE_KEY_VAULT_NAME) --name organiser-api-key --query value -o tsv"
}
if ($env:WORKFLOW_AUTH_CLIENT_SECRET) {
  azd env set WORKFLOW_AUTH_CLIENT_SECRET '' | Out-Null
  Write-Host 'postprovision: cleared WORKFLOW_AUTH_CLIENT_SECRET from the local azd environment (the secret is in Key Vault).'
}
Write-Host "postprovision: function app $($env:AZURE_FUNCTION_APP_NAME) at $($env:AZURE_FUNCTION_APP_URL); key vault $($env:AZURE_KEY_VAULT_NAME)."
if ($env:WORKFLOW_SIGN_IN_URL) {
  Write-Host "postprovision: people sign in at $($env:WORKFLOW_SIGN_IN_URL)"
} else {
  Write-Host 'postprovision: no sign-in configured (WORKFLOW_AUTH_CLIENT_ID empty): only the script keys reach the API.'
}
Write-Host 'postprovision: next steps (SendGrid key, sender domain, public URL, sign-in, people): docs/deploy.md, docs/security.md'
