#!/usr/bin/env bash
# The Debian packages as an administrator meets them (CTest: test_package; needs root, as CI runs): build them
# with scripts/package.sh, look inside, install dutybot with dpkg -i and apt-get install -f, check the installed
# config with `dutybot check-config` (and broken copies of it), verify the unit with `systemd-analyze verify`,
# rate it with `systemd-analyze security`, install dutybot-sandbox, and purge both, leaving the machine as it was.
# Usage: test_package.sh BUILD_DIR. Exit 77 (skipped): not root, or dutybot already installed here.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(realpath "$1")"
if [ "$(id -u)" -ne 0 ]; then echo "skipped: installing a package needs root"; exit 77; fi
if dpkg-query -W -f='${Status}' dutybot dutybot-sandbox 2>/dev/null | grep -q "ok installed"; then
  echo "skipped: dutybot is installed on this machine already; this test would remove it"; exit 77
fi

failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() {  # check "what" command…
  local what="$1"; shift
  if "$@" >/dev/null 2>&1; then ok "$what"; else fail "$what"; fi
}
work="$(mktemp -d)"
purge() { dpkg --purge dutybot-sandbox dutybot >/dev/null 2>&1 || true; rm -rf "$work"; }
trap purge EXIT

version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")"
bash "$ROOT/scripts/package.sh" "$BUILD" >"$work/package.log"
bot_deb="$BUILD/packages/dutybot_${version}_amd64.deb"
sandbox_deb="$BUILD/packages/dutybot-sandbox_${version}_amd64.deb"
check "package.sh wrote $(basename "$bot_deb") and $(basename "$sandbox_deb")" test -f "$bot_deb" -a -f "$sandbox_deb"

# Inside: the files, the version from CMake, the dependencies dpkg-shlibdeps found, the conffile.
dpkg-deb -c "$bot_deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/bot.files"
for f in /usr/bin/dutybot /lib/systemd/system/dutybot.service /etc/dutybot/config.json \
         /usr/share/dutybot/handbook.ru.json /usr/share/dutybot/request_words.ru.json \
         /usr/share/man/man1/dutybot.1.gz /usr/share/doc/dutybot/README.md; do
  check "dutybot's package holds $f" grep -qx "$f" "$work/bot.files"
done
check "the emulator is not in dutybot's package" bash -c "! grep -q dutybot-sandbox '$work/bot.files'"
check "dutybot-sandbox's package holds /usr/bin/dutybot-sandbox" \
  bash -c "dpkg-deb -c '$sandbox_deb' | grep -q './usr/bin/dutybot-sandbox$'"
check "the package's version is CMake's ($version)" test "$(dpkg-deb -f "$bot_deb" Version)" = "$version"
depends="$(dpkg-deb -f "$bot_deb" Depends)"
echo "     Depends: $depends"
for lib in libc6 libsqlite3-0 libssl3 libsystemd0 libicu72 libboost-url1.81.0 tzdata libjs-chart.js; do
  check "Depends names $lib" grep -q "$lib" <<<"$depends"
done
check "/etc/dutybot/config.json is a conffile" \
  bash -c "dpkg-deb --ctrl-tarfile '$bot_deb' | tar -xO ./conffiles | grep -qx /etc/dutybot/config.json"
size=$(stat -c %s "$bot_deb")
check "the package is stripped (under 15 MB: $((size / 1024)) KiB)" test "$size" -lt 15000000

# Install as an administrator would: dpkg -i, then apt-get install -f for anything missing.
dpkg -i "$bot_deb" >"$work/dpkg.log" 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >>"$work/dpkg.log" 2>&1
check "dpkg -i + apt-get install -f: dutybot installed" \
  bash -c "dpkg-query -W -f='\${Status}' dutybot | grep -q 'install ok installed'"
check "dutybot --version says $version" bash -c "/usr/bin/dutybot --version | grep -qx 'dutybot $version'"
check "the man page lists every command" \
  bash -c "zcat /usr/share/man/man1/dutybot.1.gz | grep -q 'check.-config' && zcat /usr/share/man/man1/dutybot.1.gz | grep -q backup"

# check-config on the installed conffile: with the token as the unit gives it, no problem; with none, the one
# problem says where to put it.
mkdir -p "$work/credentials" && printf 't-test\n' >"$work/credentials/token"
if CREDENTIALS_DIRECTORY="$work/credentials" /usr/bin/dutybot check-config >"$work/check.out" 2>&1; then
  ok "check-config passes the installed /etc/dutybot/config.json (token from the credential)"
else
  fail "check-config on the installed conffile: $(cat "$work/check.out")"
fi
set +e
env -u DUTYBOT_TOKEN /usr/bin/dutybot check-config >"$work/check.out" 2>&1; code=$?
set -e
check "without a token: exit 2, and the fix names /etc/dutybot/token" \
  bash -c "[ $code -eq 2 ] && grep -q /etc/dutybot/token '$work/check.out'"
