"""Reads a built site's calendars and feed with parsers no one here wrote, and prints what
they found as JSON for the Rust tests to compare with what the site lists.

    python read_outputs.py SITE_DIR FROM TO

FROM and TO (RFC 3339) bound the occurrences listed from events.ics.
"""
import datetime as dt
import json
import pathlib
import sys

import feedparser
import icalendar
import recurring_ical_events


def utc(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def read_calendar(path):
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    problems = []
    if not raw.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number} has a bare LF or CR")
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets")
        line.decode("utf-8")  # every physical line is whole UTF-8
    calendar = icalendar.Calendar.from_ical(raw)
    events = []
    for event in calendar.walk("VEVENT"):
        events.append({
            "uid": str(event["UID"]),
            "summary": str(event.get("SUMMARY", "")),
            "location": str(event.get("LOCATION", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "start": utc(event.decoded("DTSTART")),
            "recurrence_id": utc(event.decoded("RECURRENCE-ID")) if "RECURRENCE-ID" in event else None,
            "rrule": event["RRULE"].to_ical().decode() if "RRULE" in event else None,
            "has_dtstamp": "DTSTAMP" in event,
        })
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    return calendar, {"problems": problems, "events": events, "zones": zones}


def main():
    site, start, end = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    calendar, whole = read_calendar(site / "events.ics")
    window = (dt.datetime.fromisoformat(start.replace("Z", "+00:00")), dt.datetime.fromisoformat(end.replace("Z", "+00:00")))
    occurrences = [
        {
            "uid": str(o["UID"]),
            "summary": str(o["SUMMARY"]),
            "start": utc(o.decoded("DTSTART")),
            "end": utc(o.decoded("DTEND")),
            "status": str(o.get("STATUS", "")),
        }
        for o in recurring_ical_events.of(calendar).between(*window)
    ]
    occurrences.sort(key=lambda o: (o["start"], o["uid"]))
    per_event = {}
    for path in sorted(site.rglob("event.ics")):
        _, found = read_calendar(path)
        per_event[str(path.relative_to(site))] = found
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    print(json.dumps({
        "calendar": whole,
        "occurrences": occurrences,
        "per_event": per_event,
        "feed": {
            "bozo": bool(feed.bozo),
            "bozo_exception": str(feed.get("bozo_exception", "")),
            "title": feed.feed.get("title"),
            "entries": [{"title": e.title, "link": e.link, "id": e.id, "updated": e.updated} for e in feed.entries],
        },
    }, indent=1))


if __name__ == "__main__":
    main()
