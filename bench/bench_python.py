#!/usr/bin/env python3
"""bench_python.py -- what the Python bindings cost, each figure next to a
baseline timed in the same run.  Prints numbers only; nothing here passes
or fails.

    TIMESCALE_LIBRARY=build/src/libtimescale.so /usr/bin/python3 bench/bench_python.py \\
        [single|batch|import|plans|all] [ROUNDS]

single   one cal.add_working_days(d, 5) (and the other single queries)
         against the bare ctypes call as the package declares the C
         function (CDLL, argtypes, a prepared byref out-parameter) and a
         plain-Python loop stepping over weekends and a set of holidays; then
         what each step of the wrapper costs.
batch    ns per date of add_working_days_many / count_working_days_many on
         1,000,000 datetime64[D] dates (fresh result, and out= reused)
         against the bare C batch call on ready int32 buffers (the floor)
         and numpy.busday_offset / busday_count with the same holidays.
import   `python3 -c "import timescale"` against `python3 -c pass` (and
         `import numpy`), as whole processes with their bytecode cached (as
         an installed package has it), elapsed and CPU time; with
         TSC_BASELINE_PACKAGE=DIR also another copy of bindings/python.
plans    cases per second through one reused Plan, a new Pack.plan per case
         and the CLI's --cases (TSC_CLI=build/cli/timescale), [CASES] cases.

Each figure is the median of ROUNDS rounds (default 7); in each round every
method of a table is timed once, one after the other, so a ratio is the
median of ratios taken within one round, under the same load.  single and
batch count this process's CPU time (time.process_time), import both the
elapsed and the CPU time of the child processes.
"""

import ctypes
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import time
import timeit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
PACKAGE = os.path.join(ROOT, "bindings", "python")
sys.path.insert(0, PACKAGE)

import timescale  # noqa: E402
from timescale import _lib  # noqa: E402
from timescale.dates import day as _day, int32 as _int32  # noqa: E402


# The single and batch figures are this process's CPU time: on a machine
# shared with other jobs, time spent descheduled would swamp nanoseconds.
CLOCK = time.process_time


def rounds_of(methods, rounds, per_call):
    """{name: [ns per unit in each round]}: each round times every method once."""
    out = {name: [] for name in methods}
    for _ in range(rounds):
        for name, fn in methods.items():
            out[name].append(per_call(fn))
    return out


def report(results, baseline, unit, note=""):
    base = results[baseline]
    for name, ns in results.items():
        ratio = statistics.median(x / b for x, b in zip(ns, base))
        print("  %-44s %8.1f %s   %5.2fx %s" % (name, statistics.median(ns), unit, ratio,
                                                 "(baseline)" if name == baseline else ""))
    if note:
        print("  " + note)


# ---- single calls ----

def plain_python_add(d, n, holidays):
    """n (> 0) working days after d: a loop a user would write without us."""
    k = d.toordinal()
    while n:
        k += 1
        if k % 7 not in (6, 0) and k not in holidays:   # ordinal 1 was a Monday
            n -= 1
    return dt.date.fromordinal(k)


