"""timescale audit on a caseload of fourteen children across Easter 2025,
Christmas 2025 and Easter 2026, on England & Wales and on Scotland, and on
a CIN census of four (its reference date, its InitialCPCtarget dates) and
the SSDA903 return in tests/returns/ssda903.

Every expected due date, status and lateness below was worked by hand on a
printed calendar (the working is in the comment beside it) with the GOV.UK
bank holidays:
  England & Wales  2025: Fri 18 Apr, Mon 21 Apr, Mon 5 May, Thu 25 Dec, Fri 26 Dec
                   2026: Thu 1 Jan, Fri 3 Apr, Mon 6 Apr
  Scotland         as England & Wales but no Easter Monday, and Fri 2 Jan 2026.
As a second, independent check the test counts each lateness again from
the GOV.UK feed in tests/data/govuk/ (not from timescale).  The pack is
tests/data/audit/audit.rules:
  t.assessment   10 working days after referral              (assessment-completion)
  t.icpc         15 working days after strategy-discussion   (icpc)
  t.visit        every 10 working days after cp-plan-start   (cp-visit)
  t.first-visit  between 1 and 5 working days after allocation (s17-first-visit)
  t.first-review 20 working days after lac-start             (lac-review)
"""

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import ics_common as C  # noqa: E402

PACK = os.path.join(C.TEST_DIR, "data", "audit", "audit.rules")

CASELOAD = """case_id,event,date,label
a01,referral,2025-04-10,Easter 2025 on time
a01,assessment-completion,2025-04-28,
a02,referral,2025-04-14,"Easter 2025, late"
a02,assessment-completion,2025-05-06,
a03,referral,2025-12-18,Christmas late
a03,assessment-completion,2026-01-12,
a04,referral,2025-12-22,Christmas missing
a05,strategy-discussion,2026-03-19,ICPC over Easter
a05,icpc,2026-04-15,
a06,strategy-discussion,2026-03-02,ICPC on time
a06,icpc,2026-03-20,
a07,cp-plan-start,2026-03-09,Visits over Easter
a07,cp-visit,2026-03-20,
a07,cp-visit,2026-04-09,
a08,cp-plan-start,2026-02-02,No visits
a09,allocation,2026-03-11,Visited too soon
a09,s17-first-visit,2026-03-11,
a10,allocation,2025-04-16,Window over Easter
a10,s17-first-visit,2025-04-22,
a11,referral,2026-03-30,Recorded after as-of
a11,assessment-completion,2026-04-21,
a12,referral,2026-04-06,Due on the as-of date
a13,referral,2026-02-20,Done on a Saturday
a13,assessment-completion,2026-03-07,
a14,cp-plan-start,2026-02-02,Visited after as-of
a14,cp-visit,2026-04-21,
"""

AS_OF = "2026-04-20"   # a Monday

