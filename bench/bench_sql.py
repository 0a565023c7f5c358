"""bench_sql.py -- rows per second for

    SELECT count(*) FROM t WHERE tsc_add_working_days(d, 15) < CURRENT_DATE

over N rows (default 10^7) against the same question in plain SQL with a
calendar-table join (a holiday table turned into a working-day index:
cal(d, n) and wd(n, d), two lookups a row, the due date of every row), in
SQLite and, when a server is given (bench/sql_run does that), PostgreSQL;
also against a one-lookup join that answers only this query (see SQL), and
the per-row cost of the function next to the database's own date arithmetic
(SQLite `date(d, '+15 days')`, PostgreSQL `d + 15`), each minus a bare scan.
Every form runs once a round, --runs rounds; ratios are taken within a round
and the medians printed.  One core (no parallel workers).  Times are CPU
time of the process that runs the query (SQLite: this process; PostgreSQL:
the backend, from /proc/PID/schedstat), so other jobs on a shared machine
count only through the caches they share.  Prints numbers, asserts no
timing; exits non-zero only if the forms disagree.  Run through
bench/sql_run.
"""

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

SQL = {
    "extension": "SELECT count(*) FROM t WHERE tsc_add_working_days(d, 15) < CURRENT_DATE",
    # The due date of every row, as the function gives it: two lookups.
    "join": "SELECT count(*) FROM t JOIN cal c ON c.d = t.d JOIN wd w ON w.n = c.n + 15"
            " WHERE w.d < CURRENT_DATE",
    # The same count with one lookup a row, for this query only: the 15th
    # working day after d is before today exactly when d's working-day
    # number + 15 is at most yesterday's.  No due date is computed, so it
    # does not carry over to due dates compared with another column.
    "join1": "SELECT count(*) FROM t JOIN cal c ON c.d = t.d"
             " WHERE c.n + 15 <= (SELECT n FROM cal WHERE d = %s)",
    "scan": "SELECT count(*) FROM t WHERE d < CURRENT_DATE",
}
YESTERDAY = {"sqlite": "date('now', '-1 day')", "postgresql": "CURRENT_DATE - 1"}
NATIVE = {"sqlite": "SELECT count(*) FROM t WHERE date(d, '+15 days') < CURRENT_DATE",
          "postgresql": "SELECT count(*) FROM t WHERE d + 15 < CURRENT_DATE"}
# Dates of the table: 2000-01-01 + (i * 7919 mod SPAN) days: spread over 31 years.
SPAN = 11323


def holidays(first, last):
    """England and Wales holidays, from the library (as a council's holiday table)."""
    sys.path.insert(0, os.path.join(os.environ["TSC_SOURCE_DIR"], "bindings", "python"))
    import timescale
    return sorted({h.date for h in timescale.Calendar("england-and-wales").holidays(first, last)})


def calendar_rows(first, last):
    """cal(d, n): n = working days up to and including d; wd(n, d): the n-th working day."""
    off = set(holidays(first, last))
    cal, wd, n, d = [], [], 0, first
    while d <= last:
        if d.weekday() < 5 and d not in off:
            n += 1
            wd.append((n, d.isoformat()))
        cal.append((d.isoformat(), n))
        d += dt.timedelta(days=1)
    return cal, wd




# ---- SQLite -------------------------------------------------------------

def sqlite_setup(path, rows, cal, wd):
    db = sqlite3.connect(path)
    db.enable_load_extension(True)
    db.load_extension(os.path.splitext(os.environ["TSC_SQLITE_EXTENSION"])[0])
    db.executescript(
        "CREATE TABLE t(d TEXT);"
        "CREATE TABLE cal(d TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;"
        "CREATE TABLE wd(n INTEGER PRIMARY KEY, d TEXT);")
    db.execute("WITH RECURSIVE i(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM i WHERE x + 1 < ?)"
               " INSERT INTO t SELECT date('2000-01-01', '+' || (x * 7919 % ?) || ' days') FROM i",
               (rows, SPAN))
    db.executemany("INSERT INTO cal VALUES (?, ?)", cal)
    db.executemany("INSERT INTO wd VALUES (?, ?)", wd)
    db.commit()
    return db


def sqlite_query(db, sql):
    def run():
        start = time.process_time()
        answer = db.execute(sql).fetchone()[0]
        return answer, time.process_time() - start
    return run


# ---- PostgreSQL ---------------------------------------------------------

