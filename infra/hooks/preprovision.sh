#!/bin/sh
# azd preprovision hook: on the first provision of an environment, generate the link-signing
# key for the active key id (48 random bytes, base64) and hand it to the template through
# WORKFLOW_LINK_KEY, which writes it to Key Vault as link-key-<id>.
# Later provisions (AZURE_KEY_VAULT_NAME is then set by the template's outputs) pass nothing,
# so the key in Key Vault is never replaced by accident. Rotation: docs/deploy.md.
set -eu

if [ -n "${WORKFLOW_LINK_KEY:-}" ]; then
  echo "preprovision: WORKFLOW_LINK_KEY is set; the template writes it to Key Vault."
  exit 0
fi
if [ -n "${AZURE_KEY_VAULT_NAME:-}" ]; then
  echo "preprovision: environment already provisioned (vault ${AZURE_KEY_VAULT_NAME}); link keys are left as they are."
  exit 0
fi

if command -v openssl >/dev/null 2>&1; then
  key=$(openssl rand -base64 48 | tr -d '\n')
else
  key=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
fi
azd env set WORKFLOW_LINK_KEY "$key" >/dev/null
echo "preprovision: generated a link-signing key for key id ${WORKFLOW_LINK_ACTIVE_KEY_ID:-k1}."
