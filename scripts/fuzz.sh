#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 14 and runs each for SECONDS (default 60), starting from the seed
# corpus in tests/fuzz/corpus; new inputs go to build-fuzz/corpus-*. Crashes are saved as build-fuzz/crash-*.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SECONDS_EACH="${1:-60}"
ensure_packages "${PACKAGES[@]}" clang-14 libclang-rt-14-dev
cmake -S "$ROOT" -B "$ROOT/build-fuzz" -DDUTYBOT_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build "$ROOT/build-fuzz" -j "$(nproc)"
cd "$ROOT/build-fuzz"
for target in protocol duty_time request_words; do
  mkdir -p "corpus-$target"
  echo "==> fuzz_$target for ${SECONDS_EACH}s"
  "./bin/fuzz_$target" -max_total_time="$SECONDS_EACH" -max_len=4096 -timeout=10 \
      -artifact_prefix="$ROOT/build-fuzz/" "corpus-$target" "$ROOT/tests/fuzz/corpus/$target" 2>&1 | tail -n 3
done
