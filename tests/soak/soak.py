#!/usr/bin/python3
"""A busy week in minutes: the real sandbox and the real bot as processes, an agency's traffic played at speed,
faults injected on a schedule drawn from a printed seed, and invariants checked at the end from the sandbox's
record and the bot's database. Prints one `ok <name>: <figure>` or `FAIL <name>: <figure>` line per invariant and
exits 1 when any failed. Usage: soak.py --dutybot BIN --sandbox BIN [--minutes M] [--seed S] [--work DIR]."""
import argparse
import asyncio
import bisect
import hashlib
import hmac
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import websockets

MOSCOW = ZoneInfo("Europe/Moscow")
HOOK_SECRET = "soak-hook-secret"
BOT_TOKEN = "soak-bot-token"

# The rules' timers, scaled from minutes to seconds (the config the bot runs with).
FIRST_NUDGE_S, REPEAT_S, ESCALATE_S = 6, 10, 24
CALLBACK_S, OWNER_GRACE_S = 12, 20
REQUEST_CALL_S, REQUEST_ESCALATE_S = 10, 24
# What a fault may add to a deadline beyond the time the bot or the sandbox was away: reconnecting (backoff up to
# 2 s), catching up, the sandbox's rate limit on the bot's sends.
RECOVERY_S = 6.0
# A round's own slack: a timer fires on its due moment plus the transaction that commits it, and a handover list
# restarts the person's round. Rounds were seen exactly 10.000 s apart at 60 events a second, the latest first
# listing with no fault near 1.2 s past first-nudge + one round; a wait first listed a whole round late is one a
# full nudge had no room for («…и ещё N»), judged as such below. The run prints its latest.
TICK_SLACK_S = 2.5
HEARTBEAT_MS = 3000

COUNTRIES = ["Турция", "Египет", "ОАЭ", "Таиланд", "Вьетнам", "Мальдивы", "Кипр", "Греция", "Испания", "Италия",
             "Черногория", "Абхазия", "Грузия", "Армения", "Узбекистан", "Куба", "Доминикана", "Мексика", "Индия",
             "Шри-Ланка", "Индонезия", "Китай", "Япония", "Тунис", "Марокко", "Иордания", "Катар", "Оман", "Сейшелы",
             "Маврикий"]
QUESTIONS = ["Здравствуйте! Есть туры в {c} на майские?", "Сколько стоит виза в {c}?",
             "Подскажите отель для семьи с детьми, {c}?", "Можно оплатить картой?", "Когда ближайший вылет из Москвы?",
             "А трансфер из аэропорта входит в цену?", "Нужна ли страховка для {c}?", "Какая погода сейчас, {c}?"]
NUDGES = ["Алло, есть кто-нибудь?", "Ответьте, пожалуйста", "Жду ответа по туру"]
CLOSERS = ["Спасибо!", "Спасибо большое", "Понятно, спасибо", "Ок", "👍"]
ANSWERS = ["Здравствуйте! Сейчас посмотрю и отвечу.", "Добрый день, уточняю у туроператора.",
           "Да, есть варианты, пришлю подборку."]


def now():
    return time.time()


def iso(ts):
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_iso(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


# ------------------------------------------------------------------------------------------------ the people
def make_directory():
    users, chats = [], [{"id": "staff", "kind": "staff", "title": "Эксперты - общение"}]
    for i, c in enumerate(COUNTRIES):
        chats.append({"id": f"c-{i:02d}", "kind": "country", "title": c})
    for i in range(6):
        users.append({"id": f"u-a{i}", "name": f"Ассистент{i}", "role": "assistant", "token": f"tok-a{i}",
                      "phone": f"+7-900-100-00-{i:02d}"})
    for i in range(3):
        users.append({"id": f"u-e{i}", "name": f"Эксперт{i}", "role": "expert", "token": f"tok-e{i}",
                      "phone": f"+7-900-200-00-{i:02d}"})
    for i in range(2):
        users.append({"id": f"u-s{i}", "name": f"Руководитель{i}", "role": "supervisor", "token": f"tok-s{i}",
                      "phone": f"+7-900-300-00-{i:02d}"})
    for i in range(200):
        users.append({"id": f"u-c{i:03d}", "name": f"Клиент{i:03d}", "role": "client", "token": f"tok-c{i:03d}",
                      "phone": f"+7-916-{i // 100:03d}-{(i // 10) % 10:02d}-{i % 100:02d}"})
    return {"bot": {"id": "dutybot", "name": "Дежурный", "token": BOT_TOKEN}, "users": users, "chats": chats}


# ------------------------------------------------------------------------------------------------ the processes
class Downtime:
    """Windows when something the bot needs was away or broken: the deadlines of the rules move by them."""

    def __init__(self):
        self.windows = []  # (start, end, what)

    def add(self, start, end, what):
        self.windows.append((start, end, what))

    def allowance(self, start, end):
        """Seconds of disturbance overlapping [start, end], plus recovery for each disturbance there."""
        extra = 0.0
        for (a, b, _what) in self.windows:
            if b >= start - RECOVERY_S and a <= end + extra:
                extra += max(0.0, min(b, end + extra) - max(a, start)) + RECOVERY_S
        return extra


class Sandbox:
    def __init__(self, binary, work, port):
        self.binary, self.work, self.port = binary, work, port
        self.proc, self.chaos = None, ""
        self.log = open(os.path.join(work, "sandbox.log"), "ab")

    def start(self, chaos=""):
        self.chaos = chaos
        args = [self.binary, "--listen", f"127.0.0.1:{self.port}", "--directory", os.path.join(self.work, "dir.json"),
                "--data", os.path.join(self.work, "sandbox.db"), "--heartbeat-ms", str(HEARTBEAT_MS),
                "--log-level", "warn"]
        if chaos:
            args += ["--chaos", chaos]
        for attempt in range(50):
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log)
            line = self.proc.stdout.readline().decode()
            if line.startswith("listening on"):
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return
            self.proc.wait()
            time.sleep(0.1)  # the port is still held by the one just killed
        raise RuntimeError("the sandbox did not start")

    def stop(self, sig):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=20)


