#!/usr/bin/python3
"""The supervisors' console in a real browser: headless Chromium driven by Selenium, against the real dutybot and
dutybot-sandbox processes on 127.0.0.1.

A supervisor gets the link in the messenger, logs in, sees a declared duty and a waiting client on «Сейчас», a gap
on «График», the history with its charts, and downloads the CSV whose figures match what this test made happen.
The same link a second time, an expired link, a forged cookie and an expert's «/панель» all get nothing. Each page
is saved as a screenshot under --shots.
"""
import argparse
import csv
import datetime
import io
import os
import re
import sqlite3
import sys
import time
import zoneinfo

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from harness import Stack, chrome_options, http, wait_for

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def login_links(lines):
    return re.findall(r"(http://\S+/login\?code=[A-Za-z0-9_-]+)", "\n".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dutybot", required=True)
    ap.add_argument("--sandbox", required=True)
    ap.add_argument("--shots", required=True)
    args = ap.parse_args()
    os.makedirs(args.shots, exist_ok=True)

    with Stack(args.dutybot, args.sandbox, {"shifts": {"reward_rub": 2000}}) as stack:
        base, m, config = stack.base, stack.messenger, stack.config
        # What the console must show: Олег's finished duty with one answered question, Анна on duty now, and
        # Мария waiting in «Турция».
        until = (datetime.datetime.now(MSK) + datetime.timedelta(hours=3)).strftime("%H:%M")
        m.say("demo-oleg", f"Дежурю до {until}", chat="staff")
        m.say("demo-ivan", "Здравствуйте! Сколько стоит неделя в Хургаде в январе?", chat="c-egypt")
        time.sleep(0.3)
        m.say("demo-oleg", "Иван, добрый день! Около 95 000 ₽ на двоих, пришлю варианты.", chat="c-egypt")
        time.sleep(0.3)
        m.say("demo-oleg", "Сдаю дежурство", chat="staff")
        m.say("demo-anna", f"Дежурю до {until}", chat="staff")
        waiting_words = "Подскажите, нужна ли виза в Турцию для детей"
        m.say("demo-maria", waiting_words + "?", chat="c-turkey")

        # An expert asks: a refusal, no link.
        m.say("demo-boris", "/панель", to="dutybot")
        boris = wait_for("the refusal to Борис", lambda: m.bot_lines_to("demo-boris", "u-boris"))
        assert any("только руководителям" in l for l in boris), boris
        assert not login_links(boris), boris

        # The supervisor asks in the staff chat; the link comes in the direct chat.
        m.say("demo-sveta", "/панель", chat="staff")
        links = wait_for("the login link", lambda: login_links(m.bot_lines_to("demo-sveta", "u-sveta")))
        link = links[0]
        assert link.startswith(base), link
        # The code is not at rest in the bot's outbox once sent.
        code = link.split("code=")[1]
        db = sqlite3.connect(config["db"])
        wait_for("the sent link masked in the outbox", lambda: not db.execute(
            "SELECT COUNT(*) FROM outbox WHERE text LIKE ?", (f"%{code}%",)).fetchone()[0])
        assert db.execute("SELECT COUNT(*) FROM console_codes WHERE code_hash = ?", (code,)).fetchone()[0] == 0

        # A link preview (GET) does not spend the code.
        status, _, body = http(link)
        assert status == 200 and "Войти" in body, (status, body)

        with webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome_options()) as driver:
            wait = WebDriverWait(driver, 15)

            # Without a session: the way in, never data.
            driver.get(base + "/")
            assert "/панель" in driver.page_source and "Анна" not in driver.page_source
            driver.save_screenshot(os.path.join(args.shots, "console-login-needed.png"))

            driver.get(link)
            driver.save_screenshot(os.path.join(args.shots, "console-login.png"))
            driver.find_element(By.ID, "login").click()
            wait.until(EC.presence_of_element_located((By.ID, "on-duty")))
            cookie = driver.get_cookie("dutybot_session")
            assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", cookie
            assert 11 * 3600 < cookie["expiry"] - time.time() <= 12 * 3600 + 60, cookie

            # «Сейчас»: Анна on duty, Мария waiting with her first words, the gateway connected.
            on_duty = driver.find_element(By.ID, "on-duty").text
            assert "Анна" in on_duty and until in on_duty, on_duty
            waits = driver.find_element(By.ID, "waits").text
            assert "Турция" in waits and "Мария" in waits and waiting_words in waits, waits
            assert "Египет" not in waits, waits  # Иван got his answer
            assert "есть" in driver.find_element(By.ID, "gateway").text
            driver.save_screenshot(os.path.join(args.shots, "console-now.png"))

            # «График»: with nobody planned after Анна's duty, the coverage (always, by default) has a red gap.
            driver.find_element(By.LINK_TEXT, "График").click()
            wait.until(EC.presence_of_element_located((By.ID, "gaps")))
            gaps = driver.find_elements(By.CSS_SELECTOR, "li.gap")
            assert gaps, driver.find_element(By.ID, "gaps").text
            assert driver.find_elements(By.CSS_SELECTOR, "rect.gapbar")
            assert driver.find_elements(By.CSS_SELECTOR, "rect.duty")
            red = driver.find_element(By.CSS_SELECTOR, "rect.gapbar").value_of_css_property("fill")
            assert red in ("rgb(230, 57, 70)", "#e63946"), red
            driver.save_screenshot(os.path.join(args.shots, "console-schedule.png"))

            # «История»: the charts drawn by Chart.js served from the bot, Олег's duty in the table and the reports.
            driver.find_element(By.LINK_TEXT, "История").click()
            wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-charts") == "drawn")
            people = driver.find_element(By.ID, "people-table").text
            assert "Олег" in people, people
            reports = driver.find_element(By.ID, "reports").text
            assert "Олег" in reports and "Нарушений нет" in reports, reports
            driver.save_screenshot(os.path.join(args.shots, "console-history.png"))

            # The CSV, with the browser's session: Олег had one duty and answered Иван's one question.
            csv_url = driver.find_element(By.ID, "csv").get_attribute("href")
            session = f"dutybot_session={cookie['value']}"
            status, headers, body = http(csv_url, cookie=session)
            assert status == 200 and headers["Content-Type"].startswith("text/csv"), (status, headers)
            rows = list(csv.DictReader(io.StringIO(body)))
            oleg = [r for r in rows if r["user_id"] == "u-oleg"]
            assert len(oleg) == 1, rows
            assert oleg[0]["name"] == "Олег" and oleg[0]["duties"] == "1" and oleg[0]["answered"] == "1", oleg
            assert oleg[0]["breaches"] == "0" and oleg[0]["deduction_rub"] == "0", oleg
            assert float(oleg[0]["hours"]) < 0.1 and oleg[0]["median_first_response_min"] != "", oleg
            assert not [r for r in rows if r["user_id"] == "u-anna"], rows  # her duty has not ended

            # The same link a second time: refused, and no session from it.
            status, headers, body = http(link)
            assert status == 403 and "недействительна" in body, status
            status, headers, body = http(base + "/login", data=f"code={code}".encode())
            assert status == 403 and "Set-Cookie" not in headers, (status, headers)

            # An expired link: a new one, then ten minutes pass (the code's expiry is moved into the past).
            m.say("demo-sveta", "/панель", to="dutybot")
            fresh = wait_for("a second link", lambda: [l for l in login_links(m.bot_lines_to("demo-sveta", "u-sveta"))
                                                       if l not in links])
            fresh_link = fresh[0]
            db.execute("UPDATE console_codes SET expires_at = expires_at - 600001 WHERE used_at IS NULL")
            db.commit()
            status, _, body = http(fresh_link)
            assert status == 403 and "недействительна" in body, status
            fresh_code = fresh_link.split("code=")[1]
            status, headers, _ = http(base + "/login", data=f"code={fresh_code}".encode())
            assert status == 403 and "Set-Cookie" not in headers, status

            # A forged cookie: the way in, no data.
            driver.delete_all_cookies()
            driver.add_cookie({"name": "dutybot_session", "value": "A" * 43, "path": "/"})
            for path in ("/", "/schedule", "/history"):
                driver.get(base + path)
                assert "Анна" not in driver.page_source and "/панель" in driver.page_source, path
            status, _, body = http(csv_url, cookie="dutybot_session=" + "A" * 43)
            assert status == 401 and "u-oleg" not in body, status

            # Logging out ends the real session too.
            status, _, _ = http(base + "/", cookie=session)
            assert status == 200
            http(base + "/logout", cookie=session, data=b"")
            status, _, _ = http(base + "/", cookie=session)
            assert status == 401, status
        print("console browser test passed; screenshots in", args.shots)
        return 0


if __name__ == "__main__":
    sys.exit(main())
