"""test_python_plans.py -- rules, packs, cases and plans through the ctypes package.

Runs with the library in $TIMESCALE_LIBRARY, the package from
$TSC_SOURCE_DIR/bindings/python and the CLI in $TSC_CLI.  Three kinds of
check:

- hand-checked expectations (each says how it was worked out);
- every hand-worked case of tests/packs/*.cases (506 of them, worked on a
  calendar by the pack authors, never by running the library), computed
  through Python with ONE Plan and ONE Case reused for all of them;
- for every case of those files run against its WHOLE pack, every field of
  every item equals the CLI's `timescale plan --format json` for the same
  events (the CLI is C code apart from this package: a struct mirrored at
  a wrong offset, a flag read wrongly or a time in the wrong zone shows).

Under a library built with TSC_SANITIZE=ON the file reruns itself with ASan
preloaded and fails on leaks from libtimescale (python_sanitizers.py).
"""

import datetime as dt
import gc
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import unittest

SOURCE_DIR = os.environ.get("TSC_SOURCE_DIR",
                            os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PACKAGE_DIR = os.path.join(SOURCE_DIR, "bindings", "python")
TEST_DIR = os.environ.get("TSC_TEST_DIR", os.path.join(SOURCE_DIR, "tests"))
sys.path.insert(0, PACKAGE_DIR)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_sanitizers import rerun_under_sanitizers  # noqa: E402

if __name__ == "__main__":
    rerun_under_sanitizers(__file__)

import timescale  # noqa: E402
from timescale import (Calendar, Case, Item, NotFoundError, Pack, ParseError, Plan,  # noqa: E402
                       RangeError, Rule, RuleInfo, TimescaleError)

D = dt.date
UTC = dt.timezone.utc
BST = dt.timezone(dt.timedelta(hours=1))
CLI = os.environ.get("TSC_CLI")
PACKS = ("bucks", "sthelena", "sunderland", "swindon", "wiltshire")


def rules_in_file(name):
    """Rule ids of rules/NAME.rules, read with a regex (not the library)."""
    with open(os.path.join(SOURCE_DIR, "rules", name + ".rules"), encoding="utf-8") as f:
        return re.findall(r"^rule (\S+)", f.read(), re.M)


# ------------------------------------------------------------------ rules

class Docs(unittest.TestCase):
    def test_package_docstring_examples_run(self):
        import doctest
        result = doctest.testmod(timescale)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)


class Rules(unittest.TestCase):
    def test_parse_and_canonical_form(self):
        # Canonical forms spell the defaults out (src/rule.c, "canonical text"):
        # frequency words become "every N unit", 14 days is 2 weeks, and a
        # window's bare start gets its unit.
        cases = [
            ("5 working days after referral", "5 working days after referral"),
            ("monthly", "every 1 month"),
            ("fortnightly", "every 2 weeks"),
            ("3 times a year", "every 4 months"),
            ("14 days after x, keep", "2 weeks after x, keep"),
            ("between 0 and 2 weeks after employment-start",
             "between 0 days and 2 weeks after employment-start"),
        ]
        for text, canonical in cases:
            r = Rule(text)
            self.assertEqual(r.text, text)
            self.assertEqual(r.canonical, canonical)
            self.assertEqual(str(r), canonical)
            self.assertEqual(timescale.format_rule(text), canonical)
            self.assertEqual(timescale.parse_rule(text), r)
            self.assertEqual(Rule(canonical), r)  # the canonical form parses to itself
        self.assertEqual(len({Rule("monthly"), Rule("every 1 month")}), 1)
        self.assertNotEqual(Rule("monthly"), Rule("weekly"))
        self.assertEqual(repr(Rule("monthly")), "Rule('every 1 month')")
        with self.assertRaises(AttributeError):
            Rule("monthly").text = "weekly"

    def test_malformed_rule_has_the_column(self):
        # Columns counted by hand, 1-based bytes:
        #   "5 workin days after x": 'workin' starts at 3;
        #   "5 days after X": 'X' is the 14th character;
        #   "5 working days": the end of the rule is column 15.
        for text, column, fragment in [
                ("5 workin days after x", 3, "found 'workin'"),
                ("5 days after X", 14, "found 'X'"),
                ("5 working days", 15, "expected 'after' or 'before'"),
                ("", 1, "empty rule")]:
            with self.assertRaises(ParseError) as cm:
                Rule(text)
            e = cm.exception
            self.assertIsInstance(e, ValueError)
            self.assertIsInstance(e, TimescaleError)
            self.assertEqual((e.line, e.column), (1, column), text)
            self.assertIn(fragment, e.message)
            self.assertEqual(e.code, timescale.Status.PARSE)
        with self.assertRaises(TypeError):
            Rule(5)
        with self.assertRaises(ValueError):
            Rule("monthly\0weekly")


# ------------------------------------------------------------------ packs

