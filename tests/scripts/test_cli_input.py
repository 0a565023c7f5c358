"""The CLI's input handling (issue 10): --cases with --event, unknown
events with and without --ignore-unknown-events, CSV fields of any length,
CRLF and byte-order marks, control bytes in messages, and the exact text
of messages that used to mislead.

Expected dates are worked out by hand on the England and Wales calendar
(2 March 2026 is a Monday); messages are compared whole."""

import csv
import io
import os
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get("TSC_CLI")


def run(args, stdin=None):
    p = subprocess.run([CLI] + args, capture_output=True, input=stdin,
                       env=dict(os.environ, TZ="Europe/London"))
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        return path


# Rows of the swindon pack's first rule: a referral gets a decision one
# working day later.
DECISION = "swindon.referral.response-decision"


class Cases(Base):
    def test_event_with_cases_is_an_error(self):
        path = self.write("c.csv", "1,referral,2026-03-02\n")
        rc, out, err = run(["plan", "--rules", "swindon", "--cases", path,
                            "--event", "referral=2026-03-04"])
        self.assertEqual(rc, 2)
        self.assertEqual(out, "")
        self.assertEqual(err, "timescale: plan: --event is for one case; with --cases every "
                              "event comes from the file\n")

    def test_unknown_event_fails_naming_the_line(self):
        path = self.write("c.csv", "case_id,event,date\n1,referral,2026-03-02\n1,foo,2026-03-03\n")
        rc, out, err = run(["plan", "--rules", "swindon", "--cases", path])
        self.assertEqual(rc, 2)
        self.assertEqual(out, "")
        self.assertEqual(err, "timescale: %s:3: event 'foo' is not named by any rule of pack "
                              "swindon (skip such rows with --ignore-unknown-events)\n" % path)

    def test_ignore_unknown_events_with_cases(self):
        # Case 2 has only unknown events: it has no items, and the others
        # are planned as if its rows were not there.
        data = ("case_id,event,date\n1,referral,2026-03-02\n1,foo,2026-03-03\n"
                "2,foo,2026-03-01\n2,bar,2026-03-01\n3,referral,2026-03-04\n3,foo,2026-03-09\n")
        path = self.write("c.csv", data)
        for source, where, stdin in ((path, path, None), ("-", "<stdin>", data.encode())):
            rc, out, err = run(["plan", "--rules", "swindon", "--cases", source, "--until",
                                "2026-03-10", "--ignore-unknown-events"], stdin)
            self.assertEqual(rc, 0, err)
            got = [(r["case_id"], r["rule"], r["due"]) for r in rows(out)]
            self.assertEqual(got, [("1", DECISION, "2026-03-03"), ("3", DECISION, "2026-03-05")])
            self.assertEqual(err.splitlines(), [
                "timescale: %s:3: ignored event 'foo' on 3 rows (no rule of pack swindon "
                "names it)" % where,
                "timescale: %s:5: ignored event 'bar' on 1 row (no rule of pack swindon "
                "names it)" % where])

    def test_ignore_unknown_events_with_event_options(self):
        rc, out, err = run(["plan", "--rules", "swindon", "--event", "referral=2026-03-02",
                            "--event", "foo=2026-03-02", "--event", "foo=2026-03-05",
                            "--until", "2026-03-05", "--format", "csv",
                            "--ignore-unknown-events"])
        self.assertEqual(rc, 0, err)
        self.assertEqual([(r["rule"], r["due"]) for r in rows(out)], [(DECISION, "2026-03-03")])
        self.assertEqual(err, "timescale: ignored event 'foo' given 2 times with --event (no "
                              "rule of pack swindon names it)\n")

    def test_long_case_ids_stay_apart(self):
        # Two ids that differ only after byte 1,023 used to merge into one
        # case; a 6,000-byte line used to be refused.
        one, two = "a" * 1100 + "1", "a" * 1100 + "2"
        path = self.write("c.csv", "%s,referral,2026-03-02\n%s,referral,2026-03-04\n"
                                   "\"%s\",referral,2026-03-04\n"
                                   % (one, two, "b" * 6000))
        rc, out, err = run(["plan", "--rules", "swindon", "--cases", path, "--until",
                            "2026-03-05"])
        self.assertEqual(rc, 0, err)
        got = [(r["case_id"], r["due"]) for r in rows(out) if r["rule"] == DECISION]
        self.assertEqual(got, [(one, "2026-03-03"), (two, "2026-03-05"),
                               ("b" * 6000, "2026-03-05")])

    def test_quoted_fields(self):
        path = self.write("c.csv", '"x,""1""",referral,2026-03-02\n')
        rc, out, err = run(["plan", "--rules", "swindon", "--cases", path, "--until",
                            "2026-03-03"])
        self.assertEqual(rc, 0, err)
        self.assertEqual([r["case_id"] for r in rows(out)], ['x,"1"'])

    def test_wrong_number_of_fields(self):
        for line in ("1,referral", "1,referral,2026-03-02,x", '"1"x,referral,2026-03-02'):
            path = self.write("c.csv", "1,referral,2026-03-02\n" + line + "\n")
            rc, out, err = run(["plan", "--rules", "swindon", "--cases", path])
            self.assertEqual((rc, out), (2, ""))
            self.assertEqual(err, "timescale: %s:2: expected 3 fields: case_id,event,date\n"
                             % path)


