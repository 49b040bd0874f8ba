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

# 0: the vault holds the secret; 1: it surely does not (no vault yet, or not found); 2: unknown.
function Test-Stored([string] $secret) {
  if (-not $env:AZURE_KEY_VAULT_NAME) { return 1 }
  if (-not (Get-Command az -ErrorAction SilentlyContinue)) { return 2 }
  $out = az keyvault secret show --vault-name $env:AZURE_KEY_VAULT_NAME --name $secret --query id -o tsv 2>&1 | Out-String
  if ($LASTEXITCODE -eq 0) { return 0 }
  if ($out -match 'SecretNotFound') { return 1 }
  return 2
}

if ($env:WORKFLOW_SCRIPT_KEYS_STORED -eq 'true') {
  Write-Host 'preprovision: the script keys are in Key Vault already; left as they are.'
} else {
  foreach ($pair in @(@('WORKFLOW_ORGANISER_API_KEY', 'organiser-api-key'), @('WORKFLOW_MASTER_KEY', 'master-key'))) {
    $name = $pair[0]; $secret = $pair[1]
    if ([System.Environment]::GetEnvironmentVariable($name)) {
      Write-Host "preprovision: $name is set; the template writes it to Key Vault."
      continue
    }
    switch (Test-Stored $secret) {
      0 { Write-Host "preprovision: Key Vault holds $secret already; left as it is." }
      1 {
        $key = (New-RandomBase64 32).Replace('+', '-').Replace('/', '_').TrimEnd('=')
        azd env set $name $key | Out-Null
        Write-Host "preprovision: generated $name (Key Vault secret $secret)."
      }
      default { Write-Host "preprovision: cannot tell whether Key Vault $($env:AZURE_KEY_VAULT_NAME) holds $secret (az missing or not signed in); nothing generated. Sign in with az and provision again, or azd env set $name <value>." }
    }
  }
}
