#!/usr/bin/env bash
# Builds and runs the benchmarks; prints their figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages "${PACKAGES[@]}"
build "$ROOT/build"
"$ROOT/build/bin/bench_unanswered"
"$ROOT/build/bin/bench_requests"
