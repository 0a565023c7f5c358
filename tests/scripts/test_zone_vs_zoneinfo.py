"""test_zone_vs_zoneinfo.py -- the library's built-in zone rules against the
system tz database, through ctypes on $TIMESCALE_LIBRARY.

Python's zoneinfo reads /usr/share/zoneinfo (Debian's tzdata), an
implementation independent of src/zone.c.  Checked:
  * every UK clock change 1972-2100: the same instants, and the offsets,
    formatted text and wall clock one second either side of each;
  * the library reports no clock change that tzdata does not have (offsets
    compared every 6 hours over the whole range);
  * 20000 seeded random instants: tsc_time_to_local / tsc_time_format;
  * 20000 seeded random wall-clock minutes: tsc_time_from_local (a time in
    the spring gap must be TSC_ERR_DATE, a repeated one the first instant);
  * Atlantic/St_Helena stays at +00:00, 1951-2100.
Exit 77 (skipped) when the library or the tz data is missing.
"""

import ctypes
import datetime as dt
import os
import random
import subprocess
import sys

TSC_OK, TSC_ERR_DATE, TSC_ERR_RANGE = 0, 3, 4
UTC = dt.timezone.utc
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def skip(why):
    print("skipped: " + why)
    sys.exit(77)


def rerun_with_asan_if_needed(lib):
    """A TSC_SANITIZE=ON library needs the ASan runtime loaded first."""
    if os.environ.get("TSC_ZONE_CHILD"):
        return
    try:
        with open(lib, "rb") as f:
            image = f.read()
    except OSError:
        return
    if b"libasan.so" not in image:
        return
    preload = []
    for name in ("libasan.so", "libubsan.so"):
        if name.encode() in image:
            path = subprocess.run(["gcc", "-print-file-name=" + name], capture_output=True,
                                  text=True).stdout.strip()
            if not os.path.isabs(path):
                skip("%s needs %s preloaded and gcc cannot find it" % (lib, name))
            preload.append(path)
    env = dict(os.environ, LD_PRELOAD=" ".join(preload), TSC_ZONE_CHILD="1",
               ASAN_OPTIONS="detect_leaks=0:" + os.environ.get("ASAN_OPTIONS", ""))
    sys.exit(subprocess.run([sys.executable, os.path.abspath(__file__)], env=env).returncode)


def load():
    lib_path = os.environ.get("TIMESCALE_LIBRARY")
    if not lib_path or not os.path.exists(lib_path):
        skip("TIMESCALE_LIBRARY is not set")
    rerun_with_asan_if_needed(lib_path)
    lib = ctypes.CDLL(lib_path)
    vp, i32, i64 = ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64
    lib.tsc_calendar_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(vp), vp]
    lib.tsc_calendar_open.restype = ctypes.c_int
    lib.tsc_calendar_free.argtypes = [vp]
    lib.tsc_calendar_free.restype = None
    lib.tsc_time_to_local.argtypes = [vp, i64, ctypes.POINTER(i32), ctypes.POINTER(ctypes.c_int),
                                      ctypes.POINTER(ctypes.c_int), vp]
    lib.tsc_time_to_local.restype = ctypes.c_int
    lib.tsc_time_from_local.argtypes = [vp, i32, ctypes.c_int, ctypes.POINTER(i64), vp]
    lib.tsc_time_from_local.restype = ctypes.c_int
    lib.tsc_time_format.argtypes = [i64, vp, ctypes.c_char_p, ctypes.c_size_t]
    lib.tsc_time_format.restype = ctypes.c_size_t
    lib.tsc_time_parse.argtypes = [ctypes.c_char_p, vp, ctypes.POINTER(i64), vp]
    lib.tsc_time_parse.restype = ctypes.c_int
    return lib


