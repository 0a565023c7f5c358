"""Dates: ``datetime.date`` in and out, day numbers underneath.

The library's date is a day number with 0001-01-01 = 1, exactly
``date.toordinal()``, so converting costs nothing and cannot disagree with
Python.  Wherever a date is taken, a ``datetime.date`` (or ``datetime``,
whose time is ignored), an ISO "YYYY-MM-DD" string (parsed strictly by the
library) or a ``numpy.datetime64`` scalar is accepted.
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import operator
from ctypes import byref, c_int, c_int32

from . import errors
from ._lib import Error, check, encode, lib, recall

TYPE_CHECKING = False  # typing is for type checkers: not imported at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Union

__all__ = [
    "DateLike", "DATE_MIN", "DATE_MAX", "UNIX_EPOCH_ORDINAL", "parse_date", "format_date",
    "date_from_ymd", "from_day_number", "to_day_number", "weekday", "is_leap_year",
    "days_in_month", "add_days", "add_months", "add_years", "easter",
]

DATE_MIN = 1          # TSC_DATE_MIN: 0001-01-01
DATE_MAX = 3652059    # TSC_DATE_MAX: 9999-12-31
# numpy's datetime64[D] counts days from 1970-01-01, which is this ordinal.
UNIX_EPOCH_ORDINAL = 719163
INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1

TSC_KEEP_END_OF_MONTH = 1

if TYPE_CHECKING:
    DateLike = Union[_dt.date, str]


def __getattr__(name: str) -> Any:
    # The type alias for code that needs it at run time (typing is imported then).
    if name == "DateLike":
        from typing import Union
        return Union[_dt.date, str]
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def _numpy_day(value: object) -> int:
    # A numpy.datetime64 scalar, without importing numpy here.
    days = value.astype("datetime64[D]")  # type: ignore[attr-defined]
    if days != days:  # NaT is the only value unequal to itself
        raise ValueError("NaT is not a date")
    return int(days.astype("int64")) + UNIX_EPOCH_ORDINAL


def day(value: object, what: str = "date") -> int:
    """The day number of a date-like value (internal helper)."""
    if isinstance(value, _dt.date):
        return value.toordinal()
    if isinstance(value, str):
        return to_day_number(parse_date(value))
    if type(value).__name__ == "datetime64" and type(value).__module__ == "numpy":
        n = _numpy_day(value)
        if not DATE_MIN <= n <= DATE_MAX:
            raise errors.RangeError("%s %s is outside 0001..9999" % (what, value),
                                    errors.Status.RANGE)
        return n
    raise TypeError("%s must be a datetime.date or a 'YYYY-MM-DD' string, not %s"
                    % (what, type(value).__name__))


def date(n: int) -> _dt.date:
    """The date of a day number the library returned (internal helper)."""
    return _dt.date.fromordinal(n)


def int32(value: object, what: str) -> int:
    """An int that fits int32_t, or RangeError (ctypes would truncate silently)."""
    n = operator.index(value)  # type: ignore[arg-type]
    if not INT32_MIN <= n <= INT32_MAX:
        raise errors.RangeError("%s %d does not fit in 32 bits" % (what, n), errors.Status.RANGE)
    return n


def _int(value: object, what: str) -> int:
    n = operator.index(value)  # type: ignore[arg-type]
    if not INT32_MIN <= n <= INT32_MAX:
        # Far outside any year or month the library accepts: let it say so.
        return INT32_MIN if n < 0 else INT32_MAX
    return n


def parse_date(text: str) -> _dt.date:
    """Parses a strict ISO 8601 calendar date, "YYYY-MM-DD" and nothing else.

    ParseError (with the column) for malformed text, DateError for a date
    that does not exist (2023-02-29), RangeError for year 0000."""
    data = encode(text, "date text")
    out = c_int32()
    err = Error()
    check(lib.tsc_date_parse(data, byref(out), byref(err)), err)
    return date(out.value)


def format_date(d: DateLike) -> str:
    """"YYYY-MM-DD", as the library writes it."""
    n = day(d)
    buf = ctypes.create_string_buffer(11)
    if not lib.tsc_date_format(n, buf, len(buf)):
        raise errors.RangeError("day number %d is not a date" % n, errors.Status.RANGE)
    return buf.value.decode("ascii")


def date_from_ymd(year: int, month: int, day_of_month: int) -> _dt.date:
    """The date year-month-day, checked by the library: DateError for a day
    that does not exist (2023-02-29), RangeError for a year outside 1..9999."""
    out = c_int32()
    args = (_int(year, "year"), _int(month, "month"), _int(day_of_month, "day"))
    if lib.tsc_date_from_ymd(*args, byref(out), None):
        recall(lib.tsc_date_from_ymd, *args, byref(out))
    return date(out.value)


def from_day_number(n: int) -> _dt.date:
    """The date of a C day number (0001-01-01 = 1); RangeError outside
    1..3652059."""
    n = operator.index(n)
    y, m, d = c_int(), c_int(), c_int()
    if not DATE_MIN <= n <= DATE_MAX or lib.tsc_date_to_ymd(n, byref(y), byref(m), byref(d),
                                                            None):
        raise errors.RangeError("day number %d is not a date in 0001..9999" % n,
                                errors.Status.RANGE)
    return _dt.date(y.value, m.value, d.value)


def to_day_number(d: DateLike) -> int:
    """The C day number of a date: ``d.toordinal()``."""
    return day(d)


def weekday(d: DateLike) -> int:
    """ISO weekday, 1 = Monday .. 7 = Sunday (as ``date.isoweekday()``)."""
    return int(lib.tsc_date_weekday(day(d)))


def is_leap_year(year: int) -> bool:
    """True for a Gregorian leap year."""
    return bool(lib.tsc_date_is_leap_year(_int(year, "year")))


def days_in_month(year: int, month: int) -> int:
    """28..31; RangeError when the year or month is out of range."""
    n = int(lib.tsc_date_days_in_month(_int(year, "year"), _int(month, "month")))
    if n == 0:
        raise errors.RangeError("no month %r of year %r" % (month, year), errors.Status.RANGE)
    return n


def add_days(d: DateLike, days: int) -> _dt.date:
    """d plus a number of calendar days; RangeError outside 0001..9999."""
    n = operator.index(days)
    if not INT64_MIN <= n <= INT64_MAX:
        raise errors.RangeError("%d days does not fit in 64 bits" % n, errors.Status.RANGE)
    out = c_int32()
    args = (day(d), n)
    if lib.tsc_date_add_days(*args, byref(out), None):
        recall(lib.tsc_date_add_days, *args, byref(out))
    return date(out.value)


def _add_months_or_years(fn: Callable[..., int], d: DateLike, count: int, keep_end_of_month: bool,
                         what: str) -> _dt.date:
    out = c_int32()
    args = (day(d), int32(count, what), TSC_KEEP_END_OF_MONTH if keep_end_of_month else 0)
    if fn(*args, byref(out), None):
        recall(fn, *args, byref(out))
    return date(out.value)


def add_months(d: DateLike, months: int, keep_end_of_month: bool = False) -> _dt.date:
    """Month arithmetic, clamped to the end of the month (31 Jan + 1 month is
    28 or 29 Feb).  With keep_end_of_month, a start on the last day of its
    month lands on the last day of the target month."""
    return _add_months_or_years(lib.tsc_date_add_months, d, months, keep_end_of_month, "months")


def add_years(d: DateLike, years: int, keep_end_of_month: bool = False) -> _dt.date:
    """Year arithmetic, clamped like add_months (29 Feb + 1 year = 28 Feb)."""
    return _add_months_or_years(lib.tsc_date_add_years, d, years, keep_end_of_month, "years")


def easter(year: int) -> _dt.date:
    """Easter Sunday (Gregorian computus), years 1..9999."""
    out = c_int32()
    y = _int(year, "year")
    if lib.tsc_date_easter(y, byref(out), None):
        recall(lib.tsc_date_easter, y, byref(out))
    return date(out.value)

