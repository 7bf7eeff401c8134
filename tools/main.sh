#!/usr/bin/env bash
# `npm start`: the whole product on this machine, in a few minutes.
#   1. sets up what is missing (Node, npm packages, the Pulumi engine; cached), compiles;
#   2. starts the R4 emulator with a seeded tenant (data in .r4/emulator, kept between runs);
#   3. creates or selects the root `quickstart` stack (state in .r4/state, passphrase secrets);
#   4. `pulumi up`: a project, a vault, items, a DNS record, a dry-run license purchase, an agent;
#   5. prints the stack outputs (secrets masked);
#   6. changes one item out of band and shows `pulumi refresh` finding exactly that drift;
#   7. restores it with `pulumi up` and checks nothing else would change;
#   8. prints a summary and stops the emulator.
# Running it again reuses the emulator data and the stack: the first `up` then has no changes.
# No secret value is ever printed or passed on a command line.
set -euo pipefail

START_SECONDS=$SECONDS
source "$(dirname "$0")/bootstrap.sh"

STACK="quickstart"
DRIFT_RESOURCE="database"   # the VaultItem the out-of-band change hits
DRIFT_FIELD="Password"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\nnpm start: %s\n' "$*" >&2; exit 1; }
elapsed() { printf '%ds' $((SECONDS - START_SECONDS)); }

say "Setting up (Node.js, npm packages, Pulumi engine; cached after the first run)"
r4_bootstrap || die "setup failed (see the [bootstrap] lines above)"
cd "$R4_ROOT"
note "node $(node --version), $(pulumi version) (built from Go modules with our own Node.js language host)"

say "Compiling the package (tsc)"
npx tsc -p tsconfig.json
note "done ($(elapsed))"

R4_DIR="$R4_ROOT/.r4"
EMU_DATA="$R4_DIR/emulator"
EMU_LOG="$R4_DIR/emulator.log"
EMU_PIDFILE="$R4_DIR/emulator.pid"
mkdir -p "$R4_DIR/state" "$R4_DIR/config" "$EMU_DATA"
export PULUMI_BACKEND_URL="file://$R4_DIR/state"
# The provider's create journal (crash-safe creates) beside the state it serves, not under ~.
export R4_CREATE_JOURNAL_DIR="${R4_CREATE_JOURNAL_DIR:-$R4_DIR/create-journal}"
export NO_COLOR=1

# ---------------------------------------------------------------------------------------------
say "Starting the R4 emulator (data in .r4/emulator)"
# An emulator left behind by an interrupted run of this script holds the data directory: stop it.
if [ -f "$EMU_PIDFILE" ]; then
    old_pid="$(cat "$EMU_PIDFILE")"
    if kill -0 "$old_pid" 2>/dev/null && tr '\0' ' ' < "/proc/$old_pid/cmdline" 2>/dev/null | grep -q "emulator/bin.js"; then
        note "stopping the emulator a previous run left running (pid $old_pid)"
        kill "$old_pid" 2>/dev/null || true
        sleep 1
    fi
    rm -f "$EMU_PIDFILE"
fi
if [ ! -f "$EMU_DATA/credentials.json" ]; then
    note "first start: seeding an org, a tenant, a managed domain and an agent key (RSA-3072; a few seconds)"
fi
rm -f "$EMU_LOG"   # before the start: the listening line read below must be this run's
node dist/emulator/bin.js --port 0 --data "$EMU_DATA" > "$EMU_LOG" 2>&1 &
EMU_PID=$!
echo "$EMU_PID" > "$EMU_PIDFILE"
stop_emulator() {
    if [ -n "${EMU_PID:-}" ] && kill -0 "$EMU_PID" 2>/dev/null; then
        kill "$EMU_PID" 2>/dev/null || true
        wait "$EMU_PID" 2>/dev/null || true
    fi
    rm -f "$EMU_PIDFILE"
}
trap stop_emulator EXIT
trap 'exit 130' INT TERM

LISTENING=""
for _ in $(seq 1 240); do
    LISTENING="$(grep -m1 '"event":"listening"' "$EMU_LOG" 2>/dev/null || true)"
    [ -n "$LISTENING" ] && break
    kill -0 "$EMU_PID" 2>/dev/null || { tail -n 20 "$EMU_LOG" >&2; die "the emulator exited during start (log: .r4/emulator.log)"; }
    sleep 0.5
done
[ -n "$LISTENING" ] || die "the emulator did not report listening within 120s (log: .r4/emulator.log)"
json_field() { node -e 'const v = JSON.parse(process.argv[1])[process.argv[2]]; process.stdout.write(String(v))' "$1" "$2"; }
BASE_URL="$(json_field "$LISTENING" baseUrl)"
CREDENTIALS="$(json_field "$LISTENING" credentials)"
# One value of credentials.json on stdout, for a pipe into `pulumi config set` (never an argument).
credential() { node -e 'process.stdout.write(String(require(process.argv[1])[process.argv[2]]))' "$CREDENTIALS" "$1"; }
note "listening on $BASE_URL (pid $EMU_PID); credentials in ${CREDENTIALS#"$R4_ROOT/"} (mode 600)"

