#!/usr/bin/env bash
# `npm run bench:NAME` / `npm run bench`: sets up the pinned Node and engine (tools/bootstrap.sh),
# compiles (the stack programs load the compiled dist/, and the emulator runs from it), then runs
# each named benchmark in turn. BENCH_SKIP_BUILD=1 skips the compile.
set -euo pipefail
source "$(dirname "$0")/../tools/bootstrap.sh"
r4_bootstrap
cd "$R4_ROOT"
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
    r4_log "compiling"
    npx tsc -p tsconfig.json
fi
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    names=(crypto requests api growth memory emulator engine)
fi
for name in "${names[@]}"; do
    r4_log "bench:$name"
    node -r ts-node/register/transpile-only "bench/$name.ts"
done
