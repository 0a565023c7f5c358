#!/usr/bin/env python3
"""bench_python.py -- ns per date for add-working-days through the Python
bindings' batch call, against numpy.busday_offset on the same arrays in the
same run.  Prints numbers only; nothing here passes or fails.

    TIMESCALE_LIBRARY=build/src/libtimescale.so python3 bench/bench_python.py [N] [REPEATS]

Both sides get the same 1,000,000 random dates in 1950-2100, the same
offsets in -250..250 and the same holidays (the calendar's own list), and
both return datetime64[D].  The timescale figure includes everything the
package does around the C call: datetime64 -> int32 day numbers, the range
check, and int32 -> datetime64 on the way back.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings",
                                "python"))

import numpy as np  # noqa: E402

import timescale  # noqa: E402


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), sorted(times)[len(times) // 2]


def main():
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


if __name__ == "__main__":
    main()