# ---------------------------------------------------------------------------------------------
say "Selecting the '$STACK' stack (local backend .r4/state, passphrase secrets provider)"
if pulumi stack select "$STACK" --non-interactive >/dev/null 2>&1; then
    note "selected the existing stack"
else
    pulumi stack init "$STACK" --secrets-provider passphrase --non-interactive >/dev/null
    note "created the stack"
fi
pulumi config set r4:baseUrl "$BASE_URL" --non-interactive
credential apiKey | pulumi config set --secret r4:apiKey --non-interactive
credential privateKeyPem | pulumi config set --secret r4:privateKey --non-interactive
credential domainTenantId | pulumi config set domainTenantId --plaintext --non-interactive
credential managedDomain | pulumi config set domain --plaintext --non-interactive
if ! pulumi config get dbPassword --non-interactive >/dev/null 2>&1; then
    node -e 'process.stdout.write(require("node:crypto").randomBytes(18).toString("base64url"))' \
        | pulumi config set --secret dbPassword --non-interactive
    note "generated a random database password (kept encrypted in the stack config)"
fi
note "config: r4:baseUrl=$BASE_URL, r4:apiKey=[secret], r4:privateKey=[secret], dbPassword=[secret]"

# ---------------------------------------------------------------------------------------------
say "pulumi up"
pulumi up --yes --skip-preview --non-interactive
note "done ($(elapsed))"

say "Stack outputs (secrets are masked)"
pulumi stack output --non-interactive

# ---------------------------------------------------------------------------------------------
VAULT_ID="$(pulumi stack output vaultId --non-interactive)"
ITEM_ID="$(pulumi stack output databaseItemId --non-interactive)"
say "Changing the '$DRIFT_FIELD' field of item '$DRIFT_RESOURCE' outside Pulumi (through the SDK)"
node -r ts-node/register/transpile-only tools/quickstart-drift.ts "$CREDENTIALS" "$VAULT_ID" "$ITEM_ID" "$DRIFT_FIELD"

say "pulumi refresh --preview-only: what changed outside Pulumi?"
REFRESH_OUT="$(mktemp)"
pulumi refresh --preview-only --non-interactive | tee "$REFRESH_OUT"
# The engine's display ends a drifted resource's line with "update" (or "delete" when gone).
DRIFTED="$(grep -E '^\s*[~+-]+\s+[A-Za-z0-9_-]+:\S+\s+\S+\s+(update|delete)\b' "$REFRESH_OUT" | awk '{print $3}' | sort -u | tr '\n' ' ' | sed 's/ $//')"
rm -f "$REFRESH_OUT"
[ "$DRIFTED" = "$DRIFT_RESOURCE" ] || die "expected refresh to find drift in exactly '$DRIFT_RESOURCE', found: '${DRIFTED:-nothing}'"
note "refresh found exactly one drifted resource: $DRIFTED"

say "pulumi refresh --yes: record the drift in the state"
pulumi refresh --yes --skip-preview --non-interactive

say "pulumi up: restore the declared value"
pulumi up --yes --skip-preview --non-interactive

say "Checking the stack now matches the program (pulumi preview --expect-no-changes)"
pulumi preview --expect-no-changes --non-interactive >/dev/null
note "no changes"

# ---------------------------------------------------------------------------------------------
say "Summary"
pulumi stack export --non-interactive | node -e '
    let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => {
        const resources = (JSON.parse(text).deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/r4:"));
        console.log(`    ${resources.length} R4 resources in stack "quickstart":`);
        for (const r of resources) console.log(`      ${r.type.split(":").pop().padEnd(16)} ${r.urn.split("::").pop().padEnd(24)} ${r.id}`);
    });'
note ""
note "State:        .r4/state (local file backend; secrets encrypted with the passphrase in PULUMI_CONFIG_PASSPHRASE)"
note "Stack config: .r4/config/Pulumi.$STACK.yaml"
note "Create notes: .r4/create-journal (what lets an \`up\` killed mid-create resume without duplicates)"
note "Emulator:     .r4/emulator (data and credentials.json; log in .r4/emulator.log)"
note "By hand:      eval \"\$(npm run -s engine:env)\"; export PULUMI_BACKEND_URL=file://$R4_DIR/state R4_CREATE_JOURNAL_DIR=$R4_DIR/create-journal; pulumi stack output"
note "              (start the emulator first for commands that reach R4: see docs/emulator.md)"
note "Finished in $(elapsed). Run \`npm start\` again: the first \`pulumi up\` will have no changes."
