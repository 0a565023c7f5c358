"""--previous (issue 10): the previous export is read as a stream, so a file
over 64 MiB is accepted and memory does not follow the file's size; its
SEQUENCE and DTSTAMP are checked with file:line:column; CR LF, LF and a
byte-order mark read the same; a dropped item is still cancelled from the
old file when the new one replaces it."""

import os
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get("TSC_CLI")
ENV = dict(os.environ, TZ="Europe/London", SOURCE_DATE_EPOCH="1772000000")
SANITIZED = os.environ.get("TSC_SANITIZE", "OFF").upper() in ("ON", "1", "TRUE", "YES")

# A referral on Monday 2 March 2026: the decision is due Tuesday 3 March.
PLAN = ["plan", "--rules", "swindon", "--event", "referral=2026-03-02", "--until",
        "2026-03-31", "--case-id", "7"]
DECISION_UID = b"UID:7.swindon.referral.response-decision.1@timescale"


def run(args, env=ENV):
    p = subprocess.run([CLI] + args, capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode()


def components(data):
    """{UID: [lines]} of the VEVENTs in an export (unfolded, LF)."""
    text = data.replace(b"\r\n", b"\n").replace(b"\n ", b"")
    out, cur = {}, None
    for line in text.split(b"\n"):
        if line == b"BEGIN:VEVENT":
            cur = []
        elif line == b"END:VEVENT":
            uid = [x for x in cur if x.startswith(b"UID:")][0]
            out[uid] = cur
            cur = None
        elif cur is not None:
            cur.append(line)
    return out


def prop(lines, name):
    return [x.split(b":", 1)[1] for x in lines if x.split(b":", 1)[0].split(b";")[0] == name]


class Previous(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.first = os.path.join(self.tmp.name, "first.ics")
        rc, _, err = run(PLAN + ["--ics", self.first])
        self.assertEqual(rc, 0, err)
        with open(self.first, "rb") as f:
            self.data = f.read()

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def line_of(self, data, needle):
        return data[:data.index(needle)].count(b"\n") + 1

    def test_sequence_is_checked(self):
        first_seq = self.data.index(b"SEQUENCE:0")
        for bad in (b"2147483647", b"-1", b"12345678901234567890", b"1x", b""):
            data = self.data[:first_seq] + b"SEQUENCE:" + bad + self.data[first_seq + 10:]
            path = self.write("bad.ics", data)
            rc, out, err = run(PLAN + ["--ics", "-", "--previous", path])
            self.assertEqual((rc, out), (2, b""), bad)
            self.assertEqual(err, "timescale: %s:%d:10: SEQUENCE must be a whole number from 0 "
                                  "to 2147483646 (so that a change can raise it), got '%s'\n"
                             % (path, self.line_of(data, b"SEQUENCE:" + bad), bad.decode()))

    def test_largest_sequence_is_raised_without_overflow(self):
        decision = self.data.index(DECISION_UID)
        seq = self.data.index(b"SEQUENCE:0", decision)
        data = self.data[:seq] + b"SEQUENCE:2147483646" + self.data[seq + 10:]
        path = self.write("max.ics", data)
        # The referral a day later moves the decision: its SEQUENCE goes up
        # by one, to the largest there is.
        later = PLAN[:4] + ["referral=2026-03-03"] + PLAN[5:]
        rc, out, err = run(later + ["--ics", "-", "--previous", path])
        self.assertEqual(rc, 0, err)
        got = components(out)[DECISION_UID]
        self.assertEqual(prop(got, b"SEQUENCE"), [b"2147483647"])

    def test_dtstamp_is_checked(self):
        stamp = self.data.index(b"DTSTAMP:")
        end = self.data.index(b"\r\n", stamp)
        data = self.data[:stamp] + b"DTSTAMP:2026-02-25" + self.data[end:]
        path = self.write("stamp.ics", data)
        rc, out, err = run(PLAN + ["--ics", "-", "--previous", path])
        self.assertEqual((rc, out), (2, b""))
        self.assertEqual(err, "timescale: %s:%d:9: malformed DTSTAMP '2026-02-25' (expected a "
                              "UTC date-time like 20260225T061320Z)\n"
                         % (path, self.line_of(data, b"DTSTAMP:2026-02-25")))

    def test_line_ends_and_byte_order_mark(self):
        rc, want, err = run(PLAN + ["--ics", "-", "--previous", self.first])
        self.assertEqual(rc, 0, err)
        for name, data in (("lf.ics", self.data.replace(b"\r\n", b"\n")),
                           ("bom.ics", b"\xef\xbb\xbf" + self.data)):
            rc, got, err = run(PLAN + ["--ics", "-", "--previous", self.write(name, data)])
            self.assertEqual((rc, err), (0, ""), name)
            self.assertEqual(got, want, name)

    def test_dropped_item_cancelled_when_the_file_is_replaced(self):
        # The same path as --previous and --ics, as the README shows; the
        # referral is now recorded a week later, so the old decision's
        # occurrence changes and nothing is lost.
        path = self.write("case.ics", self.data)
        other = PLAN[:4] + ["referral=2026-03-09"] + PLAN[5:]
        rc, _, err = run(other + ["--ics", path, "--previous", path])
        self.assertEqual(rc, 0, err)
        with open(path, "rb") as f:
            new = components(f.read())
        decision = new[DECISION_UID]
        self.assertEqual(prop(decision, b"DTSTART;VALUE=DATE") or prop(decision, b"DTSTART"),
                         [b"20260310"])
        self.assertEqual(prop(decision, b"SEQUENCE"), [b"1"])
        # Without the referral at all, every old item is cancelled, read back
        # from the old file.
        rc, out, err = run(["plan", "--rules", "swindon", "--event", "strategy-discussion=2026-03-02",
                            "--until", "2026-03-31", "--case-id", "7", "--ics", "-",
                            "--previous", self.first])
        self.assertEqual(rc, 0, err)
        cancelled = components(out)[DECISION_UID]
        self.assertEqual(prop(cancelled, b"STATUS"), [b"CANCELLED"])
        self.assertEqual(prop(cancelled, b"SEQUENCE"), [b"1"])

    def test_file_over_64_mib(self):
        # Our components, then 300,000 of another program's (about 70 MB).
        other = (b"BEGIN:VEVENT\r\nUID:%07d@elsewhere.example\r\nDTSTAMP:20260101T000000Z\r\n"
                 b"DTSTART;VALUE=DATE:20260101\r\nSUMMARY:" + b"x" * 120 + b"\r\nEND:VEVENT\r\n")
        end = self.data.rindex(b"END:VCALENDAR")
        path = os.path.join(self.tmp.name, "big.ics")
        with open(path, "wb") as f:
            f.write(self.data[:end])
            for i in range(300000):
                f.write(other % i)
            f.write(self.data[end:])
        size = os.path.getsize(path)
        self.assertGreater(size, 64 << 20)
        p = subprocess.Popen([CLI] + PLAN + ["--ics", "-", "--previous", path],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        err = p.stderr.read().decode()
        p.stderr.close()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        self.assertEqual(p.returncode, 0, err)
        if not SANITIZED:
            # Peak memory is the program's own, not the file's 70 MB.
            print("file %d MiB, peak RSS %d MiB" % (size >> 20, usage.ru_maxrss >> 10))
            self.assertLess(usage.ru_maxrss * 1024, size // 4)


if __name__ == "__main__":
    if not CLI:
        print("SKIP: TSC_CLI not set")
        sys.exit(77)
    unittest.main(verbosity=2)
