"""test_cli_answers.py -- issue 10: every answer of `timescale rule` and
`timescale plan` is right or an error, and what the command leaves out it
says on stderr.  Runs the CLI in $TSC_CLI; every expected date was worked
out by hand on a 2026/2027 calendar (GOV.UK England and Wales list).
"""

import json
import os
import subprocess
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


if __name__ == "__main__":
    unittest.main()
