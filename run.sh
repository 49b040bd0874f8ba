#!/usr/bin/env bash
# Runs Workflow on this machine: Azurite (the Azure Storage emulator) + the local host on
# http://localhost:7071, with the dev outbox instead of SendGrid unless Workflow__Email__SendGridApiKey is set.
# Keys come from the environment (Workflow__OrganiserApiKey, Workflow__MasterKey); missing ones are
# generated once and kept in .data/dev-keys.env, so links and keys survive restarts.
# People: the host runs in Development (unless ASPNETCORE_ENVIRONMENT says otherwise) with the demo people of
# LocalHost/demo-people.json (Workflow__Access__DemoPeople=true) and the development sign-in at /api/dev/signin,
# served to this machine only; both are printed at start beside the keys (docs/security.md).
# Ctrl-C, or SIGTERM to this script or to its process group, stops the host first, then Azurite, within seconds.
# Other ports/folder (defaults in brackets): WORKFLOW_PORT [7071], AZURITE_BLOB_PORT [10000],
# AZURITE_QUEUE_PORT [10001], AZURITE_TABLE_PORT [10002], WORKFLOW_DATA [.data].
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
data="${WORKFLOW_DATA:-$root/.data}"
port="${WORKFLOW_PORT:-7071}"
blob_port="${AZURITE_BLOB_PORT:-10000}" queue_port="${AZURITE_QUEUE_PORT:-10001}" table_port="${AZURITE_TABLE_PORT:-10002}"
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
azurite_pid="" host_pid=""

# Stops one child: SIGTERM, up to $3 seconds to exit, then SIGKILL; reaps it either way.
stop() {
  local pid=$1 name=$2 seconds=$3
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name did not stop within ${seconds} s; killing it." >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
# The host first (it still needs storage to stop cleanly), then Azurite (which may already be gone).
shutdown() {
  stop "$host_pid" "The local host" 10; host_pid=""
  stop "$azurite_pid" "Azurite" 5; azurite_pid=""
}
on_signal() { trap '' INT TERM; echo "Stopping..."; shutdown; exit "$1"; }
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap shutdown EXIT

if listening "$table_port"; then
  echo "Azurite already listens on $blob_port-$table_port; using it."
else
  echo "Starting Azurite (data in $data/azurite, log in $data/azurite.log)..."
  node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --loose --disableProductStyleUrl --disableTelemetry \
    --blobPort "$blob_port" --queuePort "$queue_port" --tablePort "$table_port" \
    --location "$data/azurite" > "$data/azurite.log" 2>&1 &
  azurite_pid=$!
  for _ in $(seq 1 50); do listening "$table_port" && break; sleep 0.2; done
  listening "$table_port" || { echo "Azurite did not start; see $data/azurite.log" >&2; exit 1; }
fi

echo "Building the local host..."
dotnet build LocalHost/Workflow.LocalHost.csproj -c Release -nologo -v q -clp:ErrorsOnly

export Workflow__OrganiserApiKey="$org" Workflow__MasterKey="$master"
# Development: the development sign-in exists (loopback only) and the demo people are added to the people table.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Workflow__Access__DemoPeople="${Workflow__Access__DemoPeople:-true}"
export Workflow__Links__ActiveKeyId="${Workflow__Links__ActiveKeyId:-dev}" Workflow__Links__Keys__dev="$linkkey"
export Workflow__Email__OutboxDirectory="${Workflow__Email__OutboxDirectory:-$data/outbox}"
export Urls="http://localhost:$port" Workflow__PublicBaseUrl="${Workflow__PublicBaseUrl:-http://localhost:$port}"
if [ "$blob_port/$queue_port/$table_port" != 10000/10001/10002 ]; then
  account="AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  storage="DefaultEndpointsProtocol=http;$account;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
  export AzureWebJobsStorage="${AzureWebJobsStorage:-$storage}" WorkflowStorage="${WorkflowStorage:-$storage}"
fi
# Who to sign in as: the demo people (sign-in name, name, roles, units), read from the file the host seeds them from.
if [ "$ASPNETCORE_ENVIRONMENT" = Development ]; then
  signin="http://localhost:$port/api/dev/signin   (this machine only)"
  if [ "${Workflow__Access__DemoPeople,,}" = true ]; then
    people=$(node -e '
      for (const p of require(process.argv[1])) {
        const units = p.units.length ? "  (" + p.units.join(", ") + ")" : "";
        console.log("    " + p.signIn.padEnd(27) + p.name.padEnd(15) + p.roles.join(", ") + units);
      }' "$root/LocalHost/demo-people.json") || people="    (see LocalHost/demo-people.json)"
  else
    people="    (no demo people: Workflow__Access__DemoPeople is not true; add people with PUT /api/people/{signIn})"
  fi
else
  signin="off: ASPNETCORE_ENVIRONMENT=$ASPNETCORE_ENVIRONMENT (only Development has it)"
  people="    (none: the development sign-in is off; use the keys)"
fi
cat <<INFO

  Workflow local host:  http://localhost:$port
  Organiser's page:     http://localhost:$port/api/organiser
  Sign in as a person:  $signin
  Demo people:
$people
  Organiser key:        $org      (header x-functions-key: organiser + officer of every unit)
  Master key:           $master      (every role; also POST /admin/functions/{name})
  Who am I:             curl -H "x-functions-key: $org" http://localhost:$port/api/me
  Dev outbox:           curl -H "x-functions-key: $org" http://localhost:$port/api/dev/outbox
                        .eml files in $Workflow__Email__OutboxDirectory
  Stop:                 Ctrl-C (stops the host, then Azurite)

INFO
# In the background so that this script stays free to stop it: a signal only ends the `wait` below.
cd LocalHost
dotnet bin/Release/net10.0/Workflow.LocalHost.dll --contentRoot "$root/LocalHost/bin/Release/net10.0" &
host_pid=$!
status=0
wait "$host_pid" || status=$?
host_pid=""
exit "$status"
