#!/usr/bin/env bash
# Builds and runs the benchmarks; prints their figures (docs/performance.md records them). bench_catchup takes
# about two minutes, most of it writing its backlogs through the sandbox's rules.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages "${PACKAGES[@]}"
build "$ROOT/build"
"$ROOT/build/bin/bench_unanswered"
"$ROOT/build/bin/bench_requests"
"$ROOT/build/bin/bench_duty_time"
"$ROOT/build/bin/bench_console"
"$ROOT/build/bin/bench_catchup"
