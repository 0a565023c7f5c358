"""Statutory returns as case input: `timescale plan --cin-census FILE` and
`--ssda903 DIR`.

The files under tests/returns/ were written by hand to the published
layouts (the DfE's CIN census XML; the SSDA903 header, episodes and reviews
CSV files).  Each return has a hand-written caseload of the same children
(census.csv, ssda903.csv): the return must plan exactly as that caseload
does, in every output format, so the readers are checked apart from
planning.  A few due dates are worked by hand across Christmas and Easter
(England and Wales bank holidays: 2026-04-03 Good Friday, 2026-04-06 Easter
Monday, 2026-12-25, 2026-12-28 Boxing Day substitute, 2027-01-01).  Each
broken file's message is checked word for word, and that nothing is
written."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ["TSC_CLI"]
HERE = os.path.join(os.environ.get("TSC_TEST_DIR", os.path.join(os.path.dirname(__file__), "..")),
                    "returns")
CENSUS = os.path.join(HERE, "census.xml")
BAD = os.path.join(HERE, "bad")
TODAY = ["--today", "2027-03-31"]
ICS = []   # DTSTAMP from SOURCE_DATE_EPOCH (run)


def run(args):
    p = subprocess.run([CLI] + args, capture_output=True, text=True,
                       env=dict(os.environ, TZ="Europe/London", SOURCE_DATE_EPOCH="1806537600"))
    return p.returncode, p.stdout, p.stderr


def plan(pack, source, extra=()):
    return run(["plan", "--rules", pack] + source + TODAY + list(extra))


def due(out, case, rule, occurrence="1"):
    for row in csv.DictReader(io.StringIO(out)):
        if (row["case_id"], row["rule"], row["occurrence"]) == (case, rule, occurrence):
            return row["due"]
    return None


class Temp(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def same_plan(self, source, caseload):
        """Every output format of the return equals the caseload's."""
        for pack in ("wiltshire", "bucks", "swindon", "sunderland"):
            for fmt in ("csv", "json", "table"):
                got = plan(pack, source, ["--format", fmt])
                want = plan(pack, ["--cases", caseload], ["--format", fmt])
                self.assertEqual(got[0], 0, got[2])
                self.assertEqual(want[0], 0, want[2])
                self.assertEqual(got[1], want[1], "%s %s" % (pack, fmt))
                self.assertGreater(len(got[1]), 100)
            for until in ("2026-09-30", "2027-12-31"):
                got = plan(pack, source, ["--until", until])
                want = plan(pack, ["--cases", caseload], ["--until", until])
                self.assertEqual(got[1], want[1], "%s until %s" % (pack, until))
        got, want = self.path("got.ics"), self.path("want.ics")
        self.assertEqual(plan("wiltshire", source, ["--ics", got] + ICS)[0], 0)
        self.assertEqual(plan("wiltshire", ["--cases", caseload], ["--ics", want] + ICS)[0], 0)
        # The calendar's name says which input it came from; the rest is the same.
        self.assertEqual(self.without_name(got), self.without_name(want))
        for where in ("got-dir", "want-dir"):
            os.mkdir(self.path(where))
        self.assertEqual(plan("wiltshire", source, ["--ics-dir", self.path("got-dir")] + ICS)[0], 0)
        self.assertEqual(plan("wiltshire", ["--cases", caseload],
                              ["--ics-dir", self.path("want-dir")] + ICS)[0], 0)
        names = sorted(os.listdir(self.path("want-dir")))
        self.assertEqual(sorted(os.listdir(self.path("got-dir"))), names)
        self.assertTrue(names)
        for n in names:
            with open(os.path.join(self.path("got-dir"), n), "rb") as a, \
                 open(os.path.join(self.path("want-dir"), n), "rb") as b:
                self.assertEqual(a.read(), b.read(), n)

    @staticmethod
    def without_name(path):
        with open(path, encoding="utf-8", newline="") as f:
            unfolded = f.read().replace("\r\n ", "")
        return [line for line in unfolded.split("\r\n") if not line.startswith("X-WR-CALNAME")]

    def fails_writing_nothing(self, source, message, pack="wiltshire"):
        out = self.path("out.csv")
        rc, stdout, err = plan(pack, source, ["--output", out])
        self.assertEqual((rc, stdout), (2, ""))
        self.assertEqual(err, message)
        self.assertFalse(os.path.exists(out))
        ics = self.path("out.ics")
        rc, _, err2 = plan(pack, source, ["--ics", ics] + ICS)
        self.assertEqual((rc, err2), (2, message))
        self.assertFalse(os.path.exists(ics))
        os.mkdir(self.path("dir"))
        rc, _, err3 = plan(pack, source, ["--ics-dir", self.path("dir")] + ICS)
        self.assertEqual((rc, err3), (2, message))
        self.assertEqual(os.listdir(self.path("dir")), [])


