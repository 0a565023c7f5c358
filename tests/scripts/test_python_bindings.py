"""test_python_bindings.py -- the ctypes package in bindings/python/timescale.

Runs with the library in $TIMESCALE_LIBRARY and the package from
$TSC_SOURCE_DIR/bindings/python.  Expected values are hand-checked (each
says how); the numpy part checks the library's working-day arithmetic
against numpy.busday_offset / busday_count, an independent implementation,
given the same holidays and weekend (skipped with a message without numpy).
"""

import copy
import datetime as dt
import os
import pickle
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

SOURCE_DIR = os.environ.get("TSC_SOURCE_DIR",
                            os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PACKAGE_DIR = os.path.join(SOURCE_DIR, "bindings", "python")
sys.path.insert(0, PACKAGE_DIR)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_sanitizers import rerun_under_sanitizers  # noqa: E402

if __name__ == "__main__":
    rerun_under_sanitizers(__file__)

import timescale  # noqa: E402
from timescale import (Calendar, DateError, FileError, Holiday, NotFoundError,  # noqa: E402
                       ParseError, RangeError, Roll, TimescaleError)

try:
    import numpy as np
except ImportError:  # the cross-check is skipped with a message
    np = None

D = dt.date
UTC = dt.timezone.utc
EW = "england-and-wales"

# A calendar with a Friday-Saturday weekend and closure days (the example in
# timescale.h), to check that the weekend mask reaches every call.
COUNCIL = """\
calendar council
include england-and-wales
weekend fri sat
"Council closure"  2026-12-24..2026-12-31
remove 2026-12-28
"""


class Packaging(unittest.TestCase):
    def test_loaded_the_library_under_test(self):
        lib = os.environ.get("TIMESCALE_LIBRARY")
        if lib:
            self.assertEqual(timescale.library_path, lib)

    def test_versions_agree(self):
        # TSC_VERSION in include/timescale.h is "0.1.0", number 0*10000+1*100+0.
        self.assertEqual(timescale.library_version(), "0.1.0")
        self.assertEqual(timescale.library_version_number(), 100)
        self.assertEqual(timescale.__version__, "0.1.0")

    def test_every_prototype_is_declared(self):
        from timescale import _lib
        for name in _lib.PROTOTYPES:
            self.assertIsNotNone(getattr(_lib.lib, name).argtypes, name)
        for name in _lib.ICAL_PROTOTYPES:
            if _lib.ical_available:
                self.assertIsNotNone(getattr(_lib.lib, name).argtypes, name)
            else:
                self.assertFalse(hasattr(_lib.lib, name), name)

    def test_every_header_function_is_bound(self):
        # The declarations of include/timescale.h, each bound once.
        import re
        from timescale import _lib
        with open(os.path.join(SOURCE_DIR, "include", "timescale.h"), encoding="utf-8") as f:
            text = f.read()
        declared = set(re.findall(r"^TSC_API\b[^;(]*?\b(tsc_\w+)\s*\(", text, re.M))
        self.assertGreater(len(declared), 60)
        bound = set(_lib.PROTOTYPES) | set(_lib.ICAL_PROTOTYPES) | set(_lib.UNBOUND)
        self.assertEqual(set(_lib.PROTOTYPES) & set(_lib.ICAL_PROTOTYPES), set())
        self.assertEqual(declared - bound, set())
        self.assertEqual(bound - declared, set())

    def test_ical_part_matches_the_build(self):
        # tests/CMakeLists.txt passes the build's TSC_ICAL.
        from timescale import _lib, ics
        built_with = os.environ.get("TSC_ICAL", "ON").upper() not in ("OFF", "0", "FALSE")
        self.assertEqual(ics.available(), built_with)
        if not built_with:
            with Calendar(EW) as cal:
                with self.assertRaisesRegex(NotImplementedError, "without iCalendar"):
                    ics.IcsWriter(cal)
                with self.assertRaises(NotImplementedError):
                    cal.holidays_ics(2026)
        self.assertEqual(_lib.ical_available, built_with)

    def test_a_library_missing_a_function_is_refused(self):
        from timescale import _lib

        class Lacking:
            def __getattr__(self, name):
                if name == "tsc_pack_has_event":
                    raise AttributeError(name)
                return getattr(_lib.lib, name)
        with self.assertRaises(ImportError) as cm:
            _lib._declare_all(Lacking(), "old.so")
        self.assertIn("old.so lacks tsc_pack_has_event", str(cm.exception))

    def test_error_struct_layout(self):
        # Fill the mirrored struct in Python and let C format it: a field at
        # the wrong offset would show up in the text.
        from timescale import _lib
        import ctypes
        err = _lib.Error()
        err.code, err.line, err.column = 5, 3, 7
        err.source = b"f.hol"
        err.message = b"expected a day"
        buf = ctypes.create_string_buffer(128)
        n = _lib.lib.tsc_error_format(ctypes.byref(err), buf, 128)
        self.assertEqual(buf.value, b"f.hol:3:7: expected a day")
        self.assertEqual(n, len(b"f.hol:3:7: expected a day"))
        self.assertEqual(ctypes.sizeof(_lib.Error), 4 * 3 + 256 + 192)

    def test_status_codes_and_strerror(self):
        # Values and texts from include/timescale.h and src/error.c.
        S = timescale.Status
        self.assertEqual([int(S.OK), S.NOMEM, S.ARG, S.DATE, S.RANGE, S.PARSE, S.IO,
                          S.NOTFOUND, S.ICAL], list(range(9)))
        self.assertEqual(timescale.strerror(S.DATE), "no such date")
        self.assertEqual(timescale.strerror(S.PARSE), "malformed text")
        self.assertEqual(timescale.strerror(99), "unknown error")

    def _run_isolated(self, package_parent, env_extra, code):
        env = {k: v for k, v in os.environ.items()
               if k not in ("TIMESCALE_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH")}
        env.update(env_extra)
        return subprocess.run([sys.executable, "-c", code], cwd=package_parent, env=env,
                              capture_output=True, text=True)

    def test_library_search(self):
        lib = timescale.library_path
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(os.path.join(PACKAGE_DIR, "timescale"),
                            os.path.join(tmp, "timescale"),
                            ignore=shutil.ignore_patterns("__pycache__", "*.so*"))
            show = "import timescale; print(timescale.library_path)"
            # 1. $TIMESCALE_LIBRARY that does not load: an error naming it, no fallback.
            r = self._run_isolated(tmp, {"TIMESCALE_LIBRARY": os.path.join(tmp, "nope.so")},
                                   show)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("ImportError", r.stderr)
            self.assertIn("nope.so", r.stderr)
            # 2. Nothing beside the package, no build tree above the copy:
            # every place is named (unless the system has libtimescale).
            r = self._run_isolated(tmp, {}, show)
            if r.returncode == 0:
                print("note: a system libtimescale was found: %s" % r.stdout.strip())
            else:
                for place in ("$TIMESCALE_LIBRARY: not set", "beside the package",
                              "build tree", "system paths", os.path.join(tmp, "timescale")):
                    self.assertIn(place, r.stderr)
            # 3. A library beside the package is used.
            shutil.copy(lib, os.path.join(tmp, "timescale", "libtimescale.so"))
            r = self._run_isolated(tmp, {}, show)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.strip(), os.path.join(tmp, "timescale", "libtimescale.so"))


