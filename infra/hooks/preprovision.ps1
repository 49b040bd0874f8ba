# azd preprovision hook (Windows); same logic as preprovision.sh.
$ErrorActionPreference = 'Stop'
if ($env:WORKFLOW_LINK_KEY) {
  Write-Host 'preprovision: WORKFLOW_LINK_KEY is set; the template writes it to Key Vault.'
  exit 0
}
if ($env:AZURE_KEY_VAULT_NAME) {
  Write-Host "preprovision: environment already provisioned (vault $($env:AZURE_KEY_VAULT_NAME)); link keys are left as they are."
  exit 0
}
$bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(48)
$key = [System.Convert]::ToBase64String($bytes)
azd env set WORKFLOW_LINK_KEY $key | Out-Null
Write-Host 'preprovision: generated a link-signing key for the active key id.'
