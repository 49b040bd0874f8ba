#!/usr/bin/env bash
# Benchmarks of SPEC §6 and the organiser page's progress poll (not a test): builds Release (local host + harness) and runs the harness, which starts
# its own Azurite on free ports, a fake SendGrid Mail Send server and the real local host process, prints the
# numbers and writes docs/benchmarks.md. Host logs go to bench/out/. Options are passed on to the harness:
#   --runs N (2)  --sizes 1000,10000  --replies N (1000)  --clients N (20)  --skip-invitations  --skip-replies
#   --multi-host (only issue 19's kill sweep: 3 local hosts on one task hub, one killed at each course milestone; --kill-points
#   Invitations,RsvpDeadline,CourseReminder,SessionEnd,FollowUpStart,Certificates  --kill-invitees N (30))
#   --skip-alerts  --alerts (only the daily complaint alert run)  --skip-progress  --progress (only the progress poll, issue 10)  --alert-cases N (10000; 100000 as in SPEC §6 takes over an hour to seed on Azurite)  --no-write
# Issue 19 (each runs only the scenarios named; combine them freely):
#   --contention       1,000 invitees, 100 seats, 50 clients over TWO local hosts on one Azurite and one task hub (distinct
#                      Workflow__WorkerId, one link key), accepting then 30 % declining: p50/p95, seat conflicts (ETag
#                      retries, from the hosts' "Seat write ... refused by storage" lines), accepted rows sampled every 100 ms
#                      (never over capacity), waitlist order checked at the end
#   --campaign N       one course of N invitees (no capacity), CSV parts under the 1 MiB request limit, every invitation to
#                      the Mail Send API, 2,000 replies, progress poll cold/cached, roster CSV/XLSX; host VmHWM per phase;
#                      a single N above 10,000 runs 10,000 first for the growth 10k -> N (e.g. --campaign 100000)
#   --cases N          the alert run over N complaint cases seeded by batch writes (index rows 100 per transaction; case rows
#                      and code claims one per request: one partition each), first run and same-day re-run (entities read
#                      / near), then the case list and board (GET /api/complaints?..., p50/p95 over 20 calls)
# A scenario skipped by the command keeps its previously written section of docs/benchmarks.md (marked as kept).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "Building Release (local host + benchmarks)..."
dotnet build LocalHost/Workflow.LocalHost.csproj -c Release -nologo -v q -clp:ErrorsOnly
dotnet build bench/Workflow.Benchmarks/Workflow.Benchmarks.csproj -c Release -nologo -v q -clp:ErrorsOnly

export BENCH_COMMAND="bench/run.sh${*:+ $*}"
exec dotnet bench/Workflow.Benchmarks/bin/Release/net10.0/Workflow.Benchmarks.dll "$@"