broken() {  # broken NAME SED-EXPRESSION EXPECTED-TEXT
  sed "$2" /etc/dutybot/config.json >"$work/$1.json"
  set +e
  CREDENTIALS_DIRECTORY="$work/credentials" /usr/bin/dutybot check-config --config "$work/$1.json" >"$work/$1.out" 2>&1
  local code=$?
  set -e
  if [ $code -eq 2 ] && grep -q "$3" "$work/$1.out"; then ok "check-config refuses $1 (exit 2: $3)"
  else fail "check-config on $1: exit $code: $(cat "$work/$1.out")"; fi
}
broken "a misspelt key" 's/"first_nudge_s"/"first_nudge"/' "unknown key 'unanswered.first_nudge'"
broken "a wrong zone" 's|"Europe/Moscow"|"Europe/Moskva"|' "unknown time zone 'Europe/Moskva'"
broken "an http URL for the gateway" 's|wss://gateway.invalid|https://gateway.invalid|' "messenger.url"
printf 't-test\n' >"$work/token" && chmod 644 "$work/token"
broken "a token file others can read" "s|\"token_file\": \"\"|\"token_file\": \"$work/token\"|" "chmod 600"

# The unit, as systemd reads it.
if systemd-analyze verify /lib/systemd/system/dutybot.service >"$work/verify.out" 2>&1 &&
   ! grep -q "dutybot.service:" "$work/verify.out"; then
  ok "systemd-analyze verify dutybot.service: no complaint"
else
  fail "systemd-analyze verify: $(cat "$work/verify.out")"
fi
systemd-analyze security --offline=true /lib/systemd/system/dutybot.service >"$work/security.out" 2>&1 || true
score="$(grep -o 'Overall exposure level for dutybot.service: [0-9.]* [A-Z]*' "$work/security.out" || true)"
echo "     systemd-analyze security: ${score:-no score}"
check "systemd-analyze security rates the unit OK or better" grep -Eq ' (OK|SAFE)$' <<<"$score"

# The unit's system call filter against what the installed bot really calls: run as an unprivileged user (as
# DynamicUser= runs it) on the embedded default for a few seconds, reloaded with SIGHUP and stopped with SIGTERM,
# under strace; every call must be in @system-service minus @privileged and @resources.
chmod 711 "$work" && mkdir -p "$work/run" && chown 65534:65534 "$work/run"
# Free ports (other tests run beside this one), a real reload of this file on SIGHUP.
printf '{"db": "%s/run/bot.db", "http": {"listen": "127.0.0.1:0"}, "sandbox": {"listen": "127.0.0.1:0"}}\n' \
  "$work" >"$work/bot.json"
(cd "$work/run" && exec setpriv --reuid=65534 --regid=65534 --clear-groups \
   strace -f -qq -o "$work/run/strace.txt" /usr/bin/dutybot --config "$work/bot.json" >"$work/run.log" 2>&1) &
tracer=$!
for _ in $(seq 50); do grep -q "dutybot is up" "$work/run.log" 2>/dev/null && break; sleep 0.2; done
# Signals to this bot only: other tests' bots run beside this one.
bot_pid="$(pgrep -P "$tracer" -x dutybot || true)"
sleep 1
[ -n "$bot_pid" ] && kill -HUP "$bot_pid"
sleep 1
[ -n "$bot_pid" ] && kill -TERM "$bot_pid"
wait "$tracer" || true
check "the installed bot ran as an unprivileged user (up, reloaded, stopped)" \
  bash -c "grep -q 'dutybot is up' '$work/run.log' && grep -q 'read again;' '$work/run.log' && grep -q 'stopped; handled' '$work/run.log'"
python3 - "$work/run/strace.txt" <<'PY' >"$work/syscalls.out" && ok "every system call the bot made is allowed by the unit's SystemCallFilter= ($(cat "$work/syscalls.out"))" || fail "system calls outside the unit's filter: $(cat "$work/syscalls.out")"
import re, subprocess, sys
def group(name):
    names = set()
    for line in subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True).stdout.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == name:
            continue
        names |= group(line) if line.startswith("@") else {line}
    return names
allowed = group("@system-service") - group("@privileged") - group("@resources")
used = {m.group(1) for m in re.finditer(r"^\d+ +([a-z0-9_]+)\(", open(sys.argv[1]).read(), re.M)}
used.discard("execve")  # strace's own start of the program
print(f"{len(used)} distinct calls" if used and used <= allowed else " ".join(sorted(used - allowed)) or "none traced")
sys.exit(0 if used and used <= allowed else 1)
PY

# The sandbox's own package beside it, then both purged: nothing of theirs is left.
dpkg -i "$sandbox_deb" >>"$work/dpkg.log" 2>&1
check "dutybot-sandbox installed and runs" /usr/bin/dutybot-sandbox --version
dpkg --purge dutybot-sandbox dutybot >>"$work/dpkg.log" 2>&1
for f in /usr/bin/dutybot /usr/bin/dutybot-sandbox /lib/systemd/system/dutybot.service /etc/dutybot \
         /usr/share/dutybot /var/lib/dutybot; do
  check "purged: $f is gone" test ! -e "$f"
done
check "purged: dpkg knows neither package" \
  bash -c "! dpkg-query -W -f='\${Status}' dutybot dutybot-sandbox 2>/dev/null | grep -q installed"

if [ "$failures" -ne 0 ]; then echo "$failures checks failed"; exit 1; fi
echo "all package checks passed"
