#!/usr/bin/env bash
# Turns Allure results into an Allure HTML report, offline after the first Maven download.
# Usage: ci/allure-report.sh [RESULTS_DIR] [OUT_DIR]
#   RESULTS_DIR default: reports/latest/allure-results (a benchmark run); the project's own test
#   results are in target/allure-results after `mvn -B verify`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RESULTS="${1:-reports/latest/allure-results}"
OUT="${2:-target/allure-report}"
VERSION=2.32.0
CLI="target/allure-commandline/allure-$VERSION/bin/allure"
if [[ ! -x "$CLI" ]]; then
  mvn -B -q dependency:copy -Dartifact="io.qameta.allure:allure-commandline:$VERSION:zip" \
      -DoutputDirectory=target/allure-commandline
  (cd target/allure-commandline && unzip -q -o "allure-commandline-$VERSION.zip")
fi
"$CLI" generate "$RESULTS" -o "$OUT" --clean
echo "allure report: $OUT/index.html"