# (case, rule, occurrence, due, done, status, working days late) as of Mon 2026-04-20,
# England & Wales.  "late N": the working days after the due date up to the day done.
EXPECT_EW = [
    # referral Thu 10 Apr 2025 + 10 wd: Fri 11 (1), Mon 14-Thu 17 (2-5), Good Friday and
    # Easter Monday skipped, Tue 22-Fri 25 (6-9), Mon 28 (10).  Done that day.
    ("a01", "t.assessment", 1, "2025-04-28", "2025-04-28", "on-time", None),
    # referral Mon 14 Apr 2025: 15, 16, 17 (1-3), 22-25 (4-7), 28, 29, 30 (8-10) -> Wed 30 Apr.
    # Done Tue 6 May: Thu 1 (1), Fri 2 (2), Mon 5 May bank holiday, Tue 6 (3).
    ("a02", "t.assessment", 1, "2025-04-30", "2025-05-06", "late", 3),
    # referral Thu 18 Dec 2025: 19 (1), 22, 23, 24 (2-4), 25/26 Dec, 29, 30, 31 (5-7),
    # 1 Jan, Fri 2 (8), Mon 5 (9), Tue 6 (10) -> Tue 6 Jan 2026.  Done Mon 12 Jan:
    # Wed 7, Thu 8, Fri 9, Mon 12 -> 4.
    ("a03", "t.assessment", 1, "2026-01-06", "2026-01-12", "late", 4),
    # referral Mon 22 Dec 2025: 23, 24 (1, 2), 29, 30, 31 (3-5), Fri 2 Jan (6), Mon 5-Thu 8
    # (7-10) -> Thu 8 Jan 2026.  Never recorded.
    ("a04", "t.assessment", 1, "2026-01-08", None, "missing", None),
    # strategy discussion Thu 19 Mar 2026 + 15 wd: Fri 20 (1), 23-27 (2-6), Mon 30, Tue 31,
    # Wed 1 Apr, Thu 2 (7-10), Good Friday and Easter Monday, Tue 7-Fri 10 (11-14),
    # Mon 13 (15) -> Mon 13 Apr.  ICPC Wed 15 Apr: Tue 14, Wed 15 -> 2.
    ("a05", "t.icpc", 1, "2026-04-13", "2026-04-15", "late", 2),
    # strategy discussion Mon 2 Mar 2026: 3-6 (1-4), 9-13 (5-9), 16-20 (10-14), Mon 23 (15).
    # ICPC Fri 20 Mar: before it.
    ("a06", "t.icpc", 1, "2026-03-23", "2026-03-20", "on-time", None),
    # CP plan Mon 9 Mar 2026: 10-13 (1-4), 16-20 (5-9), Mon 23 (10); visited Fri 20: on time.
    ("a07", "t.visit", 1, "2026-03-23", "2026-03-20", "on-time", None),
    # next from the actual visit Fri 20 Mar: 23-27 (1-5), 30, 31, 1, 2 (6-9), Easter,
    # Tue 7 Apr (10).  Visited Thu 9 Apr: Wed 8, Thu 9 -> 2.  (The next is due 10 wd
    # after Thu 9 Apr: Fri 10, 13-17, 20-23 -> Thu 23 Apr, after the as-of date.)
    ("a07", "t.visit", 2, "2026-04-07", "2026-04-09", "late", 2),
    # CP plan Mon 2 Feb 2026, no visit: each next one from the previous due date.
    # 3-6 (1-4), 9-13 (5-9), Mon 16 Feb (10).
    ("a08", "t.visit", 1, "2026-02-16", None, "missing", None),
    # 17-20 (1-4), 23-27 (5-9), Mon 2 Mar (10).
    ("a08", "t.visit", 2, "2026-03-02", None, "missing", None),
    # 3-6, 9-13, Mon 16 Mar.
    ("a08", "t.visit", 3, "2026-03-16", None, "missing", None),
    # 17-20, 23-27, Mon 30 Mar.
    ("a08", "t.visit", 4, "2026-03-30", None, "missing", None),
    # Tue 31, Wed 1, Thu 2 (1-3), Easter, Tue 7-Fri 10 (4-7), Mon 13-Wed 15 (8-10) -> 15 Apr.
    # (The next: 16, 17, 20-24, 27-29 -> Wed 29 Apr, after the as-of date.)
    ("a08", "t.visit", 5, "2026-04-15", None, "missing", None),
    # allocation Wed 11 Mar 2026: the window opens 1 wd after (Thu 12) and is due 5 wd
    # after (12, 13, 16, 17, 18 -> Wed 18).  Visited the day of allocation: early.
    ("a09", "t.first-visit", 1, "2026-03-18", "2026-03-11", "early", None),
    # allocation Wed 16 Apr 2025: opens Thu 17 (1), Good Friday, Easter Monday, 22-25 (2-5)
    # -> due Fri 25 Apr.  Visited Tue 22: inside the window.
    ("a10", "t.first-visit", 1, "2025-04-25", "2025-04-22", "on-time", None),
    # referral Mon 30 Mar 2026: 31, 1, 2 (1-3), Easter, 7-10 (4-7), 13-15 (8-10) -> Wed 15
    # Apr.  Completed Tue 21 Apr, after the as-of date: as at 20 Apr there is no record.
    ("a11", "t.assessment", 1, "2026-04-15", None, "missing", None),
    # a12: referral on Easter Monday 6 Apr 2026: 7-10 (1-4), 13-17 (5-9), Mon 20 (10): due
    # on the as-of date itself, so not yet due: left out.
    # referral Fri 20 Feb 2026: 23-27 (1-5), 2-5 Mar (6-9), Fri 6 Mar (10).  Done Saturday
    # 7 Mar: late, but no working day after the due date had passed (0).
    ("a13", "t.assessment", 1, "2026-03-06", "2026-03-07", "late", 0),
    # a14 as a08 (CP plan Mon 2 Feb, visits due 16 Feb, 2, 16, 30 Mar, 15 Apr): its only
    # visit is dated Tue 21 Apr, after the as-of date, so as at 20 Apr there is none, and
    # none of the five moves (the visit would otherwise complete the first and restart
    # the series from 21 Apr).
    ("a14", "t.visit", 1, "2026-02-16", None, "missing", None),
    ("a14", "t.visit", 2, "2026-03-02", None, "missing", None),
    ("a14", "t.visit", 3, "2026-03-16", None, "missing", None),
    ("a14", "t.visit", 4, "2026-03-30", None, "missing", None),
    ("a14", "t.visit", 5, "2026-04-15", None, "missing", None),
]

