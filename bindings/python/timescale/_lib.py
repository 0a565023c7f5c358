"""Loading libtimescale and declaring the C prototypes.

Every C function the package calls is declared once, in PROTOTYPES below,
with its argtypes and restype: ctypes otherwise assumes an ``int`` result,
which truncates pointers on 64-bit machines.  The structs mirror
include/timescale.h field for field; if that header changes a struct, the
library's SOVERSION changes and so must this file.

Where the library is looked for, in order:

1. ``$TIMESCALE_LIBRARY`` (a path).  When it is set, nothing else is tried:
   falling back silently would test or run against a different build.
2. Beside the package: ``timescale/`` itself and the directory holding it
   (a wheel or an install may ship the library there).
3. A build tree of the source checkout: ``build*/src/libtimescale.so``
   beside ``bindings/`` (the newest first).
4. The system's paths: ``ctypes.util.find_library("timescale")``, then the
   sonames ``libtimescale.so.0`` and ``libtimescale.so``.

If none loads, ImportError names every place tried and why each failed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (POINTER, Structure, c_char, c_char_p, c_int, c_int32, c_int64, c_size_t,
                    c_uint, c_uint32, c_void_p)
from pathlib import Path
from typing import Any, Callable, List, NoReturn, Tuple

from . import errors

__all__ = ["lib", "library_path", "Error", "HolidayStruct", "RuleInfoStruct", "ItemStruct",
           "has", "require", "raise_error", "recall", "check", "encode"]

# The ABI major this package was written against (the library's SOVERSION
# and TSC_VERSION_MAJOR while it is 0).
EXPECTED_MAJOR = 0

tsc_date = c_int32
tsc_time = c_int64
tsc_status = c_int    # a C enum: int-sized on every ABI we build for
tsc_roll = c_int
calendar_p = c_void_p  # struct tsc_calendar * (opaque)
rule_p = c_void_p      # struct tsc_rule *
pack_p = c_void_p      # struct tsc_pack *
case_p = c_void_p      # struct tsc_case *
plan_p = c_void_p      # struct tsc_plan *
ics_writer_p = c_void_p  # struct tsc_ics_writer *


class Error(Structure):
    """struct tsc_error (include/timescale.h)."""

    _fields_ = [
        ("code", tsc_status),
        ("line", c_int),
        ("column", c_int),
        ("source", c_char * 256),
        ("message", c_char * 192),
    ]


class HolidayStruct(Structure):
    """struct tsc_holiday (include/timescale.h)."""

    _fields_ = [
        ("date", tsc_date),
        ("flags", c_uint32),
        ("name", c_char_p),  # borrowed: valid until the calendar is freed
    ]


class RuleInfoStruct(Structure):
    """struct tsc_rule_info (include/timescale.h).  Strings borrowed from the pack."""

    _fields_ = [
        ("id", c_char_p),
        ("when", c_char_p),
        ("schedules", c_char_p),
        ("role", c_char_p),
        ("section", c_char_p),
        ("quote", c_char_p),
        ("note", c_char_p),
        ("alternative", c_char_p),
        ("area", c_char_p),
        ("binding", c_int32),
    ]


class ItemStruct(Structure):
    """struct tsc_item (include/timescale.h).

    The strings are borrowed from the pack and stay at one address while it
    lives, so they are declared as addresses (c_void_p): plans.py decodes
    each address once per pack instead of once per item."""

    _fields_ = [
        ("rule_id", c_void_p),
        ("schedules", c_void_p),
        ("anchor_event", c_void_p),
        ("role", c_void_p),
        ("rule_text", c_void_p),
        ("rule_index", c_uint32),
        ("occurrence", c_int32),
        ("flags", c_uint32),
        ("due", tsc_date),
        ("window_start", tsc_date),
        ("anchor_date", tsc_date),
        ("done_on", tsc_date),
        ("due_time", tsc_time),
        ("anchor_time", tsc_time),
        ("done_time", tsc_time),
    ]


error_p = POINTER(Error)
date_p = POINTER(tsc_date)
int32_p = POINTER(c_int32)

# name: (restype, argtypes, required).  Optional functions may be absent from
# an older library; has(name) says whether this one exports them.
PROTOTYPES = {
    # errors, version, memory
    "tsc_strerror": (c_char_p, [tsc_status], True),
    "tsc_error_format": (c_size_t, [error_p, c_char_p, c_size_t], True),
    "tsc_version": (c_char_p, [], True),
    "tsc_version_number": (c_int, [], True),
    "tsc_free": (None, [c_void_p], True),
    # dates
    "tsc_date_from_ymd": (tsc_status, [c_int, c_int, c_int, date_p, error_p], True),
    "tsc_date_to_ymd": (tsc_status, [tsc_date, POINTER(c_int), POINTER(c_int),
                                     POINTER(c_int)], True),
    "tsc_date_weekday": (c_int, [tsc_date], True),
    "tsc_date_is_leap_year": (c_int, [c_int], True),
    "tsc_date_days_in_month": (c_int, [c_int, c_int], True),
    "tsc_date_parse": (tsc_status, [c_char_p, date_p, error_p], True),
    "tsc_date_format": (c_size_t, [tsc_date, c_char_p, c_size_t], True),
    "tsc_date_add_days": (tsc_status, [tsc_date, c_int64, date_p, error_p], True),
    "tsc_date_add_months": (tsc_status, [tsc_date, c_int32, c_uint, date_p, error_p], True),
    "tsc_date_add_years": (tsc_status, [tsc_date, c_int32, c_uint, date_p, error_p], True),
    "tsc_date_easter": (tsc_status, [c_int, date_p, error_p], True),
    # calendars
    "tsc_calendar_open": (tsc_status, [c_char_p, POINTER(calendar_p), error_p], True),
    "tsc_calendar_load_file": (tsc_status, [c_char_p, POINTER(calendar_p), error_p], True),
    "tsc_calendar_load_string": (tsc_status, [c_char_p, c_char_p, POINTER(calendar_p),
                                              error_p], True),
    "tsc_calendar_free": (None, [calendar_p], True),
    "tsc_calendar_builtin_count": (c_size_t, [], True),
    "tsc_calendar_builtin_name": (c_char_p, [c_size_t], True),
    "tsc_calendar_name": (c_char_p, [calendar_p], True),
    "tsc_calendar_zone": (c_char_p, [calendar_p], True),
    "tsc_calendar_weekend": (c_uint, [calendar_p], True),
    "tsc_calendar_index_span": (None, [calendar_p, date_p, date_p], True),
    "tsc_calendar_is_working_day": (c_int, [calendar_p, tsc_date], True),
    "tsc_calendar_holidays": (tsc_status, [calendar_p, tsc_date, tsc_date,
                                           POINTER(HolidayStruct), c_size_t,
                                           POINTER(c_size_t), error_p], True),
    "tsc_calendar_add_working_days": (tsc_status, [calendar_p, tsc_date, c_int32, date_p,
                                                   error_p], True),
    "tsc_calendar_next_working_day": (tsc_status, [calendar_p, tsc_date, date_p, error_p],
                                      True),
    "tsc_calendar_previous_working_day": (tsc_status, [calendar_p, tsc_date, date_p,
                                                       error_p], True),
    "tsc_calendar_count_working_days": (tsc_status, [calendar_p, tsc_date, tsc_date, c_uint,
                                                     int32_p, error_p], True),
    "tsc_calendar_roll": (tsc_status, [calendar_p, tsc_date, tsc_roll, date_p, error_p],
                          True),
    # The arrays are passed as c_void_p so that numpy buffers, array('i')
    # buffers and ctypes arrays all go straight through without a copy.
    "tsc_calendar_add_working_days_batch": (tsc_status, [calendar_p, c_void_p, c_void_p,
                                                         c_size_t, c_void_p, error_p], True),
    "tsc_calendar_count_working_days_batch": (tsc_status, [calendar_p, c_void_p, c_void_p,
                                                           c_size_t, c_uint, c_void_p,
                                                           error_p], True),
    # times in a calendar's zone
    "tsc_time_parse": (tsc_status, [c_char_p, calendar_p, POINTER(tsc_time), error_p], True),
    "tsc_time_format": (c_size_t, [tsc_time, calendar_p, c_char_p, c_size_t], True),
    "tsc_time_from_local": (tsc_status, [calendar_p, tsc_date, c_int, POINTER(tsc_time),
                                         error_p], True),
    "tsc_time_to_local": (tsc_status, [calendar_p, tsc_time, date_p, POINTER(c_int),
                                       POINTER(c_int), error_p], True),
    # rules
    "tsc_rule_parse": (tsc_status, [c_char_p, POINTER(rule_p), error_p], True),
    "tsc_rule_free": (None, [rule_p], True),
    "tsc_rule_format": (c_size_t, [rule_p, c_char_p, c_size_t], True),
    # rule packs
    "tsc_pack_open": (tsc_status, [c_char_p, POINTER(pack_p), error_p], True),
    "tsc_pack_load_file": (tsc_status, [c_char_p, POINTER(pack_p), error_p], True),
    "tsc_pack_load_string": (tsc_status, [c_char_p, c_char_p, POINTER(pack_p), error_p], True),
    "tsc_pack_from_rule": (tsc_status, [c_char_p, c_char_p, c_char_p, POINTER(pack_p),
                                        error_p], True),
    "tsc_pack_select": (tsc_status, [pack_p, POINTER(c_char_p), c_size_t, POINTER(pack_p),
                                     error_p], True),
    "tsc_pack_free": (None, [pack_p], True),
    "tsc_pack_builtin_count": (c_size_t, [], True),
    "tsc_pack_builtin_name": (c_char_p, [c_size_t], True),
    "tsc_pack_name": (c_char_p, [pack_p], True),
    "tsc_pack_authority": (c_char_p, [pack_p], True),
    "tsc_pack_title": (c_char_p, [pack_p], True),
    "tsc_pack_calendar": (c_char_p, [pack_p], True),
    "tsc_pack_rule_count": (c_size_t, [pack_p], True),
    "tsc_pack_rule": (tsc_status, [pack_p, c_size_t, POINTER(RuleInfoStruct), error_p], True),
    "tsc_pack_find_rule": (tsc_status, [pack_p, c_char_p, POINTER(c_size_t), error_p], True),
    "tsc_pack_event_count": (c_size_t, [pack_p], True),
    "tsc_pack_event_name": (c_char_p, [pack_p, c_size_t], True),
    "tsc_pack_has_event": (c_int, [pack_p, c_char_p], False),   # new: aliases
    # cases
    "tsc_case_new": (tsc_status, [POINTER(case_p), error_p], True),
    "tsc_case_free": (None, [case_p], True),
    "tsc_case_clear": (None, [case_p], True),
    "tsc_case_add_date": (tsc_status, [case_p, c_char_p, tsc_date, error_p], True),
    "tsc_case_add_time": (tsc_status, [case_p, c_char_p, tsc_time, error_p], True),
    "tsc_case_add_text": (tsc_status, [case_p, c_char_p, calendar_p, error_p], True),
    # plans
    "tsc_plan_new": (tsc_status, [POINTER(plan_p), error_p], True),
    "tsc_plan_free": (None, [plan_p], True),
    "tsc_plan_compute": (tsc_status, [plan_p, pack_p, calendar_p, case_p, tsc_date, tsc_date,
                                      c_uint, error_p], True),
    "tsc_plan_item_count": (c_size_t, [plan_p], True),
    "tsc_plan_truncated": (c_size_t, [plan_p], True),
    "tsc_plan_hidden": (c_size_t, [plan_p], True),
    "tsc_plan_item": (tsc_status, [plan_p, c_size_t, POINTER(ItemStruct), error_p], True),
    # iCalendar (optional: new, and absent from a library built without libical)
    "tsc_ics_writer_new": (tsc_status, [calendar_p, c_uint, POINTER(ics_writer_p), error_p],
                           False),
    "tsc_ics_writer_free": (None, [ics_writer_p], False),
    "tsc_ics_writer_set_alarm": (tsc_status, [ics_writer_p, c_int32, c_int32, error_p], False),
    "tsc_ics_writer_set_dtstamp": (tsc_status, [ics_writer_p, tsc_time, error_p], False),
    "tsc_ics_writer_set_name": (tsc_status, [ics_writer_p, c_char_p, error_p], False),
    "tsc_ics_writer_load_previous": (tsc_status, [ics_writer_p, c_char_p, error_p], False),
    "tsc_ics_writer_add_plan": (tsc_status, [ics_writer_p, pack_p, c_char_p, plan_p, error_p],
                                False),
    "tsc_ics_writer_add_rule": (tsc_status, [ics_writer_p, pack_p, c_char_p, plan_p, c_size_t,
                                             error_p], False),
    "tsc_ics_writer_add_holidays": (tsc_status, [ics_writer_p, tsc_date, tsc_date, error_p],
                                    False),
    "tsc_ics_writer_count": (c_size_t, [ics_writer_p], False),
    "tsc_ics_writer_write_file": (tsc_status, [ics_writer_p, c_char_p, error_p], False),
    "tsc_ics_writer_write_string": (tsc_status, [ics_writer_p, POINTER(c_void_p),
                                                 POINTER(c_size_t), error_p], False),
}


def _candidates() -> List[Tuple[str, str]]:
    """(how it was found, path or name) in the order they are tried."""
    here = Path(__file__).resolve().parent          # .../bindings/python/timescale
    names = ("libtimescale.so", "libtimescale.so.0", "libtimescale.dylib",
             "libtimescale.0.dylib", "timescale.dll", "libtimescale.dll")
    found: List[Tuple[str, str]] = []
    for folder in (here, here.parent):
        for name in names:
            found.append(("beside the package", str(folder / name)))
    checkout = here.parent.parent.parent           # .../bindings/python/timescale -> root
    builds = sorted(checkout.glob("build*/src/libtimescale.so"),
                    key=lambda p: p.stat().st_mtime if p.exists() else 0.0, reverse=True)
    if builds:
        found.extend(("build tree", str(p)) for p in builds)
    else:
        found.append(("build tree", str(checkout / "build*" / "src" / "libtimescale.so")))
    system = ctypes.util.find_library("timescale")
    if system:
        found.append(("ctypes.util.find_library('timescale')", system))
    for soname in ("libtimescale.so.0", "libtimescale.so", "libtimescale.0.dylib"):
        found.append(("system paths", soname))
    return found


def _load() -> Tuple[ctypes.CDLL, str]:
    explicit = os.environ.get("TIMESCALE_LIBRARY")
    if explicit:
        try:
            return ctypes.CDLL(explicit), explicit
        except OSError as e:
            raise ImportError("timescale: cannot load $TIMESCALE_LIBRARY=%r: %s "
                              "(unset it to search the usual places)" % (explicit, e)) from None
    tried: List[str] = ["$TIMESCALE_LIBRARY: not set"]
    for how, where in _candidates():
        is_path = os.sep in where
        if is_path and not os.path.exists(where):
            tried.append("%s: %s: no such file" % (how, where))
            continue
        try:
            return ctypes.CDLL(where), where
        except OSError as e:
            tried.append("%s: %s: %s" % (how, where, e))
    raise ImportError("timescale: cannot find libtimescale; tried\n  " + "\n  ".join(tried) +
                      "\nSet TIMESCALE_LIBRARY to the library's path, or install libtimescale.")


def _declare(dll: ctypes.CDLL) -> None:
    missing = []
    for name, (restype, argtypes, required) in PROTOTYPES.items():
        try:
            fn = getattr(dll, name)
        except AttributeError:
            if required:
                missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    if missing:
        raise ImportError("timescale: %s lacks %s (too old a library?)"
                          % (library_path, ", ".join(missing)))


lib, library_path = _load()
_declare(lib)

_major = lib.tsc_version_number() // 10000
if _major != EXPECTED_MAJOR:
    raise ImportError("timescale: %s is version %s; this package needs %d.x"
                      % (library_path, lib.tsc_version().decode(), EXPECTED_MAJOR))


def has(name: str) -> bool:
    """True when the loaded library exports the C function `name`."""
    return hasattr(lib, name) and name in PROTOTYPES


def require(name: str) -> Any:
    """The C function `name`, or NotImplementedError when this library is
    too old to export it (for the optional rows of PROTOTYPES)."""
    if not has(name):
        raise NotImplementedError("%s does not export %s (a newer libtimescale has it)"
                                  % (library_path, name))
    return getattr(lib, name)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def raise_error(err: Error) -> NoReturn:
    """Raises the exception for a filled tsc_error."""
    needed = lib.tsc_error_format(ctypes.byref(err), None, 0)
    buf = ctypes.create_string_buffer(needed + 1)
    lib.tsc_error_format(ctypes.byref(err), buf, needed + 1)
    message = _text(err.message) or _text(lib.tsc_strerror(err.code))
    raise errors.from_code(int(err.code), message, _text(err.source), int(err.line),
                           int(err.column), formatted=_text(buf.value))


def recall(fn: Callable[..., int], *args: Any) -> NoReturn:
    """Calls fn(*args, err) again with an error struct and raises what it says.

    The single-value calls are pure, so the fast path passes err = NULL and
    only a failing call is repeated to learn why."""
    err = Error()
    status = fn(*args, ctypes.byref(err))
    if status == 0:  # cannot happen for a pure function; be honest if it does
        raise errors.TimescaleError("%s failed once and then succeeded" % fn.__name__,
                                    errors.Status.ARG)
    if err.code == 0:
        err.code = status
    raise_error(err)


def check(status: int, err: Error) -> None:
    """Raises when status is not TSC_OK (err filled by the same call)."""
    if status:
        if err.code == 0:
            err.code = status
        raise_error(err)


def encode(text: "str | bytes | os.PathLike[str]", what: str) -> bytes:
    """Text for a `const char *`: UTF-8 (paths: the file system's encoding),
    refusing an embedded NUL, which C would silently cut the text at."""
    if isinstance(text, bytes):
        data = text
    elif isinstance(text, str):
        data = text.encode("utf-8")
    elif isinstance(text, os.PathLike):
        data = os.fsencode(text)
    else:
        raise TypeError("%s must be str, not %s" % (what, type(text).__name__))
    if b"\0" in data:
        raise ValueError("%s contains a NUL character" % what)
    return data
