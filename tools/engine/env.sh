#!/usr/bin/env bash
# `eval "$(npm run -s engine:env)"`: puts the pinned Node and the built engine first on PATH and
# sets the Pulumi variables, building whatever is missing first (progress on stderr).
set -euo pipefail
source "$(dirname "$0")/../bootstrap.sh"
r4_bootstrap
for var in PATH PULUMI_SKIP_UPDATE_CHECK PULUMI_HOME PULUMI_CONFIG_PASSPHRASE PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK PULUMI_NODEJS_TRANSPILE_ONLY PULUMI_ENGINE_BIN; do
    printf 'export %s=%q\n' "$var" "${!var}"
done