# The package's modules from the bottom up: each imports only modules before
# it (annotations may name a class further up, under TYPE_CHECKING).
LAYERS = ["errors", "_lib", "dates", "times", "_handle", "_arrays", "ics", "calendar",
          "plans", "packs", "rules", "__init__"]


def _package_imports(path):
    """(module-level imports of the package's modules, those under `if
    TYPE_CHECKING:`, those anywhere else) of one source file."""
    import ast
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())

    def names(node):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                return [node.module.split(".")[0]]
            return [a.name for a in node.names]
        if isinstance(node, ast.Import):
            return [a.name.split(".")[1] for a in node.names
                    if a.name.startswith("timescale.")]
        return []
    top, typing_only, elsewhere = set(), set(), set()
    placed = set()
    for node in tree.body:
        top.update(names(node))
        placed.add(node)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for inner in ast.walk(node):
                typing_only.update(names(inner))
                placed.add(inner)
    for node in ast.walk(tree):
        if node not in placed:
            elsewhere.update(names(node))
    return top, typing_only, elsewhere


class Layout(unittest.TestCase):
    def test_imports_go_one_way(self):
        folder = os.path.join(PACKAGE_DIR, "timescale")
        modules = sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".py"))
        self.assertEqual(sorted(LAYERS), modules)
        for module in modules:
            top, typing_only, elsewhere = _package_imports(os.path.join(folder, module + ".py"))
            below = set(LAYERS[:LAYERS.index(module)])
            self.assertEqual(top - below, set(), "%s imports a module above it" % module)
            # No import hidden in a function to dodge a loop (annotations may
            # name anything, under TYPE_CHECKING).
            self.assertEqual(elsewhere, set(), module)
            self.assertNotIn(module, typing_only)

    def _modules_after(self, code):
        show = code + "; import sys; print(' '.join(sorted(sys.modules)))"
        r = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True,
                           env=dict(os.environ, PYTHONPATH=PACKAGE_DIR))
        self.assertEqual(r.returncode, 0, r.stderr)
        return set(r.stdout.split())

    def test_import_timescale_is_light(self):
        # numpy only when a numpy array is handed in; typing, dataclasses,
        # zoneinfo and the like, and packs, plans and rules, only when used.
        added = self._modules_after("import timescale") - self._modules_after("pass")
        for heavy in ("numpy", "typing", "re", "dataclasses", "inspect", "zoneinfo",
                      "tempfile", "subprocess", "ctypes.util", "pathlib", "threading",
                      "timescale.packs", "timescale.plans", "timescale.rules"):
            self.assertNotIn(heavy, added)
        # A calendar's whole working-day API, sequences included, needs no more.
        used = self._modules_after(
            "import datetime as dt, timescale; c = timescale.Calendar('scotland'); "
            "d = dt.date(2026, 4, 2); c.add_working_days(d, 5); c.is_working_day('2026-04-03');"
            "c.count_working_days(d, d); c.roll(d); c.holidays(2026); "
            "c.add_working_days_many([d], 1); c.count_working_days_many([d], [d])")
        self.assertEqual(used - added - self._modules_after("pass"), set())
        # A numpy array handed in works without the package importing numpy itself.
        both = self._modules_after("import timescale, numpy")
        self.assertIn("numpy", both)

    def test_lazy_names(self):
        # Pack, Plan, Rule and friends load their module on first use.
        code = ("import timescale, sys; assert 'timescale.plans' not in sys.modules; "
                "from timescale import Plan; p = timescale.Pack('swindon'); "
                "print(Plan.__module__, p.__class__.__module__, timescale.rules.Rule.__name__, "
                "'Item' in dir(timescale), 'Item' in timescale.__all__)")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=dict(os.environ, PYTHONPATH=PACKAGE_DIR))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["timescale.plans", "timescale.packs", "Rule",
                                            "True", "True"])
        with self.assertRaises(AttributeError):
            timescale.no_such_name
        from timescale.dates import DateLike  # type aliases exist at run time, made on demand
        self.assertIn("datetime.date", repr(DateLike))
        for name in timescale.__all__:
            self.assertIsNotNone(getattr(timescale, name), name)


