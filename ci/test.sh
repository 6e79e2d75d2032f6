#!/usr/bin/env bash
# The project's test script: the README's test command, then the main job on a small sample as a
# smoke test of the launcher and the shaded jar.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== mvn -B verify"
mvn -B verify

echo "== ./sparsebench run --limit 200 (smoke test of the launcher and the shaded jar)"
SMOKE_REPORTS="$(mktemp -d)"
./sparsebench run --limit 200 --reports-dir "$SMOKE_REPORTS"
test -s "$SMOKE_REPORTS/latest/results.json"
test -s "$SMOKE_REPORTS/latest/index.html"
rm -rf "$SMOKE_REPORTS"
echo "== ok"
