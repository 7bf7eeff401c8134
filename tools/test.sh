#!/usr/bin/env bash
# `npm test`: sets up what is missing (Node, npm packages, engine), compiles, type-checks the
# tests and benchmarks, and runs every suite in one mocha run: unit, emulator and end-to-end
# through the real engine.
# Extra arguments go to mocha (e.g. `npm test -- --grep smoke`).
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
r4_bootstrap
cd "$R4_ROOT"
r4_log "compiling"
npx tsc -p tsconfig.json
# The tests and benchmarks run under ts-node's transpile-only mode, which checks no types.
r4_log "type-checking tests and benchmarks"
npx tsc -p tsconfig.check.json
export R4_TEST_SUMMARY="${R4_TEST_SUMMARY:-$R4_ROOT/.r4/test-summary.json}"
exec npx mocha --reporter tests/harness/reporter.js --timeout 600000 \
    'tests/unit/**/*.test.ts' 'tests/emulator/**/*.test.ts' 'tests/e2e/**/*.test.ts' 'tests/bench-smoke/**/*.test.ts' 'tests/reliability/**/*.test.ts' "$@"
