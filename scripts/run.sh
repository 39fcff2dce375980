#!/usr/bin/env bash
# Installs what is missing, builds, and runs dutybot. Without arguments it runs on its embedded default:
# the sandbox messenger in-process on 127.0.0.1:8765 and dutybot.db in the working folder.
# Any arguments go to dutybot (e.g. --config my.json, --log-level debug).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages "${PACKAGES[@]}"
build "$ROOT/build"
exec "$ROOT/build/bin/dutybot" "$@"
