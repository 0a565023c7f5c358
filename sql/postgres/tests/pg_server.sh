# pg_server.sh -- sourced by the PostgreSQL tests: a throw-away server with
# tsc_workdays installed, on a Unix socket in a temporary directory, never
# touching the system's PostgreSQL directories.
#
#   . pg_server.sh; pg_server_start; ...; (the EXIT trap stops it)
#
# Needs TSC_PG_BINDIR, TSC_PG_PKGLIBDIR, TSC_PG_SHAREDIR, TSC_PG_MODULE,
# TSC_PG_EXTENSION_DIR.  Sets PGHOST, PGPORT, PGUSER, PGDATABASE and
# pg_tmp.
#
# The server finds extensions only under its own share directory, which it
# derives from where its binary is; so the binaries are copied into a tree
# of the same shape whose share/ and lib/ hold links to the system's files
# and to this build's.  initdb and postgres refuse to run as root: as root
# they run as `nobody`.

pg_tmp=
pg_server_stop() {
    if [ -n "$pg_tmp" ] && [ -f "$pg_tmp/data/postmaster.pid" ]; then
        pg_as_owner "$pg_bin/pg_ctl" stop -D "$pg_tmp/data" -m immediate -w >/dev/null 2>&1 || true
    fi
    [ -n "$pg_tmp" ] && rm -rf "$pg_tmp"
    pg_tmp=
}

# The EXIT trap cannot run when this shell is killed outright (SIGKILL, as
# from a ctest timeout): a watcher stops the server once the shell is gone.
pg_watch() {
    owner=$$
    (trap - EXIT INT TERM HUP
     while kill -0 "$owner" 2>/dev/null; do sleep 1; done
     pg_server_stop) </dev/null >/dev/null 2>&1 &
}

pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- \
            env PATH=/usr/bin:/bin "$@"
    else
        "$@"
    fi
}

# A module built with -DTSC_SANITIZE=ON would need the ASan runtime
# preloaded into the server, and PostgreSQL 15 hangs with it preloaded
# (`postgres -V` never returns, even as root): no server then.
pg_sanitized() {
    grep -q libasan "$TSC_PG_MODULE" 2>/dev/null
}

pg_link_all() {   # FROM TO: a directory of links to FROM's entries
    mkdir -p "$2"
    for f in "$1"/*; do ln -s "$f" "$2/"; done
}

# Returns 1, starting nothing, for a sanitized build (see pg_sanitized).
pg_server_start() {
    for v in TSC_PG_BINDIR TSC_PG_PKGLIBDIR TSC_PG_SHAREDIR TSC_PG_MODULE TSC_PG_EXTENSION_DIR; do
        eval "[ -n \"\${$v:-}\" ]" || { echo "skipped: $v is not set"; exit 77; }
    done
    if pg_sanitized; then
        echo "note: no PostgreSQL server for a sanitized build (it hangs with ASan preloaded)"
        return 1
    fi
    pg_tmp=$(mktemp -d /tmp/tsc-pg.XXXXXX)
    trap pg_server_stop EXIT
    trap 'exit 1' INT TERM HUP
    chmod 755 "$pg_tmp"
    # The same relative layout as the system's: .../lib/postgresql/15/{bin,lib}
    # and .../share/postgresql/15, found from the copied binaries.
    pg_bin="$pg_tmp/root${TSC_PG_BINDIR}"
    mkdir -p "$pg_bin"
    cp "$TSC_PG_BINDIR/postgres" "$TSC_PG_BINDIR/initdb" "$TSC_PG_BINDIR/pg_ctl" "$pg_bin/"
    pg_link_all "$TSC_PG_PKGLIBDIR" "$pg_tmp/root$TSC_PG_PKGLIBDIR"
    ln -s "$TSC_PG_MODULE" "$pg_tmp/root$TSC_PG_PKGLIBDIR/tsc_workdays.so"
    pg_share="$pg_tmp/root$TSC_PG_SHAREDIR"
    pg_link_all "$TSC_PG_SHAREDIR" "$pg_share"
    rm "$pg_share/extension"
    pg_link_all "$TSC_PG_SHAREDIR/extension" "$pg_share/extension"
    ln -s "$TSC_PG_EXTENSION_DIR"/tsc_workdays.control "$TSC_PG_EXTENSION_DIR"/tsc_workdays--*.sql \
        "$pg_share/extension/"
    mkdir "$pg_tmp/data" "$pg_tmp/socket"
    [ "$(id -u)" = 0 ] && chown nobody:nogroup "$pg_tmp/data" "$pg_tmp/socket"
    pg_as_owner "$pg_bin/initdb" -D "$pg_tmp/data" -U tsc --auth=trust --no-sync \
        --encoding=UTF8 --locale=C >"$pg_tmp/initdb.log" 2>&1 || {
        cat "$pg_tmp/initdb.log"; echo "initdb failed"; exit 1; }
    (pg_as_owner "$pg_bin/pg_ctl" start -w -D "$pg_tmp/data" -l "$pg_tmp/data/server.log" \
        -o "-c listen_addresses='' -k $pg_tmp/socket -c fsync=off -c TimeZone=UTC ${TSC_PG_OPTIONS:-}" \
        >/dev/null) || { cat "$pg_tmp/data/server.log"; echo "the server did not start"; exit 1; }
    pg_watch
    export PGHOST="$pg_tmp/socket" PGPORT=5432 PGUSER=tsc PGDATABASE=postgres
}
