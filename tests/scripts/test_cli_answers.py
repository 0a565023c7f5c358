"""test_cli_answers.py -- issue 10: every answer of `timescale rule` and
`timescale plan` is right or an error, and what the command leaves out it
says on stderr.  Runs the CLI in $TSC_CLI; every expected date was worked
out by hand on a 2026/2027 calendar (GOV.UK England and Wales list).
"""

import json
import os
import subprocess
import tempfile
import unittest

CLI = os.environ.get("TSC_CLI")


def run(*args):
    return subprocess.run([CLI] + list(args), capture_output=True, text=True)


@unittest.skipIf(not CLI, "TSC_CLI is not set")
class SeriesCutShort(unittest.TestCase):
    def test_a_series_over_the_limit_says_so(self):
        """"every 1 minute" for a year is 527,040 items: the series stops at
        10,000, says so on stderr and marks its last item in JSON."""
        r = run("rule", "every 1 minute after x", "--event", "x=2026-03-02T09:00",
                "--until", "2027-03-01", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        items = json.loads(r.stdout)
        self.assertEqual(len(items), 10000)
        self.assertTrue(items[-1].get("truncated"))
        self.assertNotIn("truncated", items[-2])
        # 09:00 2 Mar + 10,000 minutes = 07:40 on Mon 9 Mar (GMT).
        self.assertEqual(items[-1]["due"], "2026-03-09T07:40+00:00")
        self.assertIn("rule rule: stopped after 10000 occurrences", r.stderr)
        self.assertIn("2026-03-09", r.stderr)

    def test_a_whole_series_says_nothing(self):
        r = run("rule", "weekly after x", "--event", "x=2026-03-02", "--until", "2026-04-30",
                "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertFalse(any("truncated" in i for i in json.loads(r.stdout)))


@unittest.skipIf(not CLI, "TSC_CLI is not set")
class Horizon(unittest.TestCase):
    def test_the_default_horizon_never_hides_a_deadline(self):
        """Born Fri 15 Apr 2011: + 15 years 9 months = Fri 15 Jan 2027, past the
        default horizon (the event + 366 days): shown, nothing on stderr."""
        r = run("rule", "15 years 9 months after date-of-birth", "--event",
                "date-of-birth=2011-04-15", "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        rows = r.stdout.splitlines()
        self.assertEqual(len(rows), 2)
        self.assertIn(",2027-01-15,", rows[1])

    def test_the_readme_example(self):
        """Born 31 May 2011: 28 Feb 2027 is a Sunday, so Fri 26 Feb 2027."""
        r = run("rule", "15 years 9 months after date-of-birth", "--event",
                "date-of-birth=2011-05-31", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([i["due"] for i in json.loads(r.stdout)], ["2027-02-26"])

    def test_the_default_horizon_still_bounds_repeats(self):
        """Weekly from Mon 2 Mar 2026: Mondays 9 to 30 Mar (4); Easter Monday
        6 Apr rolls back to Thu 2 Apr, and Thursdays follow, 9 Apr 2026 to
        25 Feb 2027 (47, none a holiday); Thu 4 Mar 2027 is past the default
        horizon, 3 Mar 2027: 52 items."""
        r = run("rule", "weekly after x", "--event", "x=2026-03-02", "--format", "json")
        items = json.loads(r.stdout)
        self.assertEqual(len(items), 52)
        self.assertEqual(items[-1]["due"], "2027-02-25")

    def test_an_explicit_until_says_what_it_hides(self):
        r = run("plan", "--rules", "swindon", "--event", "referral=2026-03-02", "--event",
                "s47-start=2026-03-04", "--event", "icpc=2026-03-24", "--until", "2026-03-06",
                "--today", "2026-03-02", "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stderr, r"timescale: [0-9]+ items due after --until 2026-03-06 "
                                   r"not shown")
        r = run("rule", "15 years 9 months after date-of-birth", "--event",
                "date-of-birth=2011-04-15", "--until", "2027-01-14", "--format", "csv")
        self.assertEqual(r.stdout.splitlines()[1:], [])
        self.assertIn("1 item due after --until 2027-01-14 not shown", r.stderr)
        r = run("rule", "15 years 9 months after date-of-birth", "--event",
                "date-of-birth=2011-04-15", "--until", "2027-01-15", "--format", "csv")
        self.assertEqual(r.stderr, "")

    def test_a_caseload_with_until_says_what_it_hides(self):
        """Two cases: one born Fri 15 Apr 2011 (due Fri 15 Jan 2027), one born
        31 May 2011 (due Fri 26 Feb 2027).  --until 2027-01-31 hides the second."""
        with tempfile.TemporaryDirectory() as tmp:
            rules = os.path.join(tmp, "leaving.rules")
            cases = os.path.join(tmp, "cases.csv")
            with open(rules, "w") as f:
                f.write("calendar england-and-wales\n\nrule leaving\n"
                        "  when 15 years 9 months after date-of-birth\n  schedules pathway\n")
            with open(cases, "w") as f:
                f.write("1,date-of-birth,2011-04-15\n2,date-of-birth,2011-05-31\n")
            r = run("plan", "--rules", rules, "--cases", cases, "--until", "2027-01-31",
                    "--today", "2026-01-01")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual([row.split(",")[3] for row in r.stdout.splitlines()[1:]],
                             ["2027-01-15"])
            self.assertIn("1 item due after --until 2027-01-31 not shown", r.stderr)
            r = run("plan", "--rules", rules, "--cases", cases, "--today", "2026-01-01")
            self.assertEqual([row.split(",")[3] for row in r.stdout.splitlines()[1:]],
                             ["2027-01-15", "2027-02-26"])
            self.assertEqual(r.stderr, "")

@unittest.skipIf(not CLI, "TSC_CLI is not set")
class TimeNotRecorded(unittest.TestCase):
    """"15 minutes before icpc" with the ICPC known only as Tue 24 Mar 2026:
    due on 24 Mar, a date, saying "time not recorded" (it was 23:45 on the
    23rd, an instant nobody chose)."""
    RULE = ["rule", "15 minutes before icpc", "--event", "icpc=2026-03-24"]

    def test_table(self):
        r = run(*self.RULE)
        self.assertEqual(r.returncode, 0, r.stderr)
        row = r.stdout.splitlines()[1]
        self.assertIn(" 2026-03-24 ", row)
        self.assertNotIn("23:45", row)
        self.assertTrue(row.endswith("time not recorded"), row)

    def test_csv(self):
        r = run(*self.RULE, "--format", "csv")
        header, row = r.stdout.splitlines()
        fields = dict(zip(header.split(","), row.split(",")))
        self.assertEqual((fields["due"], fields["note"]), ("2026-03-24", "time not recorded"))

    def test_json(self):
        (item,) = json.loads(run(*self.RULE, "--format", "json").stdout)
        self.assertEqual((item["due"], item["note"]), ("2026-03-24", "time not recorded"))
        self.assertNotIn("anchor_time_assumed", item)

    @unittest.skipIf(os.environ.get("TSC_ICAL", "ON").upper() in ("OFF", "0", "FALSE"),
                     "built without the iCalendar part")
    def test_ics(self):
        r = run(*self.RULE, "--case-id", "1", "--ics", "-", "--dtstamp", "2026-01-01T00:00Z")
        self.assertEqual(r.returncode, 0, r.stderr)
        text = r.stdout.replace("\r\n ", "")
        self.assertIn("DTSTART;VALUE=DATE:20260324", text)
        self.assertNotIn("T2345", text)
        self.assertIn("time not recorded", text)

    def test_a_recorded_time_gives_an_instant(self):
        """With the time recorded (10:00 GMT), 15 minutes before is 09:45."""
        r = run("rule", "15 minutes before icpc", "--event", "icpc=2026-03-24T10:00",
                "--format", "json")
        (item,) = json.loads(r.stdout)
        self.assertEqual((item["due"], item["note"]), ("2026-03-24T09:45+00:00", None))


@unittest.skipIf(not CLI, "TSC_CLI is not set")
class DefaultToday(unittest.TestCase):
    """`rule` and `plan` share one default --today: today's date."""

    def statuses(self, *extra):
        with tempfile.TemporaryDirectory() as tmp:
            rules = os.path.join(tmp, "one.rules")
            with open(rules, "w") as f:
                f.write("rule one\n  when 5 working days after referral\n  schedules visit\n")
            out = []
            for args in (["rule", "5 working days after referral"], ["plan", "--rules", rules]):
                r = run(*args, "--event", "referral=2020-01-06", "--event", "referral=2099-01-05",
                        "--format", "json", *extra)
                self.assertEqual(r.returncode, 0, r.stderr)
                out.append([(i["due"], i["status"]) for i in json.loads(r.stdout)])
            return out

    def test_both_default_to_today(self):
        """Mon 6 Jan 2020 + 5 working days = Mon 13 Jan 2020, long past: overdue;
        Mon 5 Jan 2099 + 5 = Mon 12 Jan 2099: open."""
        want = [("2020-01-13", "overdue"), ("2099-01-12", "open")]
        self.assertEqual(self.statuses(), [want, want])

    def test_both_take_an_explicit_today(self):
        want = [("2020-01-13", "open"), ("2099-01-12", "open")]
        self.assertEqual(self.statuses("--today", "2020-01-13"), [want, want])


if __name__ == "__main__":
    unittest.main()
