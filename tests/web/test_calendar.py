#!/usr/bin/python3
"""«/календарь» against the real dutybot and dutybot-sandbox processes, the feed read by a real iCalendar library
(Debian's python3-icalendar), as a phone's calendar would read it.

A supervisor plans Анна's and Олег's shifts with «/смена»; Анна asks for her link in the messenger and gets one whose
feed holds exactly her shifts, at the right UTC times; a changed shift keeps its UID and raises its SEQUENCE;
«/календарь новый» gives a new link and the old one answers 404; the supervisor's team feed holds everyone's.
"""
import argparse
import datetime
import re
import sys
import zoneinfo

import icalendar

from harness import Stack, http, wait_for

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
UTC = datetime.timezone.utc


def link_in(lines, after=None):
    links = re.findall(r"(http://\S+/calendar/[A-Za-z0-9_-]+\.ics)", "\n".join(lines))
    links = [l for l in links if l != after]
    return links[-1] if links else None


def feed(url):
    status, headers, body = http(url)
    assert status == 200, (url, status, body)
    assert headers["Content-Type"] == "text/calendar; charset=utf-8", headers
    return icalendar.Calendar.from_ical(body)


def events(cal):
    """(uid, start, end, sequence, summary) of each event, by start."""
    return sorted(((str(e["UID"]), e.decoded("DTSTART"), e.decoded("DTEND"), int(e.get("SEQUENCE", 0)),
                    str(e["SUMMARY"])) for e in cal.walk("VEVENT")), key=lambda e: (e[1], e[4]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dutybot", required=True)
    ap.add_argument("--sandbox", required=True)
    args = ap.parse_args()

    with Stack(args.dutybot, args.sandbox) as stack:
        m = stack.messenger
        day1 = (datetime.datetime.now(MSK) + datetime.timedelta(days=2)).date()
        day2 = day1 + datetime.timedelta(days=1)
        m.say("demo-sveta", f"/смена u-anna {day1:%d.%m} 09:00-21:00", chat="staff")
        m.say("demo-sveta", f"/смена u-anna {day2:%d.%m} 12:00-20:00", chat="staff")
        m.say("demo-sveta", f"/смена u-oleg {day2:%d.%m} 09:00-21:00", chat="staff")

        m.say("demo-anna", "/календарь", to="dutybot")
        url = wait_for("Анна's link", lambda: link_in(m.bot_lines_to("demo-anna", "u-anna")))
        cal = feed(url)
        assert str(cal["X-WR-CALNAME"]) == "Смены — Анна", cal["X-WR-CALNAME"]
        got = events(cal)
        start1 = datetime.datetime.combine(day1, datetime.time(9), MSK).astimezone(UTC)
        start2 = datetime.datetime.combine(day2, datetime.time(12), MSK).astimezone(UTC)
        assert [(e[1], e[2]) for e in got] == [
            (start1, start1 + datetime.timedelta(hours=12)), (start2, start2 + datetime.timedelta(hours=8))], got
        uids = {e[1]: e[0] for e in got}

        # The second shift ends later now: same UID, SEQUENCE 1, the new end.
        m.say("demo-sveta", f"/смена u-anna {day2:%d.%m} 12:00-22:00", chat="staff")
        def changed():
            after = {e[1]: e for e in events(feed(url))}
            e = after.get(start2)
            return e if e and e[2] == start2 + datetime.timedelta(hours=10) else None
        e = wait_for("the changed shift in the feed", changed)
        assert e[0] == uids[start2] and e[3] == 1, e

        # The team's feed for the supervisor: everyone's shifts, named.
        m.say("demo-sveta", "/календарь", to="dutybot")
        team = wait_for("the team link", lambda: next(
            (l for l in m.bot_lines_to("demo-sveta", "u-sveta") if "Смены всей команды" in l), None))
        summaries = sorted(e[4] for e in events(feed(link_in([team]))))
        assert summaries == ["Смена: Анна", "Смена: Анна", "Смена: Олег"], summaries

        # A new link; the old one is gone.
        m.say("demo-anna", "/календарь новый", to="dutybot")
        new_url = wait_for("the new link", lambda: link_in(m.bot_lines_to("demo-anna", "u-anna"), after=url))
        assert new_url != url
        assert http(url)[0] == 404
        assert len(events(feed(new_url))) == 2
    print("ok: calendar feed")


if __name__ == "__main__":
    sys.exit(main())