# The summary as of 2026-04-20, England & Wales, from the rows above:
# (rule, due, on time, early, late, missing, median working days late, % on time)
SUMMARY_EW = [
    # a01 on time; a02 3, a03 4, a13 0 late; a04, a11 missing: 6 due.  Median of
    # 0, 3, 4 is 3.  1/6 on time = 16.7 %.
    ("t.assessment", 6, 1, 0, 3, 2, "3", "16.7"),
    # a05 2 late, a06 on time: median 2, 50 %.
    ("t.icpc", 2, 1, 0, 1, 0, "2", "50.0"),
    # a07 on time and 2 late, a08 and a14 five missing each: 1/12 = 8.3 %.
    ("t.visit", 12, 1, 0, 1, 10, "2", "8.3"),
    # a09 early (not on time), a10 on time.
    ("t.first-visit", 2, 1, 1, 0, 0, "", "50.0"),
]

SCOTLAND_CASES = ("a01", "a03", "a04", "a05", "a07", "a10")

# The same children on Scotland's calendar (no Easter Monday; 2 January).
EXPECT_SCOTLAND = [
    # referral Thu 10 Apr 2025: 11 (1), 14-17 (2-5), Good Friday, Mon 21-Fri 25 (6-10) ->
    # Fri 25 Apr.  Done Mon 28: 1 working day late.
    ("a01", "t.assessment", 1, "2025-04-25", "2025-04-28", "late", 1),
    # referral Thu 18 Dec 2025: 19, 22, 23, 24 (1-4), 25/26 Dec, 29-31 (5-7), 1 and 2 Jan,
    # Mon 5, Tue 6, Wed 7 (8-10) -> Wed 7 Jan.  Done Mon 12: Thu 8, Fri 9, Mon 12 -> 3.
    ("a03", "t.assessment", 1, "2026-01-07", "2026-01-12", "late", 3),
    # referral Mon 22 Dec 2025: 23, 24, 29, 30, 31 (1-5), Mon 5-Fri 9 Jan (6-10) -> Fri 9 Jan.
    ("a04", "t.assessment", 1, "2026-01-09", None, "missing", None),
    # strategy Thu 19 Mar 2026: 20 (1), 23-27 (2-6), 30, 31, 1, 2 (7-10), Good Friday,
    # Mon 6-Fri 10 (11-15) -> Fri 10 Apr.  ICPC Wed 15: Mon 13, Tue 14, Wed 15 -> 3.
    ("a05", "t.icpc", 1, "2026-04-10", "2026-04-15", "late", 3),
    # as England & Wales (no holiday in 10-23 Mar): due Mon 23, visited Fri 20.
    ("a07", "t.visit", 1, "2026-03-23", "2026-03-20", "on-time", None),
    # from Fri 20 Mar: 23-27 (1-5), 30, 31, 1, 2 (6-9), Good Friday, Mon 6 Apr (10).
    # Visited Thu 9: Tue 7, Wed 8, Thu 9 -> 3.
    ("a07", "t.visit", 2, "2026-04-06", "2026-04-09", "late", 3),
    # allocation Wed 16 Apr 2025: opens Thu 17 (1), Good Friday, Mon 21-Thu 24 (2-5) -> due
    # Thu 24.  Visited Tue 22: on time.
    ("a10", "t.first-visit", 1, "2025-04-24", "2025-04-22", "on-time", None),
]
# t.assessment: late 1 and 3, one missing: median (1 + 3) / 2 = 2; 0 of 3 on time.
SUMMARY_SCOTLAND = [
    ("t.assessment", 3, 0, 0, 2, 1, "2", "0.0"),
    ("t.icpc", 1, 0, 0, 1, 0, "3", "0.0"),
    ("t.visit", 2, 1, 0, 1, 0, "3", "50.0"),
    ("t.first-visit", 1, 1, 0, 0, 0, "", "100.0"),
]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def govuk_late(due, done, division):
    """Working days after `due` up to and including `done`, from GOV.UK's list."""
    day, n = dt.date.fromisoformat(due), 0
    while day < dt.date.fromisoformat(done):
        day += dt.timedelta(days=1)
        n += C.is_working(day, division)
    return n


