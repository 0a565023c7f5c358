"""README "In SQL": its two queries, word for word, on 100,000 random cases
per calendar, in SQLite and (when a server was started for the test, see
sql/postgres/tests/with_pg_server.sh) in PostgreSQL; every answer must
equal the library's (the Python bindings for the ICPC question, `timescale
plan --cases` for the overdue visits)."""

import csv
import datetime as dt
import io
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile

SOURCE = os.environ["TSC_SOURCE_DIR"]
sys.path.insert(0, os.path.join(SOURCE, "tests", "scripts"))
sys.path.insert(0, os.path.join(SOURCE, "bindings", "python"))
from python_sanitizers import rerun_under_sanitizers  # noqa: E402

rerun_under_sanitizers(__file__)
import timescale  # noqa: E402

CASES = int(os.environ.get("TSC_README_CASES", "100000"))
# Each calendar's pack: a built-in one, or Swindon's rules on that calendar.
PACKS = {"england-and-wales": "swindon", "scotland": None, "northern-ireland": None,
         "st-helena": "sthelena"}
STRATEGY = {"swindon": "strategy-discussion", "sthelena": "strategy-discussion"}


def readme_queries():
    with open(os.path.join(SOURCE, "README.md")) as f:
        text = f.read()
    section = text[text.index("\n## In SQL\n"):]
    block = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
    queries = [q.strip() for q in block.split(";") if q.strip()]
    assert len(queries) == 2, queries
    return queries


def pack_files(tmp):
    """Swindon's rules on Scotland's and Northern Ireland's calendars."""
    with open(os.path.join(SOURCE, "rules", "swindon.rules")) as f:
        rules = f.read()
    packs = dict(PACKS)
    for calendar, pack in PACKS.items():
        if pack is None:
            path = os.path.join(tmp, "swindon-%s.rules" % calendar)
            with open(path, "w") as f:
                f.write(re.sub(r"(?m)^calendar\s+\S+", "calendar  " + calendar, rules, 1))
            os.chmod(path, 0o644)
            packs[calendar] = path
    return packs


def random_caseload(rng, calendar, pack, today):
    strategy_event = STRATEGY["sthelena" if pack == "sthelena" else "swindon"]
    rows = []
    for i in range(CASES):
        strategy = today - dt.timedelta(days=rng.randint(-20, 250))
        icpc = None if rng.random() < 0.1 else strategy + dt.timedelta(days=rng.randint(0, 35))
        events = {strategy_event: strategy.isoformat()}
        if icpc:
            events["icpc"] = icpc.isoformat()
            if pack == "sthelena":
                events["cp-plan-start"] = icpc.isoformat()
            visits, last = [], icpc
            for _ in range(rng.randint(0, 4)):
                last += dt.timedelta(days=rng.randint(1, 20))
                visits.append(last.isoformat())
            if visits:
                events["cp-visit"] = visits
            if rng.random() < 0.7:   # most plans have ended
                events["cp-plan-end"] = (icpc + dt.timedelta(days=rng.randint(20, 120))).isoformat()
        rows.append(("c%06d" % i, calendar, pack, strategy.isoformat(),
                     icpc.isoformat() if icpc else None, json.dumps(events)))
    return rows


def expected_icpc(rows, calendar):
    cal = timescale.Calendar(calendar)
    return {case: dt.date.fromisoformat(icpc) <= cal.add_working_days(
                dt.date.fromisoformat(strategy), 15)
            for case, _, _, strategy, icpc, _ in rows if icpc}


