"""timescale: working-day deadlines on UK and St Helena bank-holiday calendars.

Pure-Python bindings (ctypes, no compiled extension) to libtimescale::

    >>> import datetime, timescale
    >>> with timescale.Calendar("england-and-wales") as cal:
    ...     cal.add_working_days(datetime.date(2026, 4, 2), 1)   # over Easter
    datetime.date(2026, 4, 7)

The library is found through $TIMESCALE_LIBRARY, beside the package, in a
build tree of the source checkout, or on the system's paths (see _lib).

Rule packs and plans::

    >>> with timescale.Pack("swindon") as pack:
    ...     plan = pack.plan(None, {"referral": [datetime.date(2026, 3, 6)]},
    ...                      until=datetime.date(2026, 3, 31))
    ...     plan[0].rule_id, plan[0].due
    ('swindon.referral.response-decision', datetime.date(2026, 3, 9))
"""

from . import errors
from ._lib import library_path
from ._lib import lib as _cdll
from .calendar import (FRI, MON, SAT, SUN, THU, TUE, WED, WEEKEND_DEFAULT, Calendar, Holiday,
                       Roll, builtin_calendars)
from .dates import (DATE_MAX, DATE_MIN, UNIX_EPOCH_ORDINAL, add_days, add_months, add_years,
                    date_from_ymd, days_in_month, easter, format_date, from_day_number,
                    is_leap_year, parse_date, to_day_number, weekday)
from .errors import (ArgumentError, DateError, FileError, ICalError, NotFoundError,
                     OutOfMemoryError, ParseError, RangeError, Status, TimescaleError)
from .ics import IcsWriter

__version__ = "0.1.0"

# Packs, plans and rules are imported when first used (they need dataclasses,
# typing and more), so that `import timescale` for a calendar stays quick.
_LAZY = {"Pack": "packs", "PackEvents": "packs", "RuleInfo": "packs", "builtin_packs": "packs",
         "Case": "plans", "Item": "plans", "Plan": "plans",
         "Rule": "rules", "format_rule": "rules", "parse_rule": "rules",
         "packs": None, "plans": None, "rules": None}

__all__ = [
    "Calendar", "Holiday", "Roll", "builtin_calendars",
    "Rule", "parse_rule", "format_rule", "Pack", "PackEvents", "RuleInfo", "builtin_packs",
    "Case", "Plan", "Item", "IcsWriter",
    "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN", "WEEKEND_DEFAULT",
    "DATE_MIN", "DATE_MAX", "UNIX_EPOCH_ORDINAL",
    "parse_date", "format_date", "date_from_ymd", "from_day_number", "to_day_number",
    "weekday", "is_leap_year", "days_in_month", "add_days", "add_months", "add_years", "easter",
    "Status", "TimescaleError", "OutOfMemoryError", "ArgumentError", "DateError", "RangeError",
    "ParseError", "FileError", "NotFoundError", "ICalError",
    "library_version", "library_version_number", "library_path", "strerror", "errors",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError("module 'timescale' has no attribute %r" % name)
    import importlib
    module = importlib.import_module("." + (_LAZY[name] or name), __name__)
    value = module if _LAZY[name] is None else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> "list[str]":
    return sorted(set(globals()) | set(_LAZY))


def library_version() -> str:
    """TSC_VERSION of the loaded library ("0.1.0")."""
    return str(_cdll.tsc_version().decode("ascii"))


def library_version_number() -> int:
    """TSC_VERSION_NUMBER of the loaded library (MAJOR*10000 + MINOR*100 + PATCH)."""
    return int(_cdll.tsc_version_number())


def strerror(code: int) -> str:
    """The library's fixed text for a status code ("unknown error" outside the list)."""
    return str(_cdll.tsc_strerror(int(code)).decode("utf-8", "replace"))
