#!/usr/bin/env python3
"""bench_python.py -- ns per date for add-working-days through the Python
bindings' batch call, against numpy.busday_offset on the same arrays in the
same run.  Prints numbers only; nothing here passes or fails.

    TIMESCALE_LIBRARY=build/src/libtimescale.so python3 bench/bench_python.py [N] [REPEATS]
    TIMESCALE_LIBRARY=... [TSC_CLI=build/cli/timescale] python3 bench/bench_python.py plans [CASES]

Both sides get the same 1,000,000 random dates in 1950-2100, the same
offsets in -250..250 and the same holidays (the calendar's own list), and
both return datetime64[D].  The timescale figure includes everything the
package does around the C call: datetime64 -> int32 day numbers, the range
check, and int32 -> datetime64 on the way back.
"""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings",
                                "python"))

import timescale  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), sorted(times)[len(times) // 2]


def main():
    import numpy as np
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    rng = np.random.default_rng(20261126)
    lo, hi = np.datetime64("1950-01-01"), np.datetime64("2100-12-31")
    dates = lo + rng.integers(0, int((hi - lo).astype(np.int64)), n)
    steps = rng.integers(-250, 251, n)
    steps32 = steps.astype(np.int32)

    print("library %s (%s), numpy %s, %d dates, best and median of %d"
          % (timescale.library_version(), timescale.library_path, np.__version__, n, repeats))
    for name in ("england-and-wales", "scotland"):
        with timescale.Calendar(name) as cal:
            hols = np.array(sorted({h.date for h in cal.holidays("1940-01-01", "2110-12-31")}),
                            dtype="datetime64[D]")
            bc = np.busdaycalendar(weekmask="1111100", holidays=hols)

            def ours():
                return cal.add_working_days_many(dates, steps32)

            def numpys():
                fwd = np.busday_offset(dates, steps, roll="backward", busdaycal=bc)
                back = np.busday_offset(dates, steps, roll="forward", busdaycal=bc)
                return np.where(steps > 0, fwd, np.where(steps < 0, back, dates))

            def numpy_one_roll():
                # A lower bound for numpy: one call, ignoring that negative
                # offsets need the other roll (the answers differ from ours).
                return np.busday_offset(dates, steps, roll="backward", busdaycal=bc)

            same = np.array_equal(ours(), numpys())
            t_ours, m_ours = best_of(repeats, ours)
            t_np, m_np = best_of(repeats, numpys)
            t_np1, m_np1 = best_of(repeats, numpy_one_roll)
            t_cnt, m_cnt = best_of(repeats, lambda: cal.count_working_days_many(dates,
                                                                               dates + steps))
            t_npc, m_npc = best_of(repeats, lambda: np.busday_count(dates, dates + steps,
                                                                    busdaycal=bc))
            per = 1e9 / n
            print("%s (%d holidays; answers %s):" % (name, hols.size,
                                                    "identical" if same else "DIFFER"))
            print("  add   timescale batch          %6.1f ns/date (median %6.1f)"
                  % (t_ours * per, m_ours * per))
            print("  add   numpy.busday_offset x2   %6.1f ns/date (median %6.1f)   ratio %.1fx"
                  % (t_np * per, m_np * per, t_np / t_ours))
            print("  add   numpy.busday_offset x1   %6.1f ns/date (median %6.1f)   ratio %.1fx"
                  % (t_np1 * per, m_np1 * per, t_np1 / t_ours))
            print("  count timescale batch          %6.1f ns/date (median %6.1f)"
                  % (t_cnt * per, m_cnt * per))
            print("  count numpy.busday_count       %6.1f ns/date (median %6.1f)   ratio %.1fx"
                  % (t_npc * per, m_npc * per, t_npc / t_cnt))

    with timescale.Calendar("england-and-wales") as cal:
        few = [d.item() for d in dates[:100_000]]
        t0 = time.perf_counter()
        cal.add_working_days_many(few, 10)
        t_list = time.perf_counter() - t0
        t0 = time.perf_counter()
        for d in few[:20_000]:
            cal.add_working_days(d, 10)
        t_single = time.perf_counter() - t0
        print("lists of datetime.date through the batch call: %.0f ns/date; "
              "one add_working_days call: %.0f ns" % (t_list * 1e9 / len(few),
                                                      t_single * 1e9 / 20_000))


def caseload(pack, count):
    """`count` cases: the hand-worked cases of tests/packs/PACK.cases (their
    events, as text), repeated."""
    cases, current = [], None
    with open(os.path.join(ROOT, "tests", "packs", pack + ".cases"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*(case|event)\s+(\S+)(?:\s+(\S+))?", line)
            if m and m.group(1) == "case":
                current = []
                cases.append(current)
            elif m and current is not None:
                current.append((m.group(2), m.group(3)))
    cases = [c for c in cases if c]
    return [cases[i % len(cases)] for i in range(count)]


def plans(count):
    """Cases per second through one reused Plan, through a new Pack.plan per
    case, and through the CLI's --cases on the same caseload (whole packs,
    horizon the latest event + 366 days)."""
    cli = os.environ.get("TSC_CLI")
    print("library %s (%s), %d cases per pack, best of 3" % (timescale.library_version(),
                                                             timescale.library_path, count))
    for name in ("swindon", "bucks"):
        load = caseload(name, count)
        dicts = []
        for events in load:
            d = {}
            for e, w in events:
                d.setdefault(e, []).append(w)
            dicts.append(d)
        with timescale.Pack(name) as pack, timescale.Calendar(pack.calendar) as cal:
            plan = timescale.Plan()
            items = sum(len(plan.compute(pack, cal, d)) for d in dicts)

            def reuse_count():
                for d in dicts:
                    len(plan.compute(pack, cal, d))

            def reuse_items():
                for d in dicts:
                    plan.compute(pack, cal, d).items

            def fresh():
                for d in dicts:
                    pack.plan(cal, d).items

            print("%s: %d items (%.1f a case)" % (name, items, items / count))
            for label, fn in (("one Plan reused, len() only", reuse_count),
                              ("one Plan reused, items converted", reuse_items),
                              ("new Pack.plan per case, items", fresh)):
                t, _ = best_of(3, fn)
                print("  %-34s %7.1f us/case  %6.2f us/item" % (label, t * 1e6 / count,
                                                                t * 1e6 / max(items, 1)))
            if cli:
                rows = ["case_id,event,date"] + [
                    "c%07d,%s,%s" % (k, e, w) for k, events in enumerate(load) for e, w in events]
                text = "\n".join(rows) + "\n"
                t, _ = best_of(3, lambda: subprocess.run(
                    [cli, "plan", "--rules", name, "--cases", "-", "--format", "csv",
                     "--today", "2026-06-01"], input=text, capture_output=True, text=True,
                    check=False))
                print("  %-34s %7.1f us/case  (process start and CSV included)"
                      % ("CLI plan --cases", t * 1e6 / count))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "plans":
        plans(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
    else:
        main()