def oracle(expect, division):
    """The hand-worked lateness, counted again from the GOV.UK feed."""
    for case, rule, occ, due, done, status, late in expect:
        if status == "late":
            check(govuk_late(due, done, division) == late,
                  "hand working of %s %s %d disagrees with GOV.UK (%s)" % (case, rule, occ,
                                                                          division))


def audit(path, *extra, check_rc=True):
    return C.run(["audit", "--rules", PACK, "--cases", path] + list(extra), check=check_rc)


def item_rows(text):
    return [(r["case_id"], r["rule"], int(r["occurrence"]), r["due"], r["done_on"] or None,
             r["status"], int(r["working_days_late"]) if r["working_days_late"] else None)
            for r in csv.DictReader(io.StringIO(text))]


def summary_rows(text):
    return [(r["rule"], int(r["due"]), int(r["on_time"]), int(r["early"]), int(r["late"]),
             int(r["missing"]), r["median_working_days_late"], r["percent_on_time"])
            for r in csv.DictReader(io.StringIO(text))]


def by_key(rows):
    return sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def check_csv(path, expect, summary, extra):
    p = audit(path, "--as-of", AS_OF, "--format", "csv", "--detail", *extra)
    check(p.returncode == 0, "late and missing items are findings: exit 0")
    got = item_rows(p.stdout)
    check(by_key(got) == by_key(expect), "items %s:\n got  %r\n want %r" % (extra, by_key(got),
                                                                             by_key(expect)))
    check(list(csv.DictReader(io.StringIO(p.stdout)))[0]["label"] != "", "labels given: shown")
    got = summary_rows(audit(path, "--as-of", AS_OF, "--format", "csv", *extra).stdout)
    check(got == summary, "summary %s:\n got  %r\n want %r" % (extra, got, summary))


def check_json(path, expect, summary):
    doc = json.loads(audit(path, "--as-of", AS_OF, "--format", "json", "--detail").stdout)
    check(doc["as_of"] == AS_OF and doc["calendar"] == "england-and-wales", "json head")
    got = [(i["case_id"], i["rule"], i["occurrence"], i["due"], i["done_on"], i["status"],
            i["working_days_late"]) for i in doc["items"]]
    check(by_key(got) == by_key(expect), "json items")
    got = [(s["rule"], s["due"], s["on_time"], s["early"], s["late"], s["missing"],
            "" if s["median_working_days_late"] is None else "%g" % s["median_working_days_late"],
            "%.1f" % s["percent_on_time"]) for s in doc["summary"]]
    check(got == summary, "json summary: %r" % got)
    check(doc["targets"] == [], "a CSV caseload states no targets")
    labels = {i["case_id"]: i["label"] for i in doc["items"]}
    check(labels["a02"] == "Easter 2025, late", "json label with a comma")


