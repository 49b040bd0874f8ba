#!/bin/sh
# azd preprovision hook: generates the secrets the template writes to Key Vault once.
#
# 1. The link-signing key: on the first provision of an environment, 48 random bytes (base64)
#    for the active key id, handed to the template through WORKFLOW_LINK_KEY (secret link-key-<id>).
#    Later provisions (AZURE_KEY_VAULT_NAME is then set by the template's outputs) pass nothing,
#    so the key in Key Vault is never replaced by accident. Rotation: docs/deploy.md.
# 2. The two script keys the app checks itself (docs/security.md): WORKFLOW_ORGANISER_API_KEY
#    (Workflow:OrganiserApiKey, secret organiser-api-key) and WORKFLOW_MASTER_KEY
#    (Workflow:MasterKey, secret master-key), 32 random bytes each, URL-safe base64 (they may
#    travel as ?code=). Generated only when the vault surely does not hold them: on the first
#    provision, or when `az keyvault secret show` says the secret is not there (an environment
#    provisioned before these keys existed). When that cannot be told (no az, not signed in),
#    nothing is generated and nothing is replaced. After the postprovision hook has recorded
#    WORKFLOW_SCRIPT_KEYS_STORED=true the vault is not asked again.
# The postprovision hook clears every generated value from .azure/<env>/.env.
set -eu

random() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -base64 "$1" | tr -d '\n'
  else
    head -c "$1" /dev/urandom | base64 | tr -d '\n'
  fi
}

if [ -n "${WORKFLOW_LINK_KEY:-}" ]; then
  echo "preprovision: WORKFLOW_LINK_KEY is set; the template writes it to Key Vault."
elif [ -n "${AZURE_KEY_VAULT_NAME:-}" ]; then
  echo "preprovision: environment already provisioned (vault ${AZURE_KEY_VAULT_NAME}); link keys are left as they are."
else
  azd env set WORKFLOW_LINK_KEY "$(random 48)" >/dev/null
  echo "preprovision: generated a link-signing key for key id ${WORKFLOW_LINK_ACTIVE_KEY_ID:-k1}."
fi

# 0: the vault holds the secret; 1: it surely does not (no vault yet, or not found); 2: unknown.
stored() {
  [ -n "${AZURE_KEY_VAULT_NAME:-}" ] || return 1
  command -v az >/dev/null 2>&1 || return 2
  if out=$(az keyvault secret show --vault-name "$AZURE_KEY_VAULT_NAME" --name "$1" --query id -o tsv 2>&1); then
    return 0
  fi
  case "$out" in
    *SecretNotFound*) return 1 ;;
    *) return 2 ;;
  esac
}

if [ "${WORKFLOW_SCRIPT_KEYS_STORED:-}" = "true" ]; then
  echo "preprovision: the script keys are in Key Vault already; left as they are."
else
  for pair in WORKFLOW_ORGANISER_API_KEY:organiser-api-key WORKFLOW_MASTER_KEY:master-key; do
    name=${pair%%:*} secret=${pair#*:}
    eval "value=\${$name:-}"
    if [ -n "$value" ]; then
      echo "preprovision: $name is set; the template writes it to Key Vault."
      continue
    fi
    status=0
    stored "$secret" || status=$?
    case $status in
      0) echo "preprovision: Key Vault holds $secret already; left as it is." ;;
      1) azd env set "$name" "$(random 32 | tr '+/' '-_' | tr -d '=')" >/dev/null
         echo "preprovision: generated $name (Key Vault secret $secret)." ;;
      *) echo "preprovision: cannot tell whether Key Vault ${AZURE_KEY_VAULT_NAME} holds $secret (az missing or not signed in);" \
           "nothing generated. Sign in with az and provision again, or azd env set $name <value>." ;;
    esac
  done
fi
