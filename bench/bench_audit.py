#!/usr/bin/python3
"""timescale audit against plan on the same synthetic caseload
(bench/audit_caseload.py): CPU time (user + system) of each command, median
of RUNS, and audit's as a ratio to plan's timed in the same run.  Prints
numbers only; asserts no timing.

usage: bench/bench_audit.py CLI [CASES] [RUNS]     (defaults 20000, 5)

  plan          plan --rules swindon --cases F --today 2026-03-31 --format csv --output O
  audit         audit --rules swindon --cases F --as-of 2026-03-31 --format csv --output O
  audit detail  the same with --detail (every due item written)
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audit_caseload  # noqa: E402

AS_OF = "2026-03-31"


def cpu_of(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cli = sys.argv[1]
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with tempfile.TemporaryDirectory() as tmp:
        caseload, out = os.path.join(tmp, "caseload.csv"), os.path.join(tmp, "out")
        audit_caseload.write(cases, caseload)
        base = ["--rules", "swindon", "--cases", caseload, "--format", "csv", "--output", out]
        commands = {
            "plan": [cli, "plan", "--today", AS_OF] + base,
            "audit": [cli, "audit", "--as-of", AS_OF] + base,
            "audit detail": [cli, "audit", "--as-of", AS_OF, "--detail"] + base,
        }
        lines = {}
        for name, argv in commands.items():
            subprocess.run(argv, check=True)
            with open(out) as f:
                lines[name] = sum(1 for _ in f) - 1
        times = {name: [] for name in commands}
        for _ in range(runs):          # interleaved, so load changes hit all alike
            for name, argv in commands.items():
                times[name].append(cpu_of(argv))
    print("%d cases, %d runs, CPU seconds (user + system), median (min .. max)" % (cases, runs))
    plan = statistics.median(times["plan"])
    for name, t in times.items():
        med = statistics.median(t)
        print("%-13s %7.3f s (%.3f .. %.3f)  %.2fx plan  %9d rows" %
              (name, med, min(t), max(t), med / plan, lines[name]))


main()
