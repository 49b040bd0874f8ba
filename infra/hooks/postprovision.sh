#!/bin/sh
# azd postprovision hook: the secrets handed to the template now live in Key Vault; drop the
# local copies from .azure/<env>/.env so each exists in one place only, and record that the
# script keys are stored (the preprovision hook then never generates them again).
set -eu
if [ -n "${WORKFLOW_LINK_KEY:-}" ]; then
  azd env set WORKFLOW_LINK_KEY "" >/dev/null
  echo "postprovision: cleared WORKFLOW_LINK_KEY from the local azd environment (the key is in Key Vault)."
fi
if [ -n "${WORKFLOW_ORGANISER_API_KEY:-}" ] || [ -n "${WORKFLOW_MASTER_KEY:-}" ]; then
  azd env set WORKFLOW_ORGANISER_API_KEY "" >/dev/null
  azd env set WORKFLOW_MASTER_KEY "" >/dev/null
  azd env set WORKFLOW_SCRIPT_KEYS_STORED true >/dev/null
  echo "postprovision: the script keys are in Key Vault (organiser-api-key, master-key); read one with"
  echo "  az keyvault secret show --vault-name ${AZURE_KEY_VAULT_NAME:-<vault>} --name organiser-api-key --query value -o tsv"
fi
if [ -n "${WORKFLOW_AUTH_CLIENT_SECRET:-}" ]; then
  azd env set WORKFLOW_AUTH_CLIENT_SECRET "" >/dev/null
  echo "postprovision: cleared WORKFLOW_AUTH_CLIENT_SECRET from the local azd environment (the secret is in Key Vault)."
fi
echo "postprovision: function app ${AZURE_FUNCTION_APP_NAME:-?} at ${AZURE_FUNCTION_APP_URL:-?}; key vault ${AZURE_KEY_VAULT_NAME:-?}."
if [ -n "${WORKFLOW_SIGN_IN_URL:-}" ]; then
  echo "postprovision: people sign in at ${WORKFLOW_SIGN_IN_URL}"
else
  echo "postprovision: no sign-in configured (WORKFLOW_AUTH_CLIENT_ID empty): only the script keys reach the API."
fi
echo "postprovision: next steps (SendGrid key, sender domain, public URL, sign-in, people): docs/deploy.md, docs/security.md"
