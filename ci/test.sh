#!/usr/bin/env bash
# The project's test script: the README's test command, then the main job on a small sample as a
# smoke test of the launcher and the shaded jar, then the optional Spark module's tests.
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

# The optional Spark engine: a separate Maven build on the installed core artifact. Spark's
# dependencies download once into ~/.m2; its tests take about a minute (Spark local mode).
echo "== mvn -B -q install -DskipTests (the core artifact the Spark module depends on)"
mvn -B -q install -DskipTests
echo "== mvn -B -f sparsebench-spark/pom.xml verify (Spark engine: local vs Spark results, retried tasks)"
mvn -B -f sparsebench-spark/pom.xml verify
echo "== ok"