def check_as_of_moves(path):
    """A later as-of date sees a11's record (late) and makes a12 due (missing)."""
    rows = item_rows(audit(path, "--as-of", "2026-04-30", "--format", "csv", "--detail").stdout)
    # a11: due Wed 15 Apr, done Tue 21 Apr: Thu 16, Fri 17, Mon 20, Tue 21 -> 4.
    check(("a11", "t.assessment", 1, "2026-04-15", "2026-04-21", "late", 4) in rows, "a11 late")
    # a12: due Mon 20 Apr, no record, now before the as-of date.
    check(("a12", "t.assessment", 1, "2026-04-20", None, "missing", None) in rows, "a12 missing")
    # a14: its visit of Tue 21 Apr now completes the first, due Mon 16 Feb, late by
    # Feb 17-20, 23-27 (9), all 22 weekdays of March (31), 1, 2, 7-10, 13-17, 20, 21 Apr
    # (13; Good Friday and Easter Monday skipped) = 44.  The series restarts from 21 Apr:
    # 22-24, 27-30, Fri 1 May, Mon 4 May bank holiday, 5, 6 -> Wed 6 May, not yet due.
    late14 = ("a14", "t.visit", 1, "2026-02-16", "2026-04-21", "late", 44)
    check(govuk_late(late14[3], late14[4], "england-and-wales") == 44, "a14 hand working")
    check([r for r in rows if r[0] == "a14"] == [late14], "a14 as of 30 Apr: %r" %
          [r for r in rows if r[0] == "a14"])
    # as of the day after (Tue 21): a12's due date has passed; a11's record is dated that
    # very day, so it is seen.
    rows = item_rows(audit(path, "--as-of", "2026-04-21", "--format", "csv", "--detail").stdout)
    check(("a12", "t.assessment", 1, "2026-04-20", None, "missing", None) in rows,
          "due the day before as-of")
    check(("a11", "t.assessment", 1, "2026-04-15", "2026-04-21", "late", 4) in rows,
          "a record dated on the as-of date is seen")


def check_identity(tmp):
    """Without a label column, no label anywhere."""
    path = os.path.join(tmp, "nolabel.csv")
    with open(path, "w") as f:
        f.write("a02,referral,2025-04-14\na02,assessment-completion,2025-05-06\n")
    p = audit(path, "--as-of", AS_OF, "--format", "csv", "--detail")
    check(p.stdout.splitlines()[0] == "case_id,rule,occurrence,due,done_on,status,"
          "working_days_late", "csv header without labels: %r" % p.stdout.splitlines()[0])
    doc = json.loads(audit(path, "--as-of", AS_OF, "--format", "json", "--detail").stdout)
    check("label" not in doc["items"][0], "json without labels")
    table = audit(path, "--as-of", AS_OF, "--detail").stdout
    check("a02" in table and "late     3" in table, "table row: %r" % table)
    table = audit(path, "--as-of", AS_OF, "--targets").stdout
    check(table.endswith("(the input states no target dates)\n"), "targets of a CSV: %r" % table)
    p = audit(path, "--as-of", AS_OF, "--targets", "--format", "csv")
    check(p.stdout == "case_id,event,their_date,timescale_date,working_days_difference\n",
          "csv targets of a CSV caseload: the header only")


def check_output_file(path, tmp):
    """--output writes the file whole, or, on error, not at all."""
    out = os.path.join(tmp, "audit.csv")
    want = audit(path, "--as-of", AS_OF, "--format", "csv").stdout
    audit(path, "--as-of", AS_OF, "--format", "csv", "--output", out)
    with open(out) as f:
        check(f.read() == want, "--output holds what standard output would")
    os.remove(out)
    p = audit(path, "--format", "csv", "--output", out, check_rc=False)
    check(p.returncode == 2 and not os.path.exists(out), "no --as-of: no file")
    with open(path) as f:
        p = subprocess.run([C.CLI, "audit", "--rules", PACK, "--cases", "-", "--as-of", AS_OF,
                            "--format", "csv"], stdin=f, capture_output=True, text=True)
    check(p.stdout == want, "--cases - reads standard input")


