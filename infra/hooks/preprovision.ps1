# azd preprovision hook (Windows); same logic as preprovision.sh.
$ErrorActionPreference = 'Stop'
function New-RandomBase64([int] $bytes) {
  [System.Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes($bytes))
}

if ($env:WORKFLOW_LINK_KEY) {
  Write-Host 'preprovision: WORKFLOW_LINK_KEY is set; the template writes it to Key Vault.'
} elseif ($env:AZURE_KEY_VAULT_NAME) {
  Write-Host "preprovision: environment already provisioned (vault $($env:AZURE_KEY_VAULT_NAME)); link keys are left as they are."
} else {
  azd env set WORKFLOW_LINK_KEY (New-RandomBase64 48) | Out-Null
  Write-Host 'preprovision: generated a link-signing key for the active key id.'
}

if ($env:WORKFLOW_SCRIPT_KEYS_STORED -eq 'true') {
  Write-Host 'preprovision: the script keys are in Key Vault already; left as they are.'
} else {
  foreach ($name in 'WORKFLOW_ORGANISER_API_KEY', 'WORKFLOW_MASTER_KEY') {
    if ([System.Environment]::GetEnvironmentVariable($name)) {
      Write-Host "preprovision: $name is set; the template writes it to Key Vault."
    } else {
      $key = (New-RandomBase64 32).Replace('+', '-').Replace('/', '_').TrimEnd('=')
      azd env set $name $key | Out-Null
      Write-Host "preprovision: generated $name."
    }
  }
}
