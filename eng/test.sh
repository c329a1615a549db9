#!/usr/bin/env bash
# Runs every test of the solution against SQLite and a real PostgreSQL 15 server, the web app's in headless chromium.
# Uses the server in EFCLONE_PG_CONNECTION when it is set; otherwise starts a throwaway cluster on a
# loopback port (installing PostgreSQL 15 if needed) and stops it afterwards, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/pg.sh

results=$(mktemp -d /tmp/efclone-tests.XXXXXX)
cleanup() {
  pg_stop
  rm -rf "$results"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${EFCLONE_PG_CONNECTION:-}" ]; then
  pg_start
fi

# The web app's browser test drives Debian's chromium package through Playwright; no browser is ever downloaded.
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium not found: installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi

status=0
dotnet test EFCore.Cloning.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

# The closing line CI reads, summed over every test project's results.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
line = f"Tests: {passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
exit $status
