"""What the web tests share: free ports, waiting, the real sandbox and bot processes, the messenger's own client
(`dutybot-sandbox say|tail`), and plain HTTP."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = check()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def http(url, cookie=None, data=None, headers=None):
    """(status, headers, body) of one request; data makes it a POST."""
    req = urllib.request.Request(url, data=data)
    if cookie:
        req.add_header("Cookie", cookie)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


class Messenger:
    """People talking through the sandbox's own client."""

    def __init__(self, sandbox_bin, url):
        self.bin = sandbox_bin
        self.url = url

    def say(self, token, text, chat=None, to=None):
        where = ["--chat", chat] if chat else ["--to", to]
        out = subprocess.run([self.bin, "say", "--url", self.url, "--token", token, *where, text],
                             capture_output=True, text=True, timeout=20)
        assert out.returncode == 0, out.stderr
        return out.stdout

    def seen_by(self, token, seconds=1.5):
        """Every message the person's account shows, from the start of the sandbox's history."""
        out = subprocess.run(["timeout", str(seconds), self.bin, "tail", "--url", self.url, "--token", token,
                              "--after", "0"], capture_output=True, text=True)
        return out.stdout

    def bot_lines_to(self, token, user_id):
        return [l for l in self.seen_by(token).splitlines() if f"[dm:{user_id}]" in l and "(bot)" in l]


def chrome_options(width=1280, height=1000):
    """Headless Debian Chromium as root, with no calls to the internet (the machine has none)."""
    from selenium import webdriver
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}",
              "--disable-dev-shm-usage", "--lang=ru", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run"):
        opts.add_argument(a)
    opts.binary_location = "/usr/bin/chromium"
    return opts


def read_commented_json(path):
    """A config file as dutybot reads it: JSON with whole-line // comments."""
    with open(path) as f:
        return json.loads("".join(l for l in f if not l.lstrip().startswith("//")))


class Embedded:
    """dutybot alone on its embedded default (the sandbox messenger in-process), with its chat, webhook and sandbox on
    free ports and its files in a fresh folder; `config` is merged over that. Stopped when the `with` block ends."""

    def __init__(self, dutybot_bin, config=None):
        self.work = tempfile.mkdtemp(prefix="dutybot-embedded-")
        self.chat_port, self.http_port = free_port(), free_port()
        self.chat = f"http://127.0.0.1:{self.chat_port}"
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.config = dict(config or {})
        self.config.update({"db": os.path.join(self.work, "bot.db"),
                            "http": {"listen": f"127.0.0.1:{self.http_port}"},
                            "sandbox": {"listen": f"127.0.0.1:{self.chat_port}"}})
        self.env = dict(os.environ)
        for k in ("DUTYBOT_TOKEN", "DUTYBOT_HOOK_SECRET"):
            self.env.pop(k, None)
        self.dutybot_bin = dutybot_bin
        self.bot = None
        self.log = os.path.join(self.work, "bot.log")

    def __enter__(self):
        with open(os.path.join(self.work, "config.json"), "w") as f:
            json.dump(self.config, f)
        self.bot = subprocess.Popen([self.dutybot_bin, "--config", os.path.join(self.work, "config.json")],
                                    env=self.env, cwd=self.work, stdout=open(os.path.join(self.work, "bot.out"), "w"),
                                    stderr=open(self.log, "w"))
        wait_for("/readyz", lambda: http(self.base + "/readyz")[0] == 200)
        return self

    def logs(self):
        return "".join(open(os.path.join(self.work, n)).read() for n in ("bot.out", "bot.log"))

    def __exit__(self, kind, value, tb):
        Stack._stop(self.bot)
        if kind is not None:
            sys.stderr.write("--- bot output ---\n" + self.logs()[-6000:] + "\n")
        return False


class Stack:
    """dutybot-sandbox and dutybot as separate processes on 127.0.0.1, each with its own free port and files in a
    fresh folder; stopped (and their logs printed on failure) when the `with` block ends."""

    def __init__(self, dutybot_bin, sandbox_bin, config_extra=None, env_extra=None):
        self.work = tempfile.mkdtemp(prefix="dutybot-web-")
        self.ws_port, self.http_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.config = {
            "messenger": {"url": f"ws://127.0.0.1:{self.ws_port}/bot/v1"},
            "db": os.path.join(self.work, "bot.db"),
            "http": {"listen": f"127.0.0.1:{self.http_port}"},
        }
        self.config.update(config_extra or {})
        self.dutybot_bin, self.sandbox_bin = dutybot_bin, sandbox_bin
        self.env = dict(os.environ, DUTYBOT_TOKEN="demo-bot-token")
        self.env.pop("DUTYBOT_HOOK_SECRET", None)
        self.env.update(env_extra or {})
        self.sandbox = self.bot = None
        self.messenger = Messenger(sandbox_bin, f"ws://127.0.0.1:{self.ws_port}/client/v1")

    def start_sandbox(self):
        self.sandbox = subprocess.Popen(
            [self.sandbox_bin, "--listen", f"127.0.0.1:{self.ws_port}", "--data", os.path.join(self.work, "sandbox.db")],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.work, "sandbox.log"), "a"))
        wait_for("the sandbox", lambda: socket.create_connection(("127.0.0.1", self.ws_port), 1).close() or True)

    def stop_sandbox(self):
        self._stop(self.sandbox)
        self.sandbox = None

    def __enter__(self):
        self.start_sandbox()
        with open(os.path.join(self.work, "config.json"), "w") as f:
            json.dump(self.config, f)
        self.bot = subprocess.Popen([self.dutybot_bin, "--config", os.path.join(self.work, "config.json")],
                                    env=self.env, stdout=subprocess.DEVNULL,
                                    stderr=open(os.path.join(self.work, "bot.log"), "w"))
        wait_for("/readyz", lambda: http(self.base + "/readyz")[0] == 200)
        return self

    @staticmethod
    def _stop(p):
        if not p:
            return
        p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()

    def __exit__(self, kind, value, tb):
        self._stop(self.bot)
        self._stop(self.sandbox)
        if kind is not None:
            for name in ("bot.log", "sandbox.log"):
                path = os.path.join(self.work, name)
                if os.path.exists(path):
                    sys.stderr.write(f"--- {name} ---\n" + open(path).read()[-4000:] + "\n")
        return False
