"""`plan --cases` plans each case once (issue 11.5, 15.5) and still writes
nothing when a row anywhere is bad: standard output checks the rows first
and plans there only the cases whose plans may fail; --output and --ics
are read once and replaced whole or not at all.  Also: CSV dates and
times are parsed once, a time without an offset being wall-clock time in
the calendar's zone, with the messages --event gives.

Dates are worked out by hand: 1 July 2026 is in British Summer Time
(+01:00), 1 December 2026 in GMT; 2026-03-02 + 5 years is Sunday
2031-03-02, a deadline rolled back to Friday 28 February; 9997-06-01 + 5
years is past 9999."""

import csv
import io
import os
import subprocess
import tempfile
import unittest

CLI = os.environ.get("TSC_CLI")

HOURS = """pack hours
calendar england-and-wales

rule hours.a
  when      2 hours after icpc
  schedules icpc-report-to-chair
"""

NEAR = """pack near
calendar england-and-wales

rule near.a
  when      5 years after referral
  schedules review

rule near.b
  when      5 working days after strategy-discussion
  schedules s47-start
"""

# A rule no plan can follow from any date: found by planning only.
FAR = NEAR.replace("5 years after referral", "9000 years after referral")


def run(args, stdin=None):
    p = subprocess.run([CLI] + args, capture_output=True, input=stdin,
                       env=dict(os.environ, TZ="Europe/London"))
    return p.returncode, p.stdout.decode(), p.stderr.decode()


