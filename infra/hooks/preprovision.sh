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
#    travel as ?code=). Generated until the postprovision hook has recorded that Key Vault holds
#    them (WORKFLOW_SCRIPT_KEYS_STORED=true), so an environment provisioned before these keys
#    existed gets them on its next provision, and none is ever replaced afterwards.
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

if [ "${WORKFLOW_SCRIPT_KEYS_STORED:-}" = "true" ]; then
  echo "preprovision: the script keys are in Key Vault already; left as they are."
else
  for name in WORKFLOW_ORGANISER_API_KEY WORKFLOW_MASTER_KEY; do
    eval "value=\${$name:-}"
    if [ -n "$value" ]; then
      echo "preprovision: $name is set; the template writes it to Key Vault."
    else
      azd env set "$name" "$(random 32 | tr '+/' '-_' | tr -d '=')" >/dev/null
      echo "preprovision: generated $name."
    fi
  done
fi