class Session:
    """One psql session (one backend) fed a query at a time; each query's
    time is the CPU time the backend spent, read from /proc."""

    def __init__(self):
        self.psql = subprocess.Popen(
            [os.environ["TSC_PG_PSQL"], "-X", "-q", "-t", "-A", "-d", "bench",
             "-v", "ON_ERROR_STOP=1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ask("SET max_parallel_workers_per_gather = 0")  # one core
        self.pid = int(self.ask("SELECT pg_backend_pid()"))

    def ask(self, sql):
        self.psql.stdin.write(sql + ";\n\\echo --end--\n")
        self.psql.stdin.flush()
        lines = []
        while (line := self.psql.stdout.readline().rstrip("\n")) != "--end--":
            lines.append(line)
        return "\n".join(lines)

    def cpu(self):
        """The backend's time on a CPU, in ns (/proc's utime and stime tick
        at 10 ms, too coarse for 10^6 rows)."""
        with open("/proc/%d/schedstat" % self.pid) as f:
            return int(f.read().split()[0]) / 1e9

    def timed(self, sql):
        start = self.cpu()
        answer = int(self.ask(sql))
        return answer, self.cpu() - start

    def close(self):
        self.psql.stdin.close()
        self.psql.wait()


def psql(sql, stdin=None):
    return subprocess.run([os.environ["TSC_PG_PSQL"], "-X", "-q", "-t", "-A", "-d", "bench",
                           "-v", "ON_ERROR_STOP=1", "-c", sql], input=stdin,
                          capture_output=True, text=True, check=True).stdout.strip()


def postgres_setup(rows, cal, wd):
    subprocess.run([os.environ["TSC_PG_PSQL"], "-X", "-q", "-d", "postgres", "-c",
                    "CREATE DATABASE bench"], check=True)
    psql("CREATE EXTENSION tsc_workdays")
    psql("CREATE TABLE t(d date); CREATE TABLE cal(d date PRIMARY KEY, n int);"
         " CREATE TABLE wd(n int PRIMARY KEY, d date)")
    psql("INSERT INTO t SELECT date '2000-01-01' + (x::bigint * 7919 %% %d)::int"
         " FROM generate_series(0, %d) x" % (SPAN, rows - 1))
    psql("COPY cal FROM STDIN", "".join("%s\t%d\n" % r for r in cal))
    psql("COPY wd FROM STDIN", "".join("%d\t%s\n" % r for r in wd))
    psql("VACUUM ANALYZE")


def postgres_query(session, sql):
    return lambda: session.timed(sql)


# ---- report -------------------------------------------------------------

def forms(name):
    sql = dict(SQL, native=NATIVE[name])
    sql["join1"] = sql["join1"] % YESTERDAY[name]
    return sql


def measure(name, query, rows, runs):
    """Every form once a round, `runs` rounds: a ratio is taken within a
    round, so both sides saw the same load; medians over the rounds."""
    sql = forms(name)
    times = {form: [] for form in sql}
    answers = {form: set() for form in sql}
    query(sql["extension"])()  # warm: the calendar is loaded, pages cached
    for _ in range(runs):
        for form, text in sql.items():
            answer, seconds = query(text)()
            times[form].append(seconds)
            answers[form].add(answer)
    for form in sql:
        median = statistics.median(times[form])
        print("%-10s %-9s median %7.3f s  (%s)  %12.0f rows/s  answer %s" % (
            name, form, median, ", ".join("%.3f" % t for t in times[form]), rows / median,
            "/".join(map(str, sorted(answers[form])))), flush=True)
    if not answers["extension"] == answers["join"] == answers["join1"]:
        print("%s: the extension and the joins disagree" % name)
        return False
    per_row = {form: [(t - scan) / rows * 1e9 for t, scan in zip(times[form], times["scan"])]
               for form in sql}
    ratio = lambda a, b: statistics.median(x / y for x, y in zip(times[a], times[b]))  # noqa
    cost = lambda form: statistics.median(per_row[form])  # noqa: E731
    print("%-10s extension speed over the join %.2fx, over the one-lookup join %.2fx"
          " (medians of per-round ratios)" % (name, ratio("join", "extension"),
                                             ratio("join1", "extension")))
    # The database's own arithmetic is a function call too: no function
    # called once a row can beat the join by more than it does.
    print("%-10s the join over %s %.2fx, over the bare scan %.2fx" % (
        name, "date(d,'+15 days')" if name == "sqlite" else "d + 15", ratio("join", "native"),
        ratio("join", "scan")))
    print("%-10s per row over a bare scan of %.0f ns: tsc_add_working_days %.0f ns, %s %.0f ns,"
          " join %.0f ns, one-lookup join %.0f ns" % (
              name, statistics.median(times["scan"]) / rows * 1e9, cost("extension"),
              "date(d,'+15 days')" if name == "sqlite" else "d + 15", cost("native"),
              cost("join"), cost("join1")), flush=True)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    cal, wd = calendar_rows(dt.date(1999, 12, 1), dt.date(2032, 12, 31))
    print("rows %d, runs %d, today %s" % (args.rows, args.runs, dt.date.today()), flush=True)
    ok = True
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as tmp:
            db = sqlite_setup(os.path.join(tmp, "bench.db"), args.rows, cal, wd)
            ok &= measure("sqlite", lambda sql: sqlite_query(db, sql), args.rows, args.runs)
            db.close()
    if args.only != "sqlite" and os.environ.get("TSC_PG_PSQL"):
        postgres_setup(args.rows, cal, wd)
        session = Session()
        ok &= measure("postgresql", lambda sql: postgres_query(session, sql), args.rows,
                      args.runs)
        session.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
