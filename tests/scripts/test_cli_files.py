"""Output files (issue 10): --ics and --output follow a symbolic link and
replace its target whole, refuse a path that is not a regular file with
nothing written, remove the temporaries a killed export left, and leave
the old file as it was when anything fails."""

import csv
import io
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get("TSC_CLI")
ENV = dict(os.environ, TZ="Europe/London", SOURCE_DATE_EPOCH="1772000000")
HOLIDAYS_2027 = ["holidays", "--year", "2027"]
# Built without the iCalendar part (-DTSC_ICAL=OFF), only --output is tried.
ICAL = os.environ.get("TSC_ICAL", "ON").upper() not in ("OFF", "0", "FALSE")
OPTIONS = ("--ics", "--output") if ICAL else ("--output",)


def run(args, stdin=None, preexec_fn=None):
    p = subprocess.run([CLI] + args, capture_output=True, input=stdin, env=ENV, timeout=60,
                       preexec_fn=preexec_fn)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def dead_pid():
    """The pid of a process that has exited and been reaped."""
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


class Files(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = self.tmp.name

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def read(self, path):
        with open(path, "rb") as f:
            return f.read()

    def listing(self):
        return sorted(os.listdir(self.dir))

    def expected(self, args):
        rc, out, err = run(args)
        self.assertEqual(rc, 0, err)
        return out.encode()

    def test_symlink_target_is_replaced(self):
        os.mkdir(self.path("real"))
        target = self.path("real", "case.ics")
        with open(target, "wb") as f:
            f.write(b"old")
        os.chmod(target, 0o640)
        os.mkdir(self.path("links"))
        os.symlink("../real/case.ics", self.path("links", "link.ics"))    # relative, other dir
        os.symlink(self.path("links", "link.ics"), self.path("link2.ics"))  # a chain
        option = OPTIONS[0]
        want = self.expected(HOLIDAYS_2027 + ([option, "-"] if ICAL else []))
        for option, link, args in ((option, "link2.ics", HOLIDAYS_2027 + [option]),
                                   ("--output", "links/link.ics", ["holidays", "--year", "2026",
                                                                   "--output"])):
            rc, _, err = run(args + [self.path(link)])
            self.assertEqual(rc, 0, err)
            if link == "link2.ics":
                self.assertEqual(self.read(target), want)
            self.assertTrue(os.path.islink(self.path("links", "link.ics")), option)
            self.assertTrue(os.path.islink(self.path("link2.ics")), option)
            self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o640, option)
            self.assertEqual(sorted(os.listdir(self.path("real"))), ["case.ics"], option)
        self.assertEqual(self.read(target), self.expected(["holidays", "--year", "2026"]))
        # A dangling link: its target is created.
        os.symlink("new.ics", self.path("dangling.ics"))
        rc, _, err = run(HOLIDAYS_2027 + [OPTIONS[0], self.path("dangling.ics")])
        self.assertEqual(rc, 0, err)
        self.assertTrue(os.path.islink(self.path("dangling.ics")))
        self.assertEqual(self.read(self.path("new.ics")), want)

    def not_regular_files(self):
        os.mkfifo(self.path("fifo"))
        os.mkdir(self.path("dir"))
        sock = socket.socket(socket.AF_UNIX)
        self.addCleanup(sock.close)
        sock.bind(self.path("sock"))
        kinds = {"fifo": "a FIFO", "dir": "a directory", "sock": "a socket"}
        try:
            os.mknod(self.path("full"), 0o666 | stat.S_IFCHR, os.makedev(1, 7))
            kinds["full"] = "a device"
        except OSError:
            print("note: cannot make a device node here; /dev/full's case is not tried")
        return kinds

    def test_not_a_regular_file_is_refused(self):
        kinds = self.not_regular_files()
        os.symlink("fifo", self.path("to-fifo"))
        kinds["to-fifo"] = "a FIFO"
        before = self.listing()
        for name, kind in kinds.items():
            for option in OPTIONS:
                path = self.path(name)
                rc, out, err = run(HOLIDAYS_2027 + [option, path])
                self.assertEqual((rc, out), (2, ""), (name, option))
                self.assertEqual(err, "timescale: %s: is %s, not a regular file: nothing "
                                      "written\n" % (path, kind))
        self.assertEqual(self.listing(), before)
        self.assertTrue(stat.S_ISFIFO(os.lstat(self.path("fifo")).st_mode))
        self.assertTrue(os.path.isdir(self.path("dir")))

    def test_stale_temporaries_of_dead_processes_are_removed(self):
        target = self.path("team.ics")
        dead, alive = dead_pid(), os.getpid()
        left = ["team.ics.%d.0.tmp" % dead, "team.ics.%d.7.tmp" % dead]
        kept = ["team.ics.%d.0.tmp" % alive,         # a live process's
                "other.ics.%d.0.tmp" % dead,         # another target's
                "team.ics.%d.0.tmp.bak" % dead, "team.ics.x.0.tmp", "team.ics.%d.tmp" % dead]
        for name in left + kept:
            with open(self.path(name), "wb") as f:
                f.write(b"x" * 100)
        rc, _, err = run(HOLIDAYS_2027 + [OPTIONS[0], target])
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.listing(), sorted(kept + ["team.ics"]))
        # --output cleans up after itself the same way.
        with open(self.path("due.csv.%d.0.tmp" % dead), "wb") as f:
            f.write(b"partial")
        rc, _, err = run(HOLIDAYS_2027 + ["--output", self.path("due.csv")])
        self.assertEqual(rc, 0, err)
        self.assertNotIn("due.csv.%d.0.tmp" % dead, self.listing())

    def test_ics_dir_removes_every_dead_runs_temporaries_once(self):
        """--ics-dir cleans the directory once for the run, not once per file
        written: every dead process's temporary goes, whichever file it was
        for, including files this run does not write."""
        dead, alive = dead_pid(), os.getpid()
        left = ["c1.ics.%d.0.tmp" % dead, "gone.ics.%d.3.tmp" % dead, "x.y.%d.12.tmp" % dead]
        kept = ["c1.ics.%d.0.tmp" % alive, "c1.ics.%d.tmp" % dead, "c1.ics.x.0.tmp",
                ".%d.0.tmp" % dead, "c1.ics.%d.0.tmp.bak" % dead, "notes.tmp"]
        for name in left + kept:
            with open(self.path(name), "wb") as f:
                f.write(b"x" * 100)
        cases = self.path("cases.csv")
        with open(cases, "w") as f:
            f.write("case_id,event,date\nc1,referral,2026-03-02\nc2,referral,2026-03-03\n")
        rc, _, err = run(["plan", "--rules", "swindon", "--cases", cases, "--today",
                          "2026-03-04", "--ics-dir", self.dir])
        self.assertEqual(rc, 0, err)
        # (.timescale-ics-dir marks a directory --ics-dir writes.)
        got = [n for n in self.listing() if n != ".timescale-ics-dir"]
        self.assertEqual(got, sorted(kept + ["c1.ics", "c2.ics", "cases.csv"]))

    def test_output_matches_standard_output(self):
        args = ["plan", "--rules", "swindon", "--event", "referral=2026-03-02", "--event",
                "icpc=2026-03-24", "--until", "2026-06-30", "--today", "2026-04-01"]
        for fmt in ("table", "csv", "json"):
            path = self.path("due." + fmt)
            rc, out, err = run(args + ["--format", fmt, "--output", path])
            self.assertEqual((rc, out), (0, ""), err)
            self.assertEqual(self.read(path), self.expected(args + ["--format", fmt]))
        rc, out, err = run(args + ["--output", "-"])
        self.assertEqual((rc, err), run(args)[::2])
        self.assertEqual(out.encode(), self.expected(args))
        if ICAL:
            rc, _, err = run(args + ["--case-id", "1", "--ics", self.path("x.ics"), "--output",
                                     self.path("x.csv")])
            self.assertEqual(rc, 2)
            self.assertEqual(err, "timescale: plan: give --ics FILE or --output FILE, not "
                                  "both\n")

    def test_failed_output_leaves_the_old_file(self):
        path = self.path("due.csv")
        with open(path, "wb") as f:
            f.write(b"last week's file\n")
        # A caseload on standard input whose third case has a bad date: on
        # standard output the first cases are already out (the README says
        # so); --output keeps the old file.
        rows = "".join("%04d,referral,2026-03-02\n" % i for i in range(1, 200))
        rows += "0300,referral,2026-02-30\n"
        args = ["plan", "--rules", "swindon", "--cases", "-", "--until", "2026-03-10"]
        rc, out, err = run(args, rows.encode())
        self.assertEqual(rc, 2)
        self.assertIn("0001,swindon.referral.response-decision", out)
        rc, out, err = run(args + ["--output", path], rows.encode())
        self.assertEqual((rc, out), (2, ""))
        self.assertTrue(err.startswith("timescale: <stdin>:200:"), err)
        self.assertEqual(self.read(path), b"last week's file\n")
        self.assertEqual(self.listing(), ["due.csv"])

    def test_write_error_leaves_the_old_file(self):
        path = self.path("due.csv")
        with open(path, "wb") as f:
            f.write(b"last week's file\n")

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (2048, resource.RLIM_INFINITY))

        rc, out, err = run(["holidays", "--from", "2000", "--to", "2100", "--output", path],
                           preexec_fn=limit)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, "timescale: %s: write failed: File too large\n" % path)
        self.assertEqual(self.read(path), b"last week's file\n")
        self.assertEqual(self.listing(), ["due.csv"])


if __name__ == "__main__":
    if not CLI:
        print("SKIP: TSC_CLI not set")
        sys.exit(77)
    unittest.main(verbosity=2)
