#!/usr/bin/python3
"""`timescale plan --cases FILE --ics OUT` on a synthetic caseload (issue
15.2, the file written once): CPU time (user, system) and the bytes the
process wrote (wchar of /proc/PID/io, read before the exited child is
reaped) over the size of the file, for each CLI given, run alternately,
median of the rounds.  The caseload is bench_ics's: case i a referral on
one of 300 days from 5 January 2026, every other case an ICPC at a time of
day (timed items: a VTIMEZONE), horizon the CLI's default.

Each CLI runs twice a round: with the caseload's file (planned a first
time for the years, the .ics streamed: written once) and with the caseload
on standard input (read once, so not planned ahead: the body kept aside and
copied after the head, as every run did before), the baseline in the same
run.  Give an older build too to compare with it.

usage: bench_ics_once.py [--cases N] [--rounds R] CLI [CLI ...]"""

import datetime
import os
import statistics
import subprocess
import sys
import tempfile


def caseload(n):
    rows = ["case_id,event,date"]
    for i in range(n):
        referral = datetime.date(2026, 1, 5) + datetime.timedelta(days=i % 300)
        rows.append("c%06d,referral,%s" % (i, referral))
        rows.append("c%06d,assessment-start,%s" % (i, referral + datetime.timedelta(days=1)))
        if i % 2:
            icpc = referral + datetime.timedelta(days=10)
            rows.append("c%06d,icpc,%sT%02d:30" % (i, icpc, 9 + i % 8))
            rows.append("c%06d,cp-visit,%s" % (i, referral + datetime.timedelta(days=12)))
    return "\n".join(rows) + "\n"


def run(cli, cases, out, stdin):
    args = [cli, "plan", "--rules", "swindon", "--today", "2026-06-01",
            "--cases", "-" if stdin else cases, "--ics", out]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1772000000", TZ="Europe/London")
    with open(cases if stdin else os.devnull, "rb") as f:
        p = subprocess.Popen(args, stdin=f, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env)
        os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
        with open("/proc/%d/io" % p.pid) as io:
            wchar = int(dict(l.split(": ") for l in io.read().splitlines())["wchar"])
        _, status, ru = os.wait4(p.pid, 0)
    if status:
        sys.exit("%s failed" % cli)
    return ru.ru_utime, ru.ru_stime, wchar / os.path.getsize(out)


def main(argv):
    n, rounds, clis = 10000, 3, []
    i = 0
    while i < len(argv):
        if argv[i] == "--cases":
            n = int(argv[i + 1])
        elif argv[i] == "--rounds":
            rounds = int(argv[i + 1])
        else:
            clis.append(argv[i])
            i -= 1
        i += 2
    if not clis:
        sys.exit(__doc__.split("usage: ")[1])
    with tempfile.TemporaryDirectory() as d:
        cases = os.path.join(d, "cases.csv")
        with open(cases, "w") as f:
            f.write(caseload(n))
        runs = [(cli, stdin) for cli in clis for stdin in (False, True)]
        got = {r: [] for r in runs}
        for _ in range(rounds):
            for k, (cli, stdin) in enumerate(runs):
                got[cli, stdin].append(run(cli, cases, os.path.join(d, "out%d.ics" % k), stdin))
        size = os.path.getsize(os.path.join(d, "out0.ics"))
        print("%d cases, %.1f MiB in one file, %d rounds" % (n, size / 2**20, rounds))
        print("%-44s %8s %8s %8s %8s %13s" % ("median of", "CPU s", "user s", "sys s", "sys %",
                                             "written/size"))
        for cli, stdin in runs:
            r = got[cli, stdin]
            u = statistics.median(x[0] for x in r)
            s = statistics.median(x[1] for x in r)
            c = statistics.median(x[0] + x[1] for x in r)
            w = statistics.median(x[2] for x in r)
            name = "%s %s" % (cli[-34:], "stdin" if stdin else "file")
            print("%-44s %8.3f %8.3f %8.3f %7.1f%% %13.2f" % (name, c, u, s, 100 * s / c, w))


if __name__ == "__main__":
    main(sys.argv[1:])
