#!/bin/sh
# A test killed outright (SIGKILL: no EXIT trap runs) still leaves no
# server behind: pg_server.sh's watcher stops it and removes its directory.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
pidfile=$(mktemp)
trap 'rm -f "$out" "$pidfile"' EXIT
sh "$here/with_pg_server.sh" sh -c 'echo $$ >"$1"; echo "$PGHOST"; exec sleep 120' \
    sh "$pidfile" >"$out" 2>&1 &
runner=$!
for _ in $(seq 60); do
    grep -q '^/' "$out" && break
    grep -q 'no PostgreSQL server' "$out" && { kill "$runner"; exit 77; }
    sleep 0.5
done
socket=$(grep '^/' "$out" | head -1)
[ -n "$socket" ] || { cat "$out"; echo "FAIL: the server did not start"; exit 1; }
dir=${socket%/socket}
pgrep -f "$dir/data" >/dev/null || { echo "FAIL: no server for $dir"; exit 1; }
kill -9 "$runner"
wait "$runner" 2>/dev/null || true     # reaped, as ctest reaps what it kills
kill "$(cat "$pidfile")" 2>/dev/null || true    # the command (pkill -f would match the watcher)
for _ in $(seq 30); do
    if ! pgrep -f "$dir/data" >/dev/null && [ ! -e "$dir" ]; then
        echo "server stopped and $dir removed after SIGKILL"
        exit 0
    fi
    sleep 0.5
done
echo "FAIL: the server of a killed test is still running ($dir)"
pkill -f "$dir/data" || true
rm -rf "$dir"
exit 1
