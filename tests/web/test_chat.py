#!/usr/bin/python3
"""The sandbox's browser chat in a real browser: headless Chromium driven by Selenium against dutybot on its embedded
default (the sandbox in-process), with the timers of examples/demo-fast.json (the first nudge shortened further so
the test is quick).

Two windows are two people. Анна (assistant) declares a duty in the staff chat and sees the bot's confirmation; Иван
(client) has no staff chat in his list, asks in «Турция», and Анна gets the nudge in her direct chat with the bot,
with an unread count; Анна answers with a reply that Иван sees quoted; Анна edits her declaration (the duty moves)
and deletes it (the duty is cancelled); Иван creates a request that Анна sees and changes, and Иван sees the new
status; the missed-call button makes the bot tell Анна to call back. The page works at 360 px and by keyboard. The
token travels only in Sec-WebSocket-Protocol: never in a URL or a log line, and the bot's path refuses it there.
Screenshots go to --shots.
"""
import argparse
import datetime
import os
import socket
import sys
import time
import zoneinfo

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from harness import Embedded, chrome_options, http, read_commented_json

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Person:
    """One browser window, logged in as one person."""

    def __init__(self, driver, handle, name):
        self.driver, self.handle, self.name = driver, handle, name

    def focus(self):
        self.driver.switch_to.window(self.handle)
        return self.driver

    def wait(self, what, check, timeout=20):
        self.focus()
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1,
                                 ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
                                 ).until(lambda d: check(d))
        except TimeoutException:
            raise AssertionError(f"{self.name}: timed out waiting for {what}; the open chat shows:\n"
                                 + "\n---\n".join(self.messages()))

    def chat_titles(self):
        return [b.find_element(By.CLASS_NAME, "chat-title").text
                for b in self.focus().find_elements(By.CSS_SELECTOR, "#chats button")]

    def open_chat(self, chat_id):
        self.focus().find_element(By.CSS_SELECTOR, f'#chats button[data-chat="{chat_id}"]').click()

    def unread(self, chat_id):
        badges = self.focus().find_elements(By.CSS_SELECTOR, f'#chats button[data-chat="{chat_id}"] .unread')
        return int(badges[0].text) if badges and badges[0].text else 0

    def messages(self):
        # Read in one script: the page re-renders the list as events arrive, so elements go stale.
        return self.focus().execute_script(
            "return [...document.querySelectorAll('#messages li')].map(li => li.innerText)")

    def wait_message(self, what, words, timeout=20):
        return self.wait(what, lambda d: next((t for t in self.messages() if all(w in t for w in words)), None),
                         timeout)

    def type_and_enter(self, text):
        box = self.focus().find_element(By.ID, "input")
        box.click()
        box.send_keys(text)
        box.send_keys(Keys.ENTER)

    def message_button(self, words, label):
        for li in self.focus().find_elements(By.CSS_SELECTOR, "#messages li"):
            if all(w in li.text for w in words):
                return next(b for b in li.find_elements(By.TAG_NAME, "button") if b.text == label)
        raise AssertionError(f"{self.name}: no message with {words}")

    def press(self, words, label):
        """Clicks a message's button; the message list is redrawn as events arrive, so a button found just before a
        redraw is found again."""
        for _ in range(20):
            try:
                self.message_button(words, label).click()
                return
            except StaleElementReferenceException:
                time.sleep(0.05)
        raise AssertionError(f"{self.name}: the button {label} of {words} kept being redrawn")

    def shot(self, shots, name):
        self.focus().save_screenshot(os.path.join(shots, name))


def choose(driver, shots, name, keyboard=False):
    """Opens a fresh window and chooses `name` on the login page (by keyboard: Tab to the button, Enter)."""
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#people button"))
    buttons = driver.find_elements(By.CSS_SELECTOR, "#people button")
    target = next(b for b in buttons if b.text.split("\n")[0] == name)
    if keyboard:
        # The page focuses the first person; Tab walks the list in order.
        assert driver.switch_to.active_element == buttons[0], "the first person is not focused on arrival"
        for _ in range(buttons.index(target)):
            driver.switch_to.active_element.send_keys(Keys.TAB)
        assert driver.switch_to.active_element == target
        driver.switch_to.active_element.send_keys(Keys.ENTER)
    else:
        target.click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chats button"))


def raw_upgrade(port, path, headers):
    """The status line of a WebSocket upgrade request sent by hand."""
    with socket.create_connection(("127.0.0.1", port), 5) as s:
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket", "Connection: Upgrade",
                 "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="] + headers
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return s.recv(4096).decode(errors="replace").split("\r\n")[0]