def single(rounds):
    cal = timescale.Calendar("england-and-wales")
    d = dt.date(2026, 4, 2)      # Thursday before Easter: Good Friday, Easter Monday: 5 working days is 13 April
    holidays = frozenset(h.date.toordinal() for h in cal.holidays("1990-01-01", "2100-12-31"))
    assert plain_python_add(d, 5, holidays) == cal.add_working_days(d, 5) == dt.date(2026, 4, 13)

    h, n = cal._handle, d.toordinal()
    declared = _lib.lib.tsc_calendar_add_working_days       # CDLL, argtypes declared
    out = ctypes.c_int32()
    pout = ctypes.byref(out)
    fast = _lib.fast.tsc_calendar_add_working_days          # PyDLL, no conversions
    ptr = cal._ptr
    arr = (ctypes.c_int32 * 1)()

    def before(d, k):
        # The wrapper as 0.1.0 had it (e66dc0a), for comparison.
        out = ctypes.c_int32()
        args = (cal._h(), _day(d), _int32(k, "n"))
        if declared(*args, ctypes.byref(out), None):
            raise AssertionError
        return dt.date.fromordinal(out.value)

    number = 100_000
    env = {"cal": cal, "d": d, "h": h, "n": n, "declared": declared, "pout": pout,
           "fast": fast, "ptr": ptr, "arr": arr, "holidays": holidays, "before": before,
           "plain": plain_python_add, "Out": ctypes.c_int32 * 1, "fromordinal":
           dt.date.fromordinal, "date": dt.date, "e": dt.date(2026, 6, 1), "Roll":
           timescale.Roll}

    def timer(stmt):
        t = timeit.Timer(stmt, timer=CLOCK, globals=env)
        return lambda: t.timeit(number)

    def per_call(fn):
        return fn() * 1e9 / number

    print("single calls, ns of CPU per call (median of %d rounds of %d calls; ratio to the "
          "first)"
          % (rounds, number))
    results = rounds_of({
        "bare ctypes call (CDLL, argtypes, byref)": timer("declared(h, n, 5, pout, None)"),
        "cal.add_working_days(d, 5)": timer("cal.add_working_days(d, 5)"),
        "the same, wrapped as in 0.1.0": timer("before(d, 5)"),
        "plain Python loop over a holiday set": timer("plain(d, 5, holidays)"),
    }, rounds, per_call)
    report(results, "bare ctypes call (CDLL, argtypes, byref)", "ns")

    print("the other single queries, and what the wrapper's steps cost (ns per call)")
    env["ctypes"], env["out"] = ctypes, out
    results = rounds_of({
        "bare ctypes call (CDLL, argtypes, byref)": timer("declared(h, n, 5, pout, None)"),
        "cal.is_working_day(d)": timer("cal.is_working_day(d)"),
        "cal.next_working_day(d)": timer("cal.next_working_day(d)"),
        "cal.count_working_days(d, e)": timer("cal.count_working_days(d, e)"),
        "cal.roll(d, Roll.FOLLOWING)": timer("cal.roll(d, Roll.FOLLOWING)"),
        "  C call keeping the GIL, no conversions": timer("fast(ptr, n, 5, arr, None)"),
        "  a fresh out-parameter (c_int32 * 1)()": timer("Out()"),
        "  c_int32() and byref() (0.1.0)": timer("ctypes.c_int32(); ctypes.byref(out)"),
        "  d.toordinal()": timer("d.toordinal()"),
        "  date.fromordinal(n)": timer("fromordinal(n)"),
        "  type(d) is date and a range check of n": timer(
            "type(d) is date and type(5) is int and -2147483648 <= 5 <= 2147483647"),
        "  an empty statement (the timing loop)": timer("pass"),
    }, rounds, per_call)
    report(results, "bare ctypes call (CDLL, argtypes, byref)", "ns")
    cal.close()


# ---- batch calls ----

def batch(rounds, count=1_000_000):
    import numpy as np
    rng = np.random.default_rng(20261126)
    lo, hi = np.datetime64("1950-01-01"), np.datetime64("2100-12-31")
    dates = lo + rng.integers(0, int((hi - lo).astype(np.int64)), count)
    steps = rng.integers(-250, 251, count)
    steps32 = steps.astype(np.int32)
    ends = dates + steps
    print("batch calls on %d datetime64[D] dates, ns of CPU per date (median of %d rounds; "
          "numpy %s)"
          % (count, rounds, np.__version__))
    for name in ("england-and-wales", "scotland"):
        with timescale.Calendar(name) as cal:
            hols = np.array(sorted({h.date for h in cal.holidays("1940-01-01", "2110-12-31")}),
                            dtype="datetime64[D]")
            bc = np.busdaycalendar(weekmask="1111100", holidays=hols)
            day0 = timescale.UNIX_EPOCH_ORDINAL
            from_i32 = (dates.astype(np.int64) + day0).astype(np.int32)
            to_i32 = (ends.astype(np.int64) + day0).astype(np.int32)
            c_out = np.empty(count, np.int32)
            reused = np.empty(count, "datetime64[D]")
            counts = np.empty(count, np.int32)
            h = cal._handle

            def c_add():
                _lib.lib.tsc_calendar_add_working_days_batch(
                    h, from_i32.ctypes.data, steps32.ctypes.data, count, c_out.ctypes.data, None)

            def c_count():
                _lib.lib.tsc_calendar_count_working_days_batch(
                    h, from_i32.ctypes.data, to_i32.ctypes.data, count, 0, c_out.ctypes.data,
                    None)

            def numpy_add():
                fwd = np.busday_offset(dates, steps, roll="backward", busdaycal=bc)
                back = np.busday_offset(dates, steps, roll="forward", busdaycal=bc)
                return np.where(steps > 0, fwd, np.where(steps < 0, back, dates))

            ours = cal.add_working_days_many(dates, steps32)
            same = np.array_equal(ours, numpy_add())
            same = same and np.array_equal(cal.count_working_days_many(dates, ends),
                                           np.busday_count(dates, ends, busdaycal=bc))

            def per_date(fn):
                t0 = CLOCK()
                fn()
                return (CLOCK() - t0) * 1e9 / count
            print("%s (%d holidays; answers %s numpy's):"
                  % (name, hols.size, "identical to" if same else "DIFFER from"))
            results = rounds_of({
                "C batch call on int32 buffers (the floor)": c_add,
                "add_working_days_many(dates, ns)": lambda: cal.add_working_days_many(
                    dates, steps32),
                "add_working_days_many(dates, ns, out=)": lambda: cal.add_working_days_many(
                    dates, steps32, out=reused),
                "numpy.busday_offset, both rolls": numpy_add,
            }, rounds, per_date)
            report(results, "C batch call on int32 buffers (the floor)", "ns/date")
            results = rounds_of({
                "C batch call on int32 buffers (the floor)": c_count,
                "count_working_days_many(starts, ends)": lambda: cal.count_working_days_many(
                    dates, ends),
                "count_working_days_many(..., out=)": lambda: cal.count_working_days_many(
                    dates, ends, out=counts),
                "numpy.busday_count": lambda: np.busday_count(dates, ends, busdaycal=bc),
            }, rounds, per_date)
            report(results, "C batch call on int32 buffers (the floor)", "ns/date")


