#!/usr/bin/env bash
# Shared by run.sh and test.sh: install what is missing (Debian 12, as root), configure and build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGES=(g++ cmake make pkg-config libboost1.81-dev nlohmann-json3-dev libssl-dev libsqlite3-dev
          libspdlog-dev catch2 libhowardhinnant-date-dev libboost-url1.81-dev libcli11-dev libicu-dev
          tzdata openssl ca-certificates libjs-chart.js libsystemd-dev
          help2man dpkg-dev)
# What the tests add: a real browser for the console (Selenium + headless Chromium, DejaVu for Cyrillic), and
# Prometheus' promtool for /metrics, python3-icalendar for the calendar feed.
TEST_PACKAGES=(chromium chromium-driver python3-selenium fonts-dejavu-core prometheus python3-icalendar strace
               python3-websockets)

ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# build DIR [extra cmake args…]
build() {
  local dir="$1"; shift
  cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}
