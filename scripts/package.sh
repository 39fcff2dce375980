#!/usr/bin/env bash
# scripts/package.sh [BUILD_DIR]: the Debian packages dutybot_<version>_amd64.deb and dutybot-sandbox_<version>_amd64.deb
# in BUILD_DIR/packages/ (default build/; an existing build is reused, only the packaged programs are brought up to
# date). Installs what is missing first (Debian 12, as root).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages "${PACKAGES[@]}"
dir="$(realpath -m "${1:-$ROOT/build}")"
[ -f "$dir/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" -j "$(nproc)" --target dutybot dutybot-sandbox dutybot_man >/dev/null
rm -rf "$dir/packages"
(cd "$dir" && cpack -G DEB >/dev/null 2>"$dir/packages.log" || { cat "$dir/packages.log" >&2; exit 1; })
ls -1 "$dir"/packages/*.deb
