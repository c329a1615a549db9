#!/usr/bin/env bash
# The benchmarks, side by side: bash bench/run.sh [--quick] [--sizes 1000,10000,100000] [--providers sqlite,postgres]
#   [--workloads planner,contracts] [--cases ...] [--profile] [--cold]
# Workload 1 (planner, DESIGN.md §5) and workload 2 (contracts: TPT, unique names, tree, composite keys, JSON, payload
# many-to-many) by default; prints one table per workload, engine and size, then issue 10's targets (met / not met).
# --profile adds a profiled run of set mode, object mode and hand-sql with their top statements; --cold skips warm-ups.
# Starts a throwaway PostgreSQL cluster (default durability settings, shared_buffers=256MB) unless EFCLONE_PG_CONNECTION is set.
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/pg.sh
trap pg_stop EXIT
if [ -z "${EFCLONE_PG_CONNECTION:-}" ]; then
  PG_OPTIONS="-c shared_buffers=256MB" pg_start
fi
# Built at low priority (the machine may be shared); the measured processes run at normal priority.
nice -n 10 dotnet build bench/EFCore.Cloning.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet bench/EFCore.Cloning.Benchmarks/bin/Release/net10.0/EFCore.Cloning.Benchmarks.dll run "$@"
