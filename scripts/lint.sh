#!/usr/bin/env bash
# The tree's habits, checked: clang-format 14 (.clang-format) on every tracked C++ file, clang-tidy 14 (.clang-tidy)
# on every translation unit of the product (core, storage, handlers, sandbox, bot; but core/boost_json.cpp, which is
# Boost.JSON's own source), and the folder dependency rule (scripts/check_layers.py). The tests' translation units
# (Catch2 makes each one about 13 s of clang-tidy) are left out to keep CI within its 30 minutes: they are built
# with warnings as errors and run under ASan+UBSan instead; LINT_TESTS=1 includes them.
# Usage: scripts/lint.sh [BUILD_DIR]   (default build/; configured here if it has no compile_commands.json)
# FIX=1 rewrites the files with clang-format instead of failing on them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages "${PACKAGES[@]}" clang-format-14 clang-tidy-14 python3
BUILD="${1:-$ROOT/build}"
cd "$ROOT"

status=0
mapfile -t files < <(git ls-files '*.h' '*.cpp')
if [ "${FIX:-0}" = "1" ]; then
  clang-format-14 -i "${files[@]}"
elif ! clang-format-14 --dry-run --Werror "${files[@]}"; then
  echo "lint: clang-format would change the files above (FIX=1 scripts/lint.sh rewrites them)"
  status=1
fi

[ -f "$BUILD/compile_commands.json" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
folders="core|storage|handlers|sandbox|bot"
[ "${LINT_TESTS:-0}" = "1" ] && folders="$folders|tests"
if ! run-clang-tidy-14 -p "$BUILD" -j "$(nproc)" -quiet "^$ROOT/($folders)/(?!boost_json\.cpp)" \
     > "$BUILD/clang-tidy.log" 2>&1; then
  grep -E 'warning:|error:' "$BUILD/clang-tidy.log" | sort -u
  echo "lint: clang-tidy found the problems above (whole log: $BUILD/clang-tidy.log)"
  status=1
fi

python3 "$ROOT/scripts/check_layers.py" || status=1
[ "$status" = 0 ] && echo "lint: clean (clang-format, clang-tidy, layers)"
exit "$status"