SKIPPED_CENSUS = ("skipped elements the vocabulary maps to no event: UPN (2), GenderCurrent (2), "
                  "Ethnicity (1), Disability (1), ReferralSource (3), PrimaryNeedCode (3), "
                  "ReferralNFA (3), AssessmentInternalReviewDate (1), AssessmentFactors (2), "
                  "ICPCnotRequired (2), InitialCategoryOfAbuse (1), LatestCategoryOfAbuse (1), "
                  "NumberOfPreviousCPP (1), ReasonForClosure (1)")


class CinCensus(Temp):
    def test_plans_as_the_same_caseload(self):
        self.same_plan(["--cin-census", CENSUS], os.path.join(HERE, "census.csv"))

    def test_skipped_elements_are_counted_by_name(self):
        rc, _, err = plan("wiltshire", ["--cin-census", CENSUS])
        self.assertEqual(rc, 0)
        self.assertEqual(err, "timescale: %s: %s\n" % (CENSUS, SKIPPED_CENSUS))

    def test_bom_and_crlf(self):
        with open(CENSUS, "rb") as f:
            text = f.read()
        self.assertNotIn(b"\r", text)
        path = self.path("crlf.xml")
        with open(path, "wb") as f:
            f.write(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
        self.assertEqual(plan("wiltshire", ["--cin-census", path])[1],
                         plan("wiltshire", ["--cin-census", CENSUS])[1])

    def test_icpc_counts_from_the_strategy_discussion_across_easter_and_christmas(self):
        _, out, _ = plan("wiltshire", ["--cin-census", CENSUS])
        # S47ActualStartDate 2026-03-25 (Wed): 15 working days, skipping
        # Good Friday 3 April and Easter Monday 6 April: Friday 17 April.
        self.assertEqual(due(out, "A100", "wiltshire.icpc.held"), "2026-04-17")
        # 2026-12-14 (Mon): 15 working days, skipping 25 and 28 December and
        # 1 January: Thursday 7 January 2027 (the census's own target too).
        self.assertEqual(due(out, "B200", "wiltshire.icpc.held"), "2027-01-07")
        _, out, _ = plan("bucks", ["--cin-census", CENSUS])
        self.assertEqual(due(out, "B200", "bucks.icpc.held"), "2027-01-07")

    def test_two_referrals_are_two_instances(self):
        _, out, _ = plan("wiltshire", ["--cin-census", CENSUS, "--format", "json"])
        referral_items = {(i["anchor"], i["rule"]) for i in json.loads(out)
                          if i["case_id"] == "A100" and i["anchor_event"] == "referral"}
        self.assertEqual({a for a, _ in referral_items}, {"2026-03-20", "2026-11-02"})

    def test_reference_date_and_targets_reach_the_sink(self):
        # Only audit shows them; plan must at least not differ from --cases
        # (checked above), and the reader must accept a census without them.
        with open(CENSUS, encoding="utf-8") as f:
            text = f.read()
        path = self.path("no-header.xml")
        start, end = text.index("<Header>"), text.index("</Header>") + len("</Header>")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text[:start] + text[end:])
        self.assertEqual(plan("wiltshire", ["--cin-census", path])[1],
                         plan("wiltshire", ["--cin-census", CENSUS])[1])

    def bad(self, name):
        return os.path.join(BAD, name)

    def test_malformed_files_write_nothing(self):
        cases = {
            "unclosed.xml": ":25: not well-formed XML: Opening and ending tag mismatch: "
                            "CINdetails line 23 and Child",
            "misspelt.xml": ":24: not well-formed XML: Opening and ending tag mismatch: "
                            "CINreferralDate line 24 and CINreferalDate",
            "impossible_date.xml": ":24: child J2: CINreferralDate is not a day of the "
                                   "calendar (a month has no such day)",
            "date_format.xml": ":24: child F2: CINreferralDate is not a date written "
                               "YYYY-MM-DD",
            "not_census.xml": ":2: the root element is 'Census', not Message: not a CIN census",
            "year_out_of_range.xml": ":24: child Y2: CINreferralDate has a year outside 1900 "
                                     "to 2199",
        }
        for name, message in cases.items():
            with self.subTest(name):
                self.fails_writing_nothing(["--cin-census", self.bad(name)],
                                           "timescale: %s%s\n" % (self.bad(name), message))
                shutil.rmtree(self.dir)
                os.mkdir(self.dir)

    def test_an_inconsistent_record_is_skipped_and_the_rest_planned(self):
        cases = {
            "authorised_before_start.xml": ":25: child W2: AssessmentAuthorisationDate is "
                                           "before AssessmentActualStartDate: this Assessments "
                                           "block is skipped",
            "no_child_id.xml": ":11: a Child without LAchildID is skipped",
        }
        for name, message in cases.items():
            with self.subTest(name):
                rc, out, err = plan("wiltshire", ["--cin-census", self.bad(name)])
                self.assertEqual(rc, 0)
                self.assertEqual(err.splitlines()[0], "timescale: %s%s" % (self.bad(name), message))
                self.assertIn("G1,", out)
        _, out, _ = plan("wiltshire", ["--cin-census", self.bad("authorised_before_start.xml")])
        w2 = [r for r in csv.DictReader(io.StringIO(out)) if r["case_id"] == "W2"]
        self.assertTrue(w2)      # the referral is kept, the assessment dropped
        self.assertFalse([r for r in w2 if r["anchor_event"] == "assessment-start"])

    def test_one_source_only(self):
        rc, out, err = run(["plan", "--rules", "wiltshire", "--cin-census", CENSUS,
                            "--cases", os.path.join(HERE, "census.csv")])
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("give one of --cases", err)