SRC = os.environ.get("TSC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BOM = b"\xef\xbb\xbf"


def crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


class TextInputs(Base):
    """CR LF line ends and a leading byte-order mark change nothing."""

    def variants(self, name, data):
        return {"crlf": self.write("crlf-" + name, crlf(data)),
                "bom": self.write("bom-" + name, BOM + data),
                "both": self.write("both-" + name, BOM + crlf(data))}

    def same_output(self, args_for, original, variants):
        rc, want, err = run(args_for(original))
        self.assertEqual(rc, 0, err)
        self.assertGreater(len(want.splitlines()), 1)
        for kind, path in variants.items():
            rc, got, err = run(args_for(path))
            self.assertEqual((rc, err), (0, ""), kind)
            self.assertEqual(got, want, kind)

    def test_rules_file(self):
        original = os.path.join(SRC, "rules", "bucks.rules")
        with open(original, "rb") as f:
            variants = self.variants("bucks.rules", f.read())
        self.same_output(lambda path: ["plan", "--rules", path, "--event",
                                       "referral=2026-03-02T10:00", "--event",
                                       "s47-start=2026-03-03", "--today", "2026-03-02",
                                       "--format", "csv"], original, variants)

    def test_holiday_file(self):
        original = os.path.join(SRC, "holidays", "scotland.hol")
        with open(original, "rb") as f:
            variants = self.variants("scotland.hol", f.read())
        self.same_output(lambda path: ["holidays", "--year", "2027", "--calendar", path],
                         original, variants)

    @unittest.skipIf(os.environ.get("TSC_ICAL", "ON").upper() in ("OFF", "0", "FALSE"),
                     "built without the iCalendar part")
    def test_ics_calendar(self):
        original = os.path.join(self.tmp.name, "hols.ics")
        rc, _, err = run(["holidays", "--year", "2026", "--calendar", "scotland", "--ics",
                          original])
        self.assertEqual(rc, 0, err)
        with open(original, "rb") as f:
            data = f.read()
        variants = {"bom": self.write("bom.ics", BOM + data),
                    "lf": self.write("lf.ics", data.replace(b"\r\n", b"\n"))}
        self.same_output(lambda path: ["holidays", "--year", "2026", "--calendar", path],
                         original, variants)

    def test_cases_file(self):
        data = b"case_id,event,date\n1,referral,2026-03-02\n2,referral,2026-03-04\n"
        original = self.write("c.csv", data)
        self.same_output(lambda path: ["plan", "--rules", "swindon", "--cases", path,
                                       "--until", "2026-03-10", "--today", "2026-03-01"],
                         original, self.variants("c.csv", data))

    def test_control_bytes_are_escaped_in_messages(self):
        path = self.write("x.rules", b"pack x\nrule a\n  when 5 working days after \x01x\r\n")
        rc, _, err = run(["plan", "--rules", path, "--event", "x=2026-03-02"])
        self.assertEqual(rc, 2)
        self.assertEqual(err, "timescale: %s:3:29: expected an event name (kebab-case, like "
                              "referral or lac-review), found '\\x01x'\n" % path)
        path = self.write("y.rules", b"pack x\n\xef\xbb\xbfrule\ta\n")
        rc, _, err = run(["plan", "--rules", path, "--event", "x=2026-03-02"])
        self.assertEqual(rc, 2)
        self.assertEqual(err, "timescale: %s:2:1: unknown key '\\ufeffrule' (expected pack, "
                              "authority, title, calendar, alias or rule)\n" % path)
        path = self.write("z.csv", b"2\x1b[31m,referral,2026-03-02\n1,referral,2026-03-02\n")
        rc, _, err = run(["plan", "--rules", "swindon", "--cases", path])
        self.assertEqual(rc, 2)
        self.assertEqual(err, "timescale: %s:2: case '1' comes after '2\\x1b[31m': rows must be "
                              "grouped by case id in ascending order (sort -s -t, -k1,1)\n"
                         % path)
        path = self.write("w.csv", b"1,fo\to,2026-03-02\n")
        rc, _, err = run(["plan", "--rules", "swindon", "--cases", path,
                          "--ignore-unknown-events"])
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "timescale: %s:1: ignored event 'fo\\to' on 1 row (no rule of "
                              "pack swindon names it)\n" % path)


