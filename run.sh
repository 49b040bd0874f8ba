#!/usr/bin/env bash
# Runs Workflow on this machine: Azurite (the Azure Storage emulator) + the local host on
# http://localhost:7071, with the dev outbox instead of SendGrid unless Workflow__Email__SendGridApiKey is set.
# Keys come from the environment (Workflow__OrganiserApiKey, Workflow__MasterKey); missing ones are
# generated once and kept in .data/dev-keys.env, so links and keys survive restarts.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
data="$root/.data"
mkdir -p "$data"

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

# Keys: environment first, then the ones kept from an earlier run, else new random ones.
keys="$data/dev-keys.env"
[ -f "$keys" ] && . "$keys"
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
org="${Workflow__OrganiserApiKey:-${DEV_ORGANISER_KEY:-$(random 24 | tr '+/' '-_')}}"
master="${Workflow__MasterKey:-${DEV_MASTER_KEY:-$(random 24 | tr '+/' '-_')}}"
linkkey="${Workflow__Links__Keys__dev:-${DEV_LINK_KEY:-$(random 32)}}"
umask 077
printf 'DEV_ORGANISER_KEY=%q\nDEV_MASTER_KEY=%q\nDEV_LINK_KEY=%q\n' "$org" "$master" "$linkkey" > "$keys"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
azurite_pid=""
if listening 10002; then
  echo "Azurite already listens on 10000-10002; using it."
else
  echo "Starting Azurite (data in .data/azurite, log in .data/azurite.log)..."
  node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --loose --disableProductStyleUrl \
    --location "$data/azurite" > "$data/azurite.log" 2>&1 &
  azurite_pid=$!
  for _ in $(seq 1 50); do listening 10002 && break; sleep 0.2; done
  listening 10002 || { echo "Azurite did not start; see .data/azurite.log" >&2; exit 1; }
fi
cleanup() { [ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "Building the local host..."
dotnet build LocalHost/Workflow.LocalHost.csproj -c Release -nologo -v q -clp:ErrorsOnly

export Workflow__OrganiserApiKey="$org" Workflow__MasterKey="$master"
export Workflow__Links__ActiveKeyId="${Workflow__Links__ActiveKeyId:-dev}" Workflow__Links__Keys__dev="$linkkey"
export Workflow__Email__OutboxDirectory="${Workflow__Email__OutboxDirectory:-$data/outbox}"
cat <<INFO

  Workflow local host:  http://localhost:7071
  Organiser key:        $org      (header x-functions-key)
  Master key:           $master      (POST /admin/functions/{name})
  Dev outbox:           curl -H "x-functions-key: $org" http://localhost:7071/api/dev/outbox
                        .eml files in .data/outbox

INFO
cd LocalHost
dotnet bin/Release/net10.0/Workflow.LocalHost.dll --contentRoot "$root/LocalHost/bin/Release/net10.0"
