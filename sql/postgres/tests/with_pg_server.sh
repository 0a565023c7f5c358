#!/bin/sh
# with_pg_server.sh COMMAND...: runs COMMAND with PGHOST, PGPORT and PGUSER
# pointing at a throw-away server with tsc_workdays installed (see
# pg_server.sh), stopped afterwards whatever COMMAND's outcome; with no
# server (a sanitized build) COMMAND runs without TSC_PG_PSQL.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg_server.sh"
if pg_server_start; then
    export TSC_PG_PSQL="$TSC_PG_BINDIR/psql"
fi
"$@"
