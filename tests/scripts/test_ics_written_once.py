"""One --ics file written once (issue 15.2): `plan --cases FILE --ics OUT`
plans the caseload a first time for the years of its timed items, then
streams the file.  The bytes the CLI process writes (wchar in
/proc/PID/io, read before the exited child is reaped) are the file's size,
where a caseload read from standard input (which cannot be planned twice)
writes a body past 8 MiB twice, as every run did before.  The text is the
same either way, and the same as `--ics -` (the whole text on standard
output, never streamed); the look-ahead pass says nothing of its own on
standard error, so each note of the input comes once.  Also for
--cin-census and --ssda903."""

import datetime
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ["TSC_CLI"]
TEST_DIR = os.environ.get("TSC_TEST_DIR", os.path.join(os.path.dirname(__file__), ".."))
RETURNS = os.path.join(TEST_DIR, "returns")
ENV = dict(os.environ, TZ="Europe/London", SOURCE_DATE_EPOCH="1772000000")
CASES = 320   # about 40 kB of iCalendar each: past the writer's 8 MiB kept in memory


def caseload():
    """Case i: a referral every third day from 5 January 2026 (into 2028),
    every other case an ICPC at a time of day (timed items: VTIMEZONEs)."""
    rows = ["case_id,event,date"]
    for i in range(CASES):
        referral = datetime.date(2026, 1, 5) + datetime.timedelta(days=3 * i)
        rows.append("c%04d,referral,%s" % (i, referral))
        rows.append("c%04d,assessment-start,%s" % (i, referral + datetime.timedelta(days=1)))
        if i % 2:
            icpc = referral + datetime.timedelta(days=10)
            rows.append("c%04d,icpc,%sT%02d:30" % (i, icpc, 9 + i % 8))
            rows.append("c%04d,cp-visit,%s" % (i, referral + datetime.timedelta(days=12)))
    return "\n".join(rows) + "\n"


def team_caseload():
    """caseload() with four workers and two teams, North (250 cases, past
    8 MiB of iCalendar) and South."""
    rows = caseload().splitlines()
    out = ["case_id,event,date,worker,team"]
    for row in rows[1:]:
        i = int(row[1:5])
        out.append("%s,w%d,%s" % (row, i % 4, "North" if i < 250 else "South"))
    return "\n".join(out) + "\n"


