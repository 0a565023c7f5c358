#!/usr/bin/python3
"""Writes a synthetic caseload CSV for `timescale audit` and `plan --cases`
(bench/bench_audit.py): children referred over a year, most with an
assessment, some with a section 47 enquiry, an ICPC and CP visits, some
looked after, each duty done early, on time, late or not at all.

usage: bench/audit_caseload.py CASES OUT.csv [SEED]
Deterministic for a given seed; events are in the swindon pack's vocabulary.
"""

import datetime as dt
import random
import sys

START = dt.date(2025, 4, 1)


def child(rng, case_id):
    day = START + dt.timedelta(days=rng.randrange(365))
    rows = [("referral", day),
            ("date-of-birth", day - dt.timedelta(days=365 * rng.randrange(1, 17)))]
    if rng.random() < 0.8:
        rows.append(("assessment-start", day + dt.timedelta(days=rng.randrange(1, 5))))
    if rng.random() < 0.7:
        rows.append(("assessment-completion", day + dt.timedelta(days=rng.randrange(20, 90))))
    if rng.random() < 0.4:
        s47 = day + dt.timedelta(days=rng.randrange(1, 10))
        rows.append(("strategy-discussion", s47))
        rows.append(("s47-start", s47))
        if rng.random() < 0.8:
            icpc = s47 + dt.timedelta(days=rng.randrange(10, 30))
            rows.append(("icpc", icpc))
            rows.append(("cp-plan-start", icpc))
            visit = icpc
            for _ in range(rng.randrange(0, 12)):
                visit += dt.timedelta(days=rng.randrange(5, 20))
                rows.append(("cp-visit", visit))
    if rng.random() < 0.25:
        lac = day + dt.timedelta(days=rng.randrange(0, 60))
        rows.append(("lac-start", lac))
        rows.append(("placement-start", lac))
    return [(case_id, event, d.isoformat()) for event, d in rows]


def write(cases, path, seed=1):
    rng = random.Random(seed)
    with open(path, "w") as f:
        f.write("case_id,event,date\n")
        for c in range(cases):
            for row in child(rng, "C%07d" % c):
                f.write(",".join(row) + "\n")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    write(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 1)
