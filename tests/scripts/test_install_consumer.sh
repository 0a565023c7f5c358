# An embedding C program builds against the INSTALLED library twice: with
# pkg-config and with CMake's find_package(timescale).  Also: the shared
# library exports tsc_ names only.
set -eu
build=${TSC_BUILD_DIR:?} src=${TSC_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
libdir=$(dirname "$(find "$tmp/prefix" -name 'timescale.pc' | head -n 1)")/..
libdir=$(cd "$libdir" && pwd)
mkdir -p "$tmp/proj"
cat > "$tmp/proj/consumer.c" <<'C'
#include <timescale.h>
#include <stdio.h>
int main(void)
{
    tsc_calendar *cal;
    tsc_error err;
    tsc_date from, due;
    char buf[16];
    if (tsc_version_number() != TSC_VERSION_NUMBER)
        return 3;
    if (tsc_calendar_open("scotland", &cal, &err) || tsc_date_parse("2026-12-23", &from, &err) ||
        tsc_calendar_add_working_days(cal, from, 5, &due, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    tsc_date_format(due, buf, sizeof buf);
    puts(buf);
    tsc_calendar_free(cal);
    return 0;
}
C
# A sanitized library needs a sanitized program (the runtime must come first).
cflags=
case "${TSC_SANITIZE:-OFF}" in ON|on|1|TRUE|true) cflags="-fsanitize=address,undefined" ;; esac
want=2027-01-05    # 24, 29, 30, 31 Dec and (1, 4 Jan are Scottish holidays) 5 Jan
static=
[ -f "$libdir/libtimescale.a" ] && [ ! -f "$libdir/libtimescale.so" ] && static=--static
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc $cflags -o "$tmp/consumer-pc" "$tmp/proj/consumer.c" $(pkg-config $static --cflags --libs timescale)
got=$(LD_LIBRARY_PATH="$libdir" "$tmp/consumer-pc")
[ "$got" = "$want" ] || { echo "pkg-config consumer printed '$got', want $want"; exit 1; }
cat > "$tmp/proj/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(consumer C)
find_package(timescale 0.1 REQUIRED)
add_executable(consumer consumer.c)
target_link_libraries(consumer PRIVATE timescale::timescale)
CMAKE
cmake -S "$tmp/proj" -B "$tmp/proj/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
    -DCMAKE_C_FLAGS="$cflags" -DCMAKE_EXE_LINKER_FLAGS="$cflags" >/dev/null
cmake --build "$tmp/proj/build" >/dev/null
got=$(LD_LIBRARY_PATH="$libdir" "$tmp/proj/build/consumer")
[ "$got" = "$want" ] || { echo "find_package consumer printed '$got', want $want"; exit 1; }
if [ -f "$libdir/libtimescale.so" ]; then
    leaked=$(nm -D --defined-only "$libdir/libtimescale.so" | awk '{print $3}' | grep -v '^tsc_[a-z]' || true)
    [ -z "$leaked" ] || { echo "exported symbols outside tsc_: $leaked"; exit 1; }
fi
echo "installed package works with pkg-config and find_package${static:+ (static)}"