def run_counting(args, stdin_path=None, cwd=None, preexec_fn=None):
    """Runs the CLI; returns (rc, stdout bytes, stderr text, bytes it wrote)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            open(stdin_path or os.devnull, "rb") as stdin:
        p = subprocess.Popen([CLI] + args, stdin=stdin, stdout=out, stderr=err, env=ENV,
                             cwd=cwd, preexec_fn=preexec_fn)
        # Exited but not reaped: its /proc entry still holds its I/O counts.
        os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
        with open("/proc/%d/io" % p.pid) as f:
            counts = dict(line.split(": ") for line in f.read().splitlines())
        p.wait()
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read(), err.read().decode(), int(counts["wchar"])


class WrittenOnce(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def plan(self, source, ics, stdin_path=None, pack="swindon", extra=()):
        rc, out, err, written = run_counting(
            ["plan", "--rules", pack, "--today", "2026-06-01"] + source + ["--ics", ics] +
            list(extra), stdin_path, cwd=self.dir)
        self.assertEqual(rc, 0, err)
        return out, err, written

    def test_a_large_caseload_is_written_once(self):
        with open(self.path("cases.csv"), "w") as f:
            f.write(caseload())
        _, err, once = self.plan(["--cases", "cases.csv"], "once.ics")
        _, _, twice = self.plan(["--cases", "-"], "stdin.ics", stdin_path=self.path("cases.csv"))
        text, _, _ = self.plan(["--cases", "cases.csv"], "-")
        size = len(self.read("once.ics"))
        self.assertGreater(size, 9 << 20)
        self.assertIn(b"BEGIN:VTIMEZONE", text)
        # The same but for the calendar's name, which names the input.
        self.assertEqual(self.read("once.ics").replace(b": cases.csv\r\n", b": -\r\n", 1),
                         self.read("stdin.ics"))
        self.assertEqual(self.read("once.ics"), text)
        # Once: the file and the "wrote ..." line on stderr, nothing more.
        self.assertGreaterEqual(once, size)
        self.assertLessEqual(once, size + len(err.encode()) + 4096)
        # The measure sees a body written twice when the file is not streamed.
        self.assertGreaterEqual(twice, 2 * size - (size >> 6))
        self.assertEqual(sorted(os.listdir(self.dir)), ["cases.csv", "once.ics", "stdin.ics"])

    def test_notes_once_and_the_same_text(self):
        """A census whose notes (a record skipped) go to stderr: once, as
        with --ics - (no look-ahead); and the same text."""
        bad = os.path.join(RETURNS, "bad", "authorised_before_start.xml")
        with open(self.path("lac.csv"), "w") as f:   # Sunderland: a review with no first one
            f.write("case_id,event,date\nk1,lac-start,2026-03-02\n")
        sources = [(["--cases", self.path("lac.csv")], "sunderland"),(["--cin-census", os.path.join(RETURNS, "census.xml")], "wiltshire"),
                   (["--cin-census", bad], "wiltshire"),
                   (["--ssda903", os.path.join(RETURNS, "ssda903")], "swindon"),
                   (["--cases", os.path.join(RETURNS, "census.csv")], "wiltshire")]
        for source, pack in sources:
            with self.subTest(source[1]):
                text, notes, _ = self.plan(source, "-", pack=pack)
                _, err, written = self.plan(source, self.path("out.ics"), pack=pack)
                self.assertEqual(self.read("out.ics"), text)
                self.assertTrue(err.endswith("components)\n"), err)
                self.assertEqual(err[:err.rindex("timescale: wrote")], notes)
                self.assertLessEqual(written, len(text) + len(err.encode()))
        self.assertIn("is skipped", self.plan(sources[2][0], "-", pack="wiltshire")[1])
        self.assertIn("schedules a later", self.plan(sources[0][0], "-", pack="sunderland")[1])

    def test_a_failed_write_leaves_the_old_file(self):
        """The disk refuses the streamed file half way (a file size limit):
        an error naming the file, the old file as it was, no temporary."""
        with open(self.path("cases.csv"), "w") as f:
            f.write(caseload())
        with open(self.path("out.ics"), "wb") as f:
            f.write(b"last week's file\n")

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4 << 20, resource.RLIM_INFINITY))

        rc, out, err, _ = run_counting(["plan", "--rules", "swindon", "--cases", "cases.csv",
                                        "--ics", "out.ics"], cwd=self.dir, preexec_fn=limit)
        self.assertEqual((rc, out), (2, b""))
        self.assertEqual(err, "timescale: out.ics: write failed: File too large\n")
        self.assertEqual(self.read("out.ics"), b"last week's file\n")
        self.assertEqual(sorted(os.listdir(self.dir)), ["cases.csv", "out.ics"])

    def dir_total(self, name):
        d = self.path(name)
        return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))

    def dir_files(self, name):
        d = self.path(name)
        files = {}
        for f in os.listdir(d):
            with open(os.path.join(d, f), "rb") as text:
                files[f] = text.read()
        return files

    def test_ics_dir_by_worker_and_team(self):
        """--ics-dir --by worker|team: every file open until the end is
        streamed after the look-ahead; the same files as from standard input
        (not looked ahead), where the team past 8 MiB is written twice; and
        with too few descriptors to keep every file open, as before."""
        with open(self.path("cases.csv"), "w") as f:
            f.write(team_caseload())

        def few_descriptors():
            resource.setrlimit(resource.RLIMIT_NOFILE, (66, 66))   # < 2 a file + 64

        for by in ("worker", "team"):
            with self.subTest(by):
                runs = {}
                for name, source, stdin, limit in (
                        ("once", "cases.csv", None, None),
                        ("stdin", "-", self.path("cases.csv"), None),
                        ("few", "cases.csv", None, few_descriptors)):
                    os.mkdir(self.path(name + by))
                    rc, _, err, written = run_counting(
                        ["plan", "--rules", "swindon", "--today", "2026-06-01", "--cases",
                         source, "--ics-dir", name + by, "--by", by], stdin, cwd=self.dir,
                        preexec_fn=limit)
                    self.assertEqual(rc, 0, err)
                    runs[name] = written
                total = self.dir_total("once" + by)
                self.assertEqual(self.dir_files("once" + by), self.dir_files("stdin" + by))
                self.assertEqual(self.dir_files("once" + by), self.dir_files("few" + by))
                self.assertLessEqual(runs["once"], total + 4096)
                if by == "team":
                    north = os.path.getsize(os.path.join(self.path("once" + by), "North.ics"))
                    self.assertGreater(north, 9 << 20)
                    self.assertGreaterEqual(runs["stdin"], total + north - (north >> 6))
                    self.assertGreaterEqual(runs["few"], total + north - (north >> 6))

    def test_previous_with_cancelled_items(self):
        """Cases dropped since the previous export: cancelled components,
        within the years the rest use or beyond them; the same text as
        standard output gives."""
        rows = caseload().splitlines(True)
        with open(self.path("all.csv"), "w") as f:
            f.writelines(rows)
        self.plan(["--cases", self.path("all.csv")], self.path("prev.ics"))
        for name, keep in (("later", lambda r: r >= "c0004"), ("early", lambda r: r < "c0100")):
            with self.subTest(name):
                with open(self.path("some.csv"), "w") as f:
                    f.writelines([rows[0]] + [r for r in rows[1:] if keep(r)])
                prev = ["--previous", self.path("prev.ics")]
                text, _, _ = self.plan(["--cases", self.path("some.csv")], "-", extra=prev)
                self.plan(["--cases", self.path("some.csv")], self.path("out.ics"), extra=prev)
                self.assertIn(b"STATUS:CANCELLED", text)
                self.assertEqual(self.read("out.ics"), text)


if __name__ == "__main__":
    if not sys.platform.startswith("linux"):
        sys.exit(77)
    unittest.main(verbosity=2)