class Bot:
    def __init__(self, binary, work, db_dir, sandbox_port, http_port):
        self.binary, self.work, self.http_port = binary, work, http_port
        self.config = os.path.join(work, "bot.json")
        self.db = os.path.join(db_dir, "bot.db")
        with open(self.config, "w") as f:
            json.dump({
                "messenger": {"url": f"ws://127.0.0.1:{sandbox_port}/bot/v1"},
                "db": self.db,
                "reconnect": {"initial_s": 0.2, "max_s": 2, "stable_s": 10},
                "unanswered": {"first_nudge_s": FIRST_NUDGE_S, "repeat_s": REPEAT_S, "escalate_s": ESCALATE_S,
                               "claim_s": 10},
                "calls": {"callback_s": CALLBACK_S, "owner_grace_s": OWNER_GRACE_S},
                "requests": {"call_s": REQUEST_CALL_S, "escalate_s": REQUEST_ESCALATE_S, "note_grace_s": 15,
                             "expert_grace_s": 15, "order_grace_s": 12},
                "http": {"listen": f"127.0.0.1:{http_port}"},
            }, f, ensure_ascii=False)
        self.proc = None
        self.log = open(os.path.join(work, "bot.log"), "ab")
        self.exit_codes = []

    def start(self):
        env = dict(os.environ, DUTYBOT_TOKEN=BOT_TOKEN, DUTYBOT_HOOK_SECRET=HOOK_SECRET)
        self.proc = subprocess.Popen([self.binary, "--config", self.config, "--log-level", "info"], env=env,
                                     stdout=self.log, stderr=self.log)
        self.started_at = now()

    def wait_ready(self, timeout=30):
        deadline = now() + timeout
        while now() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the bot exited with {self.proc.returncode}; see bot.log")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/readyz", timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise RuntimeError("the bot did not become ready")

    def stop(self, sig):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.exit_codes.append(self.proc.wait(timeout=30))

    def rss(self):
        return rss_kb(self.proc.pid) if self.proc and self.proc.poll() is None else None


# ------------------------------------------------------------------------------------------------ a person's link
class Person:
    """One person's WebSocket to the sandbox's /client/v1: ops with req_ids, retried over reconnects."""

    def __init__(self, uid, token, url):
        self.uid, self.token, self.url = uid, token, url
        self.ws, self.pending, self.counter = None, {}, 0
        self.connected = asyncio.Event()
        self.task = None

    async def run(self):
        while True:
            try:
                async with websockets.connect(self.url, extra_headers={"Authorization": "Bearer " + self.token},
                                              max_size=None, ping_interval=None, open_timeout=5) as ws:
                    await ws.recv()  # hello
                    await ws.send(json.dumps({"op": "resume", "after_seq": 1 << 60}))
                    self.ws = ws
                    self.connected.set()
                    beat = asyncio.create_task(self.heartbeat(ws))
                    try:
                        async for frame in ws:
                            if '"op":"result"' in frame:
                                r = json.loads(frame)
                                fut = self.pending.pop(r.get("req_id"), None)
                                if fut and not fut.done():
                                    fut.set_result(r)
                    finally:
                        beat.cancel()
            except (OSError, websockets.WebSocketException, asyncio.TimeoutError):
                pass
            self.connected.clear()
            self.ws = None
            for fut in self.pending.values():
                if not fut.done():
                    fut.set_result(None)
            self.pending.clear()
            await asyncio.sleep(0.3)

    async def heartbeat(self, ws):
        while True:
            await asyncio.sleep(HEARTBEAT_MS / 1000 / 2)
            await ws.send('{"op":"heartbeat"}')

    async def op(self, frame, deadline_s=90):
        """Sends until the sandbox answers ok (the same req_id each time: nothing is done twice); the result or
        None when it never was."""
        self.counter += 1
        frame["req_id"] = f"{self.uid}-{self.counter}"
        deadline = now() + deadline_s
        while now() < deadline:
            try:
                await asyncio.wait_for(self.connected.wait(), timeout=max(0.1, deadline - now()))
            except asyncio.TimeoutError:
                return None
            fut = asyncio.get_running_loop().create_future()
            self.pending[frame["req_id"]] = fut
            try:
                await self.ws.send(json.dumps(frame, ensure_ascii=False))
                r = await asyncio.wait_for(fut, timeout=10)
            except (OSError, AttributeError, websockets.WebSocketException, asyncio.TimeoutError):
                r = None
            if r and r.get("ok"):
                return r
            if r and r.get("error", {}).get("code") != "rate_limited":
                return r  # refused for good (a deleted message, say)
            await asyncio.sleep((r or {}).get("error", {}).get("retry_after_ms", 300) / 1000)
        return None