def expected_overdue(rows, pack, today):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("case_id,event,date\n")
        for case, _, _, _, _, events in rows:
            for name, dates in json.loads(events).items():
                for d in dates if isinstance(dates, list) else [dates]:
                    f.write("%s,%s,%s\n" % (case, name, d))
        path = f.name
    try:
        out = subprocess.run([os.environ["TSC_CLI"], "plan", "--rules", pack, "--cases", path,
                              "--today", today.isoformat(), "--format", "csv"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(path)
    lines = out.splitlines()
    columns = next(csv.reader(lines[:1]))
    schedules, status = columns.index("schedules"), columns.index("status")
    # Only lines that may match are parsed (millions of rows otherwise).
    candidates = (line for line in lines[1:] if ",overdue," in line and ",cp-visit," in line)
    return sum(1 for r in csv.reader(candidates)
               if r[schedules] == "cp-visit" and r[status] == "overdue")


def run_sqlite(rows, queries):
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(os.path.splitext(os.environ["TSC_SQLITE_EXTENSION"])[0])
    db.execute("CREATE TABLE caseload(case_id TEXT, calendar TEXT, pack TEXT, strategy TEXT,"
               " icpc TEXT, events TEXT)")
    db.executemany("INSERT INTO caseload VALUES (?, ?, ?, ?, ?, ?)", rows)
    today = dt.date.fromisoformat(db.execute("SELECT CURRENT_DATE").fetchone()[0])
    icpc = {case: bool(ok) for case, ok in db.execute(queries[0])}
    overdue = db.execute(queries[1]).fetchone()[0]
    db.close()
    return icpc, overdue, today


def psql(sql, stdin=None):
    return subprocess.run([os.environ["TSC_PG_PSQL"], "-X", "-q", "--csv", "-t",
                           "-v", "ON_ERROR_STOP=1", "-d", "readme", "-c", sql],
                          input=stdin, capture_output=True, text=True, check=True).stdout


def run_postgres(rows, queries):
    psql("DROP TABLE IF EXISTS caseload; CREATE TABLE caseload(case_id text, calendar text,"
         " pack text, strategy date, icpc date, events jsonb)")
    data = io.StringIO()
    csv.writer(data).writerows(rows)
    psql("COPY caseload FROM STDIN (FORMAT csv)", data.getvalue())
    psql("ANALYZE caseload")
    today = dt.date.fromisoformat(psql("SELECT CURRENT_DATE").strip())
    icpc = {case: ok == "t" for case, ok in csv.reader(io.StringIO(psql(queries[0])))}
    overdue = int(psql(queries[1]).strip())
    return icpc, overdue, today


def main():
    queries = readme_queries()
    databases = [("sqlite", run_sqlite)]
    if os.environ.get("TSC_PG_PSQL"):
        subprocess.run([os.environ["TSC_PG_PSQL"], "-X", "-q", "-d", "postgres", "-c",
                        "CREATE DATABASE readme"], check=True)
        psql("CREATE EXTENSION tsc_workdays")
        databases.append(("postgresql", run_postgres))
    else:
        print("note: no PostgreSQL server for this run; SQLite only")
    rng = random.Random(2026)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)   # the PostgreSQL server (nobody) reads the pack files
        packs = pack_files(tmp)
        for calendar, pack in packs.items():
            rows = random_caseload(rng, calendar, pack, dt.date.today())
            want_icpc = expected_icpc(rows, calendar)
            overdue_by_day = {}
            for name, run in databases:
                icpc, overdue, today = run(rows, queries)
                if today not in overdue_by_day:
                    overdue_by_day[today] = expected_overdue(rows, pack, today)
                ok = icpc == want_icpc and overdue == overdue_by_day[today]
                failures += not ok
                wrong = sum(1 for k in want_icpc if icpc.get(k) != want_icpc[k])
                print("%s %-11s %-17s cases %d: ICPC in time %d/%d (%d differ), overdue CP visits "
                      "%d (library %d)" % ("ok  " if ok else "FAIL", name, calendar, len(rows),
                                           sum(icpc.values()), len(icpc), wrong, overdue,
                                           overdue_by_day[today]), flush=True)
            if min(overdue_by_day.values()) == 0:
                failures += 1
                print("FAIL: no overdue visit on %s: the caseload tests nothing" % calendar)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
