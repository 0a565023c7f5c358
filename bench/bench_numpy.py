#!/usr/bin/python3
"""The bench_workdays workload through numpy.busday_offset / busday_count.

usage: bench_numpy.py --cli TIMESCALE [--reps R] [--limit N] WORKLOAD.bin...

Reads the files `bench_workdays --write-workload` writes (format in
bench/README.md).  The holidays come from our own library, through
`timescale holidays --calendar england-and-wales`, so numpy and we use the
same calendar and every answer must agree; a difference is printed as a
mismatch (the run still finishes: this is a benchmark, not a test).

numpy is given its best case: one np.busdaycalendar built ahead of time,
and the queries split by sign of n ahead of time, outside the timing:
  n > 0   busday_offset(from, n, roll='backward')  -- roll back onto a
          business day, then n forward: the n-th strictly after `from`
  n < 0   busday_offset(from, n, roll='forward')   -- the mirror image
  n == 0  `from` itself (our convention; numpy would roll it), not timed
  count   busday_count(from, from + n): half-open [from, to), negative
          when to < from, like ours.
"""
import argparse
import statistics
import subprocess
import sys
import time

import numpy as np

# Our day numbers are Python's date.toordinal(); datetime64[D] counts from
# 1970-01-01, which is day 719163 (date(1970, 1, 1).toordinal()).
UNIX_EPOCH = 719163
HEADER = 24
COLUMNS = ("from", "n", "to", "add", "count")


def read_workload(path):
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size < HEADER or bytes(raw[:8]) != b"TSCWL1\0\0":
        sys.exit(f"bench_numpy.py: {path}: not a TSCWL1 workload")
    count = int(raw[8:12].view("<u4")[0])
    nmin, nmax = (int(v) for v in raw[12:20].view("<i4"))
    body = raw[HEADER:HEADER + 4 * count * len(COLUMNS)].view("<i4")
    if body.size != count * len(COLUMNS):
        sys.exit(f"bench_numpy.py: {path}: truncated")
    cols = {name: body[i * count:(i + 1) * count] for i, name in enumerate(COLUMNS)}
    return nmin, nmax, cols


def holidays(cli):
    out = subprocess.run([cli, "holidays", "--calendar", "england-and-wales",
                          "--from", "1990", "--to", "2110"],
                         check=True, capture_output=True, text=True).stdout
    days = sorted({line.split("\t")[0] for line in out.splitlines() if line})
    return np.array(days, dtype="datetime64[D]")


def to_datetime64(days):
    return (days.astype(np.int64) - UNIX_EPOCH).astype("datetime64[D]")


def best_and_median(reps, count, fn):
    ns = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        fn()
        ns.append((time.perf_counter_ns() - t0) / count)
    return min(ns), statistics.median(ns)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True, help="the timescale CLI, for the holidays")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N queries")
    ap.add_argument("workloads", nargs="+")
    args = ap.parse_args()

    hol = holidays(args.cli)
    cal = np.busdaycalendar(weekmask="1111100", holidays=hol)
    print(f"numpy {np.__version__}, {hol.size} england-and-wales holidays "
          f"{hol[0]}..{hol[-1]} from {args.cli}; best/median of {args.reps}")

    for path in args.workloads:
        nmin, nmax, cols = read_workload(path)
        if args.limit:
            cols = {k: v[:args.limit] for k, v in cols.items()}
        count = cols["from"].size
        start, n = to_datetime64(cols["from"]), cols["n"].astype(np.int64)
        end = to_datetime64(cols["to"])
        fwd, back = n > 0, n < 0
        start_f, n_f, start_b, n_b = start[fwd], n[fwd], start[back], n[back]

        def add():
            return (np.busday_offset(start_f, n_f, roll="backward", busdaycal=cal),
                    np.busday_offset(start_b, n_b, roll="forward", busdaycal=cal))

        def count_between():
            return np.busday_count(start, end, busdaycal=cal)

        got_f, got_b = add()
        got = start.copy()
        got[fwd], got[back] = got_f, got_b
        got_days = got.astype(np.int64) + UNIX_EPOCH
        got_count = count_between()
        add_wrong = int(np.count_nonzero(got_days != cols["add"]))
        count_wrong = int(np.count_nonzero(got_count != cols["count"]))
        for i in np.flatnonzero(got_days != cols["add"])[:5]:
            print(f"  MISMATCH add {start[i]} {n[i]:+d}: ours "
                  f"{to_datetime64(cols['add'][i:i + 1])[0]}, numpy {got[i]}")
        for i in np.flatnonzero(got_count != cols["count"])[:5]:
            print(f"  MISMATCH count {start[i]}..{end[i]}: ours {cols['count'][i]}, "
                  f"numpy {got_count[i]}")

        ta = best_and_median(args.reps, count, add)
        tc = best_and_median(args.reps, count, count_between)
        print(f"{path}: {count} queries, n in [{nmin}, {nmax}]")
        print(f"  add    busday_offset  best {ta[0]:9.2f}  median {ta[1]:9.2f} ns/op; "
              f"{add_wrong} differ from ours")
        print(f"  count  busday_count   best {tc[0]:9.2f}  median {tc[1]:9.2f} ns/op; "
              f"{count_wrong} differ from ours")
        for op, method, t, wrong in (("add", "busday_offset", ta, add_wrong),
                                     ("count", "busday_count", tc, count_wrong)):
            print(f"RESULT impl=numpy method={method} op={op} range={nmax} best={t[0]:.3f} "
                  f"median={t[1]:.3f} reps={args.reps} queries={count} mismatches={wrong}")


if __name__ == "__main__":
    main()