class Once(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def plan(self, pack, cases, *more, stdin=None):
        return run(["plan", "--rules", pack, "--cases", cases, "--today", "2026-06-01"]
                   + list(more), stdin=stdin)

    def assert_nothing_written(self, pack_text, cases_text, message):
        pack = self.write("p.rules", pack_text)
        cases = self.write("cases.csv", cases_text)
        rc, out, err = self.plan(pack, cases)
        self.assertNotEqual(rc, 0)
        self.assertEqual(out, "")
        message = message.replace("PACK", pack)
        self.assertEqual(err, "timescale: %s:%s\n" % (cases, message))
        # --output and --ics are read once: the files they replace stay as they were.
        for option, name in (("--output", "out.csv"), ("--ics", "out.ics")):
            target = self.write(name, "before\n")
            rc, out, err = self.plan(pack, cases, option, target)
            self.assertNotEqual(rc, 0)
            self.assertEqual(err, "timescale: %s:%s\n" % (cases, message))
            with open(target) as f:
                self.assertEqual(f.read(), "before\n")
        self.assertEqual(sorted(os.listdir(self.tmp.name)),
                         ["cases.csv", "out.csv", "out.ics", "p.rules"])

    def test_a_date_whose_plan_leaves_the_years_writes_nothing(self):
        self.assert_nothing_written(
            NEAR, "c1,strategy-discussion,2026-03-02\nc2,referral,9997-06-01\n",
            "2: the case starting here: PACK:5:13: rule near.a: the due date counted from "
            "9997-06-01 falls outside the years 0001..9999")

    def test_a_pack_no_plan_can_follow_writes_nothing(self):
        # The first case does not reach the far rule; the second, on an
        # ordinary date, does.
        self.assert_nothing_written(
            FAR, "c1,strategy-discussion,2026-03-02\nc2,referral,2026-03-02\n",
            "2: the case starting here: PACK:5:13: rule near.a: the due date counted from "
            "2026-03-02 falls outside the years 0001..9999")

    def test_a_bad_row_after_good_cases_writes_nothing(self):
        self.assert_nothing_written(
            NEAR, "c1,strategy-discussion,2026-03-02\nc2,referral,2026-02-30\n",
            "2: no such date '2026-02-30': 2026-02 has 28 days")

    def test_the_same_output_checked_first_or_read_once(self):
        pack = self.write("p.rules", NEAR)
        cases = self.write("cases.csv", "c1,strategy-discussion,2026-03-02\n"
                                        "c2,referral,2026-03-02\n")
        rc, out, err = self.plan(pack, cases)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(out.splitlines()[1:], [
            "c1,near.b,1,2026-03-09,,overdue,firm,strategy-discussion,2026-03-02,,s47-start,,"
            "5 working days after strategy-discussion,,",
            "c2,near.a,1,2031-02-28,,open,firm,referral,2026-03-02,,review,,"
            "5 years after referral,,"])
        target = os.path.join(self.tmp.name, "out.csv")
        rc, _, err = self.plan(pack, cases, "--output", target)
        self.assertEqual((rc, err), (0, ""))
        with open(target) as f:
            self.assertEqual(f.read(), out)

    def test_times_are_wall_clock_in_the_calendars_zone(self):
        pack = self.write("p.rules", HOURS)
        cases = self.write("cases.csv", "c1,icpc,2026-07-01T10:00\nc2,icpc,2026-12-01T23:30\n"
                                        "c3,icpc,2026-07-01T10:00Z\nc4,icpc,2026-07-01\n")
        rc, out, err = self.plan(pack, cases, "--format", "table")
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(out.splitlines()[1:], [
            "c1        hours.a    1  2026-07-01T12:00+01:00             open      firm      "
            "icpc 2026-07-01T10:00+01:00",
            "c2        hours.a    1  2026-12-02T01:30+00:00             open      firm      "
            "icpc 2026-12-01T23:30+00:00",
            "c3        hours.a    1  2026-07-01T13:00+01:00             open      firm      "
            "icpc 2026-07-01T11:00+01:00",
            "c4        hours.a    1  2026-07-01                         open      firm      "
            "icpc 2026-07-01  time not recorded"])

    def test_a_rows_date_or_time_fails_as_event_does(self):
        pack = self.write("p.rules", HOURS)
        for when in ("2026-02-30", "2026-3-7", "", "1960-01-01T10:00", "2026-03-29T01:30",
                     "2026-07-01T25:00"):
            cases = self.write("cases.csv", "c1,icpc,2026-07-01\nc2,icpc,%s\n" % when)
            rc, out, err = self.plan(pack, cases)
            _, _, given = run(["plan", "--rules", pack, "--event", "icpc=" + when])
            self.assertNotEqual(rc, 0)
            self.assertEqual(out, "")
            prefix = "timescale: --event icpc=%s: " % when
            self.assertTrue(given.startswith(prefix), given)
            self.assertEqual(err, "timescale: %s:2: %s" % (cases, given[len(prefix):]))

    def test_identity_columns_are_written_as_csv_quotes_them(self):
        """The case's columns are made once per case: each row still
        carries them, quoted where csv needs it."""
        who = {"c1": ('Family, "A"', "Jo Smith", "North"), "c2": ("", "Sam", 'Team "B"'),
               "c3": ("plain", "", "")}
        plain = "".join("%s,strategy-discussion,2026-03-0%d\n%s,referral,2026-02-2%d\n"
                        % (c, k + 2, c, k + 3) for k, c in enumerate(who))
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(("case_id", "event", "date", "label", "worker", "team"))
        for line in plain.splitlines():
            w.writerow(line.split(",") + list(who[line.split(",")[0]]))
        pack = self.write("p.rules", NEAR)
        rc, without, err = self.plan(pack, self.write("plain.csv", plain))
        self.assertEqual((rc, err), (0, ""))
        rc, got, err = self.plan(pack, self.write("who.csv", buf.getvalue()))
        self.assertEqual((rc, err), (0, ""))
        want = io.StringIO()
        w = csv.writer(want, lineterminator="\n")
        for n, row in enumerate(csv.reader(io.StringIO(without))):
            extra = ["label", "worker", "team"] if n == 0 else list(who[row[0]])
            w.writerow(row[:1] + extra + row[1:])
        self.assertEqual(len(without.splitlines()), 7)
        self.assertEqual(got, want.getvalue())

    def test_standard_input_may_start_with_a_blank_line(self):
        pack = self.write("p.rules", NEAR)
        cases = self.write("cases.csv", "\nc1,strategy-discussion,2026-03-02\n")
        from_file = self.plan(pack, cases)
        with open(cases, "rb") as f:
            from_stdin = self.plan(pack, "-", stdin=f.read())
        self.assertEqual(from_file[0], 0)
        self.assertEqual(from_stdin, from_file)
        self.assertIn("c1,near.b,1,2026-03-09,", from_file[1])


if __name__ == "__main__":
    unittest.main()