class Packs(unittest.TestCase):
    def test_builtins(self):
        # include/timescale.h, tsc_pack_open: the five built-in packs.
        self.assertEqual(sorted(timescale.builtin_packs()), sorted(PACKS))

    def test_facts_of_a_builtin_pack(self):
        # rules/swindon.rules, header and first rule.
        with Pack("swindon") as p:
            self.assertEqual(p.name, "swindon")
            self.assertEqual(p.authority, "Swindon Borough Council")
            self.assertEqual(p.title, "Children's Services Practice Standards (September 2023)")
            self.assertEqual(p.calendar, "england-and-wales")
            ids = rules_in_file("swindon")
            self.assertEqual(len(p), len(ids))
            self.assertEqual([r.id for r in p.rules], ids)
            self.assertEqual([r.id for r in p], ids)
            first = p.rule(0)
            self.assertIsInstance(first, RuleInfo)
            self.assertEqual((first.index, first.id, first.when, first.schedules, first.role,
                              first.area, first.binding, first.alternative),
                             (0, "swindon.pdr.annual", "annually", "pdr", "All practitioners",
                              "pdr", False, ""))
            self.assertEqual(first.section, "Introduction (list of what practitioners are "
                                            "responsible for), line 111")
            self.assertTrue(first.quote.startswith("Attending supervision, annual Personal"))
            # The note's lines are joined by spaces.
            self.assertTrue(first.note.startswith('"Annual" PDRs: every 12 months, counted '
                                                  "from the last actual PDR (TIMESCALES.md "
                                                  "sec. 5); no anchor is written"), first.note)
            i = p.find_rule("swindon.referral.response-decision")
            self.assertEqual(i, ids.index("swindon.referral.response-decision"))
            r = p.rule("swindon.referral.response-decision")
            self.assertEqual((r.index, r.when, r.schedules, r.role),
                             (i, "1 working day after referral", "referral-decision",
                              "Social Worker, Team Manager"))
            self.assertEqual(p["swindon.referral.response-decision"], r)
            self.assertEqual(p[i], r)
            self.assertEqual(p.rule(-1).id, ids[-1])
            self.assertIn("swindon.pdr.annual", p)
            self.assertNotIn("swindon.nope", p)
            with self.assertRaises(NotFoundError):
                p.find_rule("swindon.nope")
            with self.assertRaises(RangeError):
                p.rule(len(ids))
            with self.assertRaises(RangeError):
                p.rule(-len(ids) - 1)
            self.assertIn("referral", p.events)
            self.assertIn("pdr", p.events)
            # issue 12: what a case records, apart from what rules produce
            self.assertIn("referral", p.events.recorded)
            self.assertNotIn("referral", p.events.produced)
            self.assertIn("cp-visit", p.events.produced)
            self.assertNotIn("cp-visit", p.events.recorded)
            self.assertEqual(len(p.events), len(p.events.recorded) + len(p.events.produced))
            self.assertEqual(set(p.events.produced), {r.schedules for r in p.rules})
            self.assertTrue(p.has_event("referral"))
            self.assertFalse(p.has_event("no-such-event"))
            self.assertEqual(repr(p), "<timescale.Pack 'swindon' (%d rules)>" % len(ids))
            with p.open_calendar() as cal:
                self.assertEqual(cal.name, "england-and-wales")

    def test_binding_flag(self):
        # rules/bucks.rules: bucks.recording.emergency-same-day.a says "binding yes", .b not.
        with Pack("bucks") as p:
            self.assertTrue(p.rule("bucks.recording.emergency-same-day.a").binding)
            self.assertFalse(p.rule("bucks.recording.emergency-same-day.b").binding)

    def test_every_builtin_matches_its_file(self):
        for name in PACKS:
            ids = rules_in_file(name)
            with Pack(name) as p, Pack.from_file(os.path.join(SOURCE_DIR, "rules",
                                                              name + ".rules")) as f:
                self.assertEqual([r.id for r in p.rules], ids, name)
                self.assertEqual(p.rules, f.rules, name)
                self.assertEqual(p.events, f.events, name)
                self.assertEqual((p.name, p.authority, p.title, p.calendar),
                                 (f.name, f.authority, f.title, f.calendar))

    def test_from_string_select_and_from_rule(self):
        text = ("pack mini\nauthority Test Council\ncalendar scotland\n\n"
                "rule mini.first.visit\n  when 5 working days after referral\n"
                "  schedules visit\n  role Social Worker\n\n"
                "rule mini.first.review\n  when 20 working days after referral\n"
                "  schedules review\n  binding yes\n")
        with Pack.from_string(text, "mini.rules") as p:
            self.assertEqual((p.name, p.authority, p.title, p.calendar),
                             ("mini", "Test Council", "", "scotland"))
            self.assertEqual([r.id for r in p], ["mini.first.visit", "mini.first.review"])
            self.assertEqual(p[0].area, "first")
            self.assertTrue(p[1].binding)
            self.assertEqual(sorted(p.events), ["referral", "review", "visit"])
            with p.select(["mini.first.review"]) as sub:
                self.assertEqual([r.id for r in sub], ["mini.first.review"])
                self.assertEqual(sub.name, "mini")
            with self.assertRaises(NotFoundError):
                p.select(["mini.nope"])
            with self.assertRaises(TypeError):
                p.select("mini.first.review")
        with Pack.from_rule("every 10 working days after icpc", "visit", "scotland") as p:
            self.assertEqual(len(p), 1)
            self.assertEqual((p[0].id, p[0].when, p[0].schedules), ("rule",
                             "every 10 working days after icpc", "visit"))
            self.assertEqual(p.calendar, "scotland")
        with Pack.from_rule("monthly") as p:   # header defaults
            self.assertEqual((p[0].schedules, p.calendar), ("occurrence", "england-and-wales"))
        self.assertEqual(Rule("5 working days after referral").pack().rule(0).when,
                         "5 working days after referral")

    def test_errors(self):
        with self.assertRaises(NotFoundError) as cm:
            Pack("narnia")
        self.assertIsInstance(cm.exception, LookupError)
        # Line 3 of the text; 'whenn' is an unknown key at column 3 (after two spaces).
        with self.assertRaises(ParseError) as cm:
            Pack.from_string("pack x\nrule x.a.b\n  whenn 5 days after y\n", "bad.rules")
        e = cm.exception
        self.assertEqual((e.source, e.line), ("bad.rules", 3))
        self.assertEqual(e.column, 3, e)
        # A malformed rule inside a pack: line 3, column of 'dayz' = 2 + len("when ") + 3 = 10
        # ("  when 5 dayz after y": 'd' of dayz is the 10th byte).
        with self.assertRaises(ParseError) as cm:
            Pack.from_string("pack x\nrule x.a.b\n  when 5 dayz after y\n  schedules z\n")
        self.assertEqual((cm.exception.source, cm.exception.line, cm.exception.column),
                         ("<string>", 3, 10))
        # From a rule alone: the column is the rule's own (line 1).
        with self.assertRaises(ParseError) as cm:
            Pack.from_rule("5 workin days after x")
        self.assertEqual((cm.exception.line, cm.exception.column), (1, 3))
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "none.rules")
            with self.assertRaises(NotFoundError) as cm:
                Pack.from_file(missing)
            self.assertEqual(cm.exception.source, missing)

    def test_close(self):
        p = Pack("swindon")
        rules = p.rules
        p.close()
        p.close()
        self.assertTrue(p.closed)
        self.assertEqual(p.name, "swindon")        # copied, still readable
        self.assertEqual(p.rules, rules)            # copied before the close
        for call in (lambda: len(p), lambda: p.rule(0), lambda: p.find_rule("x"),
                     lambda: p.select([]), lambda: p.plan(None, {"referral": D(2026, 3, 6)})):
            with self.assertRaises(ValueError):
                call()
        self.assertIn("closed", repr(p))
        import copy
        import pickle
        with self.assertRaises(TypeError):
            copy.copy(Pack("swindon"))
        with self.assertRaises(TypeError):
            pickle.dumps(Pack("swindon"))
        for _ in range(50):  # freed by garbage collection (ASan checks the leaks)
            Pack("bucks").select(["bucks.s47.completion"]).rule(0)


