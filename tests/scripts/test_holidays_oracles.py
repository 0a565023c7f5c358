"""Cross-check the built-in UK calendars against two independent
implementations, on dates, for every year 1978-2100.

Ours: `$TSC_CLI holidays --calendar X --year Y` (tab-separated: date,
weekday, name), for each year.  Oracles (Debian packages, not our code):

* workalendar 17.0.0 (python3-workalendar): UnitedKingdom for
  england-and-wales, UnitedKingdomNorthernIreland for northern-ireland.
  Scotland is skipped: workalendar's Scotland classes model local (town and
  council) holidays, not bank holidays (shared/data/HOLIDAYS.md section 2).
* python-holidays 0.10.1 (python3-holidays): England, NorthernIreland,
  Scotland.

The oracles list a holiday on its calendar date even when it falls on a
weekend (and workalendar lists Easter Sunday); only weekdays are compared,
since the observed (substitute) days are what both sides list then.  Our
list must contain no weekend day at all.

Every difference must be explained by an ALLOW entry below, each with its
reason from HOLIDAYS.md; an unexplained difference fails, and so does an
entry that no longer matches anything in a calendar it names (so the list
stays tight).  The entries describe those exact oracle versions: another
version of an oracle is reported and skipped, not compared.  Exit 77 when no
oracle could be compared.
"""
import datetime
import importlib
import os
import subprocess
import sys
import warnings
from collections import namedtuple

FIRST, LAST = 1978, 2100
CLI = os.environ.get("TSC_CLI")

EW, SC, NI = "england-and-wales", "scotland", "northern-ireland"
OURS, ORACLE = "ours only", "oracle only"

date = datetime.date


def d(text):
    return date.fromisoformat(text)


Allow = namedtuple("Allow", "oracle calendars side dates when what reason")


def allow(oracle, calendars, side, reason, dates=(), when=None, what=None):
    return Allow(oracle, tuple(calendars), side, frozenset(d(x) for x in dates), when, what,
                 reason)


def boyne_substitute(day):
    """A Monday 13 or 14 July after 12 July fell on the weekend."""
    return (day.month == 7 and day.day in (13, 14) and day.weekday() == 0
            and date(day.year, 7, 12).weekday() >= 5)


def st_andrew_substitute(day):
    """A Monday 1 or 2 December after 30 November fell on the weekend, 2007 on."""
    return (day.year >= 2007 and day.month == 12 and day.day in (1, 2) and day.weekday() == 0
            and date(day.year, 11, 30).weekday() >= 5)


def st_andrew_before_2007(day):
    return day.year < 2007 and day.month == 11 and day.day == 30


ALLOW = [
    # ---- workalendar 17.0.0 ------------------------------------------------
    allow("workalendar", [EW, NI], OURS, dates=["1995-05-08"],
          reason="section 4: Early May bank holiday moved to Mon 8 May 1995 (VE Day 50th "
                 "anniversary); missing from workalendar"),
    allow("workalendar", [EW, NI], ORACLE, dates=["1995-05-01"],
          reason="section 4: 1 May 1995 was not a holiday (moved to 8 May); workalendar keeps it"),
    allow("workalendar", [EW, NI], OURS, dates=["2023-05-08"],
          reason="section 4: coronation of King Charles III, Mon 8 May 2023 (GOV.UK); "
                 "announced November 2022, after workalendar 17.0.0's one-off list"),
    # ---- python-holidays 0.10.1 ---------------------------------------------
    allow("python-holidays", [EW, SC, NI], OURS, dates=["2002-06-04"],
          reason="section 4: Spring bank holiday moved to Tue 4 Jun 2002 (Golden Jubilee); "
                 "python-holidays 0.10.1 moves the Spring holiday only in 2012"),
    allow("python-holidays", [EW, SC, NI], ORACLE, dates=["2002-05-27"],
          reason="section 4: Mon 27 May 2002 was not a holiday (Spring holiday moved to 4 Jun)"),
    allow("python-holidays", [EW, SC, NI], OURS,
          dates=["2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"],
          reason="section 4: 2022 Spring move, Platinum Jubilee, State Funeral, 2023 coronation "
                 "(GOV.UK); python-holidays 0.10.1 (2020) predates them"),
    allow("python-holidays", [EW, SC, NI], ORACLE, dates=["2022-05-30"],
          reason="section 4: Mon 30 May 2022 was not a holiday (Spring holiday moved to 2 Jun)"),
    allow("python-holidays", [NI], OURS, when=boyne_substitute,
          what="Mondays 13/14 July after a weekend 12 July",
          reason="section 3: the Boyne holiday moves to the following Monday (GOV.UK 2014-07-14, "
                 "2025-07-14, 2026-07-13); python-holidays 0.10.1 never substitutes it (a bug)"),
    allow("python-holidays", [SC], OURS, when=st_andrew_substitute,
          what="Mondays 1/2 December after a weekend 30 November, 2007 on",
          reason="section 2: St Andrew's Day Act s.1, Sat/Sun -> the following Monday (GOV.UK "
                 "2013-12-02, 2014-12-01, ...); python-holidays 0.10.1 has no substitute"),
    allow("python-holidays", [SC], ORACLE, when=st_andrew_before_2007,
          what="30 November before 2007",
          reason="sections 2 and 7: St Andrew's Day is a bank holiday only from 2007 (Act of "
                 "January 2007); python-holidays 0.10.1 has it in every year"),
    allow("python-holidays", [SC], ORACLE, dates=["2010-01-04", "2011-01-04"],
          reason="section 2: no 4 January bank holiday was proclaimed in 2010 or 2011 (DRA, "
                 "confirmed by the Scottish Government)"),
    allow("python-holidays", [SC], OURS, dates=["2026-06-15"],
          reason="sections 2 and 4: World Cup bank holiday, Mon 15 Jun 2026, Scotland only "
                 "(proclaimed February 2026)"),
]