CENSUS = os.path.join(C.TEST_DIR, "data", "audit", "census.xml")

# tests/data/audit/census.xml, as of its ReferenceDate, Tue 2026-03-31 (no --as-of).
# S47ActualStartDate is the strategy discussion, DateOfInitialCPC the icpc.
EXPECT_CENSUS = [
    # referral Fri 27 Feb 2026: 2-6 Mar (1-5), 9-13 (6-10) -> Fri 13 Mar; never recorded.
    ("K1", "t.assessment", 1, "2026-03-13", None, "missing", None),
    # strategy Mon 2 Mar: 3-6, 9-13, 16-20 (14), Mon 23 Mar (15).  ICPC Fri 20: on time.
    ("K1", "t.icpc", 1, "2026-03-23", "2026-03-20", "on-time", None),
    # referral Wed 17 Dec 2025: 18, 19, 22, 23, 24 (1-5), 29, 30, 31 (6-8), Fri 2 Jan (9),
    # Mon 5 Jan (10).
    ("K2", "t.assessment", 1, "2026-01-05", None, "missing", None),
    # strategy Thu 18 Dec 2025: 19 (1), 22-24 (2-4), 29-31 (5-7), Fri 2 Jan (8), 5-9 (9-13),
    # Mon 12 (14), Tue 13 Jan (15).  ICPC Mon 12: on time.
    ("K2", "t.icpc", 1, "2026-01-13", "2026-01-12", "on-time", None),
    # referral Mon 2 Feb: 3-6 (1-4), 9-13 (5-9), Mon 16 (10).
    ("K3", "t.assessment", 1, "2026-02-16", None, "missing", None),
    # strategy Mon 2 Feb: 3-6, 9-13, 16-20 (14), Mon 23 Feb.  ICPC Thu 26: 24, 25, 26 -> 3.
    ("K3", "t.icpc", 1, "2026-02-23", "2026-02-26", "late", 3),
    # referral Fri 6 Mar: 9-13 (1-5), 16-20 (6-10) -> Fri 20 Mar.
    ("K4", "t.assessment", 1, "2026-03-20", None, "missing", None),
    # strategy Mon 9 Mar: 10-13 (1-4), 16-20 (5-9), 23-27 (10-14), Mon 30 (15).  The ICPC of
    # Thu 2 Apr is after the reference date: as at 31 Mar it is missing.
    ("K4", "t.icpc", 1, "2026-03-30", None, "missing", None),
]
SUMMARY_CENSUS = [
    ("t.assessment", 4, 0, 0, 0, 4, "", "0.0"),
    ("t.icpc", 4, 2, 0, 1, 1, "3", "50.0"),   # median of the one late item, 3
]
# InitialCPCtarget against timescale's ICPC date (difference: working days from ours to
# theirs; negative when their target is earlier).  K3's and K4's targets agree.
EXPECT_TARGETS = [
    # K1: Fri 20 Mar against Mon 23 Mar: (20, 23] holds Mon 23 -> -1.
    ("K1", "icpc", "2026-03-20", "2026-03-23", "-1"),
    # K2: Thu 8 Jan is 15 weekdays after 18 Dec counting Christmas, Boxing Day and New
    # Year's Day; against Tue 13 Jan: Fri 9, Mon 12, Tue 13 -> -3.
    ("K2", "icpc", "2026-01-08", "2026-01-13", "-3"),
]