def check_protocol_edges(stack):
    port = stack.chat_port
    anna_b64 = "ZGVtby1hbm5h"  # base64url("demo-anna")
    offer = f"Sec-WebSocket-Protocol: dutybot.v1, bearer.dutybot.v1.{anna_b64}"
    assert " 101 " in raw_upgrade(port, "/client/v1", [offer]) + " ", "a person's subprotocol token is refused"
    assert " 401 " in raw_upgrade(port, "/bot/v1", ["Sec-WebSocket-Protocol: dutybot.v1, bearer.dutybot.v1."
                                                    "ZGVtby1ib3QtdG9rZW4"]), "the bot's path took a subprotocol token"
    assert " 401 " in raw_upgrade(port, "/client/v1", [f"Sec-WebSocket-Protocol: bearer.dutybot.v1.{anna_b64}"])
    assert " 401 " in raw_upgrade(port, "/client/v1", ["Sec-WebSocket-Protocol: dutybot.v1, bearer.dutybot.v1.%%%"])
    assert " 401 " in raw_upgrade(port, "/client/v1", ["Sec-WebSocket-Protocol: dutybot.v1, bearer.dutybot.v1.bm9wZQ"])
    status, _, body = http(stack.chat + "/api/login", data=b'{"user":"dutybot"}',
                           headers={"Content-Type": "application/json"})
    assert status == 404, (status, body)  # the bot is nobody to choose
    status, _, _ = http(stack.chat + "/api/login", data=b'{"user":"u-anna"}', headers={"Content-Type": "text/plain"})
    assert status == 415, status  # a cross-site form post cannot fetch a token
    status, _, body = http(stack.chat + "/api/call", data=b'{"from_user":"u-nobody"}',
                           headers={"Content-Type": "application/json"})
    assert status == 404 and "no such person" in body, (status, body)
    status, _, _ = http(stack.chat + "/nothing-here")
    assert status == 404
    status, headers, page = http(stack.chat + "/")
    assert status == 200 and "Кто вы?" in page and "default-src 'self'" in headers["Content-Security-Policy"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dutybot", required=True)
    ap.add_argument("--shots", required=True)
    args = ap.parse_args()
    os.makedirs(args.shots, exist_ok=True)

    config = read_commented_json(os.path.join(ROOT, "examples", "demo-fast.json"))
    config["unanswered"]["first_nudge_s"] = 3  # the demo's 45 s, shortened so the suite stays quick
    with Embedded(args.dutybot, config) as stack:
        out = open(os.path.join(stack.work, "bot.out")).read()
        assert stack.chat + "/" in out, "the bot does not print the chat's address first: " + out[:300]
        check_protocol_edges(stack)

        with webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome_options()) as driver:
            driver.get(stack.chat + "/")
            assert "Кто вы?" in driver.find_element(By.TAG_NAME, "h1").text
            people = driver.find_element(By.ID, "people").text
            assert "Анна" in people and "ассистент" in people and "Дежурный" not in people, people
            driver.save_screenshot(os.path.join(args.shots, "chat-login.png"))
            choose(driver, args.shots, "Анна", keyboard=True)
            anna = Person(driver, driver.current_window_handle, "Анна")
            driver.switch_to.new_window("window")
            driver.get(stack.chat + "/")
            choose(driver, args.shots, "Иван")
            ivan = Person(driver, driver.current_window_handle, "Иван")

            # What each person sees: a client never sees the staff chat.
            ivan_chats = ivan.chat_titles()
            assert "Эксперты - общение" not in ivan_chats and "Турция" in ivan_chats, ivan_chats
            assert "Дежурный (бот)" in ivan_chats, ivan_chats
            anna_chats = anna.chat_titles()
            assert anna_chats[0] == "Эксперты - общение" and "Турция" in anna_chats, anna_chats

            # A duty declared in the staff chat, confirmed by the bot.
            until = (datetime.datetime.now(MSK) + datetime.timedelta(hours=3)).strftime("%H:%M")
            anna.open_chat("staff")
            anna.type_and_enter(f"Дежурю до {until}")
            anna.wait_message("the bot's confirmation", ["Дежурный", "Анна, записал: вы дежурите", until])
            anna.shot(args.shots, "chat-duty.png")

            # A client's question; with the fast timers the assistant gets the nudge in her direct chat.
            ivan.open_chat("c-turkey")
            ivan.type_and_enter("Здравствуйте! Нужна ли виза в Турцию?")
            ivan.wait_message("his own question", ["Иван", "клиент", "Нужна ли виза"])
            anna.wait("the nudge's unread count", lambda d: anna.unread("dm:u-anna") >= 1, timeout=30)
            anna.open_chat("dm:u-anna")
            anna.wait_message("the nudge", ["Клиенты ждут ответа", "Турция", "Иван"])
            assert anna.unread("dm:u-anna") == 0
            anna.shot(args.shots, "chat-nudge.png")

            # The answer as a reply: Иван sees it with his question quoted.
            anna.open_chat("c-turkey")
            anna.press(["Нужна ли виза"], "Ответить")
            anna.type_and_enter("Иван, для Турции виза не нужна до 60 дней.")
            ivan.wait_message("the quoted answer", ["Анна", "Иван: Здравствуйте! Нужна ли виза", "виза не нужна"])
            ivan.shot(args.shots, "chat-client.png")

            # Editing the declaration moves the duty; deleting it cancels the duty.
            later = (datetime.datetime.now(MSK) + datetime.timedelta(hours=4)).strftime("%H:%M")
            anna.open_chat("staff")
            anna.press([f"Дежурю до {until}"], "Изменить")
            box = anna.focus().find_element(By.ID, "input")
            box.clear()
            box.send_keys(f"Дежурю до {later}")
            box.send_keys(Keys.ENTER)
            anna.wait_message("the moved duty", ["сообщение изменено — теперь вы дежурите", later])
            assert any("изменено" in t and f"Дежурю до {later}" in t for t in anna.messages())
            anna.press([f"Дежурю до {later}"], "Удалить")
            # The confirmation survives the list being drawn again (a new message arriving in between).
            anna.focus().execute_script("renderMessages()")
            anna.press([f"Дежурю до {later}"], "Точно удалить?")
            anna.wait_message("the cancelled duty", ["вы удалили «Дежурю до …» — дежурство отменено"])
            assert any("Сообщение удалено" in t for t in anna.messages())

            # A site request: the client creates it, staff see it and change its status and «Напоминание».
            anna.type_and_enter(f"Дежурю до {until}")
            anna.wait_message("the second declaration", ["записал: вы дежурите", until])
            ivan.open_chat("#requests")
            ivan.focus().find_element(By.ID, "request-new-open").click()
            ivan.focus().find_element(By.ID, "request-new-text").send_keys("Хотим в Анталью на майские, двое взрослых")
            ivan.focus().find_element(By.CSS_SELECTOR, "#request-new button[type=submit]").click()
            ivan.wait("his request", lambda d: "новая" in d.find_element(By.ID, "request-items").text)
            anna.open_chat("#requests")
            anna.wait("the request", lambda d: "Иван" in d.find_element(By.ID, "request-items").text)
            anna.focus().find_element(By.CSS_SELECTOR, "#request-items button").click()
            anna.wait("the request's text", lambda d: "Анталью" in d.find_element(By.ID, "request-messages").text)
            Select(anna.focus().find_element(By.ID, "request-status")).select_by_value("in_progress")
            anna.focus().find_element(By.ID, "request-reminder").send_keys("перезвонить в 15:00")
            anna.focus().find_element(By.CSS_SELECTOR, "#request-edit button[type=submit]").click()
            anna.wait("the saved request", lambda d: "в работе" in d.find_element(By.ID, "request-title").text)
            ivan.wait("the new status", lambda d: "в работе" in d.find_element(By.ID, "request-items").text)
            ivan.focus().find_element(By.CSS_SELECTOR, "#request-items button").click()
            box = ivan.focus().find_element(By.ID, "request-input")
            box.send_keys("И ещё: нам нужен номер с видом на море")
            box.send_keys(Keys.ENTER)
            anna.wait("the client's message in the request",
                      lambda d: "видом на море" in d.find_element(By.ID, "request-messages").text)
            anna.shot(args.shots, "chat-requests.png")

            # Switching person: Иван's window becomes Мария's.
            ivan.focus().find_element(By.ID, "switch").click()
            choose(driver, args.shots, "Мария")
            assert "Мария" in driver.find_element(By.ID, "me").text
            ivan.open_chat("#requests")  # another client's request is not hers to see
            ivan.wait("Мария's empty request list",
                      lambda d: "У вас пока нет заявок" in d.find_element(By.ID, "request-items").text)

            # The missed-call button: a signed webhook to the bot, who tells the assistant on duty.
            anna.focus().find_element(By.ID, "call").click()
            Select(anna.focus().find_element(By.ID, "call-from")).select_by_value("u-ivan")
            anna.focus().find_element(By.ID, "call-missed").click()
            anna.wait("the call's receipt", lambda d: "Бот получил" in d.find_element(By.ID, "call-result").text)
            anna.focus().find_element(By.ID, "call-dialog").send_keys(Keys.ESCAPE)
            anna.open_chat("dm:u-anna")
            anna.wait_message("the missed call", ["Пропущенный звонок", "+7-916-000-00-00"])

            # A phone's width: one column, nothing wider than the screen, back to the list and into a chat.
            driver.set_window_size(360, 740)
            anna.focus()
            width = driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= 360, f"the page is {width} px wide on a 360 px screen"
            anna.shot(args.shots, "chat-phone.png")
            driver.find_element(By.ID, "back").click()
            assert driver.find_element(By.ID, "chats").is_displayed()
            anna.open_chat("c-turkey")
            assert driver.find_element(By.ID, "input").is_displayed()
            assert driver.execute_script("return document.documentElement.scrollWidth") <= 360

            # The token never appears in an address the page used.
            urls = driver.execute_script("return performance.getEntries().map(e => e.name).join(' ')")
            assert "demo-" not in urls and "ZGVtby" not in urls, urls

    # The log (stderr); stdout's banner names the demo tokens on purpose, for the terminal client.
    logs = open(stack.log).read()
    assert "demo-anna" not in logs and "demo-ivan" not in logs and "ZGVtby" not in logs, "a token was logged"
    print("ok: browser chat")


if __name__ == "__main__":
    sys.exit(main())