RETURN_903 = os.path.join(HERE, "ssda903")
SKIPPED_903 = ("skipped columns the vocabulary maps to no event: SEX (3), ETHNIC (3), UPN (3), "
               "LS (7), CIN (7), PLACE_PROVIDER (7), HOME_POST (7), PL_POST (7), "
               "REASON_PLACE_CHANGE (1), DOB (4), REVIEW_CODE (4)")


class Ssda903(Temp):
    """header.csv has a BOM, CRLF ends and a one-digit day and month; the
    files are not sorted by CHILD; episodes.csv quotes fields Excel's way."""

    def test_plans_as_the_same_caseload(self):
        self.same_plan(["--ssda903", RETURN_903], os.path.join(HERE, "ssda903.csv"))

    def test_skipped_columns_are_counted_by_name(self):
        rc, _, err = plan("swindon", ["--ssda903", RETURN_903])
        self.assertEqual(rc, 0)
        self.assertEqual(err, "timescale: %s: %s\n" % (RETURN_903, SKIPPED_903))

    def test_first_review_across_christmas_and_easter(self):
        _, out, _ = plan("swindon", ["--ssda903", RETURN_903])
        # 28 days after lac-start: 14 Dec 2026 -> Mon 11 Jan 2027;
        # 25 Mar 2026 -> Wed 22 Apr 2026.
        self.assertEqual(due(out, "L1", "swindon.lac.first-review-28-days"), "2027-01-11")
        self.assertEqual(due(out, "L2", "swindon.lac.first-review-28-days"), "2026-04-22")
        _, out, _ = plan("sthelena", ["--ssda903", RETURN_903, "--calendar", "england-and-wales"])
        # 20 working days after lac-start: from Mon 14 Dec 2026, skipping 25
        # and 28 December and 1 January: Thu 14 Jan 2027; from Wed 25 Mar
        # 2026, skipping Good Friday and Easter Monday: Fri 24 Apr 2026.
        self.assertEqual(due(out, "L1", "sthelena.lac.first-review"), "2027-01-14")
        self.assertEqual(due(out, "L2", "sthelena.lac.first-review"), "2026-04-24")
        # L2 came back into care on 1 Sep 2026: a second period, its own first review.
        self.assertEqual(due(out, "L2", "sthelena.lac.first-review", "2"), "2026-09-29")

    def test_change_of_legal_status_only_is_no_placement(self):
        _, out, _ = plan("swindon", ["--ssda903", RETURN_903, "--format", "json"])
        anchors = {(i["anchor_event"], i["anchor"]) for i in json.loads(out) if i["case_id"] == "L3"}
        self.assertIn(("placement-start", "2026-05-01"), anchors)
        self.assertNotIn(("placement-start", "2026-06-10"), anchors)   # RNE L

    def bad(self, name):
        return os.path.join(BAD, name)

    def test_malformed_returns_write_nothing(self):
        cases = {
            "903_date_format": "/episodes.csv:3: child K2: DECOM is not a date written dd/mm/yyyy",
            "903_impossible_date": "/episodes.csv:3: child K2: DECOM is not a day of the calendar "
                                   "(a month has no such day)",
            "903_unclosed_quote": "/episodes.csv:3: a quoted field is not closed on its line",
            "903_field_count": "/episodes.csv:3: expected 13 fields, as the header row says",
            "903_no_child_column": "/episodes.csv:1: the header row has no CHILD column",
            "903_no_episodes": "/episodes.csv: cannot open (an SSDA903 return needs header.csv "
                               "and episodes.csv; reviews.csv and placed_for_adoption.csv are "
                               "read when there)",
        }
        for name, message in cases.items():
            with self.subTest(name):
                self.fails_writing_nothing(["--ssda903", self.bad(name)],
                                           "timescale: %s%s\n" % (self.bad(name), message),
                                           pack="swindon")
                shutil.rmtree(self.dir)
                os.mkdir(self.dir)

    def test_an_inconsistent_row_is_skipped_and_the_rest_planned(self):
        cases = {
            "903_ended_before_start": "/episodes.csv:3: child K2: DEC is before DECOM: this "
                                      "episode is skipped",
            "903_no_child": "/episodes.csv:4: a row without CHILD is skipped",
        }
        for name, message in cases.items():
            with self.subTest(name):
                rc, out, err = plan("swindon", ["--ssda903", self.bad(name)])
                self.assertEqual(rc, 0)
                self.assertEqual(err.splitlines()[0], "timescale: %s%s" % (self.bad(name), message))
                self.assertIn("G1,", out)
        _, out, _ = plan("swindon", ["--ssda903", self.bad("903_ended_before_start")])
        self.assertNotIn("K2,", out)

