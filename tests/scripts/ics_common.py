"""Shared by the test_ics_*.py scripts: makes every kind of .ics file the CLI
writes, and checks what an independent parser read from them.

Not a test itself (no test_ prefix).  The expectations do not come from
timescale: working days are reckoned from the GOV.UK bank-holiday feed
copied in tests/data/govuk/ and weekdays from Python's datetime, and local
times come from the consumer's own time zone code (zoneinfo, ical.js).
"""

import datetime as dt
import json
import os
import subprocess
import sys
import urllib.parse
from zoneinfo import ZoneInfo

CLI = os.environ.get("TSC_CLI")
TEST_DIR = os.environ.get("TSC_TEST_DIR", os.path.join(os.path.dirname(__file__), ".."))

# A reproducible DTSTAMP: 2026-02-25T06:13:20Z.
STAMP = "1772000000"

# The case the swindon files are made from: an ICPC at 14:00 (hour rules:
# timed items), an assessment (a window), a recorded CP visit (a done
# item) and projected visits after it.
SWINDON_EVENTS = ["referral=2026-03-02", "icpc=2026-03-05T14:00", "cp-visit=2026-03-06",
                  "assessment-start=2026-03-03"]


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def run(args, env_extra=None, check=True):
    env = dict(os.environ, SOURCE_DATE_EPOCH=STAMP, TZ="Europe/London")
    env.update(env_extra or {})
    p = subprocess.run([CLI] + args, capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise AssertionError("timescale %s failed (%d): %s" % (" ".join(args), p.returncode,
                                                               p.stderr))
    return p


def plan_args(pack, events, case_id, until, extra=()):
    args = ["plan", "--rules", pack, "--case-id", case_id, "--until", until,
            "--today", "2026-03-10"]
    for e in events:
        args += ["--event", e]
    return args + list(extra)


def make_files(tmp):
    """Writes every kind of file; returns [(path, meta)], meta saying the
    zone, the calendar (a GOV.UK division or None), the alarm's working
    days and whether the file holds to-dos."""
    files = []

    def add(name, args, zone="Europe/London", division="england-and-wales", alarm=1,
            todo=False):
        path = os.path.join(tmp, name)
        run(args + ["--ics", path])
        files.append((path, dict(zone=zone, division=division, alarm=alarm, todo=todo)))
        return path

    sw = plan_args("swindon", SWINDON_EVENTS, "123", "2026-07-31")
    first = add("swindon-events.ics", sw)
    add("swindon-todos.ics", sw + ["--component", "todo"], todo=True)
    add("swindon-alarm3.ics", sw + ["--alarm", "3"], alarm=3)
    add("swindon-alarm3-todos.ics", sw + ["--alarm", "3", "--component", "todo",
                                          "--no-reminder-events"], alarm=3, todo=True)
    add("swindon-no-alarm.ics", sw + ["--alarm", "0"], alarm=0)
    # Re-exported after a second visit was recorded: updates and cancellations.
    again = plan_args("swindon", SWINDON_EVENTS + ["cp-visit=2026-03-19"], "123", "2026-07-31")
    add("swindon-reexport.ics", again + ["--previous", first])
    # Hour rules counted in hours across a weekend (bucks: 72 hours after referral).
    add("bucks-events.ics",
        plan_args("bucks", ["referral=2026-03-27T16:30", "s47-start=2026-03-28T09:00"], "b-7",
                  "2026-06-30", ["--alarm", "2"]), alarm=2)
    add("bucks-todos.ics",
        plan_args("bucks", ["referral=2026-03-27T16:30", "s47-start=2026-03-28T09:00"], "b-7",
                  "2026-06-30", ["--alarm", "2", "--component", "todo"]), alarm=2, todo=True)
    # St Helena: Atlantic/St_Helena, its own holidays (no GOV.UK oracle).
    add("sthelena-events.ics",
        plan_args("sthelena", ["referral-acceptance=2026-04-30T10:00"], "sh 1", "2026-09-30"),
        zone="Atlantic/St_Helena", division=None)
    # One rule, and many cases into one file.
    add("rule-events.ics", ["rule", "every 10 working days after icpc", "--event",
                            "icpc=2026-12-14", "--until", "2027-03-31", "--case-id", "9"])
    cases = os.path.join(tmp, "cases.csv")
    with open(cases, "w") as f:
        f.write("case_id,event,date\n"
                "c1,referral,2026-03-02\nc1,assessment-start,2026-03-03\n"
                "c2,icpc,2026-03-05T10:00\nc2,cp-visit,2026-03-06\n"
                "c3,referral,2026-12-21\n")
    add("cases-events.ics", ["plan", "--rules", "swindon", "--cases", cases, "--until",
                             "2027-01-31", "--today", "2026-03-10"])
    # A holiday list (GOV.UK's shape).
    path = os.path.join(tmp, "scotland-holidays.ics")
    run(["holidays", "--calendar", "scotland", "--from", "2026", "--to", "2030", "--ics", path])
    files.append((path, dict(zone="Europe/London", division=None, alarm=0, todo=False,
                             holidays=True)))
    return files


# ---- GOV.UK working days ----

_holidays = None


def govuk_holidays(division):
    global _holidays
    if _holidays is None:
        with open(os.path.join(TEST_DIR, "data", "govuk", "govuk-bank-holidays.json")) as f:
            data = json.load(f)
        _holidays = {k: {dt.date.fromisoformat(e["date"]) for e in v["events"]}
                     for k, v in data.items()}
    return _holidays[division]


def is_working(day, division):
    return day.weekday() < 5 and (division is None or day not in govuk_holidays(division))


def working_days_before(day, n, division):
    """The n-th working day strictly before `day` (GOV.UK's holidays)."""
    while n:
        day -= dt.timedelta(days=1)
        if is_working(day, division):
            n -= 1
    return day


# ---- checks on what a consumer read ----

def check_file(path, meta, comps, consumer):
    """comps: one dict per VEVENT / VTODO, as a consumer read it:
        kind ('VEVENT' or 'VTODO'), uid, summary, status, sequence,
        due_day (the local due date), alarms (list of alarm instants as
        aware datetimes), related_to (or None), start_day (local date).
    Fails naming the file and component."""
    where = "%s (%s)" % (os.path.basename(path), consumer)
    assert comps, where + ": no components"
    uids = [c["uid"] for c in comps]
    assert len(set(uids)) == len(uids), where + ": repeated UIDs"
    zone = ZoneInfo(meta["zone"])
    by_uid = {c["uid"]: c for c in comps}
    checked = 0
    for c in comps:
        name = "%s: %s" % (where, c["uid"])
        assert c["uid"].endswith("@timescale"), name
        assert c["summary"], name + ": no SUMMARY"
        if meta.get("holidays"):
            assert c["kind"] == "VEVENT" and not c["alarms"], name
            continue
        # Every SUMMARY starts with the case: the id in the UID, percent-decoded.
        case = urllib.parse.unquote(c["uid"].split(".")[0])
        assert c["summary"].startswith(case + ": "), "%s: SUMMARY %r" % (name, c["summary"])
        summary = c["summary"][len(case) + 2:]
        want_kind = "VTODO" if meta["todo"] and not summary.startswith("Reminder: ") \
            else "VEVENT"
        assert c["kind"] == want_kind, "%s: %s, want %s" % (name, c["kind"], want_kind)
        if c["status"] == "CANCELLED":
            assert not c["alarms"], name + ": a cancelled item keeps its alarm"
            continue
        if summary.startswith("Reminder: "):
            parent = by_uid.get(c["related_to"])
            assert parent, name + ": RELATED-TO names no item"
            # The reminder event sits on the day its item's alarm fires.
            if parent["alarms"]:
                assert c["start_day"] == parent["alarms"][0].astimezone(zone).date(), name
            continue
        done = c["status"] == "COMPLETED" or summary.startswith("Done: ")
        if meta["alarm"] == 0 or done:
            assert not c["alarms"], name + ": an alarm where none is due"
            continue
        assert len(c["alarms"]) == 1, name + ": %d alarms" % len(c["alarms"])
        local = c["alarms"][0].astimezone(zone)
        assert (local.hour, local.minute, local.second) == (9, 0, 0), \
            "%s: alarm at %s, want 09:00" % (name, local)
        if meta["division"] is None:
            # No independent holiday list here (St Helena): a weekday before the due date.
            assert local.date() < c["due_day"] and local.weekday() < 5, name
            checked += 1
            continue
        want = working_days_before(c["due_day"], meta["alarm"], meta["division"])
        assert local.date() == want, "%s: alarm on %s, want %s (%d working days before %s)" % (
            name, local.date(), want, meta["alarm"], c["due_day"])
        checked += 1
    if not meta.get("holidays") and meta["alarm"]:
        assert checked, where + ": no alarm was checked"
    return len(comps)
