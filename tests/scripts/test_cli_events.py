"""`timescale events` lists the vocabulary (recorded events, then produced
ones), and an unknown event name is refused with the nearest names."""
import csv
import io
import json
import os
import subprocess
import sys
import unittest

CLI = os.environ.get("TSC_CLI")


def run(*args):
    return subprocess.run([CLI] + list(args), capture_output=True, text=True)


@unittest.skipUnless(CLI, "TSC_CLI is not set")
class Events(unittest.TestCase):
    def test_json_recorded_then_produced(self):
        r = run("events", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        events = json.loads(r.stdout)
        kinds = [e["kind"] for e in events]
        self.assertEqual(kinds, sorted(kinds, key=lambda k: k != "recorded"))
        by_name = {e["name"]: e for e in events}
        self.assertEqual(by_name["emergency-placement"]["parent"], "placement-start")
        self.assertEqual(by_name["cp-visit"]["kind"], "produced")
        self.assertIn("s57-start", by_name["s47-start"]["aliases"].split())
        self.assertIn("CIN census CINreferralDate", by_name["referral"]["statutory"])

    def test_csv_for_one_pack(self):
        r = run("events", "--rules", "wiltshire", "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        names = {row["name"] for row in rows}
        self.assertIn("complex-referral", names)
        self.assertNotIn("s57-start", names)            # aliases are not events
        self.assertNotIn("lifestory-work-started", names)   # Sunderland's, not Wiltshire's
        by_name = {row["name"]: row for row in rows}
        self.assertEqual(by_name["complex-referral"]["rules"], "wiltshire.strategy.complex")
        self.assertEqual(by_name["strategy-discussion"]["kind"], "produced")
        self.assertIn("wiltshire.icpc.held", by_name["strategy-discussion"]["rules"].split())
        kinds = [row["kind"] for row in rows]
        self.assertEqual(kinds, sorted(kinds, key=lambda k: k != "recorded"))

    def test_unknown_event_suggests(self):
        r = run("plan", "--rules", "swindon", "--event", "referal=2026-03-02")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean referral", r.stderr)
        self.assertIn("timescale events", r.stderr)

    def test_rule_without_its_anchor_is_an_error(self):
        """A misspelt anchor used to print an empty table (nothing due)."""
        r = run("rule", "10 working days after referal", "--event", "referral=2026-03-02")
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("counts from 'referal'", r.stderr)
        self.assertIn("did you mean referral", r.stderr)
        self.assertEqual(r.stdout, "")
        r = run("rule", "10 working days after referral", "--event", "referral=2026-03-02")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("2026-03-16", r.stdout)   # Mon 2 Mar + 10 working days

    def test_unrecorded_end_is_a_warning(self):
        args = ["plan", "--rules", "bucks", "--event", "care-leaver-start=2026-03-02",
                "--until", "2026-07-31", "--today", "2026-03-01"]
        r = run(*args, "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [row for row in csv.DictReader(io.StringIO(r.stdout))
                if row["rule"] == "bucks.leaving-care.keeping-in-touch"]
        self.assertTrue(rows)
        for row in rows:
            self.assertEqual(row["warning"], "no end: date-of-birth is not recorded")
        r = run(*args)
        self.assertIn("warning: no end: date-of-birth is not recorded", r.stdout)
        r = subprocess.run([CLI] + args + ["--case-id", "c1", "--dtstamp", "2026-01-01T00:00Z",
                                           "--ics", "-"], capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        unfolded = r.stdout.decode().replace("\r\n ", "")
        self.assertIn("Warning: no end: date-of-birth is not recorded", unfolded)
        r = run(*args, "--event", "date-of-birth=2008-05-01", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse([i for i in json.loads(r.stdout) if "warning" in i])

    def test_bad_format(self):
        r = run("events", "--format", "xml")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown format 'xml'", r.stderr)


if __name__ == "__main__":
    sys.exit(unittest.main())