class Zone:
    def __init__(self, lib, calendar):
        self.lib = lib
        self.cal = ctypes.c_void_p()
        if lib.tsc_calendar_open(calendar.encode(), ctypes.byref(self.cal), None) != TSC_OK:
            raise SystemExit("cannot open " + calendar)

    def close(self):
        self.lib.tsc_calendar_free(self.cal)

    def to_local(self, t):
        d, m, off = ctypes.c_int32(), ctypes.c_int(), ctypes.c_int()
        st = self.lib.tsc_time_to_local(self.cal, t, ctypes.byref(d), ctypes.byref(m),
                                        ctypes.byref(off), None)
        return st, d.value, m.value, off.value

    def from_local(self, ordinal, minute):
        out = ctypes.c_int64()
        st = self.lib.tsc_time_from_local(self.cal, ordinal, minute, ctypes.byref(out), None)
        return st, out.value

    def format(self, t):
        buf = ctypes.create_string_buffer(32)
        n = self.lib.tsc_time_format(t, self.cal, buf, len(buf))
        return buf.value.decode() if n else None

    def parse(self, text):
        out = ctypes.c_int64()
        st = self.lib.tsc_time_parse(text.encode(), self.cal, ctypes.byref(out), None)
        return st, out.value


def ts(d):
    return int(d.timestamp())