class Messages(Base):
    """Messages that used to mislead, each compared whole."""

    def check(self, args, message):
        rc, out, err = run(args)
        self.assertEqual((rc, out), (2, ""), args)
        self.assertEqual(err, message)

    def test_amount_too_large(self):
        self.check(["rule", "3000000 working days after x", "--event", "x=2026-03-02"],
                   "timescale: rule:1:1: 3000000 is too large (at most 100000)\n"
                   "  3000000 working days after x\n  ^\n")
        self.check(["rule", "every 123456789012345678901 days after x", "--event",
                    "x=2026-03-02"],
                   "timescale: rule:1:7: 123456789012345678901 is too large (at most 100000)\n"
                   "  every 123456789012345678901 days after x\n        ^\n")

    def test_due_date_past_9999_has_a_position(self):
        self.check(["rule", "9999 years after x", "--event", "x=2026-03-02"],
                   "timescale: rule:1:1: the due date counted from 2026-03-02 falls outside "
                   "the years 0001..9999\n  9999 years after x\n  ^\n")
        path = self.write("p.rules", "pack p\nrule a\n  when 9000 years after x\n"
                                     "  schedules y\n")
        self.check(["plan", "--rules", path, "--event", "x=2026-03-02"],
                   "timescale: %s:3:8: rule a: the due date counted from 2026-03-02 falls "
                   "outside the years 0001..9999\n" % path)

    def test_year_out_of_range(self):
        self.check(["holidays", "--year", "10000"], "timescale: holidays: --year: expected a "
                   "whole number from 1 to 9999, got '10000'\n")
        self.check(["holidays", "--from", "2026", "--to", "10000"], "timescale: holidays: "
                   "--to: expected a whole number from 1 to 9999, got '10000'\n")

    def test_add_years_says_years(self):
        self.check(["add", "2026-03-02", "8000", "--years"],
                   "timescale: adding 8000 years leaves 0001..9999\n")
        self.check(["add", "2026-03-02", "-2026", "--years"],
                   "timescale: adding -2026 years leaves 0001..9999\n")

    def test_roll_and_end_of_month_need_a_unit(self):
        roll = ("timescale: add: --roll needs calendar units (--days, --weeks, --months or "
                "--years); a working day needs no roll\n")
        eom = "timescale: add: --end-of-month needs --months or --years\n"
        self.check(["add", "2026-03-02", "3", "--roll", "following"], roll)
        self.check(["add", "2026-03-02", "3", "--working", "--roll", "following"], roll)
        self.check(["add", "2026-03-02", "3", "--end-of-month"], eom)
        self.check(["add", "2026-03-02", "3", "--days", "--end-of-month"], eom)
        # With a unit they apply: 31 Jan 2026 + 1 month is Saturday 28 February,
        # at month end; following rolls it to Monday 2 March.
        rc, out, err = run(["add", "2026-01-31", "1", "--months", "--end-of-month", "--roll",
                            "following"])
        self.assertEqual((rc, out, err), (0, "2026-03-02\n", ""))


if __name__ == "__main__":
    if not CLI:
        print("SKIP: TSC_CLI not set")
        sys.exit(77)
    unittest.main(verbosity=2)
