"""Calendars: working days, holidays, rolls, batch calls and local times.

A :class:`Calendar` owns one ``tsc_calendar``.  The C object is immutable, so
any number of threads may query one Calendar at once.  The single queries
(add_working_days, is_working_day, ...) take nanoseconds in C and keep the
GIL; the batch calls release it while C works through the array.
``close()`` frees it at once; it is idempotent, and the ``with`` statement
calls it.  A calendar that is never closed is freed
when it is garbage-collected.  Do not close a calendar while another thread
is still using it.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections import namedtuple
import operator
import os
from array import array
from ctypes import byref, c_int32, c_int64, c_size_t, c_void_p, create_string_buffer

from . import _arrays, errors, times
from ._handle import Owned
from ._lib import Error, HolidayStruct, check, encode, fast as _fast, lib, recall, require_ical
from .dates import date, day, int32
from .ics import holidays_ics

TYPE_CHECKING = False  # typing is for type checkers: not imported at run time
if TYPE_CHECKING:
    from typing import Any, FrozenSet, List, Optional, Tuple, Union

    from .dates import DateLike

__all__ = ["Calendar", "Holiday", "Roll", "builtin_calendars", "MON", "TUE", "WED", "THU",
           "FRI", "SAT", "SUN", "WEEKEND_DEFAULT"]

# Weekday bits of a weekend mask: bit (ISO weekday - 1).
MON, TUE, WED, THU, FRI, SAT, SUN = (1 << i for i in range(7))
WEEKEND_DEFAULT = SAT | SUN

_date = _dt.date
_fromordinal = _dt.date.fromordinal
# An out-parameter for the fast calls: a ctypes array is passed as its
# address, so no byref() is needed.  A new one each call, not one kept per
# thread: a signal handler calling the same method between the C call and
# the read of the answer would overwrite a kept one.
_Int32Out = c_int32 * 1
# The fast calls keep the GIL, so they take only what is quick whatever the
# dates (the bounds in the methods, literals because a global costs a
# lookup): outside the calendar's index (1900-2200) the library walks day by
# day, and 10,000 working days or 14,000 days of walking take about a
# millisecond.  Longer spans take the checked path, which releases the GIL.

TSC_COUNT_INCLUSIVE = 1
TSC_HOLIDAY_SUBSTITUTE = 1
TSC_HOLIDAY_MOVED = 2
TSC_HOLIDAY_ONE_OFF = 4


class Roll(enum.IntEnum):
    """enum tsc_roll: what to do with a date that is not a working day."""

    UNADJUSTED = 0
    FOLLOWING = 1
    PRECEDING = 2
    MODIFIED_FOLLOWING = 3  # following unless that changes month
    MODIFIED_PRECEDING = 4  # preceding unless that changes month

    @classmethod
    def of(cls, value: Union["Roll", str, int]) -> "Roll":
        """A Roll from itself, its value, or a name such as "following",
        "modified-following" or "MODIFIED_PRECEDING"."""
        if isinstance(value, str):
            key = value.strip().upper().replace("-", "_").replace(" ", "_")
            try:
                return cls[key]
            except KeyError:
                raise ValueError("unknown roll convention %r (expected one of %s)" % (
                    value, ", ".join(m.name.lower().replace("_", "-") for m in cls))) from None
        return cls(operator.index(value))


class Holiday(namedtuple("Holiday", "date name substitute moved one_off")):
    """One observed holiday: the day not worked and why.

    date (datetime.date), name (str), and three bools: substitute (moved
    off a weekend by a substitute rule), moved (by a `move` line, as 2020's
    VE day) and one_off (a single dated holiday or closure)."""

    __slots__ = ()


def builtin_calendars() -> List[str]:
    """Names of the calendars built into the library."""
    names = (lib.tsc_calendar_builtin_name(i) for i in range(lib.tsc_calendar_builtin_count()))
    return [n.decode("utf-8") for n in names if n is not None]


def _minute_of_day(at: Union[_dt.time, int]) -> Tuple[int, int]:
    """(minute of day, extra microseconds) of a time of day or a minute."""
    if isinstance(at, _dt.time):
        if at.tzinfo is not None:
            raise ValueError("the time of day must be naive (it is in the calendar's zone)")
        return at.hour * 60 + at.minute, at.second * 1_000_000 + at.microsecond
    minute = operator.index(at)
    if not 0 <= minute < 1440:
        raise errors.DateError("minute of day %d is outside 0..1439" % minute,
                               errors.Status.DATE)
    return minute, 0


class Calendar(Owned):
    """A working-day calendar: ``Calendar("england-and-wales")`` for a
    built-in one, :meth:`from_file` or :meth:`from_string` for a holiday file.

    Dates are ``datetime.date`` (or "YYYY-MM-DD" strings); "N working days
    after D" is the N-th working day strictly after D whether or not D is a
    working day, N < 0 counts back, and N = 0 is D itself.
    """

    __slots__ = ("_name", "_zone", "_ptr")
    _kind = "calendar"
    _free = lib.tsc_calendar_free

    def __init__(self, name: str) -> None:
        """Opens the built-in calendar `name` (see builtin_calendars());
        NotFoundError for an unknown one.  No file is read."""
        Owned.__init__(self)
        self._name = name
        self._ptr = None
        handle = c_void_p()
        err = Error()
        check(lib.tsc_calendar_open(encode(name, "calendar name"), byref(handle), byref(err)),
              err)
        self._adopt(handle)

    @classmethod
    def from_file(cls, path: "Union[str, os.PathLike[str]]") -> "Calendar":
        """Loads a holiday file (the format of holidays/NAME.hol), or an
        iCalendar file when the path ends in ".ics".  Errors name the file,
        line and column (ParseError), or say why it could not be read
        (NotFoundError for a missing file, FileError otherwise)."""
        handle = c_void_p()
        err = Error()
        check(lib.tsc_calendar_load_file(encode(path, "path"), byref(handle), byref(err)), err)
        return cls._wrap(handle)

    @classmethod
    def from_string(cls, text: str, source: Optional[str] = None) -> "Calendar":
        """Builds a calendar from holiday-file text; `source` names it in
        errors (default "<string>").  Relative includes resolve from the
        current directory."""
        handle = c_void_p()
        err = Error()
        src = None if source is None else encode(source, "source")
        check(lib.tsc_calendar_load_string(encode(text, "text"), src, byref(handle),
                                           byref(err)), err)
        return cls._wrap(handle)

    @classmethod
    def from_ics(cls, data: Union[bytes, str], source: Optional[str] = None) -> "Calendar":
        """A calendar whose closures are the all-day events of an iCalendar
        document in memory (as from_file on a ".ics" file); `source` names
        it in errors (default "<ics>") and, without its extension, names the
        calendar (default "ics")."""
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        handle = c_void_p()
        err = Error()
        src = None if source is None else encode(source, "source")
        require_ical()
        check(lib.tsc_calendar_load_ics(raw, len(raw), src, byref(handle), byref(err)), err)
        return cls._wrap(handle)

    @classmethod
    def _wrap(cls, handle: c_void_p) -> "Calendar":
        self = cls._blank()
        self._adopt(handle)
        return self

    def _adopt(self, handle: Any) -> None:
        # Copy the borrowed strings now: they die with the C calendar.
        Owned._adopt(self, handle.value if isinstance(handle, c_void_p) else handle)
        self._ptr = c_void_p(self._handle)  # the handle as the fast calls take it
        self._name = (lib.tsc_calendar_name(self._handle) or b"").decode("utf-8", "replace")
        self._zone = (lib.tsc_calendar_zone(self._handle) or b"").decode("utf-8", "replace")

    # ---- lifetime: close(), closed, with, copying refused (Owned) ----

    def _release(self) -> None:
        self._ptr = None  # the fast calls then fail over to the checked path

    def __repr__(self) -> str:
        state = "closed" if self.closed else self._zone
        return "<timescale.Calendar %r (%s)>" % (self._name, state)

    def _describe(self) -> str:
        return "calendar %r" % self._name

    # ---- properties ----

    @property
    def name(self) -> str:
        """The calendar's name ("england-and-wales", or a file's `calendar` line)."""
        return self._name

    @property
    def zone(self) -> str:
        """The Olson zone its times use ("Europe/London", "Atlantic/St_Helena")."""
        return self._zone

    @property
    def weekend_mask(self) -> int:
        """The weekend as bits: bit (ISO weekday - 1); SAT | SUN by default."""
        return int(lib.tsc_calendar_weekend(self._h()))

    @property
    def weekend(self) -> FrozenSet[int]:
        """The weekend as ISO weekdays (1 = Monday .. 7 = Sunday): {6, 7}."""
        mask = self.weekend_mask
        return frozenset(i + 1 for i in range(7) if mask & (1 << i))

    @property
    def index_span(self) -> Tuple[_dt.date, _dt.date]:
        """First and last date of the precomputed index: queries are O(1)
        inside it, correct but slower outside it."""
        first, last = c_int32(), c_int32()
        lib.tsc_calendar_index_span(self._h(), byref(first), byref(last))
        return date(first.value), date(last.value)

    def holidays_ics(self, start: Union[DateLike, int], end: Optional[DateLike] = None,
                     **options: Any) -> bytes:
        """The holidays from start to end inclusive (or the year `start`
        alone) as an iCalendar file's bytes of all-day events.  options:
        those of timescale.IcsWriter (dtstamp, name, previous, ...)."""
        return holidays_ics(self, start, end, None, **options)

    def write_holidays_ics(self, path: "Union[str, os.PathLike[str]]",
                           start: Union[DateLike, int], end: Optional[DateLike] = None,
                           **options: Any) -> None:
        """The same, written to `path` whole or not at all."""
        holidays_ics(self, start, end, path, **options)

    # ---- single queries ----

    def is_working_day(self, d: DateLike) -> bool:
        """True when d is neither a weekend day nor a holiday."""
        ptr = self._ptr
        if ptr is not None and type(d) is _date:
            return _fast.tsc_calendar_is_working_day(ptr, d.toordinal()) == 1
        return bool(lib.tsc_calendar_is_working_day(self._h(), day(d)))

    def holidays(self, start: Union[DateLike, int],
                 end: Optional[DateLike] = None) -> List[Holiday]:
        """The holidays observed from start to end inclusive, in date order
        (a day with two holidays appears twice).  holidays(2026) is the year."""
        if end is None:
            if isinstance(start, int) and not isinstance(start, bool):
                year: int = start
                start, end = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
            else:
                raise TypeError("holidays() needs an end date, or a year alone")
        h, a, b = self._h(), day(start, "start"), day(end, "end")
        count = c_size_t()
        err = Error()
        check(lib.tsc_calendar_holidays(h, a, b, None, 0, byref(count), byref(err)), err)
        items = (HolidayStruct * max(count.value, 1))()
        capacity = count.value
        check(lib.tsc_calendar_holidays(h, a, b, items, capacity, byref(count), byref(err)),
              err)
        # The calendar is immutable, so the second answer has the same size.
        return [Holiday(date(x.date), (x.name or b"").decode("utf-8", "replace"),
                        bool(x.flags & TSC_HOLIDAY_SUBSTITUTE), bool(x.flags & TSC_HOLIDAY_MOVED),
                        bool(x.flags & TSC_HOLIDAY_ONE_OFF))
                for x in items[:min(count.value, capacity)]]

    # The single queries are called in loops, so each has a fast path (see
    # the module's comment): a datetime.date and an int in range go straight
    # to the library; anything else, and any failure, takes the checked
    # path, which converts, validates and raises.

    def _checked(self, fn: Any, *args: Any) -> int:
        """fn(handle, *args, &out, NULL) through the declared prototype; the
        exception when it fails."""
        out = c_int32()
        args = (self._h(),) + args
        if fn(*args, byref(out), None):
            recall(fn, *args, byref(out))
        return out.value

    def add_working_days(self, d: DateLike, n: int) -> _dt.date:
        """The n-th working day strictly after d (n > 0), strictly before it
        (n < 0), or d itself (n == 0).  RangeError beyond 0001..9999."""
        if type(d) is _date and type(n) is int and -10_000 <= n <= 10_000:
            out = _Int32Out()
            if not _fast.tsc_calendar_add_working_days(self._ptr, d.toordinal(), n, out, None):
                return _fromordinal(out[0])
        return date(self._checked(lib.tsc_calendar_add_working_days, day(d), int32(n, "n")))

    def next_working_day(self, d: DateLike) -> _dt.date:
        """The first working day strictly after d."""
        if type(d) is _date:
            out = _Int32Out()
            if not _fast.tsc_calendar_next_working_day(self._ptr, d.toordinal(), out, None):
                return _fromordinal(out[0])
        return date(self._checked(lib.tsc_calendar_next_working_day, day(d)))

    def previous_working_day(self, d: DateLike) -> _dt.date:
        """The last working day strictly before d."""
        if type(d) is _date:
            out = _Int32Out()
            if not _fast.tsc_calendar_previous_working_day(self._ptr, d.toordinal(), out, None):
                return _fromordinal(out[0])
        return date(self._checked(lib.tsc_calendar_previous_working_day, day(d)))

    def count_working_days(self, start: DateLike, end: DateLike,
                           inclusive: bool = False) -> int:
        """Working days in [start, end) (with inclusive, [start, end]);
        negative when end is before start.  For every working day d:
        count_working_days(d, add_working_days(d, n)) == n."""
        flags = TSC_COUNT_INCLUSIVE if inclusive else 0
        if type(start) is _date and type(end) is _date:
            a, b = start.toordinal(), end.toordinal()
            if -14_000 <= b - a <= 14_000:
                out = _Int32Out()
                if not _fast.tsc_calendar_count_working_days(self._ptr, a, b, flags, out, None):
                    return out[0]
        return self._checked(lib.tsc_calendar_count_working_days, day(start, "start"),
                             day(end, "end"), flags)

    def roll(self, d: DateLike, convention: Union[Roll, str] = Roll.FOLLOWING) -> _dt.date:
        """d itself when it is a working day, else the working day the
        convention picks: "following", "preceding", "modified-following",
        "modified-preceding" or "unadjusted"."""
        if type(d) is _date and type(convention) is Roll:
            out = _Int32Out()
            if not _fast.tsc_calendar_roll(self._ptr, d.toordinal(), convention, out, None):
                return _fromordinal(out[0])
        return date(self._checked(lib.tsc_calendar_roll, day(d), int(Roll.of(convention))))

    # ---- batch queries: C loops over the whole input ----

    def add_working_days_many(self, dates: Any, ns: Any, out: Any = None) -> Any:
        """add_working_days for each (dates[i], ns[i]), C looping over them.

        `dates` is a sequence of dates (the result is a list of dates) or a
        numpy datetime64 array (the result is a datetime64[D] array of the
        same shape); `ns` is a sequence or integer array of the same length,
        or one int for all.  out: a datetime64[D] array of that shape to
        write the answers into and return instead of a new one (it may be
        `dates` itself).  On failure the exception's message names the
        first failing item, and out's contents are unspecified."""
        h = self._h()
        batch = lib.tsc_calendar_add_working_days_batch
        if _arrays.uses_numpy(dates, ns, out):
            return _arrays.add_many(batch, h, dates, ns, out)
        _arrays.no_out(out)
        src = _arrays.dates_list(dates, "dates")
        steps = _arrays.ints_list(ns, len(src), "ns")
        answers = array(_arrays.I32, bytes(4 * len(src)))
        err = Error()
        check(batch(h, src.buffer_info()[0], steps.buffer_info()[0], len(src),
                    answers.buffer_info()[0], byref(err)), err)
        return list(map(_fromordinal, answers))

    def count_working_days_many(self, starts: Any, ends: Any, inclusive: bool = False,
                                out: Any = None) -> Any:
        """count_working_days for each (starts[i], ends[i]), C looping over them.

        Sequences of dates give a list of ints; when either argument is a
        numpy datetime64 array the result is an int32 array (of that
        array's shape).  out: an int32 array of that shape to write the
        counts into and return instead of a new one."""
        h = self._h()
        batch = lib.tsc_calendar_count_working_days_batch
        flags = TSC_COUNT_INCLUSIVE if inclusive else 0
        if _arrays.uses_numpy(starts, ends, out):
            return _arrays.count_many(batch, h, flags, starts, ends, out)
        _arrays.no_out(out)
        a = _arrays.dates_list(starts, "starts")
        b = _arrays.dates_list(ends, "ends")
        _arrays.check_same_length(len(a), len(b), "starts", "ends")
        counts = array(_arrays.I32, bytes(4 * len(a)))
        err = Error()
        check(batch(h, a.buffer_info()[0], b.buffer_info()[0], len(a), flags,
                    counts.buffer_info()[0], byref(err)), err)
        return counts.tolist()

    # ---- times in the calendar's zone ----

    def _instant(self, t: times.TimeLike) -> Tuple[int, int]:
        if isinstance(t, _dt.datetime) and (t.tzinfo is None or t.utcoffset() is None):
            minute, micro = _minute_of_day(t.time())
            seconds = times.from_local(self._h(), t.date(), minute)
            return seconds + micro // 1_000_000, micro % 1_000_000
        return times.instant(t)

    def parse_time(self, text: str) -> _dt.datetime:
        """Parses "YYYY-MM-DDTHH:MM[:SS]" as wall-clock time in this zone, or
        with an explicit offset ("+01:00", "Z").  DateError for a time in
        the spring-forward gap; RangeError outside the years whose zone rules
        the library has."""
        out = c_int64()
        err = Error()
        h = self._h()
        check(lib.tsc_time_parse(encode(text, "time text"), h, byref(out), byref(err)), err)
        return times.to_datetime(h, self._zone, out.value)

    def format_time(self, t: times.TimeLike) -> str:
        """"YYYY-MM-DDTHH:MM+HH:MM": wall-clock time in this zone and its
        offset.  t: an aware datetime, a naive one (wall-clock time here) or
        int seconds since the epoch."""
        seconds, _ = self._instant(t)
        h = self._h()
        out = create_string_buffer(32)
        if not lib.tsc_time_format(seconds, h, out, len(out)):
            times.to_local_parts(h, seconds)  # raises the library's reason
            raise errors.RangeError("instant %d is out of range" % seconds, errors.Status.RANGE)
        return out.value.decode("ascii")

    def localize(self, d: Union[DateLike, _dt.datetime],
                 at: Union[_dt.time, int, None] = None) -> _dt.datetime:
        """The aware datetime of wall-clock time `at` (a datetime.time or a
        minute of the day, 0..1439) on date d in this zone; a naive datetime
        alone gives both.  A time in the spring-forward gap is a DateError;
        one in the autumn's repeated hour means the first."""
        if at is None:
            if not isinstance(d, _dt.datetime) or d.tzinfo is not None:
                raise TypeError("localize() needs a time of day, or a naive datetime alone")
            at = d.time()
        minute, micro = _minute_of_day(at)
        seconds = times.from_local(self._h(), d, minute) + micro // 1_000_000
        return times.to_datetime(self._h(), self._zone, seconds, micro % 1_000_000)

    def to_local(self, t: times.TimeLike) -> _dt.datetime:
        """The same instant as an aware datetime in this zone.  t: an aware
        datetime or int seconds since the epoch."""
        if isinstance(t, _dt.datetime) and t.tzinfo is None:
            raise ValueError("to_local() needs an aware datetime (a naive one is already local)")
        seconds, micro = times.instant(t)
        return times.to_datetime(self._h(), self._zone, seconds, micro)