class Dates(unittest.TestCase):
    def test_parse_and_format(self):
        self.assertEqual(timescale.parse_date("2026-03-07"), D(2026, 3, 7))
        self.assertEqual(timescale.format_date(D(1, 1, 1)), "0001-01-01")
        self.assertEqual(timescale.format_date("9999-12-31"), "9999-12-31")

    def test_malformed_date(self):
        # "2026-3-7": the 7th character is '-' where the month's second digit belongs.
        with self.assertRaises(ParseError) as cm:
            timescale.parse_date("2026-3-7")
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.code, timescale.Status.PARSE)
        self.assertEqual(e.column, 7)
        self.assertEqual(e.message, "malformed date '2026-3-7' (expected YYYY-MM-DD)")
        with self.assertRaises(ParseError):
            timescale.parse_date("2026-03-07 ")
        with self.assertRaises(ValueError):  # C would stop at the NUL
            timescale.parse_date("2026-03-07\0junk")
        with self.assertRaises(TypeError):
            timescale.parse_date(20260307)

    def test_no_such_date(self):
        # 2023 is not a leap year: February has 28 days.
        with self.assertRaises(DateError) as cm:
            timescale.parse_date("2023-02-29")
        self.assertEqual(cm.exception.column, 9)
        self.assertEqual(str(cm.exception), "no such date '2023-02-29': 2023-02 has 28 days")
        with self.assertRaises(DateError):
            timescale.date_from_ymd(2023, 2, 29)
        with self.assertRaises(RangeError):
            timescale.date_from_ymd(10000, 1, 1)
        with self.assertRaises(RangeError):
            timescale.parse_date("0000-01-01")
        self.assertEqual(timescale.date_from_ymd(2024, 2, 29), D(2024, 2, 29))

    def test_day_numbers(self):
        # 0001-01-01 is day 1, as date.toordinal(); 9999-12-31 is TSC_DATE_MAX.
        self.assertEqual(timescale.to_day_number(D(1, 1, 1)), 1)
        self.assertEqual(timescale.from_day_number(3652059), D(9999, 12, 31))
        self.assertEqual(timescale.from_day_number(719163), D(1970, 1, 1))
        for bad in (0, 3652060, -5, 2 ** 40):
            with self.assertRaises(RangeError):
                timescale.from_day_number(bad)

    def test_calendar_facts(self):
        # 2026-03-07 is a Saturday (wall calendar); ISO 6.
        self.assertEqual(timescale.weekday(D(2026, 3, 7)), 6)
        self.assertEqual(timescale.weekday("2026-03-09"), 1)
        self.assertTrue(timescale.is_leap_year(2000))
        self.assertFalse(timescale.is_leap_year(1900))
        self.assertEqual(timescale.days_in_month(2024, 2), 29)
        self.assertEqual(timescale.days_in_month(2023, 2), 28)
        with self.assertRaises(RangeError):
            timescale.days_in_month(2023, 13)
        # Easter Sunday: 5 April 2026, 31 March 2024, 24 April 2011 (church tables).
        self.assertEqual(timescale.easter(2026), D(2026, 4, 5))
        self.assertEqual(timescale.easter(2024), D(2024, 3, 31))
        self.assertEqual(timescale.easter(2011), D(2011, 4, 24))
        with self.assertRaises(RangeError):
            timescale.easter(0)

    def test_arithmetic(self):
        self.assertEqual(timescale.add_days(D(2026, 12, 31), 1), D(2027, 1, 1))
        self.assertEqual(timescale.add_days("2026-03-01", -1), D(2026, 2, 28))
        with self.assertRaises(RangeError):
            timescale.add_days(D(9999, 12, 31), 1)
        with self.assertRaises(RangeError):
            timescale.add_days(D(2026, 1, 1), 2 ** 70)
        # Month ends clamp: 31 Jan + 1 month = 28 Feb 2026 (not a leap year).
        self.assertEqual(timescale.add_months(D(2026, 1, 31), 1), D(2026, 2, 28))
        # End of month kept: 28 Feb 2026 is its month's last day -> 31 March.
        self.assertEqual(timescale.add_months(D(2026, 2, 28), 1, keep_end_of_month=True),
                         D(2026, 3, 31))
        self.assertEqual(timescale.add_months(D(2026, 2, 28), 1), D(2026, 3, 28))
        self.assertEqual(timescale.add_years(D(2024, 2, 29), 1), D(2025, 2, 28))
        self.assertEqual(timescale.add_years(D(2023, 2, 28), 1, keep_end_of_month=True),
                         D(2024, 2, 29))
        with self.assertRaises(RangeError):
            timescale.add_years(D(2026, 1, 1), 8000)