# ---- import time ----

def import_time(rounds):
    import resource
    import tempfile
    # As an installed package runs: bytecode compiled once and cached (in a
    # temporary folder, not the source tree).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=PACKAGE, PYTHONPYCACHEPREFIX=tempfile.mkdtemp(prefix="tsc-pyc-"))
    python = sys.executable

    def cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    baseline_package = os.environ.get("TSC_BASELINE_PACKAGE")
    if baseline_package:
        # Another checkout's bindings/python (e.g. `git archive main`), same library.
        other = dict(env, PYTHONPATH=baseline_package,
                     PYTHONPYCACHEPREFIX=tempfile.mkdtemp(prefix="tsc-pyc-"))

    def process(code, clock):
        # clock "wall": elapsed time; "cpu": the child's user + system time,
        # which other jobs on a loaded machine disturb less.
        code, run_env = (code[len("BASELINE:"):], other) if code.startswith("BASELINE:") \
            else (code, env)

        def run():
            t0, c0 = time.perf_counter(), cpu()
            subprocess.run([python, "-c", code], env=run_env, check=True)
            return ((time.perf_counter() - t0) if clock == "wall" else (cpu() - c0)) * 1e3
        return run
    codes = [("pass", "pass"), ("import timescale", "import timescale"),
             ("import timescale; one add_working_days",
              "import timescale, datetime; timescale.Calendar('england-and-wales')"
              ".add_working_days(datetime.date(2026, 4, 2), 5)"),
             ("import numpy", "import numpy")]
    if baseline_package:
        codes.insert(2, ("import timescale ($TSC_BASELINE_PACKAGE)",
                         "BASELINE:import timescale"))
    for _, code in codes:
        process(code, "cpu")()   # compile and cache the bytecode
    for clock in ("wall", "cpu"):
        print("whole processes, %s -c CODE, bytecode cached, ms of %s time (median of %d "
              "rounds)" % (python, "elapsed" if clock == "wall" else "user + system CPU",
                           rounds))
        results = rounds_of({label: process(code, clock) for label, code in codes}, rounds,
                            lambda fn: fn())
        report(results, "pass", "ms")
    with_numpy = subprocess.run([python, "-c", "import sys, timescale; print('numpy' in "
                                 "sys.modules)"], env=env, capture_output=True, text=True)
    print("  numpy imported by import timescale: %s" % with_numpy.stdout.strip())


# ---- plans ----

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


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), sorted(times)[len(times) // 2]


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


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    arg = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print("library %s (%s), Python %s" % (timescale.library_version(), timescale.library_path,
                                          sys.version.split()[0]))
    if what in ("single", "all"):
        single(arg or 7)
    if what in ("batch", "all"):
        batch(arg or 7)
    if what in ("import", "all"):
        import_time(arg or 15)
    if what == "plans":
        plans(arg or 10_000)
    if what not in ("single", "batch", "import", "plans", "all"):
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