# ------------------------------------------------------------------------------------------------ the week
class Soak:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.work = args.work
        self.down = Downtime()
        self.faults = {}
        self.events_sent = 0
        self.open_pairs = {}  # (chat, client) → first unanswered message id
        self.recent = []  # (person, message id, chat, kind) a client may edit or delete
        self.duty = None  # (user, declared at, ends at)
        self.duties = []  # every duty declared: dict(user, start, end, ended)
        self.questions_who = []  # message ids of «кто дежурит?»
        self.requests = []  # dict(id, created, moved_at)
        self.calls = []  # dict(call_id, ts, callback_at)
        self.burst_times = []
        self.stop_load = False

    def say(self, text):
        line = f"[{now() - self.t0:7.1f}s] {text}"
        print(line, flush=True)

    # -- set-up
    def setup(self):
        if os.path.isdir(self.work):  # a previous run's folder: its databases would be read as this run's
            subprocess.run(["umount", "-l", os.path.join(self.work, "botdb")], capture_output=True)
            shutil.rmtree(self.work)
        os.makedirs(self.work)
        with open(os.path.join(self.work, "dir.json"), "w") as f:
            json.dump(make_directory(), f, ensure_ascii=False)
        self.db_dir = os.path.join(self.work, "botdb")
        os.makedirs(self.db_dir, exist_ok=True)
        self.small_fs = False
        if os.geteuid() == 0:
            r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", self.db_dir], capture_output=True)
            self.small_fs = r.returncode == 0
        self.sandbox = Sandbox(self.args.sandbox, self.work, free_port())
        self.bot = Bot(self.args.dutybot, self.work, self.db_dir, self.sandbox.port, free_port())

    def seed_old_history(self):
        """History 40 days old that the bot's start must prune: proves the size follows what is kept."""
        self.bot.start()
        self.bot.wait_ready()
        self.bot.stop(signal.SIGTERM)
        db = sqlite3.connect(self.bot.db)
        old = int((now() - 40 * 86400) * 1000)
        with db:
            db.executemany("INSERT INTO processed_events(event_id, seq, handled_at) VALUES (?, NULL, ?)",
                           ((f"old-{i}", old) for i in range(30000)))
            db.executemany("INSERT INTO outbox(req_id, chat_id, text, status, message_id, created_at, done_at) "
                           "VALUES (?, 'staff', ?, 'sent', ?, ?, ?)",
                           ((f"old/{i}", "старое сообщение " * 8, f"m-old-{i}", old, old) for i in range(30000)))
        db.close()
        self.old_rows = 60000

    # -- load
    async def client_ops(self, person, chat):
        kind = self.rng.random()
        key = (chat, person.uid)
        if kind < 0.45:
            text = self.rng.choice(QUESTIONS).format(c=COUNTRIES[int(chat[2:])])
            r = await person.op({"op": "send", "chat_id": chat, "text": text})
            if r and r.get("ok"):
                self.events_sent += 1
                self.recent.append((person, r["message_id"], chat, "question"))
                if key not in self.open_pairs:
                    self.open_pairs[key] = r["message_id"]
                    asyncio.create_task(self.answer_later(key, r["message_id"]))
        elif kind < 0.6:
            if key in self.open_pairs:
                r = await person.op({"op": "send", "chat_id": chat, "text": self.rng.choice(NUDGES)})
                self.events_sent += 1 if r and r.get("ok") else 0
        elif kind < 0.8:
            r = await person.op({"op": "send", "chat_id": chat, "text": self.rng.choice(CLOSERS)})
            if r and r.get("ok"):
                self.events_sent += 1
                self.recent.append((person, r["message_id"], chat, "closer"))
        elif kind < 0.92 and self.recent:
            who, mid, c, k = self.recent.pop(self.rng.randrange(len(self.recent)))
            if k == "question":
                r = await who.op({"op": "edit", "message_id": mid, "text": "Уточню: " + self.rng.choice(QUESTIONS)
                                  .format(c=COUNTRIES[int(c[2:])])})
            else:
                r = await who.op({"op": "delete", "message_id": mid})
            self.events_sent += 1 if r and r.get("ok") else 0
        del self.recent[:-400]

    def answer_delay(self):
        x = self.rng.random()
        if x < 0.6:
            return self.rng.uniform(0.5, FIRST_NUDGE_S - 1)
        if x < 0.9:
            return self.rng.uniform(FIRST_NUDGE_S + REPEAT_S, ESCALATE_S - 2)
        return self.rng.uniform(ESCALATE_S + 3, ESCALATE_S + 12)

    async def answer_later(self, key, message_id):
        await asyncio.sleep(self.answer_delay())
        if self.stop_load and now() > self.load_end + ESCALATE_S + 15:
            return
        staff = self.people[self.duty[0]] if self.duty else self.people["u-e0"]
        r = await staff.op({"op": "send", "chat_id": key[0], "text": self.rng.choice(ANSWERS), "reply_to": message_id})
        self.events_sent += 1 if r and r.get("ok") else 0
        if self.open_pairs.get(key) == message_id:
            del self.open_pairs[key]

    def moscow_hhmm(self, ts):
        return datetime.fromtimestamp(ts, MOSCOW).strftime("%H:%M")

    async def declare(self, user, minutes):
        """«Дежурю до HH:MM» for a duty ending on the minute at least `minutes` from now."""
        end = (int(now() // 60) + minutes + 1) * 60
        r = await self.people[user].op({"op": "send", "chat_id": "staff", "text": f"Дежурю до {self.moscow_hhmm(end)}"})
        if r and r.get("ok"):
            self.events_sent += 1
            if self.duty and self.duty[0] == user:
                self.duties[-1]["end"] = end
            else:
                self.duties.append({"user": user, "start": now(), "end": end, "ended": None})
            self.duty = (user, end)

    async def duty_keeper(self):
        assistants = [f"u-a{i}" for i in range(6)]
        await self.declare(assistants[0], 1)
        while not self.stop_load:
            await asyncio.sleep(1)
            user, end = self.duty
            left = end - now()
            if left < 20:
                x = self.rng.random()
                nxt = self.rng.choice([a for a in assistants if a != user])
                if x < 0.3:  # hands over early
                    r = await self.people[user].op({"op": "send", "chat_id": "staff", "text": "Сдаю дежурство"})
                    self.events_sent += 1 if r and r.get("ok") else 0
                    self.duties[-1]["ended"] = now()
                    self.duty = None
                    await self.declare(nxt, self.rng.choice([1, 2]))
                elif x < 0.5:  # moves the end later
                    await self.declare(user, self.rng.choice([1, 2]))
                else:  # lets it end at its time; the next one declares then
                    await asyncio.sleep(max(0.0, left) + self.rng.uniform(0.5, 2))
                    self.duties[-1]["ended"] = end
                    self.duty = None
                    await self.declare(nxt, self.rng.choice([1, 2]))

    async def staff_chatter(self):
        day = datetime.now(MOSCOW).date()
        n = 0
        while not self.stop_load:
            await asyncio.sleep(self.rng.uniform(0.5, 2.5))
            x = self.rng.random()
            if x < 0.55:
                who = self.people[f"u-e{self.rng.randrange(3)}"]
                r = await who.op({"op": "send", "chat_id": "staff", "text": "кто дежурит?"})
                if r and r.get("ok"):
                    self.events_sent += 1
                    self.questions_who.append((r["message_id"], now()))
            else:
                n += 1
                d = day + timedelta(days=2 + n % 20)
                text = f"/смена u-a{n % 6} {d.strftime('%d.%m')} {8 + n % 4:02d}:00-{18 + n % 4:02d}:00"
                r = await self.people[f"u-s{n % 2}"].op({"op": "send", "chat_id": "staff", "text": text})
                self.events_sent += 1 if r and r.get("ok") else 0

    async def requests_flow(self):
        n = 0
        while not self.stop_load:
            await asyncio.sleep(self.rng.uniform(0.3, 1.2))
            n += 1
            client = self.people[f"u-c{self.rng.randrange(200):03d}"]
            r = await client.op({"op": "request_create", "source": "site", "from_search": False, "prepaid_rub": 0,
                                 "expert_id": None, "text": "Хотим тур на двоих в мае, бюджет 200 тысяч"})
            if not (r and r.get("ok")):
                continue
            self.events_sent += 1
            req = {"id": r["request_id"], "created": now(), "moved_at": None, "client": client}
            self.requests.append(req)
            asyncio.create_task(self.take_request(req))

    async def take_request(self, req):
        x = self.rng.random()
        delay = self.rng.uniform(1, REQUEST_CALL_S - 3) if x < 0.7 else \
            self.rng.uniform(REQUEST_CALL_S + 2, REQUEST_ESCALATE_S - 3) if x < 0.9 else None
        if delay is None:
            return  # left new: escalated
        await asyncio.sleep(delay)
        staff = self.people[self.duty[0]] if self.duty else self.people["u-s0"]
        r = await staff.op({"op": "request_update", "request_id": req["id"], "status": "in_progress",
                            "reminder": "Позвонить после 18:00"})
        if r and r.get("ok"):
            self.events_sent += 1
            req["moved_at"] = now()
        if self.rng.random() < 0.4:
            r = await req["client"].op({"op": "request_message", "request_id": req["id"],
                                        "text": "Срочно: можно ли оплатить частями?"})
            self.events_sent += 1 if r and r.get("ok") else 0

    def post_hook(self, body, headers):
        req = urllib.request.Request(f"http://127.0.0.1:{self.bot.http_port}/hooks/calls", data=body.encode(),
                                     headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except (urllib.error.URLError, OSError):
            return 0

    async def pbx(self, event, call_id, ts, phone):
        """Posts a call as a PBX does: signed with the time of each attempt, retried until the bot takes it."""
        body = json.dumps({"event": event, "call_id": call_id, "ts": iso(ts), "from": phone, "to_line": "z-office-1",
                           "to_user": None})
        deadline = now() + 120
        while now() < deadline:
            stamp = str(int(now()))
            sig = hmac.new(HOOK_SECRET.encode(), (stamp + "." + body).encode(), hashlib.sha256).hexdigest()
            status = await asyncio.get_running_loop().run_in_executor(
                None, self.post_hook, body, {"X-Timestamp": stamp, "X-Signature": "sha256=" + sig,
                                             "Content-Type": "application/json"})
            if status == 200:
                return True
            if status not in (0, 503):
                self.say(f"webhook refused with {status}: {body}")
                return False
            await asyncio.sleep(1)
        return False

    async def calls_flow(self):
        n = 0
        while not self.stop_load:
            await asyncio.sleep(self.rng.uniform(1, 4))
            n += 1
            phone = f"+7-916-555-{n // 100:02d}-{n % 100:02d}"
            call = {"call_id": f"soak-{self.args.seed}-{n}", "ts": now(), "callback_at": None, "taken": False}
            self.calls.append(call)
            asyncio.create_task(self.one_call(call, phone))

    async def one_call(self, call, phone):
        call["taken"] = await self.pbx("missed", call["call_id"], call["ts"], phone)
        if self.rng.random() < 0.75:
            await asyncio.sleep(self.rng.uniform(1, CALLBACK_S - 4))
            t = now()
            if await self.pbx("callback", call["call_id"] + "-cb", t, phone):
                call["callback_at"] = t

    async def traffic(self):
        """About 50 events a second: clients in their country chats, a pool that comes and goes."""
        clients = [self.people[f"u-c{i:03d}"] for i in range(200)]
        home = {c.uid: f"c-{i % 30:02d}" for i, c in enumerate(clients)}
        while not self.stop_load:
            tick = now()
            for _ in range(5):  # 5 ops every ~0.1 s, plus staff answers, requests, duties: about 60 a second
                c = self.rng.choice(clients)
                asyncio.create_task(self.client_ops(c, home[c.uid]))
            await asyncio.sleep(max(0.0, 0.1 - (now() - tick)))

    async def burst(self, size=500):
        """500 messages at once from 25 clients (20 each, within the per-account burst of 40)."""
        self.burst_times.append(now())
        self.say(f"burst of {size}")
        senders = self.rng.sample([f"u-c{i:03d}" for i in range(200)], 25)
        ops = []
        for k in range(size):
            uid = senders[k % 25]
            chat = f"c-{int(uid[3:]) % 30:02d}"
            ops.append(self.client_ops(self.people[uid], chat))
        await asyncio.gather(*ops)

    # -- faults
    def schedule_faults(self, total):
        end = total * 0.72
        plan = []
        for i in range(10):  # kill -9, spread over the run; every third in the middle of a burst
            t = 8 + (end - 8) * (i + self.rng.random()) / 10
            plan.append((t, "burst+kill9" if i % 3 == 1 else "kill9"))
        kinds = ["sigterm", "sandbox_kill9", "chaos", "db_lock", "disk_full"]
        for i, k in enumerate(kinds):
            plan.append((8 + (end - 8) * (i + self.rng.random()) / len(kinds), k))
        plan.append((self.rng.uniform(0.3, 0.6) * total, "burst"))
        if self.args.only:  # to look at one kind of fault alone
            plan = [(t, k) for (t, k) in plan if k in self.args.only.split(",")]
        return sorted(plan)

    async def fault(self, kind):
        self.faults[kind] = self.faults.get(kind, 0) + 1
        loop = asyncio.get_running_loop()
        if kind in ("kill9", "burst+kill9", "sigterm"):
            if kind == "burst+kill9":
                b = asyncio.create_task(self.burst())
                await asyncio.sleep(self.rng.uniform(0.2, 1.0))
            a = now()
            sig = signal.SIGTERM if kind == "sigterm" else signal.SIGKILL
            await loop.run_in_executor(None, self.bot.stop, sig)
            await asyncio.sleep(self.rng.uniform(0.2, 2.0))
            await loop.run_in_executor(None, self.bot.start)
            await loop.run_in_executor(None, self.bot.wait_ready)
            self.down.add(a, now(), kind)
            self.say(f"{kind}: the bot was away {now() - a:.1f} s")
            if kind == "burst+kill9":
                await b
        elif kind == "sandbox_kill9":
            a = now()
            await loop.run_in_executor(None, self.sandbox.stop, signal.SIGKILL)
            await asyncio.sleep(self.rng.uniform(0.5, 2.0))
            await loop.run_in_executor(None, self.sandbox.start, self.sandbox.chaos)
            self.down.add(a, now(), kind)
            self.say(f"sandbox kill -9: away {now() - a:.1f} s")
        elif kind == "chaos":
            modes = self.rng.sample(["no-heartbeat-ack", "garbage", "rate-limit-odd", "replay-skip", "reconnect"], 2)
            a = now()
            await loop.run_in_executor(None, self.sandbox.stop, signal.SIGTERM)
            await loop.run_in_executor(None, self.sandbox.start, ",".join(modes))
            self.say(f"chaos on: {','.join(modes)}")
            await asyncio.sleep(self.rng.uniform(8, 15))
            await loop.run_in_executor(None, self.sandbox.stop, signal.SIGTERM)
            await loop.run_in_executor(None, self.sandbox.start, "")
            self.down.add(a, now(), "chaos " + ",".join(modes))
            self.say("chaos off")
        elif kind == "db_lock":
            hold = self.rng.uniform(3, 5)
            a = now()
            await loop.run_in_executor(None, self.lock_db, hold)
            self.down.add(a, now(), kind)
            self.say(f"the bot's database locked by another process for {hold:.1f} s")
        elif kind == "disk_full":
            if not self.small_fs:
                self.say("disk full: not injected (no small filesystem: needs root to mount a tmpfs)")
                self.faults[kind] -= 1
                return
            hold = self.rng.uniform(3, 5)
            a = now()
            await loop.run_in_executor(None, self.fill_disk, hold)
            self.down.add(a, now(), kind)
            self.say(f"the bot's disk full for {hold:.1f} s")

    def lock_db(self, hold):
        db = sqlite3.connect(self.bot.db, timeout=10, isolation_level=None)
        db.execute("BEGIN EXCLUSIVE")
        time.sleep(hold)
        db.execute("ROLLBACK")
        db.close()

    def fill_disk(self, hold):
        filler = os.path.join(self.db_dir, "filler")
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            for chunk in (1 << 20, 4096, 512):
                try:
                    while True:
                        os.write(fd, b"\0" * chunk)
                except OSError:
                    pass
            time.sleep(hold)
        finally:
            os.close(fd)
            os.unlink(filler)

    async def faults_loop(self, plan):
        for (at, kind) in plan:
            await asyncio.sleep(max(0.0, self.t0 + at - now()))
            if kind == "burst":
                await self.burst()
            else:
                await self.fault(kind)

    async def sample_wal(self):
        """The WAL's largest size after the first 30 s (before: the start's pruning of the old history)."""
        self.wal_max = 0
        await asyncio.sleep(30)
        while True:
            try:
                size = os.path.getsize(self.bot.db + "-wal")
                if size > self.wal_max + 8e6:
                    self.say(f"the bot's WAL at {size / 1e6:.1f} MB")
                self.wal_max = max(self.wal_max, size)
            except OSError:
                pass
            await asyncio.sleep(0.5)

    async def sample_rss(self):
        """The bot's RSS after the first minute, from a process that has worked at least 20 s (a process just
        restarted after a kill has not yet grown to its working size)."""
        await asyncio.sleep(max(0.0, self.t0 + 60 - now()))
        while self.bot.rss() is None or now() - self.bot.started_at < 20:
            await asyncio.sleep(0.2)
        self.rss_first = self.bot.rss()
        self.say(f"RSS after the first minute: {self.rss_first} kB (the process has run {now() - self.bot.started_at:.0f} s)")

    # -- the run
    async def run(self):
        total = self.args.minutes * 60
        url = f"ws://127.0.0.1:{self.sandbox.port}/client/v1"
        directory = make_directory()
        self.people = {u["id"]: Person(u["id"], u["token"], url) for u in directory["users"]}
        for p in self.people.values():
            p.task = asyncio.create_task(p.run())
        await asyncio.wait_for(asyncio.gather(*(p.connected.wait() for p in self.people.values())), 30)
        plan = self.schedule_faults(total)
        self.say("fault plan: " + ", ".join(f"{k}@{t:.0f}s" for t, k in plan))
        self.load_end = self.t0 + total
        tasks = [asyncio.create_task(x) for x in (self.traffic(), self.duty_keeper(), self.staff_chatter(),
                                                     self.requests_flow(), self.calls_flow(), self.faults_loop(plan),
                                                     self.sample_rss(), self.sample_wal())]
        await asyncio.sleep(max(0.0, self.load_end - now()))
        self.stop_load = True
        self.say(f"load stopped: {self.events_sent} events sent; settling")
        await tasks[5]
        await asyncio.sleep(ESCALATE_S + 15)  # every late answer, escalation and report is done by then
        self.rss_end = self.bot.rss()
        for t in tasks:
            t.cancel()
        for p in self.people.values():
            p.task.cancel()

    def main(self):
        self.setup()
        print(f"soak: seed {self.args.seed}, {self.args.minutes} min, work folder {self.work}", flush=True)
        self.t0 = now()
        self.sandbox.start()
        self.seed_old_history()
        self.bot.start()
        self.bot.wait_ready()
        self.t0 = now()
        try:
            asyncio.run(self.run())
            self.bot.stop(signal.SIGTERM)
            self.sandbox.stop(signal.SIGTERM)
            results = Invariants(self).check()
        finally:
            self.bot.stop(signal.SIGKILL)
            self.sandbox.stop(signal.SIGKILL)
            if self.small_fs:
                subprocess.run(["cp", self.bot.db, os.path.join(self.work, "bot.db")])
                subprocess.run(["umount", "-l", self.db_dir])
        failed = [r for r in results if not r[0]]
        for ok, name, figure in results:
            print(f"{'ok' if ok else 'FAIL'} {name}: {figure}", flush=True)
        if failed:
            print(f"replay this run: scripts/soak.sh {self.args.minutes} --seed {self.args.seed}", flush=True)
        return 1 if failed else 0


# ------------------------------------------------------------------------------------------------ the invariants
class Invariants:
    def __init__(self, soak):
        self.s = soak
        self.sb = sqlite3.connect(os.path.join(soak.work, "sandbox.db"))
        self.bot = sqlite3.connect(soak.bot.db)
        # req_id → (the moment the bot committed the message, its outbox status); the old seeded rows left out
        self.outbox = {r: (c / 1000, st) for r, c, st in
                       self.bot.execute("SELECT req_id, created_at, status FROM outbox WHERE req_id NOT LIKE 'old/%'")}

    def committed_at(self, req_id, posted_at):
        """When the bot committed a post (its outbox row), or when it was posted if the row is gone."""
        row = self.outbox.get(req_id)
        return row[0] if row else posted_at

    def bot_messages(self):
        """The bot's posts in the sandbox with their req_ids: {message_id: (req_id, chat, text, reply_to, ts)}."""
        by_id = {}
        for mid, chat, text, reply_to, ts in self.sb.execute(
                "SELECT id, chat_id, text, reply_to, ts FROM messages WHERE from_id = 'dutybot'"):
            by_id[mid] = [None, chat, text, reply_to, parse_iso(ts)]
        self.req_ids_per_message = {}
        for req_id, result in self.sb.execute("SELECT req_id, result FROM idempotency WHERE account = 'dutybot'"):
            mid = json.loads(result).get("message_id")
            if mid in by_id:
                self.req_ids_per_message[mid] = self.req_ids_per_message.get(mid, 0) + 1
                by_id[mid][0] = req_id
        return by_id

    def check(self):
        out = [self.load_as_specified(), self.faults_injected()]
        msgs = self.bot_messages()
        out.append(self.no_reply_twice_by_req_id(msgs))
        out.append(self.no_reply_twice_by_content(msgs))
        out.append(self.events_handled())
        out.append(self.delivery(msgs))
        out.append(self.who_is_on_duty_answered(msgs))
        out += self.questions_on_time(msgs)
        out.append(self.one_report_per_duty())
        out.append(self.calls_on_time())
        out.append(self.requests_on_time())
        out.append(self.shutdowns_clean())
        out.append(self.memory())
        out.append(self.database_size())
        return out

    def load_as_specified(self):
        seconds = self.s.load_end - self.s.t0
        rate = self.s.events_sent / seconds
        bursts = len(self.s.burst_times)
        bot_events = self.sb.execute("SELECT last_seq FROM accounts WHERE id = 'dutybot'").fetchone()[0]
        return (rate >= 50 and bursts >= 1, "load_as_specified",
                f"{self.s.events_sent} operations in {seconds:.0f} s ({rate:.0f} a second), {bursts} bursts of 500; "
                f"{bot_events} events delivered to the bot")

    def faults_injected(self):
        f = self.s.faults
        kills = f.get("kill9", 0) + f.get("burst+kill9", 0)
        wanted = ["sigterm", "sandbox_kill9", "chaos", "db_lock"] + (["disk_full"] if self.s.small_fs else [])
        missing = [k for k in wanted if not f.get(k)] if not self.s.args.only else []
        figure = (f"kill -9 ×{kills} ({f.get('burst+kill9', 0)} mid-burst), SIGTERM ×{f.get('sigterm', 0)}, sandbox "
                  f"kill -9 ×{f.get('sandbox_kill9', 0)}, chaos ×{f.get('chaos', 0)}, database locked "
                  f"×{f.get('db_lock', 0)}, disk full ×{f.get('disk_full', 0)}" +
                  ("" if self.s.small_fs else " (not injected: a small filesystem needs root)"))
        return ((kills >= 10 and not missing) or bool(self.s.args.only), "faults_injected", figure)

    def no_reply_twice_by_req_id(self, msgs):
        orphans = [m for m, v in msgs.items() if v[0] is None]
        shared = [m for m, n in self.req_ids_per_message.items() if n > 1]
        return (not orphans and not shared, "no_reply_twice_by_req_id",
                f"{len(msgs)} posts by the bot, each under its own req_id; {len(orphans)} without one, "
                f"{len(shared)} under two")

    def no_reply_twice_by_content(self, msgs):
        seen, twice = {}, []
        for mid, (req_id, chat, text, reply_to, ts) in msgs.items():
            cause = (req_id or "?").split("/")[0]
            key = (cause, chat, text)
            if key in seen:
                twice.append(f"{cause} in {chat}: {text[:60]!r}")
            seen[key] = mid
        causes = len({k[0] for k in seen})
        return (not twice, "no_reply_twice_by_content",
                f"{len(msgs)} posts from {causes} causes, {len(twice)} repeated" +
                (f" (first: {twice[0]})" if twice else ""))

    def events_handled(self):
        last = self.sb.execute("SELECT last_seq FROM accounts WHERE id = 'dutybot'").fetchone()[0]
        bot_seq = int(self.bot.execute("SELECT value FROM meta WHERE key = 'last_seq'").fetchone()[0])
        handled = {r[0] for r in self.bot.execute("SELECT event_id FROM processed_events")}
        retained = [json.loads(b)["event_id"] for (b,) in
                    self.sb.execute("SELECT body FROM events WHERE account = 'dutybot' ORDER BY seq")]
        missing = [e for e in retained if e not in handled]
        with open(os.path.join(self.s.work, "bot.log"), errors="replace") as f:
            gaps_logged = sum(1 for line in f if "no longer holds events" in line)
        ok = bot_seq == last and (not missing or gaps_logged > 0)
        return (ok, "every_event_handled",
                f"bot's seq {bot_seq} of the sandbox's {last}; {len(retained) - len(missing)} of the {len(retained)} "
                f"events the sandbox retains handled; gaps logged by the bot: {gaps_logged}")

    def who_is_on_duty_answered(self, msgs):
        replies = {}
        for mid, (req_id, chat, text, reply_to, ts) in msgs.items():
            if reply_to:
                replies[reply_to] = replies.get(reply_to, 0) + 1
        asked = self.s.questions_who
        wrong = [m for m, _t in asked if replies.get(m, 0) != 1]
        return (not wrong, "who_is_on_duty_answered_once",
                f"{len(asked) - len(wrong)} of {len(asked)} «кто дежурит?» got exactly one reply")

    def posts_listing(self, msgs):
        """wait id → [(time the bot committed the post, recipient)] of the bot's posts that named it (nudges, the
        handover). The commit is the bot's decision; the sandbox's time adds the send queue under the protocol's
        rate limit, which delivery_delay measures."""
        posted = {}
        for mid, (req_id, chat, text, reply_to, ts) in msgs.items():
            if req_id:
                posted[req_id] = (self.committed_at(req_id, ts), chat)
        out = {}
        for req_id, wait_id in self.bot.execute("SELECT req_id, wait_id FROM message_waits"):
            if req_id in posted:
                out.setdefault(wait_id, []).append(posted[req_id])
        return out

    def on_duty(self, user, t):
        """Whether the bot held `user` on duty at t (its reports of ended duties and its open ones; 2 s of slack
        for the moment a duty changes hands)."""
        if not hasattr(self, "duty_spans"):
            self.duty_spans = [(u, a / 1000, b / 1000) for u, a, b in
                               self.bot.execute("SELECT user_id, since, ended_at FROM duty_reports")]
            self.duty_spans += [(u, a / 1000, b / 1000) for u, a, b in
                                self.bot.execute("SELECT user_id, since, ends_at FROM duties")]
        return any(u == user and a - 2 <= t <= b + 2 for (u, a, b) in self.duty_spans)

    def delivery(self, msgs):
        """Every message the bot committed was posted, and how long the send queue held them."""
        posted = {v[0]: v[4] for v in msgs.values() if v[0]}
        delays, undelivered = [], []
        for req_id, (created, status) in self.outbox.items():
            if req_id in posted:
                delays.append(posted[req_id] - created)
            elif status != "failed":
                undelivered.append(req_id)
        delays.sort()
        pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))] * 1000 if delays else 0
        return (not undelivered, "every_message_delivered",
                f"{len(delays)} of {len(delays) + len(undelivered)} committed messages posted; from commit to post "
                f"p50 {pick(0.5):.0f} ms, p99 {pick(0.99):.0f} ms, max {pick(1.0):.0f} ms (the send queue under "
                f"20 sends a second, faults included)" + (f" (first undelivered: {undelivered[0]})" if undelivered else ""))

    def posted_to_supervisors(self, start, end):
        """Whether the bot posted to a supervisor's direct chat between start and end."""
        i = bisect.bisect_left(self.supervisor_posts, start)
        return i < len(self.supervisor_posts) and self.supervisor_posts[i] <= end

    def full_nudge_between(self, start, end):
        return any(start <= ts <= end and "…и ещё" in text and text.startswith(("Клиенты ждут", "Вы заступили"))
                   for (ts, text) in self.duty_posts)  # a nudge, or the handover list a new duty begins with

    def questions_on_time(self, msgs):
        self.duty_posts = [(self.committed_at(v[0], v[4]), v[2]) for v in msgs.values() if v[1].startswith("dm:u-a")]
        self.supervisor_posts = sorted(v[4] for v in msgs.values() if v[1] in ("dm:u-s0", "dm:u-s1"))
        listed = self.posts_listing(msgs)
        supervisors = {"dm:u-s0", "dm:u-s1"}
        late_nudge, late_escalation, wrong_person, nudged, escalated, answered_early = [], [], [], 0, 0, 0
        counted = 0
        worst_round = float("-inf")
        total = 0
        for wid, started, answered, escalated_at in self.bot.execute(
                "SELECT id, started_at, answered_at, escalated_at FROM waits"):
            total += 1
            start = started / 1000
            end = answered / 1000 if answered else None
            posts = sorted(listed.get(wid, []))
            nudge_due = start + FIRST_NUDGE_S + REPEAT_S + TICK_SLACK_S
            faults_time = self.s.down.allowance(start, nudge_due)
            nudge_due += faults_time
            if end is not None and end <= nudge_due and not posts:
                answered_early += 1
                continue
            first = next((t for t, chat in posts if chat not in supervisors), None)
            sup = next((t for t, chat in posts if chat in supervisors), None)
            if first is None and sup is None or min(x for x in (first, sup) if x is not None) > nudge_due:
                if end is None or end > nudge_due:
                    # A nudge with more due waits than fit one message lists the oldest and counts the rest
                    # («…и ещё N — /ожидают»); those are listed in the next round.
                    if self.full_nudge_between(start + FIRST_NUDGE_S, nudge_due):
                        counted += 1
                    else:
                        late_nudge.append((wid, start, posts[:2]))
                    continue
            nudged += 1
            listed_at = min(x for x in (first, sup) if x is not None)
            if faults_time == 0 and listed_at <= nudge_due:  # the round's own drift, with no fault nearby
                worst_round = max(worst_round, listed_at - start - FIRST_NUDGE_S - REPEAT_S)
            for t, chat in posts:
                if chat not in supervisors:
                    if not self.on_duty(chat[3:], t):
                        wrong_person.append((wid, chat, iso(t)))
                    break
            esc_due = start + ESCALATE_S + REPEAT_S + TICK_SLACK_S
            esc_due += self.s.down.allowance(start, esc_due)
            if end is None or end > esc_due:
                told = escalated_at is not None and self.posted_to_supervisors(escalated_at / 1000, esc_due + 5)
                if escalated_at is None or escalated_at / 1000 > esc_due or not told:
                    late_escalation.append((wid, start, escalated_at))
                else:
                    escalated += 1
        return [
            (not late_nudge, "questions_answered_or_nudged_on_time",
             f"{total} waits: {answered_early} answered before a nudge was due, {nudged} in a nudge to the person on "
             f"duty within first-nudge ({FIRST_NUDGE_S} s) + one round ({REPEAT_S} s) + the faults' time, {counted} "
             f"counted in a full one («…и ещё N») then (the latest first listing with no fault near: first-nudge + "
             f"one round {'none' if worst_round == float('-inf') else f'{worst_round:+.1f} s'}); "
             f"{len(late_nudge)} late" + (f" (first: {late_nudge[0]})" if late_nudge else "")),
            (not wrong_person, "nudges_to_the_person_on_duty",
             f"{len(wrong_person)} first nudges went to someone not on duty" +
             (f" (first: {wrong_person[0]})" if wrong_person else "")),
            (not late_escalation, "unanswered_escalated_on_time",
             f"{escalated} escalated to the supervisors within {ESCALATE_S} s + one round + the faults' time; "
             f"{len(late_escalation)} late" + (f" (first: {late_escalation[0]})" if late_escalation else "")),
        ]

    def one_report_per_duty(self):
        rows = list(self.bot.execute("SELECT user_id, since, ended_at FROM duty_reports"))
        per_duty, bad = {}, []
        for user, since, ended in rows:
            per_duty[(user, since)] = per_duty.get((user, since), 0) + 1
        doubles = [k for k, n in per_duty.items() if n > 1]
        ended = [d for d in self.s.duties if d["ended"] is not None or d["end"] < now() - 5]
        for d in ended:
            n = sum(1 for (user, since, _e) in rows if user == d["user"] and abs(since / 1000 - d["start"]) < 30)
            if n != 1:
                bad.append((d["user"], iso(d["start"]), n))
        return (not doubles and not bad, "one_report_per_ended_duty",
                f"{len(ended)} duties ended, {len(rows)} reports; {len(bad)} duties without exactly one, "
                f"{len(doubles)} reported twice" + (f" (first: {bad[0]})" if bad else ""))

    def deadlines(self, items, stored, limit_s):
        """Items that must be done (a callback, a status change) within limit_s of their start, else escalated by
        then. Each item: (id, started, done_at or None). stored: id → escalated_at (ms or None) in the bot's
        database. Returns counts and the late, lost and wrongly escalated ids."""
        out = {"done": 0, "escalated": 0, "late": [], "lost": [], "wrongly": []}
        for key, started, done_at in items:
            if key not in stored:
                out["lost"].append(key)
                continue
            esc = stored[key]
            due = started + limit_s + 2
            due += self.s.down.allowance(started, due)
            if done_at is not None and done_at < started + limit_s - 1:
                out["done"] += 1
                if esc is not None and esc / 1000 < done_at - 1:
                    out["wrongly"].append(key)
            elif (done_at is None or done_at > due) and (esc is None or esc / 1000 > due):
                out["late"].append((key, esc))
            elif done_at is None or done_at > due:
                out["escalated"] += 1
        return out

    def calls_on_time(self):
        stored = dict(self.bot.execute("SELECT call_id, escalated_at FROM calls"))
        r = self.deadlines([(c["call_id"], c["ts"], c["callback_at"]) for c in self.s.calls if c["taken"]], stored,
                           CALLBACK_S)
        bad = r["late"] + r["lost"] + r["wrongly"]
        return (not bad, "missed_calls_followed",
                f"{sum(c['taken'] for c in self.s.calls)} missed calls taken: {r['done']} returned in time, "
                f"{r['escalated']} escalated by their deadline, {len(r['late'])} late, {len(r['lost'])} lost, "
                f"{len(r['wrongly'])} escalated though returned" + (f" (first: {bad[0]})" if bad else ""))

    def requests_on_time(self):
        stored = dict(self.bot.execute("SELECT request_id, escalated_at FROM requests"))
        r = self.deadlines([(q["id"], q["created"], q["moved_at"]) for q in self.s.requests], stored,
                           REQUEST_ESCALATE_S)
        bad = r["late"] + r["lost"] + r["wrongly"]
        return (not bad, "site_requests_followed",
                f"{len(self.s.requests)} site requests: {r['done']} taken in time, {r['escalated']} escalated by "
                f"their deadline, {len(r['late'])} late, {len(r['lost'])} lost, {len(r['wrongly'])} escalated though "
                f"taken" + (f" (first: {bad[0]})" if bad else ""))

    def shutdowns_clean(self):
        codes = self.s.bot.exit_codes
        graceful = [c for c in codes if c >= 0]
        return (all(c == 0 for c in graceful), "sigterm_exits_cleanly",
                f"{len(graceful)} SIGTERM stops exited {sorted(set(graceful))}; {len(codes) - len(graceful)} kill -9")

    def memory(self):
        first, end = getattr(self.s, "rss_first", None), getattr(self.s, "rss_end", None)
        if not first or not end:
            return (False, "memory_flat", f"RSS not sampled (first {first}, end {end})")
        growth = (end - first) / first * 100
        return (growth <= 10, "memory_flat", f"RSS {first} kB after the first minute, {end} kB after the run "
                                             f"({growth:+.1f} %)")

    def database_size(self):
        old = self.bot.execute("SELECT (SELECT count(*) FROM processed_events WHERE event_id LIKE 'old-%') + "
                               "(SELECT count(*) FROM outbox WHERE req_id LIKE 'old/%')").fetchone()[0]
        kept = sum(self.bot.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
                   ("processed_events", "outbox", "waits", "wait_messages", "message_waits", "calls",
                    "requests", "duty_reports", "timers", "notify_log"))
        page = self.bot.execute("PRAGMA page_size").fetchone()[0]
        pages = self.bot.execute("PRAGMA page_count").fetchone()[0]
        free = self.bot.execute("PRAGMA freelist_count").fetchone()[0]
        live = (pages - free) * page
        file_size = os.path.getsize(self.s.bot.db)
        per_row = live / max(1, kept)
        wal = getattr(self.s, "wal_max", 0)
        return (old == 0 and per_row < 600 and wal < 36e6, "database_follows_history",
                f"{file_size / 1e6:.1f} MB file, {live / 1e6:.1f} MB in use for {kept} rows kept ({per_row:.0f} B a "
                f"row), WAL at most {wal / 1e6:.1f} MB after the first 30 s; {self.s.old_rows - old} of {self.s.old_rows} rows older than "
                f"30 days pruned")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dutybot", required=True)
    ap.add_argument("--sandbox", required=True)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--work", default=None)
    ap.add_argument("--only", default="", help="only these faults (comma-separated kinds), to study one alone")
    args = ap.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 1 << 31)
    if args.work is None:
        args.work = os.path.join(os.getcwd(), f"soak-{args.seed}")
    return Soak(args).main()


def in_own_mount_namespace():
    """As root, runs this driver in a private mount namespace (`unshare --mount`, same process id): the disk-full
    fault's tmpfs then disappears with the run even when it is killed (a CTest timeout, kill -9), instead of staying
    mounted in the build folder where the next clean-up cannot remove it."""
    if os.geteuid() != 0 or os.environ.get("SOAK_OWN_MOUNTS") == "1" or not shutil.which("unshare"):
        return
    unshare = ["unshare", "--mount", "--propagation", "private"]
    if subprocess.run(unshare + ["true"], capture_output=True).returncode != 0:
        return  # no namespaces here: the mount is still removed when the run ends normally
    os.environ["SOAK_OWN_MOUNTS"] = "1"
    sys.stdout.flush()
    os.execvp("unshare", unshare + [sys.executable] + sys.argv)


if __name__ == "__main__":
    in_own_mount_namespace()
    sys.exit(main())