def check_census():
    base = ["audit", "--rules", PACK, "--cin-census", CENSUS]
    p = C.run(base + ["--format", "csv", "--detail"])
    check(by_key(item_rows(p.stdout)) == by_key(EXPECT_CENSUS),
          "census items: %r" % item_rows(p.stdout))
    check(summary_rows(C.run(base + ["--format", "csv"]).stdout) == SUMMARY_CENSUS,
          "census summary")
    rows = [(r["case_id"], r["event"], r["their_date"], r["timescale_date"],
             r["working_days_difference"])
            for r in csv.DictReader(io.StringIO(C.run(base + ["--format", "csv",
                                                                "--targets"]).stdout))]
    check(rows == EXPECT_TARGETS, "census targets csv: %r" % rows)
    doc = json.loads(C.run(base + ["--format", "json"]).stdout)
    check(doc["as_of"] == "2026-03-31", "the census's reference date is the as-of date")
    got = [(t["case_id"], t["event"], t["their_date"], t["timescale_date"],
            "%+d" % t["working_days_difference"]) for t in doc["targets"]]
    check(got == EXPECT_TARGETS, "census targets json: %r" % got)
    check("label" not in doc["targets"][0], "a census names no labels")
    # As of Fri 10 Apr K4's ICPC of Thu 2 Apr is seen: (30 Mar, 2 Apr] = 31, 1, 2 -> 3.
    rows = item_rows(C.run(base + ["--as-of", "2026-04-10", "--format", "csv",
                                   "--detail"]).stdout)
    check(("K4", "t.icpc", 1, "2026-03-30", "2026-04-02", "late", 3) in rows, "K4 later")
    table = C.run(base).stdout
    check("Target dates in the input that differ" in table and "K2" in table, "census table")


SSDA903 = os.path.join(C.TEST_DIR, "returns", "ssda903")

# tests/returns/ssda903 (the census helper's return) as of 2027-03-31, rule t.first-review
# (20 working days after lac-start: each episode starting with RNE S):
# (case, due, done, status), occurrence left out.
EXPECT_903 = [
    # L1 DECOM Mon 14 Dec 2026: 15-18 (1-4), 21-24 (5-8), Christmas Fri 25 and the Boxing
    # Day substitute Mon 28, 29-31 (9-11), New Year's Day, 4-8 Jan (12-16), 11-14 (17-20)
    # -> Thu 14 Jan 2027.  Reviewed Tue 12 Jan: on time.
    ("L1", "2027-01-14", "2027-01-12", "on-time"),
    # L2 DECOM Wed 25 Mar 2026: 26, 27, 30, 31, 1, 2 Apr (1-6), Easter, 7-10 (7-10), 13-17
    # (11-15), 20-24 (16-20) -> Fri 24 Apr.  Reviewed Tue 21 Apr: on time.
    ("L2", "2026-04-24", "2026-04-21", "on-time"),
    # L2 again from Tue 1 Sep 2026: 2-4 (1-3), 7-11 (4-8), 14-18 (9-13), 21-25 (14-18),
    # 28, 29 (19, 20) -> Tue 29 Sep.  No review after 1 Sep: missing.
    ("L2", "2026-09-29", None, "missing"),
    # L3 DECOM Fri 1 May 2026: bank holiday Mon 4, 5-8 (1-4), 11-15 (5-9), 18-22 (10-14),
    # spring bank holiday Mon 25, 26-29 (15-18), 1, 2 Jun (19, 20) -> Tue 2 Jun.
    # Reviewed Fri 29 May: on time (its RNE L episode of 10 Jun is no new start).
    ("L3", "2026-06-02", "2026-05-29", "on-time"),
    # L4 DECOM Mon 2 Nov 2026: 3-6, 9-13, 16-20, 23-27 (19), Mon 30 Nov; no review.
    ("L4", "2026-11-30", None, "missing"),
]


