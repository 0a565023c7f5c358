"""Instants and wall-clock time in a calendar's zone.

The library counts an instant (``tsc_time``) in whole seconds since
1970-01-01T00:00Z and knows its zones' rules itself (Europe/London from
1972, Atlantic/St_Helena from 1951).  Here an instant is an aware
``datetime.datetime``; the ones handed back are in the calendar's zone, with
``zoneinfo.ZoneInfo(zone)`` as tzinfo when the system's tz database agrees
with the library about that instant's UTC offset, else a fixed-offset
``datetime.timezone`` carrying the library's offset.  Either way the wall
clock and ``utcoffset()`` are the library's.

A naive datetime given to these functions means wall-clock time in the
calendar's zone, resolved as the library resolves it: a time in the
spring-forward gap is a DateError, one in the autumn's repeated hour means
the first of the two.  Sub-second parts are kept but the library sees whole
seconds (rounded down).
"""

from __future__ import annotations

import datetime as _dt
from ctypes import byref, c_int, c_int32, c_int64

from . import errors
from ._lib import lib, recall
from .dates import INT64_MAX, INT64_MIN, day

TYPE_CHECKING = False  # typing is for type checkers: not imported at run time
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Tuple, Union

__all__ = ["TimeLike", "instant", "zone_tzinfo", "to_local_parts", "to_datetime",
           "from_local"]

if TYPE_CHECKING:
    TimeLike = Union[_dt.datetime, int]


def __getattr__(name: str) -> Any:
    # The type alias for code that needs it at run time (typing is imported then).
    if name == "TimeLike":
        from typing import Union
        return Union[_dt.datetime, int]
    raise AttributeError("module %r has no attribute %r" % (__name__, name))

EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_SECOND = _dt.timedelta(seconds=1)

_zones: Dict[str, Optional[_dt.tzinfo]] = {}


def zone_tzinfo(zone: str) -> Optional[_dt.tzinfo]:
    """zoneinfo.ZoneInfo(zone), or None when this Python has no such zone."""
    if zone not in _zones:
        tz: Optional[_dt.tzinfo] = None
        try:  # imported when first needed: it costs more than the rest of import timescale
            import zoneinfo
        except ImportError:  # Python < 3.9: fixed offsets only
            zoneinfo = None  # type: ignore[assignment]
        if zoneinfo is not None:
            try:
                tz = zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
                tz = None
        _zones[zone] = tz
    return _zones[zone]


def instant(t: TimeLike) -> Tuple[int, int]:
    """(seconds since the epoch, microseconds) of an aware datetime or an int.
    A naive datetime is refused here: only the calendar can place it."""
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError("a naive datetime needs a calendar to give it a zone")
        delta = t - EPOCH
        seconds = delta // _SECOND
        return seconds, (delta - seconds * _SECOND).microseconds
    if isinstance(t, bool) or not isinstance(t, int):
        raise TypeError("an instant must be an aware datetime or int seconds since the epoch, "
                        "not %s" % type(t).__name__)
    if not INT64_MIN <= t <= INT64_MAX:
        raise errors.RangeError("instant %d does not fit in 64 bits" % t, errors.Status.RANGE)
    return t, 0


def to_local_parts(handle: int, seconds: int) -> Tuple[int, int, int]:
    """(day number, minute of day, UTC offset in minutes): tsc_time_to_local."""
    d, minute, offset = c_int32(), c_int(), c_int()
    if lib.tsc_time_to_local(handle, seconds, byref(d), byref(minute), byref(offset), None):
        recall(lib.tsc_time_to_local, handle, seconds, byref(d), byref(minute), byref(offset))
    return d.value, minute.value, offset.value


def to_datetime(handle: int, zone: str, seconds: int, microsecond: int = 0) -> _dt.datetime:
    """The aware datetime of an instant, in the calendar's zone."""
    n, minute, offset_minutes = to_local_parts(handle, seconds)
    offset = _dt.timedelta(minutes=offset_minutes)
    utc = EPOCH + _dt.timedelta(seconds=seconds, microseconds=microsecond)
    tz = zone_tzinfo(zone)
    if tz is not None:
        local = utc.astimezone(tz)
        if (local.utcoffset() == offset and local.toordinal() == n
                and local.hour * 60 + local.minute == minute):
            return local
    return utc.astimezone(_dt.timezone(offset))


def from_local(handle: int, d: object, minute_of_day: int) -> int:
    """tsc_time_from_local: the instant of a wall-clock minute on date d."""
    out = c_int64()
    args = (handle, day(d), minute_of_day)
    if lib.tsc_time_from_local(*args, byref(out), None):
        recall(lib.tsc_time_from_local, *args, byref(out))
    return out.value
