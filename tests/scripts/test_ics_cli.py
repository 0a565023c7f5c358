"""The CLI's --ics options: golden files of small plans (DTSTAMP fixed by
SOURCE_DATE_EPOCH), atomic writes under a failing disk, errors that are
reported, and a holiday list exported and read back.

Regenerate the golden files after an intended change with
TSC_UPDATE_GOLDEN=1, and read the diff before committing it."""

import os
import resource
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import ics_common as C  # noqa: E402

GOLDEN = os.path.join(C.TEST_DIR, "golden")

# Each golden file and the command that writes it to standard output.
CASES = {
    # The plan from the issue: a referral and a strategy discussion; all-day
    # events, reminders on the working day before (2 March 2026 is a Monday).
    "swindon-small.ics": ["plan", "--rules", "swindon", "--event", "referral=2026-03-02",
                          "--event", "strategy-discussion=2026-03-03", "--case-id", "case-123",
                          "--today", "2026-03-04", "--ics", "-"],
    # An hour rule as a VTODO: 48 hours from Fri 27 March 14:00 GMT is Sun 29 March
    # 15:00 BST, so the VTIMEZONE holds the clock change; reminder Fri 09:00 GMT.
    "rule-48-hours-todo.ics": ["rule", "48 hours after icpc", "--event",
                               "icpc=2026-03-27T14:00", "--until", "2026-04-30", "--case-id",
                               "7", "--component", "todo", "--ics", "-"],
    # St Helena's 2027 holidays, GOV.UK's shape.
    "st-helena-2027.ics": ["holidays", "--calendar", "st-helena", "--year", "2027",
                           "--ics", "-"],
}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def golden():
    for name, args in CASES.items():
        env = dict(os.environ, SOURCE_DATE_EPOCH=C.STAMP, TZ="Europe/London")
        p = subprocess.run([C.CLI] + args, capture_output=True, env=env)
        check(p.returncode == 0, "%s: %r" % (" ".join(args), p.stderr))
        got = p.stdout
        path = os.path.join(GOLDEN, name)
        if os.environ.get("TSC_UPDATE_GOLDEN"):
            with open(path, "wb") as f:
                f.write(got)
        with open(path, "rb") as f:
            want = f.read()
        check(got == want, "%s differs from %s (TSC_UPDATE_GOLDEN=1 rewrites it)" % (
            " ".join(args), path))
        check(b"\r\n" in got and b"\n" not in got.replace(b"\r\n", b""),
              name + ": lines must end in CR LF")


def limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, resource.RLIM_INFINITY))


def atomic(tmp):
    path = os.path.join(tmp, "case.ics")
    old = b"BEGIN:VCALENDAR\r\nthe worker's last file\r\nEND:VCALENDAR\r\n"
    with open(path, "wb") as f:
        f.write(old)
    args = C.plan_args("swindon", C.SWINDON_EVENTS, "123", "2026-07-31") + ["--ics", path]
    env = dict(os.environ, SOURCE_DATE_EPOCH=C.STAMP)
    p = subprocess.run([C.CLI] + args, capture_output=True, text=True, env=env,
                       preexec_fn=limit_file_size)
    check(p.returncode == 2, "a failing write exits 2, got %d" % p.returncode)
    check(path in p.stderr and "write failed" in p.stderr,
          "the error names the file: %r" % p.stderr)
    with open(path, "rb") as f:
        check(f.read() == old, "a failing write changed the old file")
    check(os.listdir(tmp) == ["case.ics"], "left behind: %s" % os.listdir(tmp))
    # Without the limit it is replaced whole.
    C.run(args)
    with open(path, "rb") as f:
        new = f.read()
    check(new.startswith(b"BEGIN:VCALENDAR\r\n") and new.endswith(b"END:VCALENDAR\r\n")
          and len(new) > 10000, "the new file is whole")


def errors(tmp):
    bad_prev = os.path.join(tmp, "bad.ics")
    with open(bad_prev, "w") as f:
        f.write("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x@timescale\nEND:VCALENDAR\n")
    out = os.path.join(tmp, "out.ics")
    sw = C.plan_args("swindon", C.SWINDON_EVENTS, "123", "2026-07-31")
    no_id = [a for a in sw if a not in ("--case-id", "123")]
    cases = [
        (no_id + ["--ics", out], "--ics needs --case-id"),
        (sw, "--case-id needs --ics"),
        (sw + ["--ics", out, "--component", "journal"], "expected event or todo"),
        (sw + ["--ics", out, "--alarm", "-1"], "--alarm"),
        (sw + ["--ics", out, "--previous", bad_prev], bad_prev + ":4:"),
        (sw + ["--ics", out, "--dtstamp", "yesterday"], "--dtstamp"),
        (sw + ["--ics", os.path.join(tmp, "no", "such", "dir.ics")], "cannot create"),
    ]
    for args, message in cases:
        p = C.run(args, check=False)
        check(p.returncode == 2 and message in p.stderr,
              "%s: exit %d, stderr %r (want %r)" % (" ".join(args[-4:]), p.returncode, p.stderr,
                                                  message))
    check(not os.path.exists(out), "a failed export wrote %s" % out)


def holidays_back(tmp):
    path = os.path.join(tmp, "scotland.ics")
    C.run(["holidays", "--calendar", "scotland", "--from", "2026", "--to", "2030", "--ics", path])
    for year in ("2026", "2027", "2030"):
        want = C.run(["holidays", "--calendar", "scotland", "--year", year]).stdout
        got = C.run(["holidays", "--calendar", path, "--year", year]).stdout
        check(want == got and want.count("\n") >= 9,
              "scotland %s read back from .ics:\n%s\nwant\n%s" % (year, got, want))


def main():
    if not C.CLI:
        C.skip("TSC_CLI is not set")
    golden()
    for part in (atomic, errors, holidays_back):
        with tempfile.TemporaryDirectory() as tmp:
            part(tmp)
    if failures:
        print("%d failed" % len(failures))
        sys.exit(1)
    print("1 passed, 0 failed")


main()
