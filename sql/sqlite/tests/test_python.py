"""The SQLite extension through Python's sqlite3 module, checked against the
library's own answers (the Python bindings and the `timescale` CLI) on
random dates and caseloads, on every built-in calendar."""

import csv
import datetime as dt
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import unittest

SOURCE = os.environ.get("TSC_SOURCE_DIR", "")
sys.path.insert(0, os.path.join(SOURCE, "tests", "scripts"))
sys.path.insert(0, os.path.join(SOURCE, "bindings", "python"))
from python_sanitizers import rerun_under_sanitizers  # noqa: E402

rerun_under_sanitizers(__file__)
import timescale  # noqa: E402

EXTENSION = os.environ.get("TSC_SQLITE_EXTENSION", "")
CALENDARS = timescale.builtin_calendars()
ROLLS = ["following", "preceding", "modified-following", "modified-preceding", "unadjusted"]


def connect():
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(os.path.splitext(EXTENSION)[0])
    db.enable_load_extension(False)
    return db


def random_dates(rng, count, first=dt.date(1990, 1, 1), last=dt.date(2060, 12, 31)):
    span = (last - first).days
    return [first + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count)]


class Functions(unittest.TestCase):
    def setUp(self):
        self.db = connect()
        self.rng = random.Random(14)

    def tearDown(self):
        self.db.close()

    def test_answers_equal_the_library_on_random_dates(self):
        for name in CALENDARS:
            cal = timescale.Calendar(name)
            starts = random_dates(self.rng, 3000)
            ends = random_dates(self.rng, 3000)
            ns = [self.rng.randint(-80, 80) for _ in starts]
            rolls = [self.rng.choice(ROLLS) for _ in starts]
            rows = self.db.execute(
                "WITH a(d, e, n, r) AS (SELECT value->>0, value->>1, value->>2, value->>3"
                "  FROM json_each(?)) "
                "SELECT tsc_add_working_days(d, n, ?2), tsc_count_working_days(d, e, ?2),"
                "       tsc_is_working_day(d, ?2), tsc_roll(d, r, ?2), tsc_holiday_name(d, ?2)"
                "  FROM a", (json.dumps([[s.isoformat(), e.isoformat(), n, r] for s, e, n, r in
                                         zip(starts, ends, ns, rolls)]), name)).fetchall()
            self.assertEqual(len(rows), len(starts))
            for (added, count, working, rolled, holiday), s, e, n, r in zip(
                    rows, starts, ends, ns, rolls):
                where = "%s %s %s %d %s" % (name, s, e, n, r)
                self.assertEqual(added, cal.add_working_days(s, n).isoformat(), where)
                self.assertEqual(count, cal.count_working_days(s, e), where)
                self.assertEqual(working, int(cal.is_working_day(s)), where)
                self.assertEqual(rolled, cal.roll(s, r).isoformat(), where)
                names = [h.name for h in cal.holidays(s, s)]
                self.assertEqual(holiday, "; ".join(names) if names else None, where)

    def test_null_in_null_out(self):
        row = self.db.execute(
            "SELECT tsc_add_working_days(NULL, 1), tsc_count_working_days('2026-01-01', NULL),"
            " tsc_is_working_day(NULL), tsc_roll('2026-01-03', NULL), tsc_holiday_name(NULL),"
            " tsc_due('5 working days after referral', NULL),"
            " tsc_add_working_days('2026-01-01', 1, NULL)").fetchone()
        self.assertEqual(row, (None,) * 7)

    def test_errors_carry_the_library_message(self):
        cases = [
            ("SELECT tsc_add_working_days('2026-13-01', 1)", "tsc_add_working_days: "),
            ("SELECT tsc_add_working_days('2026-03-02', 1.5)", "whole number"),
            ("SELECT tsc_add_working_days('9999-12-30', 5)", "tsc_add_working_days: "),
            ("SELECT tsc_due('every 10 wrking days', '2026-03-02')", "rule:1:10: "),
            ("SELECT * FROM tsc_plan('swindon', '{\"referral\": [\"2026-03-02\" \"x\"]}')",
             "events:1:28: expected ',' or ']'"),
            ("SELECT * FROM tsc_plan('swindon', '[]')", "events:1:1: expected a JSON object"),
            ("SELECT * FROM tsc_plan('swindon', '{\"referral\": \"2026-03-02\"}', 'soon')",
             "tsc_plan: until: malformed date 'soon'"),
        ]
        for sql, expected in cases:
            with self.assertRaises(sqlite3.OperationalError, msg=sql) as caught:
                self.db.execute(sql).fetchall()
            self.assertIn(expected, str(caught.exception), sql)

    def test_calendar_file_cached_per_connection(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "council.hol")
            with open(path, "w") as f:
                f.write('include england-and-wales\n"Council closure" 2026-12-29 .. 2026-12-31\n')
            # 23 Dec + 2: 24 Dec, then (25, 28 holidays; 29-31 closed; 1 Jan) 4 Jan.
            self.assertEqual(self.db.execute("SELECT tsc_add_working_days('2026-12-23', 2, ?)",
                                             (path,)).fetchone()[0], "2027-01-04")
            with open(path, "w") as f:
                f.write('include england-and-wales\n')
            # Read once per connection: the first connection keeps its calendar,
            # a new one reads the file again.
            self.assertEqual(self.db.execute("SELECT tsc_add_working_days('2026-12-23', 2, ?)",
                                             (path,)).fetchone()[0], "2027-01-04")
            other = connect()
            self.assertEqual(other.execute("SELECT tsc_add_working_days('2026-12-23', 2, ?)",
                                           (path,)).fetchone()[0], "2026-12-29")
            bad = os.path.join(tmp, "bad.hol")
            with open(bad, "w") as f:
                f.write('include england-and-wales\n"Closure"  31 fbr\n')
            with self.assertRaises(sqlite3.OperationalError) as caught:
                other.execute("SELECT tsc_is_working_day('2026-01-05', ?)", (bad,)).fetchone()
            self.assertIn("tsc_is_working_day: %s:2:" % bad, str(caught.exception))
            other.close()

    def test_due_equals_the_cli(self):
        cli = os.environ["TSC_CLI"]
        rules = ["15 working days after strategy", "5 working days after referral",
                 "4 weeks after icpc", "24 hours after return", "3 months after placement",
                 "16 working days before review", "on day 5 of s47-start"]
        for rule in rules:
            event = rule.split()[-1]
            for d in random_dates(self.rng, 20, dt.date(2020, 1, 1), dt.date(2030, 12, 31)):
                anchor = d.isoformat() + ("T21:30" if "hours" in rule else "")
                got = self.db.execute("SELECT tsc_due(?, ?)", (rule, anchor)).fetchone()[0]
                out = subprocess.run([cli, "rule", rule, "--event", "%s=%s" % (event, anchor),
                                      "--format", "csv"], capture_output=True, text=True,
                                     check=True).stdout
                first = next(csv.DictReader(io.StringIO(out)))
                self.assertEqual(got, first["due"], "%s from %s" % (rule, anchor))