class Calendars(unittest.TestCase):
    def test_builtins(self):
        self.assertEqual(sorted(timescale.builtin_calendars()),
                         ["england-and-wales", "northern-ireland", "scotland", "st-helena"])

    def test_properties(self):
        with Calendar(EW) as cal:
            self.assertEqual(cal.name, EW)
            self.assertEqual(cal.zone, "Europe/London")
            self.assertEqual(cal.weekend, frozenset({6, 7}))
            self.assertEqual(cal.weekend_mask, timescale.SAT | timescale.SUN)
            first, last = cal.index_span  # src/calendar.c indexes 1900-2200
            self.assertEqual((first, last), (D(1900, 1, 1), D(2200, 12, 31)))
            self.assertIn("england-and-wales", repr(cal))
        with Calendar("st-helena") as cal:
            self.assertEqual(cal.zone, "Atlantic/St_Helena")

    def test_unknown_calendar(self):
        with self.assertRaises(NotFoundError) as cm:
            Calendar("narnia")
        e = cm.exception
        self.assertIsInstance(e, LookupError)
        self.assertIsInstance(e, TimescaleError)
        self.assertEqual(e.code, timescale.Status.NOTFOUND)
        self.assertEqual(e.message, "unknown calendar 'narnia' (built in: england-and-wales, "
                                    "northern-ireland, scotland, st-helena)")

    def test_is_working_day(self):
        with Calendar(EW) as cal:
            self.assertFalse(cal.is_working_day(D(2026, 3, 7)))   # Saturday
            self.assertTrue(cal.is_working_day(D(2026, 3, 9)))    # Monday
            self.assertFalse(cal.is_working_day("2026-04-03"))    # Good Friday (GOV.UK)
            self.assertTrue(cal.is_working_day(dt.datetime(2026, 4, 7, 23, 59)))
            with self.assertRaises(TypeError):
                cal.is_working_day(739000)

    def test_add_working_days(self):
        # STYLE.md's table, checked on a wall calendar against GOV.UK's list.
        cases = [
            (EW, "2026-03-07", 1, D(2026, 3, 9)),    # Saturday referral
            (EW, "2026-04-02", 1, D(2026, 4, 7)),    # Good Friday, Easter Monday
            (EW, "2026-04-07", -3, D(2026, 3, 31)),  # 3 before, back over Easter
            (EW, "2026-12-23", 5, D(2027, 1, 4)),    # 24, 29, 30, 31 Dec, 4 Jan
            ("scotland", "2026-12-23", 5, D(2027, 1, 5)),  # + 2 January (Mon 4th)
            (EW, "2026-03-07", 0, D(2026, 3, 7)),    # n = 0 is D itself, even a Saturday
        ]
        for name, start, n, want in cases:
            with Calendar(name) as cal:
                self.assertEqual(cal.add_working_days(start, n), want, (name, start, n))
        with Calendar(EW) as cal:
            self.assertEqual(cal.next_working_day(D(2026, 4, 2)), D(2026, 4, 7))
            self.assertEqual(cal.previous_working_day(D(2026, 4, 7)), D(2026, 4, 2))
            self.assertEqual(cal.next_working_day(D(2026, 3, 9)), D(2026, 3, 10))
            with self.assertRaises(RangeError):
                cal.add_working_days(D(9999, 12, 30), 5)
            with self.assertRaises(RangeError):
                cal.add_working_days(D(2026, 1, 1), 2 ** 31)
            with self.assertRaises(RangeError):
                cal.previous_working_day(D(1, 1, 1))

    def test_count_working_days(self):
        with Calendar(EW) as cal:
            # [Wed 1 Apr, Wed 8 Apr 2026): 1, 2, 7 (3rd Good Friday, 6th Easter Monday).
            self.assertEqual(cal.count_working_days(D(2026, 4, 1), D(2026, 4, 8)), 3)
            self.assertEqual(cal.count_working_days(D(2026, 4, 1), D(2026, 4, 8),
                                                    inclusive=True), 4)
            self.assertEqual(cal.count_working_days("2026-04-08", "2026-04-01"), -3)
            self.assertEqual(cal.count_working_days("2026-04-08", "2026-04-01",
                                                    inclusive=True), -4)
            self.assertEqual(cal.count_working_days(D(2026, 4, 1), D(2026, 4, 1)), 0)

    def test_holidays(self):
        # GOV.UK bank-holidays list for 2026 (tests/data/govuk/govuk-bank-holidays.json).
        with Calendar(EW) as cal:
            got = cal.holidays(D(2026, 1, 1), D(2026, 12, 31))
            self.assertEqual([h.date for h in got],
                             [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4),
                              D(2026, 5, 25), D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28)])
            self.assertEqual(cal.holidays(2026), got)
            boxing = got[-1]
            self.assertEqual(boxing, Holiday(D(2026, 12, 28), "Boxing Day", True, False, False))
            # 2020: Early May holiday moved to Friday 8 May for VE day (GOV.UK).
            ve = cal.holidays("2020-05-01", "2020-05-31")[0]
            self.assertEqual((ve.date, ve.moved, ve.one_off), (D(2020, 5, 8), True, False))
            # 2022-06-03: Platinum Jubilee, a one-off (GOV.UK).
            jubilee = [h for h in cal.holidays(2022) if h.date == D(2022, 6, 3)]
            self.assertEqual(len(jubilee), 1)
            self.assertTrue(jubilee[0].one_off)
            self.assertEqual(jubilee[0].name, "Platinum Jubilee bank holiday")
            self.assertEqual(cal.holidays(D(2026, 6, 1), D(2026, 6, 30)), [])
            with self.assertRaises(TypeError):
                cal.holidays(D(2026, 1, 1))
        # Scotland 2026: tests/data/govuk/govuk-2025-2028-reduced.json, with the
        # World Cup bank holiday of 15 June (shared/data/HOLIDAYS.md).
        with Calendar("scotland") as cal:
            self.assertEqual([h.date for h in cal.holidays(2026)],
                             [D(2026, 1, 1), D(2026, 1, 2), D(2026, 4, 3), D(2026, 5, 4),
                              D(2026, 5, 25), D(2026, 6, 15), D(2026, 8, 3), D(2026, 11, 30),
                              D(2026, 12, 25), D(2026, 12, 28)])

    def test_roll(self):
        with Calendar(EW) as cal:
            # Sat 30 May 2026: following -> Mon 1 June; modified following
            # stays in May -> Fri 29 May; preceding -> Fri 29 May.
            sat = D(2026, 5, 30)
            self.assertEqual(cal.roll(sat), D(2026, 6, 1))
            self.assertEqual(cal.roll(sat, "following"), D(2026, 6, 1))
            self.assertEqual(cal.roll(sat, "modified-following"), D(2026, 5, 29))
            self.assertEqual(cal.roll(sat, Roll.MODIFIED_FOLLOWING), D(2026, 5, 29))
            self.assertEqual(cal.roll(sat, "preceding"), D(2026, 5, 29))
            self.assertEqual(cal.roll(sat, "unadjusted"), sat)
            # Sat 1 Aug 2026: preceding is Fri 31 July (another month), so
            # modified preceding gives Mon 3 Aug (a working day in E&W).
            self.assertEqual(cal.roll(D(2026, 8, 1), "modified_preceding"), D(2026, 8, 3))
            self.assertEqual(cal.roll(D(2026, 3, 9), "preceding"), D(2026, 3, 9))  # working
            with self.assertRaises(ValueError):
                cal.roll(sat, "sideways")
            with self.assertRaises(ValueError):
                cal.roll(sat, 9)

    def test_fast_and_checked_paths_agree(self):
        # A datetime.date and an int take the fast path; the same day as a
        # string (or a datetime) takes the checked one.  Both must give the
        # same answers and the same errors, across the whole date range.
        rng = random.Random(20261205)
        firsts = [D(1, 1, 1), D(1, 1, 2), D(9999, 12, 31), D(9999, 12, 30)]
        # Mostly inside the calendar's index (1900-2200); outside it the
        # library walks day by day, which is slow for a test.
        days = firsts + [D.fromordinal(rng.randint(690000, 800000)) for _ in range(1500)]
        steps = ([0, 1, -1, 2 ** 31 - 1, -2 ** 31, 10_000, -10_000, 10_001, 25_000] +
                 [rng.randint(-400, 400) for _ in days])

        def outcome(fn, *args):
            try:
                return fn(*args)
            except TimescaleError as e:
                return (type(e), e.code, e.message)
        with Calendar.from_string(COUNCIL) as cal:
            for i, d in enumerate(days):
                n = steps[i % len(steps)]
                e = days[(i * 7) % len(days)]
                as_text = d.isoformat().rjust(10, "0")
                as_datetime = dt.datetime(d.year, d.month, d.day, 12)
                for fn, fast, checked in (
                        (cal.add_working_days, (d, n), (as_text, n)),
                        (cal.next_working_day, (d,), (as_text,)),
                        (cal.previous_working_day, (d,), (as_datetime,)),
                        (cal.count_working_days, (d, e), (as_text, e.isoformat())),
                        (cal.count_working_days, (d, e, True), (as_datetime, e, True)),
                        (cal.roll, (d, Roll.MODIFIED_PRECEDING), (d, "modified-preceding")),
                        (cal.is_working_day, (d,), (as_text,))):
                    self.assertEqual(outcome(fn, *fast), outcome(fn, *checked), (fn, fast))
            # The range check of n happens before ctypes could truncate it.
            for n in (2 ** 31, -2 ** 31 - 1, 2 ** 32 + 1):
                with self.assertRaises(RangeError):
                    cal.add_working_days(D(2026, 1, 1), n)
            self.assertEqual(cal.add_working_days(D(2026, 3, 5), True), D(2026, 3, 8))  # Sun
            with self.assertRaises(TypeError):
                cal.add_working_days(D(2026, 1, 1), 1.0)

    def test_closed_calendar_refuses_every_query(self):
        cal = Calendar(EW)
        cal.close()
        d = D(2026, 4, 2)
        for call in (lambda: cal.add_working_days(d, 1), lambda: cal.next_working_day(d),
                     lambda: cal.previous_working_day(d), lambda: cal.count_working_days(d, d),
                     lambda: cal.roll(d, Roll.FOLLOWING), lambda: cal.is_working_day(d)):
            with self.assertRaises(ValueError):
                call()

    def test_from_string(self):
        with Calendar.from_string(COUNCIL) as cal:
            self.assertEqual(cal.name, "council")
            self.assertEqual(cal.weekend, frozenset({5, 6}))  # Friday, Saturday
            # Thu 2026-12-24 closed, Fri 25 / Sat 26 weekend, Sun 27 closed,
            # Mon 28 removed from the closure (working), as the header's example.
            self.assertFalse(cal.is_working_day(D(2026, 12, 24)))
            self.assertFalse(cal.is_working_day(D(2026, 12, 27)))
            self.assertTrue(cal.is_working_day(D(2026, 12, 28)))
            self.assertTrue(cal.is_working_day(D(2026, 3, 8)))   # a Sunday
            self.assertEqual(cal.add_working_days(D(2026, 12, 23), 1), D(2026, 12, 28))

    def test_malformed_holiday_string(self):
        text = 'calendar x\nzone Europe/London\n"Foo" 25 dex\n'
        # Line 3 is '"Foo" 25 dex': 'dex' starts at byte 10.
        with self.assertRaises(ParseError) as cm:
            Calendar.from_string(text)
        e = cm.exception
        self.assertEqual((e.source, e.line, e.column), ("<string>", 3, 10))
        self.assertEqual(e.message, "expected a month (jan..dec), found 'dex'")
        self.assertEqual(str(e), "<string>:3:10: expected a month (jan..dec), found 'dex'")
        with self.assertRaises(ParseError) as cm:
            Calendar.from_string(text, source="mine.hol")
        self.assertEqual(cm.exception.source, "mine.hol")

    def test_from_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "council.hol")
            with open(path, "w") as f:
                f.write(COUNCIL)
            with Calendar.from_file(path) as cal:
                self.assertEqual(cal.name, "council")
            import pathlib
            with Calendar.from_file(pathlib.Path(path)) as cal:
                self.assertFalse(cal.is_working_day(D(2026, 12, 24)))
            bad = os.path.join(tmp, "bad.hol")
            with open(bad, "w") as f:
                f.write("calendar bad\n\n\"Foo\" 32 jan\n")
            # Line 3, '"Foo" 32 jan': the day 32 starts at byte 7.
            with self.assertRaises(ParseError) as cm:
                Calendar.from_file(bad)
            self.assertEqual((cm.exception.source, cm.exception.line, cm.exception.column),
                             (bad, 3, 7))
            missing = os.path.join(tmp, "missing.hol")
            with self.assertRaises(NotFoundError) as cm:
                Calendar.from_file(missing)
            self.assertEqual(cm.exception.source, missing)
            # A directory opens but cannot be read: an I/O error, an OSError.
            with self.assertRaises(FileError) as cm:
                Calendar.from_file(tmp)
            self.assertIsInstance(cm.exception, OSError)
            ics = os.path.join(tmp, "closures.ics")
            with open(ics, "w") as f:
                f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
                        "BEGIN:VEVENT\r\nUID:1@test\r\nDTSTART;VALUE=DATE:20260310\r\n"
                        "DTEND;VALUE=DATE:20260311\r\nSUMMARY:Closure\r\nEND:VEVENT\r\n"
                        "END:VCALENDAR\r\n")
            if os.environ.get("TSC_ICAL", "ON").upper() in ("OFF", "0", "FALSE"):
                # Built without the iCalendar part: refused, saying why.
                with self.assertRaisesRegex(timescale.ICalError, "without the iCalendar part"):
                    Calendar.from_file(ics)
                return
            with Calendar.from_file(ics) as cal:  # Tue 10 March 2026 closed
                self.assertEqual([(h.date, h.name) for h in cal.holidays(2026)],
                                 [(D(2026, 3, 10), "Closure")])
                self.assertFalse(cal.is_working_day(D(2026, 3, 10)))

    def test_close_and_context_manager(self):
        cal = Calendar(EW)
        self.assertFalse(cal.closed)
        cal.close()
        cal.close()  # idempotent
        self.assertTrue(cal.closed)
        for call in (lambda: cal.is_working_day(D(2026, 1, 1)),
                     lambda: cal.add_working_days(D(2026, 1, 1), 1),
                     lambda: cal.weekend, lambda: cal.holidays(2026)):
            with self.assertRaises(ValueError):
                call()
        self.assertEqual(cal.name, EW)  # copied, still readable
        with self.assertRaises(ValueError):
            with cal:
                pass
        try:
            with Calendar(EW) as inner:
                raise KeyError("boom")
        except KeyError:
            pass
        self.assertTrue(inner.closed)
        with self.assertRaises(TypeError):
            copy.copy(Calendar(EW))
        with self.assertRaises(TypeError):
            pickle.dumps(Calendar(EW))
        for _ in range(200):  # freed by garbage collection (ASan checks the leaks)
            Calendar.from_string(COUNCIL).is_working_day(D(2026, 1, 1))

    def test_threads_share_a_calendar(self):
        # Each thread asks different questions many times: an out-parameter
        # shared between threads would hand one thread another's answer.
        rng = random.Random(7)
        work = [[(D.fromordinal(rng.randint(730000, 750000)), rng.randint(-60, 60))
                 for _ in range(3000)] for _ in range(8)]
        with Calendar(EW) as cal:
            want = [[cal.add_working_days(d.isoformat(), n) for d, n in w] for w in work]
            got = [None] * len(work)

            def run(k):
                got[k] = [cal.add_working_days(d, n) for d, n in work[k]]
            old = sys.getswitchinterval()
            sys.setswitchinterval(1e-6)  # switch threads as often as possible
            try:
                threads = [threading.Thread(target=run, args=(k,)) for k in range(len(work))]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            finally:
                sys.setswitchinterval(old)
            self.assertEqual(got, want)