def expected_local(zi, t):
    """(ordinal, minute of day, offset minutes, text) from zoneinfo."""
    loc = dt.datetime.fromtimestamp(t, UTC).astimezone(zi)
    off = int(loc.utcoffset().total_seconds()) // 60
    sign = "-" if off < 0 else "+"
    text = "%sT%02d:%02d%s%02d:%02d" % (loc.date().isoformat(), loc.hour, loc.minute, sign,
                                         abs(off) // 60, abs(off) % 60)
    return loc.date().toordinal(), loc.hour * 60 + loc.minute, off, text


def offset_at(zi, t):
    return int(dt.datetime.fromtimestamp(t, UTC).astimezone(zi).utcoffset().total_seconds())


def transitions(zi, start, end):
    """Every instant in [start, end) where zoneinfo's UTC offset changes."""
    found = []
    step = 86400
    t = start
    prev = offset_at(zi, t)
    while t < end:
        nxt = min(t + step, end)
        off = offset_at(zi, nxt)
        if off != prev:
            lo, hi = t, nxt  # offset(lo) == prev, offset(hi) != prev
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset_at(zi, mid) == prev:
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
            prev = off
        t = nxt
    return found


class Failures:
    def __init__(self):
        self.items = []

    def add(self, text):
        self.items.append(text)
        if len(self.items) <= 40:
            print("FAIL: " + text)


def check_instant(zone, zi, t, fails, what):
    st, ordinal, minute, off = zone.to_local(t)
    e_ord, e_min, e_off, e_text = expected_local(zi, t)
    if st != TSC_OK or (ordinal, minute, off) != (e_ord, e_min, e_off):
        fails.add("%s: to_local(%d) = %d %s %d %+d, zoneinfo %s" % (
            what, t, st, ordinal and dt.date.fromordinal(ordinal), minute, off, e_text))
    text = zone.format(t)
    if text != e_text:
        fails.add("%s: format(%d) = %r, zoneinfo %r" % (what, t, text, e_text))


def check_wall_clock(zone, zi, day, minute, fails):
    """from_local against zoneinfo: gap -> TSC_ERR_DATE; fold -> the first instant."""
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    first = naive.replace(tzinfo=zi, fold=0)
    t0 = ts(first)
    exists = dt.datetime.fromtimestamp(t0, UTC).astimezone(zi).replace(tzinfo=None) == naive
    st, got = zone.from_local(day.toordinal(), minute)
    if not exists:
        if st != TSC_ERR_DATE:
            fails.add("from_local(%s %02d:%02d) = %d %d, but that wall time is in the gap" % (
                day, minute // 60, minute % 60, st, got))
        return
    # fold=0 is the earlier of two instants in a repeated hour.
    second = ts(naive.replace(tzinfo=zi, fold=1))
    want = min(t0, second)
    if st != TSC_OK or got != want:
        fails.add("from_local(%s %02d:%02d) = %d %d, zoneinfo %d" % (
            day, minute // 60, minute % 60, st, got, want))


def main():
    try:
        from zoneinfo import ZoneInfo
        london = ZoneInfo("Europe/London")
        helena = ZoneInfo("Atlantic/St_Helena")
    except Exception as e:  # no tz database
        skip("no system tz data: %s" % e)
    lib = load()
    fails = Failures()
    ew = Zone(lib, "england-and-wales")
    sh = Zone(lib, "st-helena")

    start = ts(dt.datetime(1972, 1, 1, tzinfo=UTC))
    end = ts(dt.datetime(2101, 1, 1, tzinfo=UTC))

    # 1. Every transition, and a second either side.
    tz_changes = transitions(london, start, end)
    if len(tz_changes) != 2 * 129:
        fails.add("zoneinfo lists %d changes 1972-2100, expected 258" % len(tz_changes))
    for t in tz_changes:
        for dt_ in (-3601, -1, 0, 1, 3599):
            check_instant(ew, london, t + dt_, fails, "transition %d%+d" % (t, dt_))
        # Every wall-clock minute of the changeover day's small hours.
        day = dt.datetime.fromtimestamp(t, UTC).date()
        for minute in range(0, 4 * 60):
            check_wall_clock(ew, london, day, minute, fails)

    # 2. No extra clock changes in the library: offsets every 6 hours agree
    #    (the changes are at 01:00 or 02:00 UTC, days apart).
    for t in range(start + 3600, end, 6 * 3600):
        st, _, _, off = ew.to_local(t)
        if st != TSC_OK or off * 60 != offset_at(london, t):
            fails.add("offset at %d: library %d %+d min, zoneinfo %+d s" % (
                t, st, off, offset_at(london, t)))

    # 3. Random instants and wall-clock minutes (seeded, so failures repeat).
    rng = random.Random(20270328)
    for _ in range(20000):
        check_instant(ew, london, rng.randrange(start + 3600, end), fails, "random")
    first_day = dt.date(1972, 1, 2).toordinal()
    last_day = dt.date(2100, 12, 31).toordinal()
    for _ in range(20000):
        day = dt.date.fromordinal(rng.randrange(first_day, last_day + 1))
        check_wall_clock(ew, london, day, rng.randrange(1440), fails)

    # 4. Text round trip: the formatted local time parses back (first instant
    #    of a repeated hour, so compare the formatted text instead).
    for t in tz_changes[:40]:
        for dt_ in (-1800, 1800):
            text = ew.format(t + dt_)
            st, back = ew.parse(text[:16])
            if st != TSC_OK or ew.format(back)[:16] != text[:16]:
                fails.add("parse(%r) = %d %d" % (text[:16], st, back))
            st, back = ew.parse(text)  # with its offset: exact
            if st != TSC_OK or back != (t + dt_) // 60 * 60:
                fails.add("parse(%r) = %d %d, want %d" % (text, st, back, t + dt_))

    # 5. Before 1972 the library has no London rules.
    st, *_ = ew.to_local(start - 1)
    if st != TSC_ERR_RANGE:
        fails.add("to_local(1971-12-31T23:59:59Z) = %d, want TSC_ERR_RANGE" % st)

    # 6. St Helena: GMT throughout, as tzdata says.
    sh_start = ts(dt.datetime(1951, 1, 1, 1, tzinfo=UTC))
    for _ in range(5000):
        check_instant(sh, helena, rng.randrange(sh_start, end), fails, "st-helena")

    ew.close()
    sh.close()
    if fails.items:
        print("%d failures" % len(fails.items))
        return 1
    print("OK: %d London changes 1972-2100, 40000 random checks, St Helena" % len(tz_changes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
