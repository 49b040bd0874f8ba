# azd postprovision hook (Windows); same logic as postprovision.sh.
$ErrorActionPreference = 'Stop'
if ($env:WORKFLOW_LINK_KEY) {
  azd env set WORKFLOW_LINK_KEY '' | Out-Null
  Write-Host 'postprovision: cleared WORKFLOW_LINK_KEY from the local azd environment (the key is in Key Vault).'
}
Write-Host "postprovision: function app $($env:AZURE_FUNCTION_APP_NAME) at $($env:AZURE_FUNCTION_APP_URL); next steps in docs/deploy.md"