class Batch(unittest.TestCase):
    def test_sequences(self):
        with Calendar(EW) as cal:
            starts = [D(2026, 3, 7), D(2026, 4, 2), "2026-04-07", D(2026, 12, 23)]
            # Same cases as test_add_working_days.
            self.assertEqual(cal.add_working_days_many(starts, [1, 1, -3, 5]),
                             [D(2026, 3, 9), D(2026, 4, 7), D(2026, 3, 31), D(2027, 1, 4)])
            self.assertEqual(cal.add_working_days_many(starts[:2], 1),
                             [D(2026, 3, 9), D(2026, 4, 7)])
            self.assertEqual(cal.count_working_days_many([D(2026, 4, 1), D(2026, 4, 8)],
                                                         [D(2026, 4, 8), D(2026, 4, 1)]),
                             [3, -3])
            self.assertEqual(cal.count_working_days_many([D(2026, 4, 1)], [D(2026, 4, 8)],
                                                         inclusive=True), [4])
            self.assertEqual(cal.add_working_days_many([], []), [])
            self.assertEqual(cal.count_working_days_many((), ()), [])
            with self.assertRaises(ValueError):
                cal.add_working_days_many([D(2026, 1, 1)], [1, 2])
            with self.assertRaises(ValueError):
                cal.count_working_days_many([D(2026, 1, 1)], [])
            with self.assertRaises(TypeError):
                cal.add_working_days_many("2026-01-01", 1)
            with self.assertRaises(RangeError) as cm:
                cal.add_working_days_many([D(2026, 1, 1), D(9999, 12, 30)], [1, 5])
            self.assertTrue(cm.exception.message.startswith("item 1: "), cm.exception.message)

    @unittest.skipIf(np is None, "numpy is not installed")
    def test_numpy_arrays(self):
        with Calendar(EW) as cal:
            a = np.array(["2026-03-07", "2026-04-02", "2026-04-07", "2026-12-23"],
                         dtype="datetime64[D]")
            got = cal.add_working_days_many(a, np.array([1, 1, -3, 5]))
            self.assertEqual(got.dtype, np.dtype("datetime64[D]"))
            self.assertEqual(got.tolist(), [D(2026, 3, 9), D(2026, 4, 7), D(2026, 3, 31),
                                            D(2027, 1, 4)])
            grid = cal.add_working_days_many(a.reshape(2, 2), 1)
            self.assertEqual(grid.shape, (2, 2))
            self.assertEqual(grid[1, 1], np.datetime64("2026-12-24"))
            # datetime64 in other units is taken at its day.
            secs = np.array(["2026-04-02T18:30"], dtype="datetime64[s]")
            self.assertEqual(cal.add_working_days_many(secs, 1).tolist(), [D(2026, 4, 7)])
            counts = cal.count_working_days_many(np.array(["2026-04-01"], "datetime64[D]"),
                                                 [D(2026, 4, 8)])
            self.assertIsInstance(counts, np.ndarray)
            self.assertEqual(counts.tolist(), [3])
            self.assertEqual(cal.add_working_days_many(a[:0], 1).size, 0)
            with self.assertRaises(RangeError):
                cal.add_working_days_many(np.array(["NaT"], "datetime64[D]"), 1)
            with self.assertRaises(RangeError):
                cal.add_working_days_many(np.array(["2026-01-01"], "datetime64[D]"),
                                          np.array([2 ** 40]))
            with self.assertRaises(TypeError):
                cal.add_working_days_many(np.array([739000]), 1)
            # numpy scalars are dates too.
            self.assertTrue(cal.is_working_day(np.datetime64("2026-04-07")))

    @unittest.skipIf(np is None, "numpy is not installed")
    def test_a_million_dates_in_chunks(self):
        import timescale.calendar as module
        from timescale import _arrays
        real = module.lib

        class Counting:
            def __init__(self):
                self.calls = {}

            def __getattr__(self, name):
                fn = getattr(real, name)

                def counted(*args):
                    self.calls[name] = self.calls.get(name, 0) + 1
                    return fn(*args)
                return counted
        counting = Counting()
        module.lib = counting
        try:
            with Calendar(EW) as cal:
                base = np.datetime64("2026-01-01") + np.arange(1_000_000) % 3000
                out = cal.add_working_days_many(base, 10)
                counts = cal.count_working_days_many(base, out)
        finally:
            module.lib = real
        # C loops over each chunk; Python never loops over the dates.
        chunks = -(-1_000_000 // _arrays.CHUNK)
        self.assertEqual(counting.calls.get("tsc_calendar_add_working_days_batch"), chunks)
        self.assertEqual(counting.calls.get("tsc_calendar_count_working_days_batch"), chunks)
        self.assertNotIn("tsc_calendar_add_working_days", counting.calls)
        self.assertEqual(out.shape, (1_000_000,))
        # Counting from d to the 10th working day after it gives 10 when d is
        # a working day, 9 when it is not ([d, ...) leaves d out of the count).
        working = np.is_busday(base[:3000], weekmask="1111100",
                               holidays=_holidays(EW, 2026, 2036))
        self.assertTrue(np.all(counts[:3000] == np.where(working, 10, 9)))
        self.assertTrue(np.all(counts == np.tile(counts[:3000], 334)[:1_000_000]))


@unittest.skipIf(np is None, "numpy is not installed")
class BatchOut(unittest.TestCase):
    """out=, chunks and the reused scratch buffers of the numpy batch calls."""

    def setUp(self):
        from timescale import _arrays
        self.chunk = _arrays.CHUNK
        rng = np.random.default_rng(5)
        self.dates = np.datetime64("1990-01-01") + rng.integers(0, 40000, 3 * self.chunk + 7)
        self.ns = rng.integers(-300, 301, self.dates.size)
        self.cal = Calendar(EW)
        # The answers one call at a time, on every 97th item.
        self.sample = np.arange(0, self.dates.size, 97)
        self.want = [self.cal.add_working_days(self.dates[i].item(), int(self.ns[i]))
                     for i in self.sample]

    def tearDown(self):
        self.cal.close()

    def test_add_into_out(self):
        out = np.empty(self.dates.shape, "datetime64[D]")
        got = self.cal.add_working_days_many(self.dates, self.ns, out=out)
        self.assertIs(got, out)
        self.assertEqual(out[self.sample].tolist(), self.want)
        self.assertTrue(np.array_equal(out, self.cal.add_working_days_many(self.dates, self.ns)))
        # Into the input itself.
        copy = self.dates.copy()
        self.assertIs(self.cal.add_working_days_many(copy, self.ns, out=copy), copy)
        self.assertTrue(np.array_equal(copy, out))
        # A plain list of dates with out=: the answers go to out.
        few = [D(2026, 4, 2), D(2026, 3, 7)]
        out2 = np.zeros(2, "datetime64[D]")
        self.cal.add_working_days_many(few, 1, out=out2)
        self.assertEqual(out2.tolist(), [D(2026, 4, 7), D(2026, 3, 9)])
        grid = np.zeros((2, 2), "datetime64[D]")
        self.cal.add_working_days_many(self.dates[:4].reshape(2, 2), 0, out=grid)
        self.assertTrue(np.array_equal(grid.reshape(-1), self.dates[:4]))

    def test_count_into_out(self):
        ends = self.dates + self.ns
        out = np.full(self.dates.shape, -99, np.int32)
        got = self.cal.count_working_days_many(self.dates, ends, out=out)
        self.assertIs(got, out)
        want = [self.cal.count_working_days(self.dates[i].item(), ends[i].item())
                for i in self.sample]
        self.assertEqual(out[self.sample].tolist(), want)
        self.cal.count_working_days_many(self.dates, ends, inclusive=True, out=out)
        want = [self.cal.count_working_days(self.dates[i].item(), ends[i].item(), True)
                for i in self.sample]
        self.assertEqual(out[self.sample].tolist(), want)

    def test_bad_out(self):
        cal, d = self.cal, self.dates[:10]
        with self.assertRaises(TypeError):
            cal.add_working_days_many(d, 1, out=np.empty(10, np.int64))
        with self.assertRaises(TypeError):
            cal.add_working_days_many(d, 1, out=[None] * 10)
        with self.assertRaises(TypeError):
            cal.add_working_days_many([D(2026, 1, 1)], 1, out=[None])
        with self.assertRaises(TypeError):
            cal.count_working_days_many(d, d, out=np.empty(10, np.int64))
        with self.assertRaises(ValueError):
            cal.add_working_days_many(d, 1, out=np.empty(11, "datetime64[D]"))
        with self.assertRaises(ValueError):
            cal.add_working_days_many(d, 1, out=np.empty(20, "datetime64[D]")[::2])
        with self.assertRaises(ValueError):  # overlapping the input, shifted by one
            big = self.dates[:11].copy()
            cal.add_working_days_many(big[:10], 1, out=big[1:])
        frozen = np.empty(10, "datetime64[D]")
        frozen.flags.writeable = False
        with self.assertRaises(ValueError):
            cal.add_working_days_many(d, 1, out=frozen)

    def test_errors_name_the_item_in_any_chunk(self):
        k = self.chunk + 5
        d = self.dates.copy()
        d[k] = np.datetime64("9999-12-30")
        with self.assertRaises(RangeError) as cm:
            self.cal.add_working_days_many(d, 5)
        self.assertTrue(cm.exception.message.startswith("item %d: " % k), cm.exception.message)
        d[k - 1] = np.datetime64("NaT")
        with self.assertRaises(RangeError) as cm:
            self.cal.add_working_days_many(d, 5)
        self.assertIn("dates[%d] is NaT" % (k - 1), cm.exception.message)
        big = self.ns.copy()
        big[2 * self.chunk + 1] = 2 ** 40
        with self.assertRaises(RangeError) as cm:
            self.cal.add_working_days_many(self.dates, big)
        self.assertIn("ns[%d] does not fit" % (2 * self.chunk + 1), cm.exception.message)
        with self.assertRaises(RangeError) as cm:
            self.cal.count_working_days_many(self.dates, d)
        self.assertIn("ends[%d] is NaT" % (k - 1), cm.exception.message)

    def test_scratch_buffers_are_reused_and_bounded(self):
        from timescale import _arrays
        for _ in range(3):
            self.cal.add_working_days_many(self.dates, self.ns)
        kept = list(_arrays._scratch)
        self.assertTrue(kept)
        self.assertLessEqual(len(kept), _arrays.SCRATCH_KEPT)
        self.cal.count_working_days_many(self.dates, self.dates)
        self.assertEqual({id(b) for b in _arrays._scratch}, {id(b) for b in kept})

    def test_threads_share_the_scratch_buffers(self):
        results = [None] * 6

        def run(k):
            ns = self.ns + k
            results[k] = [self.cal.add_working_days_many(self.dates, ns) for _ in range(3)]
        threads = [threading.Thread(target=run, args=(k,)) for k in range(len(results))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k, runs in enumerate(results):
            want = self.cal.add_working_days_many(self.dates, self.ns + k)
            for got in runs:
                self.assertTrue(np.array_equal(got, want), k)


class Times(unittest.TestCase):
    def test_parse_and_format(self):
        with Calendar(EW) as cal:
            # BST in July: 09:00 in London is 08:00 UTC.
            t = cal.parse_time("2026-07-01T09:00")
            self.assertEqual(t.astimezone(UTC), dt.datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
            self.assertEqual(t.utcoffset(), dt.timedelta(hours=1))
            self.assertEqual((t.hour, t.minute), (9, 0))
            self.assertEqual(cal.format_time(t), "2026-07-01T09:00+01:00")
            self.assertEqual(cal.parse_time("2026-01-15T12:00Z").utcoffset(), dt.timedelta(0))
            # 1 July 2026 08:00 UTC is 1782892800 s since 1970 (date -ud ... +%s).
            self.assertEqual(cal.format_time(1782892800), "2026-07-01T09:00+01:00")
            self.assertEqual(cal.to_local(1782892800), t)
            # Clocks go forward at 01:00 GMT on Sunday 29 March 2026: 01:30 does not exist.
            with self.assertRaises(DateError):
                cal.parse_time("2026-03-29T01:30")
            with self.assertRaises(ParseError):
                cal.parse_time("2026-07-01 09:00")
            # Europe/London rules are built in from 1972 only.
            with self.assertRaises(RangeError):
                cal.format_time(0)

    def test_local_times(self):
        with Calendar(EW) as cal:
            # Sunday 25 October 2026, 01:30 happens twice; the first is BST (00:30 UTC).
            t = cal.localize(D(2026, 10, 25), dt.time(1, 30))
            self.assertEqual(t.astimezone(UTC), dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
            self.assertEqual(cal.localize(D(2026, 10, 25), 90), t)
            self.assertEqual(cal.localize(dt.datetime(2026, 10, 25, 1, 30)), t)
            # One hour later it is 01:30 GMT, the second time round.  (Add
            # in UTC: Python adds to an aware datetime's wall clock.)
            later = cal.to_local(t.astimezone(UTC) + dt.timedelta(hours=1))
            self.assertEqual((later.hour, later.minute, later.utcoffset()),
                             (1, 30, dt.timedelta(0)))
            self.assertEqual(cal.format_time(later), "2026-10-25T01:30+00:00")
            with self.assertRaises(DateError):
                cal.localize(D(2026, 3, 29), dt.time(1, 30))
            with self.assertRaises(DateError):
                cal.localize(D(2026, 3, 29), 1440)
            # Seconds ride along: 12:00:30.5 in January is 12:00:30.5 UTC.
            s = cal.localize(D(2026, 1, 15), dt.time(12, 0, 30, 500000))
            self.assertEqual(s.astimezone(UTC),
                             dt.datetime(2026, 1, 15, 12, 0, 30, 500000, tzinfo=UTC))
            # A naive datetime is wall-clock time in the calendar's zone.
            self.assertEqual(cal.format_time(dt.datetime(2026, 7, 1, 9, 0)),
                             "2026-07-01T09:00+01:00")
            with self.assertRaises(ValueError):
                cal.to_local(dt.datetime(2026, 7, 1, 9, 0))
            with self.assertRaises(TypeError):
                cal.to_local(1.5)
        with Calendar("st-helena") as cal:
            # St Helena keeps GMT all year.
            t = cal.parse_time("2026-07-01T09:00")
            self.assertEqual(t.utcoffset(), dt.timedelta(0))
            self.assertEqual(cal.format_time(t), "2026-07-01T09:00+00:00")


def _holidays(name_or_cal, first_year, last_year):
    """The calendar's observed holidays as datetime64[D] (numpy's input)."""
    cal = Calendar(name_or_cal) if isinstance(name_or_cal, str) else name_or_cal
    try:
        days = sorted({h.date for h in cal.holidays(D(first_year, 1, 1), D(last_year, 12, 31))})
    finally:
        if isinstance(name_or_cal, str):
            cal.close()
    return np.array(days, dtype="datetime64[D]")


@unittest.skipIf(np is None, "numpy is not installed: skipping the numpy.busday cross-check")
class NumpyCrossCheck(unittest.TestCase):
    """100,000 random offsets and counts per calendar against numpy.busday_*,
    given the same holidays and weekend.  Our "n after d" is numpy's roll
    'backward' for n > 0 and 'forward' for n < 0 (rolling to a working day
    on the far side of d does not change which is the n-th); n = 0 is d."""

    N = 100_000

    def check(self, cal, weekmask, seed):
        rng = random.Random(seed)
        lo, hi = D(1900, 1, 10).toordinal(), D(2200, 12, 20).toordinal()
        # Mostly inside the O(1) index; a few outside it to exercise the walk.
        starts = [rng.randint(lo, hi) for _ in range(self.N - 400)]
        starts += [rng.randint(D(1850, 1, 1).toordinal(), lo) for _ in range(200)]
        starts += [rng.randint(hi, D(2250, 12, 31).toordinal()) for _ in range(200)]
        ns = [rng.randint(-400, 400) for _ in range(self.N)]
        ns[:50] = [0] * 50
        spans = [rng.randint(-800, 800) for _ in range(self.N)]
        d = np.array(starts, dtype=np.int64) - 719163
        d = d.astype("datetime64[D]")
        n = np.array(ns, dtype=np.int64)
        ends = d + np.array(spans, dtype=np.int64)
        bc = np.busdaycalendar(weekmask=weekmask, holidays=_holidays(cal, 1840, 2260))

        got = cal.add_working_days_many(d, n)
        want = np.where(n > 0, np.busday_offset(d, n, roll="backward", busdaycal=bc),
                        np.busday_offset(d, n, roll="forward", busdaycal=bc))
        want = np.where(n == 0, d, want)
        bad = np.flatnonzero(got != want)
        self.assertEqual(bad.size, 0, "%s: %d mismatches, first %s %+d -> %s, numpy %s" % (
            cal.name, bad.size, *(bad.size and (d[bad[0]], n[bad[0]], got[bad[0]],
                                                want[bad[0]]) or ("", 0, "", ""))))

        got_count = cal.count_working_days_many(d, ends)
        want_count = np.busday_count(d, ends, busdaycal=bc)
        bad = np.flatnonzero(got_count != want_count)
        self.assertEqual(bad.size, 0, "%s: count mismatches at %s" % (cal.name, bad[:5]))
        # Inclusive: [a, b] is numpy's [a, b + 1) for a <= b.
        fwd = ends >= d
        got_incl = cal.count_working_days_many(d[fwd], ends[fwd], inclusive=True)
        want_incl = np.busday_count(d[fwd], ends[fwd] + 1, busdaycal=bc)
        self.assertTrue(np.array_equal(got_incl, want_incl), cal.name)

        # The single calls agree with the batch ones, and count(d, add(d, n)) == n
        # for working days d.
        for i in range(0, self.N, 97):
            di = d[i].item()
            self.assertEqual(cal.add_working_days(di, int(n[i])), got[i].item())
            self.assertEqual(cal.count_working_days(di, ends[i].item()), int(got_count[i]))
            if cal.is_working_day(di):
                self.assertEqual(cal.count_working_days(di, got[i].item()), int(n[i]))

    def test_england_and_wales(self):
        with Calendar(EW) as cal:
            self.check(cal, "1111100", 1)

    def test_scotland(self):
        with Calendar("scotland") as cal:
            self.check(cal, "1111100", 2)

    def test_st_helena(self):
        with Calendar("st-helena") as cal:
            self.check(cal, "1111100", 3)

    def test_friday_saturday_weekend(self):
        with Calendar.from_string(COUNCIL) as cal:
            self.check(cal, "1111001", 4)


if __name__ == "__main__":
    if np is None:
        print("note: numpy is missing; the numpy cross-check and array tests are skipped")
    unittest.main(verbosity=1)
