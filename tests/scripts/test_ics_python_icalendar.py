"""Debian's python3-icalendar (a parser no one here wrote) reads every .ics
file the CLI writes: events, to-dos, reminders, cancellations, holidays.
Each alarm fires at 09:00 local time on the day N working days before the
due date, by GOV.UK's holidays and Python's zoneinfo (ics_common.py)."""

import datetime as dt
import os
import sys
import tempfile
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(__file__))
import ics_common as C  # noqa: E402

try:
    import icalendar
except ImportError:
    C.skip("python3-icalendar is not installed (apt-get install python3-icalendar)")


def aware(value, zone):
    """A DATE as midnight in the calendar's zone; a DATE-TIME as it is."""
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, "a floating DATE-TIME: %r" % value
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=zone)


def read(path, meta):
    zone = ZoneInfo(meta["zone"])
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    assert cal.get("VERSION") == "2.0" and cal.get("PRODID"), path
    # Every TZID used has its VTIMEZONE, with the plain Olson name.
    zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
    assert all("/" in z and not z.startswith("/") for z in zones), zones
    comps = []
    for c in cal.walk():
        if c.name not in ("VEVENT", "VTODO"):
            continue
        start = c.get("DTSTART").dt if c.get("DTSTART") else None
        end = c.get("DTEND").dt if c.get("DTEND") else None
        due = c.get("DUE").dt if c.get("DUE") else None
        for prop in ("DTSTART", "DTEND", "DUE"):
            if c.get(prop) is not None and isinstance(c.get(prop).dt, dt.datetime):
                assert str(c.get(prop).params.get("TZID")) in zones, (path, prop)
        if c.name == "VTODO":
            due_day = aware(due, zone).astimezone(zone).date()
        elif isinstance(start, dt.datetime):
            due_day = start.astimezone(zone).date()
        else:
            due_day = end - dt.timedelta(days=1)   # DTEND is exclusive
        alarms = []
        for a in c.walk("VALARM"):
            trig = a.get("TRIGGER")
            related = str(trig.params.get("RELATED", "START"))
            ref = {"START": start, "END": due if c.name == "VTODO" else end}[related]
            # RFC 5545 3.3.6: hours are exact time, so add in UTC (Python adds
            # a timedelta to an aware datetime as wall-clock time).
            alarms.append(aware(ref, zone).astimezone(dt.timezone.utc) + trig.dt)
        comps.append(dict(kind=c.name, uid=str(c["UID"]), summary=str(c.get("SUMMARY", "")),
                          status=str(c.get("STATUS", "")), sequence=int(c.get("SEQUENCE", 0)),
                          due_day=due_day, start_day=start if not isinstance(start, dt.datetime)
                          else start.astimezone(zone).date(), alarms=alarms,
                          related_to=str(c.get("RELATED-TO")) if c.get("RELATED-TO") else None))
    return comps


def main():
    if not C.CLI:
        C.skip("TSC_CLI is not set")
    with tempfile.TemporaryDirectory() as tmp:
        total = 0
        files = C.make_files(tmp)
        for path, meta in files:
            total += C.check_file(path, meta, read(path, meta), "python-icalendar")
        print("python-icalendar read %d files, %d components" % (len(files), total))
    print("1 passed, 0 failed")


main()
