#!/usr/bin/python3
"""bench_returns.py -- planning a synthetic CIN census (and SSDA903 return) of
2,000 and 20,000 children: CPU time, wall time and peak memory, against the
time libxml2 alone takes to read the same file (`xmllint --stream --noout`,
timed in the same run, alternately).  Prints numbers only; never fails
because something is slow.

    bench/bench_returns.py [--build DIR] [--runs K] [--sizes 2000,20000]
                           [--pack wiltshire] [--pin CPU]

Each figure is the median of K runs (default 5); CPU time is user + system
from GNU time (/usr/bin/time), the figure to trust on a shared machine;
peak RSS is its %M.
The inputs come from bench/gen_returns.py (seed 1)."""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(argv, pin, out):
    """Wall, CPU (user + system) seconds and peak RSS (MiB) of one run, read
    by GNU time: a process forked from Python would carry Python's own
    resident memory into ru_maxrss across exec."""
    if pin is not None:
        argv = ["taskset", "-c", str(pin)] + argv
    with open(os.devnull, "wb") as null:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", out] + argv,
                           stdout=null, stderr=subprocess.DEVNULL)
    if p.returncode != 0:
        sys.exit("bench_returns: failed: %s" % " ".join(argv))
    with open(out) as f:
        wall, user, system, kib = f.read().split()[-4:]
    return float(wall), float(user) + float(system), int(kib) / 1024.0


def median_of(runs, argvs, pin, out):
    """Runs each command `runs` times, alternately; medians of each."""
    got = [[] for _ in argvs]
    for _ in range(runs):
        for i, argv in enumerate(argvs):
            got[i].append(measure(argv, pin, out))
    return [tuple(statistics.median(r[k] for r in g) for k in range(3)) for g in got]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--pack", default="wiltshire")
    ap.add_argument("--pin", type=int)
    a = ap.parse_args()
    cli = os.path.join(a.build, "cli", "timescale")
    xmllint = shutil.which("xmllint")
    if not xmllint:
        sys.exit("bench_returns: needs xmllint (Debian: libxml2-utils)")
    tmp = tempfile.mkdtemp()
    try:
        print("%-8s %-11s %9s %9s %9s %7s %9s" % ("children", "input", "baseline", "cpu s",
                                                 "ratio", "wall s", "peak MiB"))
        for n in (int(x) for x in a.sizes.split(",")):
            d = os.path.join(tmp, str(n))
            subprocess.run([sys.executable, os.path.join(HERE, "gen_returns.py"), str(n), d],
                           check=True)
            census = os.path.join(d, "census.xml")
            plan = [cli, "plan", "--rules", a.pack, "--today", "2027-03-31"]
            rows = [("census", plan + ["--cin-census", census]),
                    ("census.csv", plan + ["--cases", os.path.join(d, "census.csv")]),
                    ("ssda903", plan + ["--ssda903", os.path.join(d, "ssda903")]),
                    ("ssda903.csv", plan + ["--cases", os.path.join(d, "ssda903.csv")])]
            base = [xmllint, "--stream", "--noout", census]
            results = median_of(a.runs, [base] + [argv for _, argv in rows], a.pin,
                                os.path.join(tmp, "time.out"))
            bwall, bcpu, bmem = results[0]
            print("%-8d %-11s %9s %9.3f %9s %7.3f %9.1f" % (n, "xmllint", "-", bcpu, "1.00",
                                                           bwall, bmem))
            for (name, _), (wall, cpu, mem) in zip(rows, results[1:]):
                print("%-8d %-11s %9.3f %9.3f %9.2f %7.3f %9.1f"
                      % (n, name, bcpu, cpu, cpu / bcpu, wall, mem))
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
