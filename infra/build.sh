#!/usr/bin/env bash
# Compiles every Bicep file under infra/ to ARM JSON (infra/bin/) and lints them with the
# rules in infra/bicepconfig.json, where every rule that applies is an error.
# Exits non-zero on any diagnostic (error, warning or info) from either step.
# The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64, restored
# through infra/tools/bicep.proj into the NuGet global packages folder when missing.
# Usage: bash infra/build.sh            (from anywhere)
set -euo pipefail

infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="${infra_dir}/bin"
tools_proj="${infra_dir}/tools/bicep.proj"

bicep_version="$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' "${tools_proj}")"
packages_dir="${NUGET_PACKAGES:-}"
if [[ -z "${packages_dir}" ]]; then
  packages_dir="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
fi
packages_dir="${packages_dir%/}"
bicep="${packages_dir}/azure.bicep.commandline.linux-x64/${bicep_version}/tools/bicep"

if [[ ! -f "${bicep}" ]]; then
  echo "build.sh: restoring Bicep CLI ${bicep_version} from NuGet"
  dotnet restore "${tools_proj}" --nologo --verbosity quiet
fi
if [[ ! -f "${bicep}" ]]; then
  echo "build.sh: Bicep CLI not found at ${bicep} after restore" >&2
  exit 1
fi
# NuGet does not always keep the executable bit.
[[ -x "${bicep}" ]] || chmod +x "${bicep}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
# Never reach the network for registry modules (there are none) or telemetry.
export BICEP_TRACING_ENABLED=false

log="$(mktemp)"
trap 'rm -f "${log}"' EXIT
status=0

run() {
  # Runs one Bicep command; any line of output that is a diagnostic fails the build.
  if ! "${bicep}" "$@" >"${log}" 2>&1; then
    status=1
  fi
  if grep -Eq ': (Error|Warning|Info) ' "${log}"; then
    status=1
  fi
  cat "${log}"
}

cd "${infra_dir}"
rm -rf "${out_dir}"
mkdir -p "${out_dir}/app"

echo "build.sh: bicep $("${bicep}" --version | sed 's/^Bicep CLI version //')"
run build main.bicep --outfile "${out_dir}/main.json"
run build --pattern 'app/*.bicep' --outdir "${out_dir}/app"
run lint --pattern '**/*.bicep'

if [[ ${status} -ne 0 ]]; then
  echo "build.sh: FAILED (Bicep diagnostics above)" >&2
  exit 1
fi
echo "build.sh: OK: compiled and linted main.bicep and $(ls app/*.bicep | wc -l) modules into ${out_dir}"
