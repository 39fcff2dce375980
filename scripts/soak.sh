#!/usr/bin/env bash
# The soak run: `scripts/soak.sh [MINUTES] [--seed S]` (default 10 minutes, a random seed it prints). Installs what
# is missing, builds, then plays an agency's week at speed against the real sandbox and bot with faults injected
# (tests/soak/soak.py) and prints one `ok`/`FAIL` line per invariant; exits non-zero when any failed. Root makes
# the "disk full" fault possible (a small tmpfs for the bot's database). The run's logs and databases stay in
# build/soak-<seed>/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages "${PACKAGES[@]}" "${TEST_PACKAGES[@]}"
minutes=10
if [ $# -gt 0 ] && [[ "$1" != --* ]]; then
  minutes=$1
  shift
fi
build "$ROOT/build"
cd "$ROOT/build"
exec /usr/bin/python3 "$ROOT/tests/soak/soak.py" --dutybot "$ROOT/build/bin/dutybot" \
  --sandbox "$ROOT/build/bin/dutybot-sandbox" --minutes "$minutes" "$@"