# ------------------------------------------------------------------ cases

class Cases(unittest.TestCase):
    def test_add_and_clear(self):
        with Calendar("england-and-wales") as cal, Case() as c:
            self.assertEqual(len(c), 0)
            self.assertIsNone(c.latest())
            c.add("referral", D(2026, 3, 2))
            c.add("referral", "2026-03-09")
            c.add("visit", dt.datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
            c.add("visit", 1773392400)               # 2026-03-13T09:00Z (date -ud ... +%s)
            c.add("visit", dt.datetime(2026, 3, 16, 9, 0), cal)   # naive: London wall clock
            c.add("visit", "2026-03-17T09:00", cal)
            c.add_text("review=2026-03-18", cal)
            self.assertEqual(len(c), 7)
            self.assertEqual(c.latest(cal), D(2026, 3, 18))
            c.clear()
            self.assertEqual(len(c), 0)
            self.assertIsNone(c.latest())
            # An instant late on 31 March UTC is 1 April in London (BST from 29 March).
            c.add("visit", dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
            self.assertEqual(c.latest(cal), D(2026, 4, 1))
            self.assertEqual(c.latest(), D(2026, 3, 31))

    def test_errors(self):
        with Calendar("england-and-wales") as cal, Case() as c:
            # Event names are kebab-case: the library points at column 1.
            for bad in ("Referral", "two--dashes", "-x", ""):
                with self.assertRaises(ParseError) as cm:
                    c.add(bad, D(2026, 3, 2))
                self.assertEqual(cm.exception.column, 1, bad)
            # "referral=2026-3-02": the month starts at column 15 ("referral=" is 9
            # bytes, "2026-" 5 more); its second digit, column 16, is the '-'.
            with self.assertRaises(ParseError) as cm:
                c.add_text("referral=2026-3-02", cal)
            self.assertEqual(cm.exception.column, 16)
            with self.assertRaises(ParseError):
                c.add_text("referral", cal)           # no '='
            with self.assertRaises(timescale.DateError):
                c.add_text("referral=2026-03-29T01:30", cal)   # in the spring-forward gap
            with self.assertRaises(ValueError):
                c.add("visit", dt.datetime(2026, 3, 16, 9, 0))  # naive, no calendar
            with self.assertRaises(ValueError):
                c.add("visit", "2026-03-16T09:00")               # wall clock, no calendar
            with self.assertRaises(TypeError):
                c.add("visit", 2.5)
            self.assertEqual(len(c), 0)  # nothing failed half-way
        c = Case()
        c.close()
        with self.assertRaises(ValueError):
            c.add("x", D(2026, 1, 1))


# ------------------------------------------------------------------ plans

class Plans(unittest.TestCase):
    def test_one_rule_by_hand(self):
        # Fri 6 March 2026 + 1 working day = Mon 9 March (tests/packs/README.md example).
        with Pack("swindon") as p:
            plan = p.plan(None, {"referral": [D(2026, 3, 6)]}, until=D(2026, 3, 31))
            self.assertIsInstance(plan, Plan)
            self.assertEqual(len(plan), 1)
            it = plan[0]
            self.assertIsInstance(it, Item)
            self.assertEqual((it.rule_id, it.occurrence, it.due, it.anchor_event, it.anchor_date,
                              it.schedules, it.rule_text, it.status),
                             ("swindon.referral.response-decision", 1, D(2026, 3, 9),
                              "referral", D(2026, 3, 6), "referral-decision",
                              "1 working day after referral", "open"))
            self.assertEqual(p.rules[it.rule_index].id, it.rule_id)
            self.assertIsNone(it.due_time)
            self.assertIsNone(it.window_start)
            self.assertFalse(it.done or it.overdue or it.projected or it.timed or it.window)
            self.assertEqual(plan.until, D(2026, 3, 31))
            self.assertIsNone(plan.today)
            self.assertIs(plan.pack, p)
            # Default horizon: the latest event + 366 days, as the CLI.
            self.assertEqual(p.plan(None, {"referral": D(2026, 3, 6)}).until, D(2027, 3, 7))

    def test_hours_dates_windows_and_flags_by_hand(self):
        with Pack("bucks") as p:
            plan = p.plan("england-and-wales",
                          {"referral": "2026-03-27T10:00",     # Fri, GMT
                           "s47-start": D(2026, 3, 5),         # Thu, no time
                           "s17-first-visit": D(2026, 4, 7),   # due Fri 3 Apr (see below)
                           "referral-decision": dt.datetime(2026, 3, 29, 12, 0, tzinfo=BST)},
                          until=D(2026, 4, 30), today=D(2026, 4, 20))
            by = {(i.rule_id, i.occurrence): i for i in plan}
            # 72 hours after 10:00 GMT Fri 27 March is 10:00 UTC Mon 30 March, 11:00
            # BST (clocks went forward on Sun 29 March).  The decision was recorded
            # at 12:00 BST on 29 March: in time, with its instant.
            it = by[("bucks.referral.decision-and-feedback", 1)]
            self.assertTrue(it.timed)
            self.assertEqual(it.due, D(2026, 3, 30))
            self.assertEqual(it.due_time, dt.datetime(2026, 3, 30, 10, 0, tzinfo=UTC))
            self.assertEqual((it.due_time.hour, it.due_time.utcoffset()),
                             (11, dt.timedelta(hours=1)))
            self.assertEqual(it.anchor_time, dt.datetime(2026, 3, 27, 10, 0, tzinfo=UTC))
            self.assertEqual((it.done, it.late, it.status), (True, False, "done"))
            self.assertEqual(it.done_on, D(2026, 3, 29))
            self.assertEqual(it.done_time, dt.datetime(2026, 3, 29, 11, 0, tzinfo=UTC))
            # 24 hours after an s47 start known only as a date (Thu 5 March): due
            # on the date a whole day later, Fri 6 March, with no time and saying
            # so (issue 10: no fabricated instant); open on 20 April, so overdue.
            it = by[("bucks.visits.s47-child-seen", 1)]
            self.assertEqual((it.due, it.due_time, it.timed, it.time_not_recorded,
                              it.overdue, it.status),
                             (D(2026, 3, 6), None, False, True, True, "overdue"))
            # 15 working days after Thu 5 March: 6, 9-13, 16-20, 23-26 -> Thu 26 March.
            self.assertEqual(by[("bucks.s47.completion", 1)].due, D(2026, 3, 26))
            # First s17 visit: 5 working days after Fri 27 March: Mon 30 (1), Tue 31
            # (2), Wed 1 (3), Thu 2 April (4); Good Friday (3) and Easter Monday (6)
            # are holidays; Tue 7 April (5).  The visit on Tue 7 April is in time.
            it = by[("bucks.visits.s17-assessment-first-visit", 1)]
            self.assertEqual((it.due, it.done_on, it.late), (D(2026, 4, 7), D(2026, 4, 7), False))
            # The recurrence counts 10 working days from the actual visit, Tue 7
            # April: 8-10, 13-17, 20, 21 -> Tue 21 April (firm: counted from a
            # recorded event), not yet overdue on 20 April.
            it = by[("bucks.visits.s17-assessment-recurring", 1)]
            self.assertEqual((it.due, it.projected, it.overdue), (D(2026, 4, 21), False, False))
            # ... and the next from that due date, projected: 22-24, 27-30 April,
            # 1 May, 4 May (Early May holiday) skipped: after until (30 April).
            self.assertNotIn(("bucks.visits.s17-assessment-recurring", 2), by)
            # Items are in due order.
            dues = [(i.due, i.due_time or dt.datetime.combine(i.due, dt.time(), UTC))
                    for i in plan]
            self.assertEqual([d for d, _ in dues], sorted(d for d, _ in dues))

    def test_window_and_late(self):
        with Pack("swindon") as p:
            # tests/packs/swindon.cases: employment-start Mon 17 Aug 2026, window from
            # day 0, due + 2 weeks = Mon 31 Aug (Summer holiday) -> Fri 28 Aug.
            # Completed Tue 1 Sep: done, late.
            plan = p.plan(None, {"employment-start": D(2026, 8, 17),
                                 "induction-complete": D(2026, 9, 1)}, until=D(2026, 9, 30))
            it = [i for i in plan if i.rule_id == "swindon.induction.two-week-programme"][0]
            self.assertEqual((it.window, it.window_start, it.due), (True, D(2026, 8, 17),
                                                                    D(2026, 8, 28)))
            self.assertEqual((it.done, it.late, it.done_on, it.status),
                             (True, True, D(2026, 9, 1), "done-late"))
            self.assertIsNone(it.done_time)

    def test_binding_item_flag(self):
        # bucks.recording.emergency-same-day.a is marked binding; same day as the event
        # (Sat 7 March 2026: kept on a weekend).
        with Pack("bucks") as p:
            plan = p.plan(None, {"emergency-event": D(2026, 3, 7)}, until=D(2026, 3, 31))
            items = {i.rule_id: i for i in plan}
            a = items["bucks.recording.emergency-same-day.a"]
            self.assertEqual((a.due, a.binding), (D(2026, 3, 7), True))
            self.assertFalse(items["bucks.recording.emergency-same-day.b"].binding)

    def test_horizon_and_series_limit(self):
        """Issue 10: born Fri 15 Apr 2011, + 15 years 9 months = Fri 15 Jan 2027,
        past the default horizon (the event + 366 days) yet given; an explicit
        until before it hides it and counts it.  A year of minutes stops at the
        library's limit of one series, counted."""
        with Pack.from_rule("15 years 9 months after date-of-birth") as p:
            plan = p.plan(None, {"date-of-birth": D(2011, 4, 15)})
            self.assertEqual([i.due for i in plan], [D(2027, 1, 15)])
            self.assertEqual((plan.hidden, plan.truncated), (0, 0))
            plan = p.plan(None, {"date-of-birth": D(2011, 4, 15)}, until=D(2027, 1, 14))
            self.assertEqual((len(plan), plan.hidden), (0, 1))
        with Pack.from_rule("every 1 minute after x") as p:
            plan = p.plan(None, {"x": "2026-03-02T09:00"}, until=D(2027, 3, 1))
            self.assertEqual((len(plan), plan.truncated), (10000, 1))

    def test_unknown_events_and_other_errors(self):
        with Pack("swindon") as p, Calendar("england-and-wales") as cal:
            with self.assertRaises(NotFoundError) as cm:
                p.plan(cal, {"referral": D(2026, 3, 6), "no-such-event": D(2026, 3, 6)})
            self.assertIn("no-such-event", cm.exception.message)
            plan = p.plan(cal, {"referral": D(2026, 3, 6), "no-such-event": D(2026, 3, 6)},
                          until=D(2026, 3, 31), ignore_unknown_events=True)
            self.assertEqual([i.due for i in plan], [D(2026, 3, 9)])
            # A failed compute leaves the plan empty.
            with self.assertRaises(NotFoundError):
                plan.compute(p, cal, {"no-such-event": D(2026, 3, 6)})
            self.assertEqual(len(plan), 0)
            self.assertEqual(plan.items, [])
            with self.assertRaises(ValueError):
                p.plan(cal, {})                        # no events, no horizon
            self.assertEqual(len(p.plan(cal, {}, until=D(2026, 12, 31))), 0)
            with self.assertRaises(TypeError):
                p.plan(cal, "referral=2026-03-06")
            with self.assertRaises(TypeError):
                p.plan(42, {"referral": D(2026, 3, 6)})
            with self.assertRaises(NotFoundError):
                p.plan("narnia", {"referral": D(2026, 3, 6)})
            with self.assertRaises(ParseError):
                p.plan(cal, {"referral": "2026-03-6"})
            with self.assertRaises(IndexError):
                p.plan(cal, {"referral": D(2026, 3, 6)}, until=D(2026, 3, 31))[1]

    def test_ways_to_give_events(self):
        # The same case as a mapping, as (name, value) pairs, as a Case built
        # with its events, and as a Case filled by update(): the same items.
        with Pack("bucks") as p, Calendar("england-and-wales") as cal:
            mapping = {"referral": "2026-03-02T14:30", "s47-start": [D(2026, 3, 5)]}
            pairs = [("referral", "2026-03-02T14:30"), ("s47-start", D(2026, 3, 5))]
            want = p.plan(cal, mapping, until=D(2026, 5, 1)).items
            self.assertGreater(len(want), 3)
            self.assertEqual(p.plan(cal, pairs, until=D(2026, 5, 1)).items, want)
            with Case(pairs, cal) as c:
                self.assertEqual(len(c), 2)
                plan = Plan().compute(p, cal, c, until=D(2026, 5, 1))
                self.assertEqual(plan.items, want)
                c.clear()
                c.update(mapping, cal)
                self.assertEqual(Plan().compute(p, cal, c, until=D(2026, 5, 1)).items, want)
            self.assertEqual(plan[1:3], want[1:3])
            self.assertEqual(plan[-1], want[-1])
            self.assertEqual(plan.item(-1), want[-1])
            self.assertEqual(list(plan), want)
            self.assertEqual(plan.calendar, cal)
            self.assertIn("bucks", repr(plan))

    def test_lifetimes(self):
        # A plan keeps its pack and calendar alive; a closed pack refuses.
        plan = Pack("swindon").plan(Calendar("england-and-wales"),
                                    {"referral": D(2026, 3, 6)}, until=D(2026, 3, 31))
        gc.collect()
        self.assertEqual(plan[0].due, D(2026, 3, 9))
        with Pack("swindon") as p:
            plan = p.plan(None, {"referral": D(2026, 3, 6)}, until=D(2026, 3, 31))
        with self.assertRaises(ValueError):
            plan.items                                  # the pack's strings are gone
        plan.close()
        plan.close()
        with self.assertRaises(ValueError):
            len(plan)
        for _ in range(100):  # garbage-collected plans and cases (ASan checks the leaks)
            Pack("bucks").plan(None, {"referral": "2026-03-02T14:30"}).items

    def test_rule_plan_matches_the_cli(self):
        if not CLI:
            self.skipTest("TSC_CLI is not set")
        # The CLI infers what the rule schedules from the one --event it does not name.
        rule = "every 10 working days after icpc until 3 months after icpc"
        args = ["icpc=2026-03-02", "visit=2026-03-13", "visit=2026-03-30"]
        out = subprocess.run([CLI, "rule", rule] + sum([["--event", a] for a in args], []) +
                             ["--format", "json", "--today", "2026-04-20"],
                             capture_output=True, text=True, check=True).stdout
        want = json.loads(out)
        plan = Rule(rule).plan(None, {"icpc": D(2026, 3, 2),
                                      "visit": [D(2026, 3, 13), D(2026, 3, 30)]},
                               today=D(2026, 4, 20))
        self.assertEqual(plan.pack.rule(0).schedules, "visit")
        with Calendar("england-and-wales") as cal:
            self.assertEqual([cli_view(i, cal) for i in plan], want)
        # 10 working days after Mon 2 March is Mon 16 March; the visit on Fri 13th did it.
        self.assertEqual((plan[0].due, plan[0].done_on), (D(2026, 3, 16), D(2026, 3, 13)))
        with self.assertRaises(ValueError):
            Rule(rule).plan(None, {"icpc": D(2026, 3, 2), "a": D(2026, 3, 3),
                                   "b": D(2026, 3, 4)})

    def test_threads_each_with_a_plan(self):
        with Pack("bucks") as p, Calendar("england-and-wales") as cal:
            events = {"referral": "2026-03-02T14:30", "s47-start": D(2026, 3, 5)}
            want = p.plan(cal, events, today=D(2026, 4, 1)).items
            results = []

            def work():
                plan = Plan()
                for _ in range(20):
                    plan.compute(p, cal, events, today=D(2026, 4, 1))
                results.append(plan.items)
            threads = [threading.Thread(target=work) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(results, [want] * 4)


# ------------------------------------------------------------------ the hand-worked cases

def read_cases(pack):
    """tests/packs/PACK.cases as dicts (format: tests/packs/README.md)."""
    cases, current = [], None
    with open(os.path.join(TEST_DIR, "packs", pack + ".cases"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].rstrip()
            if not line:
                continue
            words = line.split()
            if words[0] == "case":
                current = {"id": words[1], "line": n, "events": [], "with": [], "until": None,
                           "today": None, "expect": []}
                cases.append(current)
            elif words[0] == "event":
                current["events"].append((words[1], words[2]))
            elif words[0] in ("until", "today"):
                current[words[0]] = words[1]
            elif words[0] == "with":
                current["with"].append(words[1])
            elif words[0] == "expect":
                e = {"occurrence": int(words[1]), "due": words[2], "window": None,
                     "projected": False, "done": None, "overdue": False}
                rest = iter(words[3:])
                for w in rest:
                    if w in ("window", "done"):
                        e[w] = next(rest)
                    else:
                        e[w] = True
                current["expect"].append(e)
            else:
                raise ValueError("%s.cases:%d: unknown line %r" % (pack, n, line))
    return cases


def due_text(item, cal):
    return cal.format_time(item.due_time) if item.timed else item.due.isoformat()


class HandWorkedCases(unittest.TestCase):
    """Every case of tests/packs/*.cases, as tests/test_packs.c runs them (the
    named rule plus its `with` rules, horizon `until` or the first event +
    366 days), with one Plan and one Case reused for all 506."""

    def test_every_case(self):
        plan, case = Plan(), Case()
        total = 0
        for name in PACKS:
            with Pack(name) as pack, Calendar(pack.calendar) as cal:
                for pc in read_cases(name):
                    where = "%s.cases:%d %s" % (name, pc["line"], pc["id"])
                    case.clear()
                    for event, when in pc["events"]:
                        case.add(event, when, cal)
                    first = min((D.fromisoformat(w[:10]) for _, w in pc["events"]), default=None)
                    until = (pc["until"] or (first + dt.timedelta(days=366) if first
                                             else D(9999, 12, 31)))
                    with pack.select([pc["id"]] + pc["with"]) as sub:
                        plan.compute(sub, cal, case, until=until, today=pc["today"])
                        got = [i for i in plan if i.rule_id == pc["id"]]
                    self.assertEqual(len(got), len(pc["expect"]), where)
                    for it, e in zip(got, pc["expect"]):
                        self.assertEqual(
                            (it.occurrence, due_text(it, cal),
                             it.window_start.isoformat() if it.window_start else None,
                             it.projected, it.done_on.isoformat() if it.done_on else None,
                             it.overdue),
                            (e["occurrence"], e["due"], e["window"], e["projected"], e["done"],
                             e["overdue"]), where)
                    total += 1
        plan.close()
        case.close()
        self.assertGreater(total, 500)  # 506 when written


# ------------------------------------------------------------------ against the CLI

def cli_view(item, cal):
    """An Item as the CLI's --format json writes it (cli/items.c), from the
    Item's Python fields only."""
    if item.timed:
        due = cal.format_time(item.due_time)
    else:
        due = item.due.isoformat()
    if item.timed and not item.time_not_recorded:
        anchor = cal.format_time(item.anchor_time)
    else:
        anchor = item.anchor_date.isoformat()
    out = {"rule": item.rule_id, "occurrence": item.occurrence, "due": due,
           "window_start": item.window_start.isoformat() if item.window else None,
           "status": item.status, "projected": item.projected,
           "anchor_event": item.anchor_event, "anchor": anchor,
           "done_on": item.done_on.isoformat() if item.done else None,
           "schedules": item.schedules, "role": item.role, "rule_text": item.rule_text,
           "note": None}
    if item.time_not_recorded:
        out["note"] = "time not recorded" + (": counted from 00:00" if item.timed else "")
    if item.time_not_recorded and item.timed:
        out["anchor_time_assumed"] = "00:00"
    if item.end_unknown:     # the end's event, as the rule text names it
        end = re.search(r"until \d[^,]*? after (?:first |last )?([a-z0-9-]+)",
                        item.rule_text).group(1)
        out["warning"] = "no end: %s is not recorded" % end
    return out


@unittest.skipIf(not CLI, "TSC_CLI is not set")
class AgainstTheCLI(unittest.TestCase):
    TODAY = "2026-06-01"

    def check_item_against_json(self, item, row, cal, where):
        """Every field the JSON has, compared as values (not only as text)."""
        self.assertEqual(cli_view(item, cal), row, where)
        if item.timed:
            cli_due = dt.datetime.fromisoformat(row["due"])
            # The same instant.  (Compared in UTC: Python's == between zones is
            # always False for a time in the autumn's repeated hour, fold=1.)
            self.assertEqual(item.due_time.astimezone(UTC), cli_due.astimezone(UTC), where)
            self.assertEqual(item.due_time.timestamp(), cli_due.timestamp(), where)
            self.assertEqual(item.due_time.utcoffset(), cli_due.utcoffset(), where)
            self.assertEqual(item.due, cli_due.date(), where)
        else:
            self.assertIsNone(item.due_time, where)
            self.assertEqual(item.due, D.fromisoformat(row["due"]), where)
        self.assertEqual(item.late, row["status"] == "done-late", where)
        self.assertEqual(item.done, row["status"].startswith("done"), where)
        self.assertEqual(item.overdue, row["status"] == "overdue", where)

    def test_every_case_file_against_its_whole_pack(self):
        """One `timescale plan --cases` run per pack, every case of its .cases
        file as one case of the CSV, planned with the WHOLE pack; Python
        plans the same cases with one reused Plan (and its reused Case)."""
        plan = Plan()
        compared = items = 0
        for name in PACKS:
            cases = [pc for pc in read_cases(name) if pc["events"]]
            rows = ["case_id,event,date"]
            by_case = {}
            for k, pc in enumerate(cases):
                rows += ["c%04d,%s,%s" % (k, e, w) for e, w in pc["events"]]
            run = subprocess.run([CLI, "plan", "--rules", name, "--cases", "-", "--format",
                                  "json", "--today", self.TODAY], input="\n".join(rows) + "\n",
                                 capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            for row in json.loads(run.stdout):
                by_case.setdefault(row.pop("case_id"), []).append(row)
            with Pack(name) as pack, Calendar(pack.calendar) as cal:
                for k, pc in enumerate(cases):
                    where = "%s.cases:%d %s" % (name, pc["line"], pc["id"])
                    events = {}
                    for e, w in pc["events"]:
                        events.setdefault(e, []).append(w)
                    plan.compute(pack, cal, events, today=self.TODAY)
                    want = by_case.get("c%04d" % k, [])
                    self.assertEqual(len(plan), len(want), where)
                    for item, row in zip(plan, want):
                        self.check_item_against_json(item, row, cal, where)
                    compared += 1
                    items += len(want)
        print("compared %d cases, %d items with the CLI" % (compared, items))
        self.assertGreater(compared, 500)
        self.assertGreater(items, 5000)

    def cli_plan(self, pack, events, *extra):
        args = [CLI, "plan", "--rules", pack, "--format", "json", "--today", self.TODAY]
        for e, w in events:
            args += ["--event", "%s=%s" % (e, w)]
        run = subprocess.run(args + list(extra), capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        return json.loads(run.stdout)

    def test_cases_csv_accepts_pack_aliases(self):
        """`plan --cases` takes an alias (St Helena's s57-start for the
        vocabulary's s47-start) as `--event` does.  (It refused
        them when this was written: cli/caseload.c checked event names only;
        fixed with tsc_pack_has_event.)"""
        with Pack("sthelena") as pack:
            self.assertTrue(pack.has_event("s57-start"))
            self.assertNotIn("s57-start", pack.events)
        want = self.cli_plan("sthelena", [("s57-start", "2026-03-02")])
        self.assertTrue(want)
        run = subprocess.run([CLI, "plan", "--rules", "sthelena", "--cases", "-", "--format",
                              "json", "--today", self.TODAY],
                             input="case_id,event,date\nc1,s57-start,2026-03-02\n",
                             capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, "plan --cases refuses the alias: " + run.stderr)
        got = json.loads(run.stdout)
        for row in got:
            del row["case_id"]
        self.assertEqual(got, want)

    def test_one_case_with_explicit_horizon(self):
        # The single-case path (--event, --until) and events given as Python
        # objects (dates and aware datetimes) rather than text.
        events = [("referral", "2026-03-27T10:00"), ("s47-start", "2026-03-05"),
                  ("s17-first-visit", "2026-04-07"), ("referral-decision", "2026-03-29T12:00"),
                  ("s47-visit", "2026-03-09")]
        run = subprocess.run([CLI, "plan", "--rules", "bucks", "--until", "2027-01-31",
                              "--today", "2026-05-01", "--format", "json"] +
                             sum([["--event", "%s=%s" % ev] for ev in events], []),
                             capture_output=True, text=True, check=True)
        want = json.loads(run.stdout)
        with Pack("bucks") as pack, Calendar("england-and-wales") as cal:
            objects = {}
            for e, w in events:
                objects.setdefault(e, []).append(cal.parse_time(w) if "T" in w
                                                 else D.fromisoformat(w))
            plan = pack.plan(cal, objects, until=D(2027, 1, 31), today=D(2026, 5, 1))
            self.assertEqual(len(plan), len(want))
            self.assertGreater(len(want), 20)
            for item, row in zip(plan, want):
                self.check_item_against_json(item, row, cal, row["rule"])
            # The same through an explicit Case of add_text lines.
            with Case() as c:
                for e, w in events:
                    c.add_text("%s=%s" % (e, w), cal)
                again = Plan().compute(pack, cal, c, until="2027-01-31", today="2026-05-01")
                self.assertEqual(again.items, plan.items)


if __name__ == "__main__":
    unittest.main(verbosity=1)