# ---- the oracles -------------------------------------------------------------

def load_workalendar():
    mod = importlib.import_module("workalendar.europe")
    version = importlib.import_module("workalendar").__version__

    def dates_of(cls):
        cal, out = cls(), set()
        for year in range(FIRST, LAST + 1):
            out.update(day for day, _ in cal.holidays(year))
        return out

    return version, {EW: lambda: dates_of(mod.UnitedKingdom),
                     NI: lambda: dates_of(mod.UnitedKingdomNorthernIreland)}


def load_python_holidays():
    mod = importlib.import_module("holidays")
    # A directory called holidays/ (this project has one) on sys.path would
    # import as an empty namespace package: that is not the oracle.
    if not hasattr(mod, "England"):
        raise ImportError("'holidays' is not python-holidays (%r)" % getattr(mod, "__path__", ""))
    years = range(FIRST, LAST + 1)
    return mod.__version__, {EW: lambda: set(mod.England(years=years)),
                             NI: lambda: set(mod.NorthernIreland(years=years)),
                             SC: lambda: set(mod.Scotland(years=years))}


ORACLES = [("workalendar", "17.0.0", load_workalendar),
           ("python-holidays", "0.10.1", load_python_holidays)]


# ---- ours ----------------------------------------------------------------------

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def our_dates(calendar, problems):
    out = set()
    for year in range(FIRST, LAST + 1):
        r = subprocess.run([CLI, "holidays", "--calendar", calendar, "--year", str(year)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            problems.append("%s %d: the CLI failed: %s" % (calendar, year, r.stderr.strip()))
            continue
        for line in r.stdout.splitlines():
            fields = line.split("\t")
            if len(fields) != 3:
                problems.append("%s %d: bad CLI line %r" % (calendar, year, line))
                continue
            day = d(fields[0])
            if day.year != year or fields[1] != WEEKDAYS[day.weekday()]:
                problems.append("%s %d: CLI line %r: wrong year or weekday" % (calendar, year, line))
            if day.weekday() >= 5:
                problems.append("%s %d: ours lists a weekend day: %r" % (calendar, year, line))
            out.add(day)
    return out


def matches(entry, oracle, calendar, side, day):
    if entry.oracle != oracle or calendar not in entry.calendars or entry.side != side:
        return False
    return day in entry.dates or (entry.when is not None and entry.when(day))


def main():
    if not CLI or not os.access(CLI, os.X_OK):
        print("TSC_CLI is not set to the timescale CLI")
        return 1
    warnings.simplefilter("ignore")  # workalendar warns on import of some calendars
    problems, compared, ours_cache = [], 0, {}
    used = {}  # (entry index, calendar) -> the differences it explained
    for oracle, want_version, loader in ORACLES:
        try:
            version, calendars = loader()
        except ImportError as e:
            print("skip %s: not importable (%s); apt-get install -y python3-%s"
                  % (oracle, e, "workalendar" if oracle == "workalendar" else "holidays"))
            continue
        if version != want_version:
            print("skip %s %s: the allowlist describes %s %s; review it for this version"
                  % (oracle, version, oracle, want_version))
            continue
        for calendar, oracle_dates in sorted(calendars.items()):
            if calendar not in ours_cache:
                ours_cache[calendar] = our_dates(calendar, problems)
            ours = ours_cache[calendar]
            theirs = set(x for x in oracle_dates() if FIRST <= x.year <= LAST and x.weekday() < 5)
            compared += 1
            diffs = [(OURS, x) for x in ours - theirs] + [(ORACLE, x) for x in theirs - ours]
            explained = 0
            for side, day in sorted(diffs, key=lambda p: p[1]):
                hits = [i for i, e in enumerate(ALLOW) if matches(e, oracle, calendar, side, day)]
                if not hits:
                    problems.append("%s vs %s: %s %s (%s): %s, not in the allowlist"
                                    % (calendar, oracle, day, WEEKDAYS[day.weekday()],
                                       "only ours has it" if side == OURS else
                                       "only the oracle has it", "unexplained difference"))
                    continue
                explained += 1
                for i in hits:
                    used.setdefault((i, calendar), set()).add(day)
            print("%-17s vs %s %s: %d days ours, %d oracle, %d differences, all %s"
                  % (calendar, oracle, version, len(ours), len(theirs), len(diffs),
                     "explained" if explained == len(diffs) else "NOT explained"))
            # An entry must still be needed: every date it lists, or for a
            # rule at least one day, must be a difference in this calendar.
            for i, e in enumerate(ALLOW):
                if e.oracle == oracle and calendar in e.calendars:
                    hit = used.get((i, calendar), set())
                    stale = sorted(e.dates - hit) if e.dates else ([] if hit else [e.what])
                    if stale:
                        problems.append("%s vs %s: allowlist entry (%s) no longer needed for: %s"
                                        % (calendar, oracle, e.side, ", ".join(map(str, stale))))
                    print("    %3d  %-11s %s" % (len(hit), e.side, e.what or ", ".join(
                        sorted(map(str, e.dates)))))
    for p in problems:
        print("FAIL:", p)
    if problems:
        return 1
    if compared == 0:
        print("skipped: no oracle available")
        return 77
    print("ok: %d calendar/oracle pairs, %d-%d, every difference explained" % (compared, FIRST, LAST))
    return 0


if __name__ == "__main__":
    sys.exit(main())