def check_not_recorded():
    """A census holds no visits or supervision: their items are not judged (not "missing"),
    and stderr names the events.  The same children as a CSV caseload are judged."""
    returns = os.path.join(C.TEST_DIR, "returns")
    base = ["audit", "--rules", "wiltshire", "--as-of", "2027-03-31", "--format", "csv"]
    census = C.run(base + ["--cin-census", os.path.join(returns, "census.xml")])
    caseload = C.run(base + ["--cases", os.path.join(returns, "census.csv")])
    rules = lambda p: {r[0]: r for r in summary_rows(p.stdout)}
    check("wiltshire.visits.cp" in rules(caseload), "a CSV caseload judges CP visits")
    check("wiltshire.visits.cp" not in rules(census), "a census does not judge CP visits")
    check("not judged: the input does not record their events (" in census.stderr
          and "cp-visit" in census.stderr, "the note names the events: %r" % census.stderr)
    check("not judged" not in caseload.stderr, "a CSV caseload records every event")
    same = rules(census)["wiltshire.icpc.held"] == rules(caseload)["wiltshire.icpc.held"]
    check(same, "what a census records is judged as from the caseload")


def check_ssda903():
    base = ["audit", "--rules", PACK, "--ssda903", SSDA903]
    p = C.run(base, check=False)
    check(p.returncode == 2 and "give --as-of DATE" in p.stderr, "903 without --as-of")
    rows = item_rows(C.run(base + ["--as-of", "2027-03-31", "--format", "csv",
                                   "--detail"]).stdout)
    got = sorted((r[0], r[3], r[4], r[5]) for r in rows if r[1] == "t.first-review")
    check(got == EXPECT_903, "903 items: %r" % got)
    check(summary_rows(C.run(base + ["--as-of", "2027-03-31", "--format", "csv"]).stdout) ==
          [("t.first-review", 5, 3, 0, 0, 2, "", "60.0")], "903 summary")


def check_errors(path):
    p = audit(path, check_rc=False)
    check(p.returncode == 2 and p.stdout == "" and p.stderr ==
          "timescale: audit: the input states no reference date (a CSV caseload and an SSDA903 "
          "return have none): give --as-of DATE\n", "no --as-of: %r" % p.stderr)
    p = audit(path, "--as-of", "2026-02-30", check_rc=False)
    check(p.returncode == 2 and p.stderr ==
          "timescale: --as-of: no such date '2026-02-30': 2026-02 has 28 days\n",
          "bad as-of: %r" % p.stderr)
    p = audit(path, "--as-of", "20/04/2026", check_rc=False)
    check(p.returncode == 2 and "malformed date '20/04/2026'" in p.stderr, "dd/mm/yyyy as-of")
    p = audit(path, "--as-of", AS_OF, "--detail", "--targets", check_rc=False)
    check(p.returncode == 2 and "not both" in p.stderr, "--detail with --targets")
    p = C.run(["audit", "--cases", path, "--as-of", AS_OF], check=False)
    check(p.returncode == 2 and "--rules" in p.stderr, "no pack")


def main():
    oracle(EXPECT_EW, "england-and-wales")
    oracle(EXPECT_SCOTLAND, "scotland")
    oracle(EXPECT_CENSUS, "england-and-wales")
    for case, _, theirs, ours, diff in EXPECT_TARGETS:
        check(-govuk_late(theirs, ours, "england-and-wales") == int(diff),
              "hand working of %s's target disagrees with GOV.UK" % case)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "caseload.csv")
        with open(path, "w") as f:
            f.write(CASELOAD)
        check_csv(path, EXPECT_EW, SUMMARY_EW, [])
        check_json(path, EXPECT_EW, SUMMARY_EW)
        lines = CASELOAD.splitlines()
        scot = os.path.join(tmp, "scotland.csv")
        with open(scot, "w") as f:
            f.write("\n".join([lines[0]] + [ln for ln in lines[1:]
                                            if ln.split(",")[0] in SCOTLAND_CASES]) + "\n")
        check_csv(scot, EXPECT_SCOTLAND, SUMMARY_SCOTLAND, ["--calendar", "scotland"])
        check_as_of_moves(path)
        check_identity(tmp)
        check_output_file(path, tmp)
        check_census()
        check_not_recorded()
        check_ssda903()
        check_errors(path)
    if failures:
        sys.exit("%d failure(s)" % len(failures))
    print("ok")


main()
