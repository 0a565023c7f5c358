#!/bin/sh
# The pg_regress suite of tsc_workdays (sql/*.sql against expected/*.out)
# on a server this script starts and stops (also when a test fails).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg_server.sh"
[ -x "${TSC_PG_REGRESS:-}" ] || { echo "skipped: no pg_regress (postgresql-server-dev-15)"; exit 77; }
pg_server_start || exit 77
"$TSC_PG_BINDIR/psql" -qX -c "CREATE DATABASE tsc_regress"
out="$pg_tmp/regress"
mkdir -p "$out"
"$TSC_PG_REGRESS" --use-existing --host="$PGHOST" --port="$PGPORT" --user=tsc \
    --bindir="$TSC_PG_BINDIR" --inputdir="$here" --outputdir="$out" \
    --dbname=tsc_regress tsc_workdays || {
    cat "$out/regression.diffs" 2>/dev/null; exit 1; }
