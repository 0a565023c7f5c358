# A command that writes no iCalendar loads no libical (issue 15.3): the
# iCalendar part of a shared build is a module libtimescale loads only when
# an .ics file is written or read (src/ical/ics_module.h).  Checked with the
# dynamic loader's own trace (LD_DEBUG=libs), on the built and the
# installed CLI, and without the module, where --ics must fail clearly and
# leave no file (libstdc++ is not checked: the sanitizers bring it).
# 2026-01-01 is a Thursday and a bank holiday, so the fifth working day
# after it is Thursday 2026-01-08.
set -eu
cli=${TSC_CLI:?} build=${TSC_BUILD_DIR:?}
case "${TIMESCALE_LIBRARY:?}" in *.a) echo "static build: no module"; exit 77 ;; esac
case "${TSC_ICAL:?}" in ON|on|1|TRUE|true) ;; *) echo "built without iCalendar"; exit 77 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan_ics() {
    "$1" plan --rules swindon --event referral=2026-03-02 --until 2026-06-30 --case-id 123 \
        --ics "$2"
}
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$(LD_DEBUG=libs "$cli" add 2026-01-01 5 2>"$tmp/add.libs")
[ "$out" = 2026-01-08 ] || fail "add printed '$out'"
grep -q 'libtimescale\.so' "$tmp/add.libs" || fail "LD_DEBUG traced nothing"
if grep -q 'libical\|libicu\|libtimescale_ical' "$tmp/add.libs"; then
    grep 'calling init' "$tmp/add.libs" >&2
    fail "add loaded the iCalendar part"
fi
# Nor the HTTP server's libraries: only `serve` opens libmicrohttpd (cli/mhd.h).
if grep -q 'libmicrohttpd\|libgnutls' "$tmp/add.libs"; then
    grep 'calling init' "$tmp/add.libs" >&2
    fail "add loaded libmicrohttpd"
fi

LD_DEBUG=libs plan_ics "$cli" "$tmp/a.ics" >/dev/null 2>"$tmp/ics.libs"
grep -q 'BEGIN:VCALENDAR' "$tmp/a.ics" || fail "no calendar written"
grep -q 'libtimescale_ical' "$tmp/ics.libs" || fail "--ics did not load the module"
grep -q 'libical\.so' "$tmp/ics.libs" || fail "--ics did not load libical"

# Without the module (a copy of the library alone, found first).
mkdir "$tmp/alone"
cp "$build"/src/libtimescale.so.0 "$tmp/alone/"
out=$(LD_LIBRARY_PATH="$tmp/alone" "$cli" add 2026-01-01 5)
[ "$out" = 2026-01-08 ] || fail "add without the module printed '$out'"
if LD_LIBRARY_PATH="$tmp/alone" plan_ics "$cli" "$tmp/b.ics" >/dev/null 2>"$tmp/b.err"; then
    fail "--ics succeeded without the module"
fi
grep -q 'iCalendar support is not available: .*libtimescale_ical' "$tmp/b.err" ||
    fail "unclear error: $(cat "$tmp/b.err")"
[ ! -e "$tmp/b.ics" ] || fail "a file was written without the module"

# Installed: the module is found beside the installed library.
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
lib=$(dirname "$(find "$tmp/prefix" -name 'libtimescale.so.0' | head -n 1)")
[ -e "$lib/$(basename "$(ls "$build"/src/libtimescale_ical.so.*)")" ] || fail "module not installed"
LD_LIBRARY_PATH="$lib" plan_ics "$tmp/prefix/bin/timescale" "$tmp/c.ics" >/dev/null
grep -q 'BEGIN:VCALENDAR' "$tmp/c.ics" ||
    fail "installed CLI wrote no calendar"
echo ok