class Plans(unittest.TestCase):
    EVENTS = {
        "swindon": ["referral", "strategy-discussion", "s47-start", "icpc", "cp-visit", "cp-plan-end"],
        "sthelena": ["strategy-discussion", "s57-start", "icpc", "cp-plan-start", "cp-visit",
                     "cp-plan-end"],
    }

    def random_case(self, rng, pack):
        start = random_dates(rng, 1, dt.date(2025, 1, 1), dt.date(2026, 12, 31))[0]
        events = {}
        for i, name in enumerate(self.EVENTS[pack]):
            if rng.random() < 0.75:
                when = start + dt.timedelta(days=i * rng.randint(1, 12))
                events.setdefault(name, []).append(when.isoformat())
        if "cp-visit" in events and rng.random() < 0.5:
            extra = dt.date.fromisoformat(events["cp-visit"][0]) + dt.timedelta(days=14)
            events["cp-visit"].append(extra.isoformat())
        return events or {self.EVENTS[pack][0]: start.isoformat()}

    def test_caseload_equals_the_cli(self):
        rng = random.Random(1414)
        for pack in ("swindon", "sthelena"):
            cases = [self.random_case(rng, pack) for _ in range(300)]
            db = connect()
            db.execute("CREATE TABLE cases(id TEXT, events TEXT)")
            db.executemany("INSERT INTO cases VALUES (?, ?)",
                           [("c%04d" % i, json.dumps(e)) for i, e in enumerate(cases)])
            got = db.execute(
                "SELECT c.id, p.rule, p.occurrence, p.due, p.window_start, p.status,"
                "       p.projected, p.anchor_event, p.anchor, p.done_on, p.schedules"
                "  FROM cases c, tsc_plan(?, c.events, '2027-12-31', '2026-06-01') p",
                (pack,)).fetchall()
            db.close()
            with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
                f.write("case_id,event,date\n")
                for i, events in enumerate(cases):
                    for name, dates in events.items():
                        for d in dates:
                            f.write("c%04d,%s,%s\n" % (i, name, d))
                path = f.name
            try:
                out = subprocess.run(
                    [os.environ["TSC_CLI"], "plan", "--rules", pack, "--cases", path,
                     "--until", "2027-12-31", "--today", "2026-06-01", "--format", "csv"],
                    capture_output=True, text=True, check=True).stdout
            finally:
                os.unlink(path)
            columns = ["case_id", "rule", "occurrence", "due", "window_start", "status",
                       "projected", "anchor_event", "anchor", "done_on", "schedules"]
            want = [tuple(r[c] for c in columns) for r in csv.DictReader(io.StringIO(out))]
            got = [tuple("" if v is None else str(v) for v in row) for row in got]
            self.assertGreater(len(want), 1000)
            self.assertEqual(sorted(got), sorted(want), pack)


if __name__ == "__main__":
    if not EXTENSION or not hasattr(sqlite3.Connection, "enable_load_extension"):
        print("skipped: needs TSC_SQLITE_EXTENSION and a Python sqlite3 with extension loading")
        sys.exit(77)
    unittest.main()
