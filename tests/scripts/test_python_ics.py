"""test_python_ics.py -- iCalendar export and import through the Python package.

Plans and holidays are exported from Python and parsed back with
python3-icalendar (an independent RFC 5545 parser): every item is there
under its UID, on its dates, and every reminder fires at 09:00 local time
one working day before the due date, whatever the clocks did in between.
The exported bytes equal the CLI's `--ics -` for the same input, holidays
round-trip through Calendar.from_ics, and a second export against the first
keeps, bumps or cancels items as the header says.

Skipped (77) when the library has no iCalendar support or python3-icalendar
is missing.  Under a sanitized library the file reruns itself with ASan and
fails on leaks from libtimescale (python_sanitizers.py).
"""

import datetime as dt
import os
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = os.environ.get("TSC_SOURCE_DIR",
                            os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "bindings", "python"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_sanitizers import rerun_under_sanitizers  # noqa: E402

if __name__ == "__main__":
    rerun_under_sanitizers(__file__)

import timescale  # noqa: E402
from timescale import (ArgumentError, Calendar, IcsWriter, NotFoundError, Pack,  # noqa: E402
                       TimescaleError)
from timescale import ics as tics  # noqa: E402

try:
    import icalendar
except ImportError:
    icalendar = None

D = dt.date
UTC = dt.timezone.utc
CLI = os.environ.get("TSC_CLI")
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)
NINE = dt.time(9, 0)

# A swindon case with an all-day deadline over the clocks going forward
# (referral Fri 27 March 2026 -> due Mon 30 March), a window (induction,
# 17-28 August), and a done item; a bucks case with an hour rule.
SWINDON = {"referral": ["2026-03-27T10:00"], "employment-start": [D(2026, 8, 17)],
           "referral-decision": [D(2026, 3, 30)]}
BUCKS = {"referral": ["2026-03-27T10:00"], "s47-start": [D(2026, 3, 5)]}


