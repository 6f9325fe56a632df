#!/usr/bin/env bash
# `npm test`: every test of the project, in the order a failure is cheapest to find.
# 1. type check  2. build the renderer and the Electron bundles  3. Vitest (domain, backend
# on real SQLite files, packaging)  4. Playwright end-to-end in Chromium against `npm run serve`
# 5. Electron smoke tests (skipped, saying so, where no Electron binary is installed).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh || exit 1
mkdir -p test-results
rm -f test-results/*.json
status=0
step() { echo; echo "== $*"; }

step "type check" && npm run --silent typecheck || status=1
step "build" && npm run --silent build || { echo "build failed: the end-to-end and packaging tests need it"; exit 1; }
step "vitest" && npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1
step "playwright (browser)" && PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/test-results/e2e.json" npx playwright test -c tests/playwright.config.ts --reporter=list,json || status=1
step "playwright (electron)" && PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/test-results/electron.json" npx playwright test -c tests/electron/playwright.config.ts --reporter=list,json || status=1

node scripts/test-summary.ts test-results/vitest.json test-results/e2e.json test-results/electron.json || status=1
exit $status