RETURN_ADOPTION = os.path.join(HERE, "ssda903_adoption")


class Ssda903Adoption(Temp):
    """placed_for_adoption.csv is read (DATE_PLACED: the decision that the
    child should be placed for adoption, adoption-decision), and an episode
    with placement A3 to A6 starts an adoptive placement.  A1 moves to
    adopters (A6) on Fri 18 Dec 2026; A2's foster carers become its
    adopters (A4, RNE T) on Wed 1 Apr 2026, before Easter.  No
    reviews.csv: it is optional."""

    def test_plans_as_the_same_caseload(self):
        self.same_plan(["--ssda903", RETURN_ADOPTION],
                       os.path.join(HERE, "ssda903_adoption.csv"))

    def test_first_adoption_visit_across_christmas_and_easter(self):
        _, out, _ = plan("bucks", ["--ssda903", RETURN_ADOPTION])
        # 1 week after Fri 18 Dec 2026 is Fri 25 Dec, rolled to the working
        # day before: Thu 24 Dec.  After Wed 1 Apr 2026: Wed 8 Apr (Easter
        # Monday was the 6th).
        self.assertEqual(due(out, "A1", "bucks.visits.adoption-first-week"), "2026-12-24")
        self.assertEqual(due(out, "A2", "bucks.visits.adoption-first-week"), "2026-04-08")
        _, out, _ = plan("swindon", ["--ssda903", RETURN_ADOPTION])
        self.assertEqual(due(out, "A1", "swindon.visits.adoptive-placement"), "2026-12-24")
        self.assertEqual(due(out, "A2", "swindon.visits.adoptive-placement"), "2026-04-08")
        _, out, _ = plan("wiltshire", ["--ssda903", RETURN_ADOPTION])
        # 5 working days: 21, 22, 23, 24 Dec, then (25 Christmas, 28 the
        # Boxing Day holiday) Tue 29 Dec; 2, 7, 8, 9, 10 Apr (3 and 6 Apr
        # are Good Friday and Easter Monday).
        self.assertEqual(due(out, "A1", "wiltshire.visits.adoption-first"), "2026-12-29")
        self.assertEqual(due(out, "A2", "wiltshire.visits.adoption-first"), "2026-04-10")

    def test_the_decision_is_not_the_placement(self):
        _, out, _ = plan("swindon", ["--ssda903", RETURN_ADOPTION, "--format", "json"])
        anchors = {(i["case_id"], i["anchor"]) for i in json.loads(out)
                   if i["anchor_event"] == "adoptive-placement-start"}
        self.assertEqual(anchors, {("A1", "2026-12-18"), ("A2", "2026-04-01")})

    def test_a_bad_date_in_placed_for_adoption_writes_nothing(self):
        bad = os.path.join(BAD, "903_adoption_date")
        self.fails_writing_nothing(["--ssda903", bad],
                                   "timescale: %s/placed_for_adoption.csv:3: child A1: "
                                   "DATE_PLACED is not a date written dd/mm/yyyy\n" % bad,
                                   pack="swindon")


