"""iCalendar export of a fixed caseload, byte for byte against reference
files made by the export code before issue 15.2 changed how it writes.

The reference files in tests/golden/export/ were generated with the old
code, whose items were built with libical's component API and serialised
by icalcomponent_as_ical_string_r: first with d301f25; then, when main
changed what the items say (shorter DESCRIPTIONs, reminder events without
one), again with main at 0a910e4 (still libical's serialiser), by running
this script against that build:

    git archive 0a910e4 | tar -x -C /tmp/old && cmake -S /tmp/old -B /tmp/old/build
    cmake --build /tmp/old/build -j2
    TSC_CLI=/tmp/old/build/cli/timescale TSC_WRITE_REFERENCE=1 \\
        /usr/bin/python3 tests/scripts/test_ics_export_reference.py

So the new writer (its own serialiser for the components it builds, and
whatever else changed how the file is written) must give exactly what
libical gave: the same folding, escaping and order.  DTSTAMP is fixed by
SOURCE_DATE_EPOCH and --dtstamp.  The caseload (tests/data/ics/
export-caseload.csv and its edit, export-caseload-2.csv) has labels with
commas, semicolons, a backslash and multi-byte UTF-8 (folding must not
split a character), timed items (a VTIMEZONE), windows, done, projected
and overdue items, and a case id that needs %-encoding in UIDs.  The
second run exports the edited caseload with --previous (one file) and
over the first run's --ics-dir files, so SEQUENCE, kept DTSTAMPs and
CANCELLED components are compared too.

Never regenerate the references with the new code to make this pass: a
difference is a change in what users' calendars receive.
"""

import os
import shutil
import subprocess
import sys
import tempfile

CLI = os.path.abspath(os.environ["TSC_CLI"])
TEST_DIR = os.environ.get("TSC_TEST_DIR", os.path.join(os.path.dirname(__file__), ".."))
REF = os.path.join(TEST_DIR, "golden", "export")
DATA = os.path.join(TEST_DIR, "data", "ics")
WRITE = bool(os.environ.get("TSC_WRITE_REFERENCE"))
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1772000000", TZ="Europe/London")

failures = []


def run_in(args, cwd):
    p = subprocess.run([CLI] + args, capture_output=True, env=ENV, cwd=cwd)
    if p.returncode != 0:
        raise AssertionError("timescale %s failed: %r" % (" ".join(args), p.stderr))


def compare(name, path):
    ref = os.path.join(REF, name)
    with open(path, "rb") as f:
        got = f.read()
    if WRITE:
        os.makedirs(os.path.dirname(ref), exist_ok=True)
        with open(ref, "wb") as f:
            f.write(got)
        return
    with open(ref, "rb") as f:
        want = f.read()
    if got != want:
        at = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                  min(len(got), len(want)))
        failures.append("%s differs from %s at byte %d: got %r, want %r" % (
            path, ref, at, got[max(0, at - 40):at + 40], want[max(0, at - 40):at + 40]))


def compare_dir(prefix, d):
    names = sorted(os.listdir(d))
    listing = os.path.join(d, "..", prefix + ".list")
    with open(listing, "w") as f:
        f.write("\n".join(names) + "\n")
    compare(prefix + ".list", listing)
    for n in names:
        compare(prefix + "/" + n, os.path.join(d, n))


def main():
    # Run in the temporary directory with the caseloads copied there: the
    # calendar's name (X-WR-CALNAME) holds the caseload's path as given.
    first, second = "export-caseload.csv", "export-caseload-2.csv"
    base = ["plan", "--rules", "swindon", "--cases", first, "--today", "2026-04-01", "--until", "2027-01-31"]
    with tempfile.TemporaryDirectory() as tmp:
        def out(name):
            return os.path.join(tmp, name)

        def run(args):
            run_in(args, tmp)

        for name in (first, second):
            shutil.copy(os.path.join(DATA, name), out(name))

        # One file: events, to-dos, and VALARMs only with a 2-day reminder.
        run(base + ["--ics", out("one.ics")])
        compare("one.ics", out("one.ics"))
        run(base + ["--component", "todo", "--ics", out("todo.ics")])
        compare("todo.ics", out("todo.ics"))
        run(base + ["--no-reminder-events", "--alarm", "2", "--ics", out("valarm.ics")])
        compare("valarm.ics", out("valarm.ics"))
        # The edited caseload against the first file: kept, changed, cancelled.
        shutil.copy(out("one.ics"), out("again.ics"))
        run(["plan", "--rules", "swindon", "--cases", second, "--today", "2026-04-01", "--until", "2027-01-31",
             "--dtstamp", "2026-04-02T08:00Z", "--previous", out("one.ics"),
             "--ics", out("again.ics")])
        compare("again.ics", out("again.ics"))
        # One file per case and per worker, then the edited caseload over them.
        for by in ("case", "worker"):
            d = out("by-" + by)
            os.mkdir(d)
            run(base + ["--ics-dir", d, "--by", by])
            compare_dir("by-" + by, d)
            run(["plan", "--rules", "swindon", "--cases", second, "--today", "2026-04-01", "--until", "2027-01-31",
                 "--dtstamp", "2026-04-02T08:00Z", "--ics-dir", d, "--by", by])
            compare_dir("by-%s-again" % by, d)
        # A one-rule pack, whose UIDs hash the rule's words.
        run(["rule", "3 working days after referral", "--event", "referral=2026-12-21",
             "--case-id", "r;1", "--ics", out("rule.ics")])
        compare("rule.ics", out("rule.ics"))
    if WRITE:
        print("wrote the reference files in " + REF)
        return 0
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
