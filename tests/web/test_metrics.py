#!/usr/bin/python3
"""/metrics, /healthz and /readyz of the real dutybot, checked with Prometheus' own `promtool check metrics`
(Debian package prometheus) and against what the test made happen: a duty, a waiting client, a nudge-free minute,
webhooks signed right and wrong, and the messenger going away."""
import argparse
import datetime
import hashlib
import hmac
import json
import re
import subprocess
import sys
import time
import zoneinfo

from harness import Stack, http, wait_for

SECRET = "metrics-test-secret"


def samples(text):
    """name{labels} → value for every sample line."""
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, value = line.rsplit(" ", 1)
            out[key] = float(value)
    return out


def signed_call(base, body, secret=SECRET):
    timestamp = str(int(time.time()))
    sig = "sha256=" + hmac.new(secret.encode(), (timestamp + "." + body).encode(), hashlib.sha256).hexdigest()
    return http(base + "/hooks/calls", data=body.encode(),
                headers={"X-Timestamp": timestamp, "X-Signature": sig, "Content-Type": "application/json"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dutybot", required=True)
    ap.add_argument("--sandbox", required=True)
    ap.add_argument("--promtool", default="/usr/bin/promtool")
    args = ap.parse_args()

    with Stack(args.dutybot, args.sandbox, env_extra={"DUTYBOT_HOOK_SECRET": SECRET}) as stack:
        base, m = stack.base, stack.messenger
        assert http(base + "/healthz")[0] == 200
        status, _, body = http(base + "/readyz")
        assert status == 200 and "ready" in body, (status, body)

        until = (datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Moscow")) + datetime.timedelta(hours=2)).strftime(
            "%H:%M")
        m.say("demo-anna", f"Дежурю до {until}", chat="staff")
        m.say("demo-petr", "Добрый день! Есть ли туры во Вьетнам на Новый год?", chat="c-vietnam")
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        call = json.dumps({"event": "missed", "call_id": "call-1", "ts": now, "from": "+79160000000",
                           "to": "office"})
        assert signed_call(base, call)[0] == 200
        assert signed_call(base, call, secret="wrong")[0] == 401
        assert signed_call(base, "{not json")[0] == 400

        def scraped():
            status, headers, text = http(base + "/metrics")
            assert status == 200 and headers["Content-Type"].startswith("text/plain; version=0.0.4"), headers
            s = samples(text)
            return (text, s) if s.get("dutybot_open_waits") == 1 else None

        text, s = wait_for("the client's wait in /metrics", scraped)
        check = subprocess.run([args.promtool, "check", "metrics"], input=text, capture_output=True, text=True)
        assert check.returncode == 0, "promtool: " + check.stdout + check.stderr
        for name in ("dutybot_events_total", "dutybot_event_handle_seconds", "dutybot_outbox_pending",
                     "dutybot_gateway_connected", "dutybot_open_waits", "dutybot_oldest_wait_seconds",
                     "dutybot_on_duty", "dutybot_nudges_total", "dutybot_webhook_requests_total",
                     "dutybot_last_event_age_seconds"):
            assert f"# TYPE {name} " in text, name
        # Anna's declaration and Пётр's question, and the bot's own reply (it sees its messages as events too).
        assert s['dutybot_events_total{type="message"}'] >= 2, s
        assert s['dutybot_events_total{type="call"}'] == 1, s
        handled = sum(v for k, v in s.items() if k.startswith("dutybot_events_total"))
        assert s["dutybot_event_handle_seconds_count"] == handled, s
        assert s['dutybot_event_handle_seconds_bucket{le="+Inf"}'] == handled, s
        assert s["dutybot_gateway_connected"] == 1 and s["dutybot_on_duty"] == 1, s
        assert 0 <= s["dutybot_oldest_wait_seconds"] < 60, s
        assert 0 <= s["dutybot_last_event_age_seconds"] < 60, s
        assert s['dutybot_webhook_requests_total{code="200"}'] == 1, s
        assert s['dutybot_webhook_requests_total{code="401"}'] == 1, s
        assert s['dutybot_webhook_requests_total{code="400"}'] == 1, s
        assert s['dutybot_nudges_total{kind="nudge"}'] == 0, s
        assert re.search(r'^dutybot_outbox_pending \d+$', text, re.M)

        # The messenger goes away: not ready, with the reason; still alive.
        stack.stop_sandbox()
        status, _, body = wait_for("/readyz to fail", lambda: (r := http(base + "/readyz"))[0] == 503 and r)
        assert "gateway" in body, body
        assert http(base + "/healthz")[0] == 200
        _, _, text = http(base + "/metrics")
        assert samples(text)["dutybot_gateway_connected"] == 0
        # And comes back: ready again once the bot has reconnected.
        stack.start_sandbox()
        wait_for("/readyz after the reconnect", lambda: http(base + "/readyz")[0] == 200, timeout=30)
    print("metrics and health test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
