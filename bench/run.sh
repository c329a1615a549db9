#!/usr/bin/env bash
# The benchmark of DESIGN.md §5, side by side: bash bench/run.sh [--quick] [--sizes 1000,10000,100000] [--providers sqlite,postgres]
# Starts a throwaway PostgreSQL cluster (default durability settings, shared_buffers=256MB) unless EFCLONE_PG_CONNECTION is set.
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/pg.sh
trap pg_stop EXIT
if [ -z "${EFCLONE_PG_CONNECTION:-}" ]; then
  PG_OPTIONS="-c shared_buffers=256MB" pg_start
fi
dotnet build bench/EFCore.Cloning.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet bench/EFCore.Cloning.Benchmarks/bin/Release/net10.0/EFCore.Cloning.Benchmarks.dll run "$@"
