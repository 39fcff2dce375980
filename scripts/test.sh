#!/usr/bin/env bash
# Installs what is missing, builds (warnings are errors), and runs the whole suite through CTest; then the catch-up
# benchmark once at a small size (a smoke test that it still runs; its figures are not judged here); then the lint
# (scripts/lint.sh: clang-format, clang-tidy, the folder dependency rule); then a short libFuzzer run of
# each fuzz target (DUTYBOT_FUZZ_SECONDS, default 15; 0 skips it); then, unless DUTYBOT_SANITIZE=0, builds
# again with AddressSanitizer + UndefinedBehaviorSanitizer and runs the whole suite again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages "${PACKAGES[@]}" "${TEST_PACKAGES[@]}"

start=$(date +%s)
build "$ROOT/build" -DDUTYBOT_WERROR=ON
(cd "$ROOT/build" && ctest --output-on-failure -j 2 --timeout 300)
echo "==> normal build and tests took $(( $(date +%s) - start )) s"
"$ROOT/build/bin/bench_catchup" --events 600 --chats 10 --clients 20 --questions 10 --restart-events 10000 \
  --restart-waits 1000
echo "==> catch-up benchmark smoke run passed"

start=$(date +%s)
bash "$ROOT/scripts/lint.sh" "$ROOT/build"
echo "==> lint took $(( $(date +%s) - start )) s"

if [ "${DUTYBOT_FUZZ_SECONDS:-15}" != "0" ]; then
  start=$(date +%s)
  bash "$ROOT/scripts/fuzz.sh" "${DUTYBOT_FUZZ_SECONDS:-15}"
  echo "==> fuzz build and runs took $(( $(date +%s) - start )) s"
fi

if [ "${DUTYBOT_SANITIZE:-1}" != "0" ]; then
  start=$(date +%s)
  build "$ROOT/build-asan" -DDUTYBOT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DDUTYBOT_BENCHMARKS=OFF
  echo "==> sanitizer build took $(( $(date +%s) - start )) s; running the suite under ASan+UBSan"
  (cd "$ROOT/build-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j 2 --timeout 600)
fi
