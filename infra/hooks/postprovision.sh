#!/bin/sh
# azd postprovision hook: the link-signing key now lives in Key Vault; drop the local copy
# from .azure/<env>/.env so it exists in one place only.
set -eu
if [ -n "${WORKFLOW_LINK_KEY:-}" ]; then
  azd env set WORKFLOW_LINK_KEY "" >/dev/null
  echo "postprovision: cleared WORKFLOW_LINK_KEY from the local azd environment (the key is in Key Vault)."
fi
echo "postprovision: function app ${AZURE_FUNCTION_APP_NAME:-?} at ${AZURE_FUNCTION_APP_URL:-?}; key vault ${AZURE_KEY_VAULT_NAME:-?}."
echo "postprovision: next steps (SendGrid key, sender domain, public URL): docs/deploy.md"