def instant(value, cal):
    """An iCalendar DTSTART/DTEND/DUE value as an aware UTC datetime: a date
    is 00:00 local time on the calendar (that is what the writer's relative
    triggers count from)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = cal.localize(value)
        return value.astimezone(UTC)
    return cal.localize(value, 0).astimezone(UTC)


@unittest.skipIf(icalendar is None, "python3-icalendar is not installed")
class PlanToIcs(unittest.TestCase):
    def setUp(self):
        self.cal = Calendar("england-and-wales")
        self.packs = {}

    def tearDown(self):
        for p in self.packs.values():
            p.close()
        self.cal.close()

    def plan(self, pack, events, until):
        # The pack stays open: a plan's items (and its export) read its strings.
        p = self.packs.setdefault(pack, Pack(pack))
        return p.plan(self.cal, events, until=until, today=D(2026, 4, 20))

    def components(self, data, kind="VEVENT"):
        parsed = icalendar.Calendar.from_ical(data)
        return parsed, {str(c["UID"]): c for c in parsed.walk(kind)}

    def check_alarm(self, comp, item, reference):
        """The VALARM fires at 09:00 local one working day before the due date."""
        alarms = comp.walk("VALARM")
        self.assertEqual(len(alarms), 1, item.rule_id)
        trigger = alarms[0].get("TRIGGER")
        related = trigger.params.get("RELATED", "START")
        base = instant(comp.decoded(reference[related]), self.cal)
        fires = base + alarms[0].decoded("TRIGGER")
        want_day = self.cal.add_working_days(item.due, -1)
        want = self.cal.localize(want_day, NINE).astimezone(UTC)
        self.assertEqual(fires, want, (item.rule_id, fires, want))
        return want_day

    def test_events_and_reminders(self):
        plan = self.plan("swindon", SWINDON, D(2026, 9, 30))
        data = plan.ics("case-1", dtstamp=STAMP)
        parsed, events = self.components(data)
        self.assertEqual(str(parsed["X-WR-CALNAME"]), "Swindon Borough Council: case case-1")
        self.assertGreaterEqual(len(plan), 2)
        done = open_ = 0
        for item in plan:
            uid = "case-1.%s.%d@timescale" % (item.rule_id, item.occurrence)
            ev = events.pop(uid)
            self.assertEqual(ev.decoded("DTSTAMP"), STAMP)
            start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
            if item.window:
                # A window spans its first day to its due date (DTEND exclusive).
                self.assertEqual((start, end), (item.window_start,
                                                item.due + dt.timedelta(days=1)))
            else:
                self.assertEqual((start, end), (item.due, item.due + dt.timedelta(days=1)))
            if item.done:
                # Nothing to remind of: no alarm, no reminder event, "Done: ".
                self.assertEqual(ev.walk("VALARM"), [])
                self.assertNotIn(uid.replace("@", ".reminder@"), events)
                self.assertTrue(str(ev["SUMMARY"]).startswith("case-1: Done: "))
                done += 1
                continue
            day = self.check_alarm(ev, item, {"START": "DTSTART", "END": "DTEND"})
            # ... and the same reminder as an all-day event of its own.
            reminder = events.pop(uid.replace("@", ".reminder@"))
            self.assertEqual(reminder.decoded("DTSTART"), day)
            self.assertTrue(str(reminder["SUMMARY"]).startswith("case-1: Reminder: "))
            open_ += 1
        self.assertEqual(events, {})   # nothing else
        self.assertEqual((done, open_), (1, 1))
        # Hand-checked: 1 working day after Fri 27 March is Mon 30 March (BST
        # since Sun 29th), reminder Fri 27 March 09:00 GMT = 09:00 UTC.
        decision = [i for i in plan if i.rule_id == "swindon.referral.response-decision"][0]
        self.assertEqual(decision.due, D(2026, 3, 30))
        # The window of the induction: 17 August to Fri 28 August (tests/packs/swindon.cases).
        induction = [i for i in plan if i.rule_id == "swindon.induction.two-week-programme"][0]
        self.assertEqual((induction.window_start, induction.due), (D(2026, 8, 17),
                                                                   D(2026, 8, 28)))

    def test_timed_items_and_todos(self):
        plan = self.plan("bucks", BUCKS, D(2026, 4, 30))
        timed = [i for i in plan if i.timed]
        self.assertTrue(timed)
        _, events = self.components(plan.ics("c2", dtstamp=STAMP))
        for item in timed:
            ev = events["c2.%s.%d@timescale" % (item.rule_id, item.occurrence)]
            start = ev.decoded("DTSTART")
            self.assertEqual(ev["DTSTART"].params["TZID"], "Europe/London")
            self.assertEqual(start.astimezone(UTC), item.due_time.astimezone(UTC))
            self.assertEqual(start.utcoffset(), item.due_time.utcoffset())
            self.check_alarm(ev, item, {"START": "DTSTART", "END": "DTEND"})
        # 72 hours after 10:00 GMT Fri 27 March: 11:00 BST Mon 30 March.
        self.assertIn(dt.datetime(2026, 3, 30, 10, 0, tzinfo=UTC),
                      [i.due_time for i in timed])
        # VTODOs with DUE, VALARMs only.
        data = plan.ics("c2", dtstamp=STAMP, todo=True, reminder_events=False)
        _, todos = self.components(data, "VTODO")
        _, events = self.components(data)
        self.assertEqual(events, {})
        self.assertEqual(sorted(todos), sorted("c2.%s.%d@timescale" % (i.rule_id, i.occurrence)
                                               for i in plan))
        for item in plan:
            todo = todos["c2.%s.%d@timescale" % (item.rule_id, item.occurrence)]
            due = todo.decoded("DUE")
            if item.timed:
                self.assertEqual(due.astimezone(UTC), item.due_time.astimezone(UTC))
            else:
                self.assertEqual(due, item.due)
            if not item.done:
                self.check_alarm(todo, item, {"START": "DTSTART", "END": "DUE"})

    def test_alarm_options(self):
        plan = self.plan("swindon", {"referral": ["2026-03-27T10:00"]}, D(2026, 9, 30))
        _, events = self.components(plan.ics("c3", dtstamp=STAMP, alarm_working_days=0))
        self.assertEqual(sum(len(e.walk("VALARM")) for e in events.values()), 0)
        self.assertEqual([u for u in events if ".reminder@" in u], [])
        # The default: 1 working day before Mon 30 March (BST from Sun 29th) at
        # 09:00 is Fri 27 March 09:00 GMT, 62 hours before Monday 00:00 BST.
        _, events = self.components(plan.ics("c3", dtstamp=STAMP))
        ev = events["c3.swindon.referral.response-decision.1@timescale"]
        alarm = ev.walk("VALARM")[0]
        self.assertEqual(alarm.decoded("TRIGGER"), -dt.timedelta(hours=62))
        fires = instant(ev.decoded("DTSTART"), self.cal) + alarm.decoded("TRIGGER")
        self.assertEqual(fires, dt.datetime(2026, 3, 27, 9, 0, tzinfo=UTC))
        # 3 working days before Mon 30 March at 16:30: Wed 25 March 16:30 GMT.
        _, events = self.components(plan.ics("c3", dtstamp=STAMP, alarm_working_days=3,
                                             alarm_time=dt.time(16, 30)))
        ev = events["c3.swindon.referral.response-decision.1@timescale"]
        alarm = ev.walk("VALARM")[0]
        fires = instant(ev.decoded("DTSTART"), self.cal) + alarm.decoded("TRIGGER")
        self.assertEqual(fires, dt.datetime(2026, 3, 25, 16, 30, tzinfo=UTC))

    def test_same_bytes_as_the_cli(self):
        if not CLI:
            self.skipTest("TSC_CLI is not set")
        args = [CLI, "plan", "--rules", "swindon", "--until", "2026-09-30", "--today",
                "2026-04-20", "--case-id", "case-1", "--ics", "-", "--dtstamp",
                "2026-01-01T00:00Z"]
        for name, values in SWINDON.items():
            for v in values:
                args += ["--event", "%s=%s" % (name, v)]
        want = subprocess.run(args, capture_output=True, check=True).stdout
        plan = self.plan("swindon", SWINDON, D(2026, 9, 30))
        self.assertEqual(plan.ics("case-1", dtstamp=STAMP), want)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "case-1.ics")
            plan.write_ics(path, "case-1", dtstamp=STAMP)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), want)

    def test_second_export_against_the_first(self):
        with tempfile.TemporaryDirectory() as tmp, Pack("swindon") as pack:
            path = os.path.join(tmp, "case.ics")
            first = pack.plan(self.cal, {"referral": [D(2026, 3, 6)],
                                         "employment-start": [D(2026, 8, 17)]},
                              until=D(2026, 9, 30))
            first.write_ics(path, "k", dtstamp=STAMP)
            # The referral moves a week later; the induction stays; nothing new.
            second = pack.plan(self.cal, {"referral": [D(2026, 3, 13)],
                                          "employment-start": [D(2026, 8, 17)]},
                               until=D(2026, 9, 30))
            later = dt.datetime(2026, 2, 1, tzinfo=UTC)
            data = second.ics("k", dtstamp=later, previous=path)
            _, events = self.components(data)
            moved = events["k.swindon.referral.response-decision.1@timescale"]
            kept = events["k.swindon.induction.two-week-programme.1@timescale"]
            self.assertEqual((int(moved["SEQUENCE"]), moved.decoded("DTSTAMP")), (1, later))
            self.assertEqual(moved.decoded("DTSTART"), D(2026, 3, 16))  # Fri 13 + 1 wd
            self.assertEqual((int(kept["SEQUENCE"]), kept.decoded("DTSTAMP")), (0, STAMP))
            # An item no longer planned is written again as cancelled.
            third = pack.plan(self.cal, {"employment-start": [D(2026, 8, 17)]},
                              until=D(2026, 9, 30))
            _, events = self.components(third.ics("k", dtstamp=later, previous=path))
            gone = events["k.swindon.referral.response-decision.1@timescale"]
            self.assertEqual(str(gone["STATUS"]), "CANCELLED")
            self.assertEqual(int(gone["SEQUENCE"]), 1)


class Streamed(unittest.TestCase):
    def test_written_once_the_same_bytes(self):
        """Plans reserved, the file streamed: the bytes of write_file alone;
        a plan added but not reserved (other years): the same bytes, not
        streamed."""
        with tempfile.TemporaryDirectory() as tmp, Pack("bucks") as pack, \
                Calendar("england-and-wales") as cal:
            plans = [pack.plan(cal, {"referral": ["%d-03-27T10:00" % y]},
                               until=D(y, 9, 30), today=D(2026, 4, 20)) for y in (2026, 2027)]

            def write(name, reserve, stream):
                path = os.path.join(tmp, name)
                w = IcsWriter(cal, dtstamp=STAMP, name="all")
                for p in reserve:
                    w.reserve_plan(p)
                if stream:
                    w.stream_to(path)
                for i, p in enumerate(plans):
                    w.add_plan(p, "case-%d" % i)
                w.write_file(path)
                with open(path, "rb") as f:
                    return f.read(), w.streamed

            plain, streamed = write("plain.ics", [], False)
            self.assertIn(b"BEGIN:VTIMEZONE", plain)
            self.assertEqual(write("once.ics", plans, True), (plain, True))
            self.assertEqual(write("short.ics", plans[:1], True), (plain, False))
            self.assertFalse(streamed)
            self.assertEqual(sorted(os.listdir(tmp)), ["once.ics", "plain.ics", "short.ics"])


@unittest.skipIf(icalendar is None, "python3-icalendar is not installed")
class HolidaysToIcsAndBack(unittest.TestCase):
    def test_round_trip(self):
        for name in ("england-and-wales", "scotland", "st-helena"):
            with Calendar(name) as cal:
                want = cal.holidays(D(2026, 1, 1), D(2027, 12, 31))
                data = cal.holidays_ics(D(2026, 1, 1), D(2027, 12, 31), dtstamp=STAMP)
                parsed = icalendar.Calendar.from_ical(data)
                got = sorted((e.decoded("DTSTART"), str(e["SUMMARY"]))
                             for e in parsed.walk("VEVENT"))
                # Named as GOV.UK names them: "Boxing Day (substitute day)".
                named = [(h.date, h.name + (" (substitute day)" if h.substitute else ""))
                         for h in want]
                self.assertEqual(got, sorted(named), name)
                for e in parsed.walk("VEVENT"):
                    self.assertEqual(e.decoded("DTEND") - e.decoded("DTSTART"),
                                     dt.timedelta(days=1))
                # Read back as a calendar: the same closures (weekend as default).
                with Calendar.from_ics(data) as back:
                    self.assertEqual([(h.date, h.name) for h in
                                      back.holidays(D(2026, 1, 1), D(2027, 12, 31))],
                                     named, name)
                    self.assertEqual(back.weekend, frozenset({6, 7}))
                    self.assertEqual(back.name, "ics")   # named after the (default) source
                    for d in range(D(2026, 1, 1).toordinal(), D(2028, 1, 1).toordinal()):
                        day = D.fromordinal(d)
                        self.assertEqual(back.is_working_day(day), cal.is_working_day(day),
                                         (name, day))
        # GOV.UK 2026 (tests/data/govuk): 8 holidays in England and Wales.
        with Calendar("england-and-wales") as cal, tempfile.TemporaryDirectory() as tmp:
            with Calendar.from_ics(cal.holidays_ics(2026), "exports/ew 2026.ics") as named:
                self.assertEqual(named.name, "ew-2026")
            path = os.path.join(tmp, "ew.ics")
            cal.write_holidays_ics(path, 2026, dtstamp=STAMP, name="Bank holidays")
            with Calendar.from_file(path) as back:
                self.assertEqual(len(back.holidays(2026)), 8)
            with open(path, "rb") as f:
                self.assertIn(b"X-WR-CALNAME:Bank holidays", f.read())


class FromIcsInMemory(unittest.TestCase):
    def test_no_temporary_file(self):
        # Parsed where it lies: an unusable temporary folder does not matter.
        text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
                "DTSTART;VALUE=DATE:20260310\r\nSUMMARY:Closure\r\nEND:VEVENT\r\n"
                "END:VCALENDAR\r\n")
        saved = tempfile.tempdir
        tempfile.tempdir = os.path.join(SOURCE_DIR, "no", "such", "folder")
        try:
            with Calendar.from_ics(text, "closures.ics") as cal:
                self.assertEqual(cal.name, "closures")
                self.assertEqual([(h.date, h.name) for h in cal.holidays(2026)],
                                 [(D(2026, 3, 10), "Closure")])
        finally:
            tempfile.tempdir = saved


class Labels(unittest.TestCase):
    def test_summary_starts_with_the_label(self):
        with Calendar("england-and-wales") as cal, Pack("swindon") as pack:
            plan = pack.plan(cal, {"referral": [D(2026, 3, 6)]}, until=D(2026, 3, 31))
            w = IcsWriter(cal, dtstamp=STAMP)
            w.add_plan(plan, "c-1", label="AB")
            w.add_plan(plan, "c-2")
            parsed = icalendar.Calendar.from_ical(w.to_bytes())
            got = sorted((str(e["UID"]).split(".")[0], str(e["SUMMARY"]).split(": ")[0])
                         for e in parsed.walk("VEVENT"))
            # Item and reminder event of each case: the label, else the case id.
            self.assertEqual(got, [("c-1", "AB"), ("c-1", "AB"), ("c-2", "c-2"),
                                   ("c-2", "c-2")])
            # The case id is in the item's DESCRIPTION only when the SUMMARY
            # starts with something else.
            cases = {str(e["UID"]).split(".")[0]: str(e["DESCRIPTION"])
                     for e in parsed.walk("VEVENT") if "RELATED-TO" not in e}
            self.assertIn("\nCase: c-1", cases["c-1"])
            self.assertNotIn("Case:", cases["c-2"])


class Errors(unittest.TestCase):
    def test_errors(self):
        with Calendar("england-and-wales") as cal, Pack("swindon") as pack:
            plan = pack.plan(cal, {"referral": [D(2026, 3, 6)]}, until=D(2026, 3, 31))
            self.assertTrue(tics.available())
            w = IcsWriter(cal, dtstamp=STAMP)
            self.assertIs(w.calendar, cal)
            self.assertIn("0 components", repr(w))
            w.add_plan(plan, "a")
            self.assertEqual(len(w), 2)   # the item and its reminder event
            with self.assertRaises(ArgumentError):
                w.add_plan(plan, "a")      # the same case twice
            self.assertEqual(len(w), 2)    # nothing of it added
            w.add_plan(plan, "b", rule="swindon.referral.response-decision")
            w.add_plan(plan, "c", rule=0)  # swindon.pdr.annual: no items in this plan
            self.assertEqual(len(w), 4)
            text = w.to_bytes()
            self.assertEqual(w.to_bytes(), text)   # later writes give the same text
            with self.assertRaises(ArgumentError):
                w.add_holidays(2026)                # the first write ended the writer
            w.close()
            w.close()
            with self.assertRaises(ValueError):
                len(w)
            with self.assertRaises(TimescaleError):
                IcsWriter(cal, alarm_working_days=400)
            with self.assertRaises(TimescaleError):
                IcsWriter(cal, alarm_time=1440)
            with tempfile.TemporaryDirectory() as tmp:
                with self.assertRaises(NotFoundError):
                    IcsWriter(cal, previous=os.path.join(tmp, "none.ics"))
                with self.assertRaises(TimescaleError):
                    plan.write_ics(os.path.join(tmp, "no", "such", "dir.ics"), "a")
                self.assertEqual(os.listdir(tmp), [])   # no temporary file left
            with self.assertRaises(TypeError):
                plan.ics("a", colour="red")
            with Calendar("scotland") as other:
                with self.assertRaises(ValueError):
                    IcsWriter(other).add_plan(plan, "a")
            with self.assertRaises(TimescaleError) as cm:
                Calendar.from_ics(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026"
                                  b"1301\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "bad.ics")
            self.assertEqual(cm.exception.source, "bad.ics")
            for _ in range(50):  # garbage-collected writers (ASan checks the leaks)
                IcsWriter(cal, dtstamp=STAMP).add_holidays(2026).to_bytes()


if __name__ == "__main__":
    if not tics.available():
        print("skipped: %s has no iCalendar support" % timescale.library_path)
        sys.exit(77)
    unittest.main(verbosity=1)