# The published layouts (the DfE's column lists), written here apart from
# the reader's own list (cli/return_layouts.c).
LAYOUT_903 = {
    "Header": ("header.csv", "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB"),
    "Episodes": ("episodes.csv", "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC "
                                 "REASON_PLACE_CHANGE HOME_POST PL_POST URN"),
    "Reviews": ("reviews.csv", "CHILD DOB REVIEW REVIEW_CODE"),
    "PlacedAdoption": ("placed_for_adoption.csv",
                       "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED"),
}


def shipped_statutory_lines():
    """(event, item) of every statutory line of rules/events.vocab."""
    source = os.environ.get("TSC_SOURCE_DIR", os.path.join(HERE, "..", ".."))
    lines, event = [], None
    with open(os.path.join(source, "rules", "events.vocab"), encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if words and words[0] in ("event", "produced") and not line[0].isspace():
                event = words[1]
            elif words and words[0] == "statutory":
                lines.append((event, line.split(None, 1)[1].strip()))
    return lines


class EveryMappedItemIsRead(Temp):
    """Each statutory line of the shipped vocabulary naming a return that a
    reader reads reaches a plan: a return holding only that item, planned
    with a pack with one rule counting from its event, gives that rule's
    item on the item's date.  The other lines (Ofsted Annex A) document."""

    DATE = "2026-02-02"

    def pack(self, events):
        path = self.path("every.rules")
        with open(path, "w", encoding="utf-8") as f:
            f.write("pack      every\nauthority Test\ntitle     one rule per event\n"
                    "calendar  england-and-wales\n")
            for k, event in enumerate(sorted(set(events))):
                f.write("\nrule every.r%d\n  when      1 day after %s\n"
                        "  schedules case-decision-recorded\n" % (k, event))
        return path

    def anchors(self, pack, source):
        rc, out, err = run(["plan", "--rules", pack, "--format", "json"] + source + TODAY)
        self.assertEqual(rc, 0, err)
        return {(i["case_id"], i["anchor_event"], i["anchor"]) for i in json.loads(out)}

    def test_every_line_names_a_return(self):
        lines = shipped_statutory_lines()
        self.assertGreater(len(lines), 20)
        for event, item in lines:
            self.assertTrue(item.startswith(("CIN census ", "SSDA903 ", "Ofsted Annex A ")),
                            "%s: %s" % (event, item))

    def test_ssda903_lines(self):
        lines = [(e, i.split()[1:]) for e, i in shipped_statutory_lines()
                 if i.startswith("SSDA903 ")]
        self.assertGreaterEqual(len(lines), 6)
        rows = {table: [] for table in LAYOUT_903}
        d, m, y = self.DATE[8:], self.DATE[5:7], self.DATE[:4]
        for k, (event, words) in enumerate(lines):
            table, column = words[0], words[1]
            columns = LAYOUT_903[table][1].split()
            row = dict.fromkeys(columns, "")
            row.update(CHILD="C%d" % k, **{column: "%s/%s/%s" % (d, m, y)})
            if len(words) > 2:      # where COLUMN is [not] CODES
                self.assertEqual((words[2], words[4]), ("where", "is"))
                row[words[3]] = "ZZ" if words[5] == "not" else words[5]
            rows[table].append(",".join(row[c] for c in columns))
        os.mkdir(self.path("903"))
        for table, (name, columns) in LAYOUT_903.items():
            with open(os.path.join(self.path("903"), name), "w", encoding="utf-8") as f:
                f.write(",".join(columns.split()) + "\n" + "".join(r + "\n" for r in rows[table]))
        got = self.anchors(self.pack(e for e, _ in lines), ["--ssda903", self.path("903")])
        for k, (event, words) in enumerate(lines):
            self.assertIn(("C%d" % k, event, self.DATE), got, " ".join(words))

    def test_cin_census_lines(self):
        lines = [(e, i.split()[2:]) for e, i in shipped_statutory_lines()
                 if i.startswith("CIN census ")]
        self.assertGreaterEqual(len(lines), 10)
        children = "".join("<Child><ChildIdentifiers><LAchildID>C%d</LAchildID>"
                           "</ChildIdentifiers><CINdetails><%s>%s</%s></CINdetails></Child>"
                           % (k, words[0], self.DATE, words[0])
                           for k, (_, words) in enumerate(lines))
        path = self.path("census.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("<Message><Children>%s</Children></Message>\n" % children)
        got = self.anchors(self.pack(e for e, _ in lines), ["--cin-census", path])
        for k, (event, words) in enumerate(lines):
            self.assertEqual(len(words), 1, words)
            self.assertIn(("C%d" % k, event, self.DATE), got, words[0])


class SecondReviewWithoutAFirst(Temp):
    """Sunderland's initial review counts from placement-start; a case
    recording lac-start alone gets none, and the 4-month review became its
    first lac-review without a word.  stderr now says so once per rule,
    naming the rules and events and counting cases, never naming one."""

    MESSAGE = ("timescale: sunderland.lac.second-review-4-months schedules a later lac-review, "
               "but %s no earlier lac-review, recorded or projected "
               "(sunderland.lac.initial-review-20-working-days projects it from "
               "placement-start): items counting from the first lac-review count from a later "
               "one; record placement-start or the earlier lac-review\n")

    def caseload(self, rows):
        path = self.path("cases.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("case_id,event,date\n" + "".join(r + "\n" for r in rows))
        return path

    def test_counted_cases_named_rules(self):
        path = self.caseload(["SECRET1,lac-start,2026-03-02", "SECRET2,lac-start,2026-05-04",
                              "SECRET3,lac-start,2026-05-04", "SECRET3,placement-start,2026-05-04"])
        for extra in ([], ["--format", "json"], ["--output", self.path("out.csv")]):
            rc, _, err = plan("sunderland", ["--cases", path], extra)
            self.assertEqual((rc, err), (0, self.MESSAGE % "2 cases have"), extra)
            self.assertNotIn("SECRET", err)
        rc, _, err = run(["audit", "--rules", "sunderland", "--cases", path,
                          "--as-of", "2026-09-30"])
        self.assertEqual((rc, err.count("schedules a later lac-review")), (0, 1), err)

    def test_one_case_from_the_command_line(self):
        rc, _, err = plan("sunderland", ["--event", "lac-start=2026-03-02"])
        self.assertEqual((rc, err), (0, self.MESSAGE % "1 case has"))

    def test_a_placement_without_lac_start_has_no_later_reviews(self):
        path = self.caseload(["SECRET1,placement-start,2026-03-02",
                              "SECRET2,placement-start,2025-03-02", "SECRET2,lac-review,2026-01-10"])
        rc, _, err = plan("sunderland", ["--cases", path])
        self.assertEqual((rc, err), (0, "timescale: sunderland.lac.second-review-4-months counts "
                                        "from lac-start, which 2 cases do not record although "
                                        "they have a lac-review: their later lac-review, and the "
                                        "rules counting from it, are not planned; record "
                                        "lac-start\n"))

    def test_silent_when_the_placement_or_first_review_is_recorded(self):
        for second in ("placement-start", "lac-review"):
            path = self.caseload(["C1,lac-start,2026-03-02", "C1,%s,2026-03-02" % second])
            rc, _, err = plan("sunderland", ["--cases", path])
            self.assertEqual((rc, err), (0, ""), second)


class Generated(Temp):
    """bench/gen_returns.py's synthetic returns plan as the caseloads it
    writes from its own model of the children (many children, both files
    in an order of their own)."""

    def test_synthetic_returns_plan_as_their_caseloads(self):
        gen = os.path.join(os.environ.get("TSC_SOURCE_DIR", os.path.join(HERE, "..", "..")),
                           "bench", "gen_returns.py")
        for seed in ("1", "2"):
            subprocess.run([sys.executable, gen, "150", self.dir, "--seed", seed], check=True)
            for pack in ("wiltshire", "swindon", "sunderland"):
                for source, caseload in ((["--cin-census", self.path("census.xml")], "census.csv"),
                                         (["--ssda903", self.path("ssda903")], "ssda903.csv")):
                    got = plan(pack, source, ["--format", "json"])
                    want = plan(pack, ["--cases", self.path(caseload)], ["--format", "json"])
                    self.assertEqual(got[0], 0, got[2])
                    self.assertEqual(json.loads(got[1]), json.loads(want[1]),
                                     "seed %s %s %s" % (seed, pack, caseload))
                    self.assertGreater(len({i["case_id"] for i in json.loads(got[1])}), 100)


class OnDemand(unittest.TestCase):
    """libxml2 (and the ICU it brings) is loaded only to read a census."""

    def loaded(self, args):
        p = subprocess.run([CLI] + args, capture_output=True, text=True,
                           env=dict(os.environ, LD_DEBUG="libs"))
        return p.stderr

    def test_other_commands_do_not_load_libxml2(self):
        libs = self.loaded(["add", "2026-01-01", "5"])
        self.assertIn("libc.so", libs)
        self.assertNotIn("libxml2", libs)
        self.assertNotIn("libicu", libs)
        self.assertNotIn("libxml2", self.loaded(["plan", "--rules", "swindon", "--ssda903",
                                                  RETURN_903, "--today", "2027-03-31"]))
        self.assertIn("libxml2", self.loaded(["plan", "--rules", "swindon", "--cin-census", CENSUS,
                                              "--today", "2027-03-31"]))

if __name__ == "__main__":
    unittest.main()
