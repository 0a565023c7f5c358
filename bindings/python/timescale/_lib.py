"""Loading libtimescale and declaring the C prototypes.

Every C function the package calls is declared once, in PROTOTYPES below
(ICAL_PROTOTYPES for the iCalendar part, absent from a library built
without it), with its argtypes and restype: ctypes otherwise assumes an
``int`` result, which truncates pointers on 64-bit machines.  Every one is
required: a library that lacks one is refused at import.  The structs
mirror include/timescale.h field for field, each declared once here; if
that header changes a struct, the library's SOVERSION changes and so must
this file.

The pure single-value calls (``FAST``) are also reached through a second
view of the same library, ``fast``, that keeps the GIL (a call takes a few
nanoseconds: releasing and taking back the GIL would cost more) and
converts no arguments: its callers pass only ctypes pointers, ``byref``
objects, None and ints they have checked to fit 32 bits.

Where the library is looked for, in order:

1. ``$TIMESCALE_LIBRARY`` (a path).  When it is set, nothing else is tried:
   falling back silently would test or run against a different build.
2. Beside the package: ``timescale/`` itself and the directory holding it
   (a wheel or an install may ship the library there).
3. A build tree of the source checkout: ``build*/src/libtimescale.so``
   beside ``bindings/`` (the newest first).
4. The system's paths: the sonames ``libtimescale.so.0`` and
   ``libtimescale.so`` (the dynamic loader's own search), then
   ``ctypes.util.find_library("timescale")``, which runs ldconfig or a
   compiler and so is tried last.

If none loads, ImportError names every place tried and why each failed.
"""

from __future__ import annotations

import ctypes
import os
import struct
from ctypes import (POINTER, Structure, c_char, c_char_p, c_int, c_int32, c_int64, c_size_t,
                    c_uint, c_uint32, c_void_p)

from . import errors

TYPE_CHECKING = False  # typing is for type checkers: not imported at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterator, List, NoReturn, Tuple

__all__ = ["lib", "fast", "library_path", "ical_available", "Error", "HolidayStruct",
           "RuleInfoStruct", "ITEM", "ITEM_FIELDS", "require_ical", "raise_error", "recall",
           "check", "encode"]

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


class EventInfoStruct(Structure):
    """struct tsc_event_info (include/timescale.h).  Strings borrowed from the vocabulary."""

    _fields_ = [("name", c_char_p), ("means", c_char_p), ("parent", c_char_p),
                ("aliases", c_char_p), ("statutory", c_char_p), ("produced", c_int32),
                ("label", c_char_p)]


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


# struct tsc_item (include/timescale.h): its fields in order, each with its
# struct-module code, read with native alignment by ITEM.unpack_from.  The
# five strings are borrowed from the pack and stay at one address while it
# lives, so they are read as addresses ("P"): plans.py decodes each address
# once per pack instead of once per item.
ITEM_FIELDS = (
    ("rule_id", "P"), ("schedules", "P"), ("anchor_event", "P"), ("role", "P"),
    ("rule_text", "P"),
    ("rule_index", "I"), ("occurrence", "i"), ("flags", "I"),
    ("due", "i"), ("window_start", "i"), ("anchor_date", "i"), ("done_on", "i"),
    ("due_time", "q"), ("anchor_time", "q"), ("done_time", "q"),
)
ITEM = struct.Struct("@" + "".join(code for _, code in ITEM_FIELDS))


error_p = POINTER(Error)
date_p = POINTER(tsc_date)
int32_p = POINTER(c_int32)

# name: (restype, argtypes).
PROTOTYPES: Dict[str, Tuple[Any, List[Any]]] = {
    # errors, version, memory
    "tsc_strerror": (c_char_p, [tsc_status]),
    "tsc_error_format": (c_size_t, [error_p, c_char_p, c_size_t]),
    "tsc_version": (c_char_p, []),
    "tsc_version_number": (c_int, []),
    "tsc_free": (None, [c_void_p]),
    # dates
    "tsc_date_from_ymd": (tsc_status, [c_int, c_int, c_int, date_p, error_p]),
    "tsc_date_to_ymd": (tsc_status, [tsc_date, POINTER(c_int), POINTER(c_int),
                                     POINTER(c_int), error_p]),
    "tsc_date_weekday": (c_int, [tsc_date]),
    "tsc_date_is_leap_year": (c_int, [c_int]),
    "tsc_date_days_in_month": (c_int, [c_int, c_int]),
    "tsc_date_parse": (tsc_status, [c_char_p, date_p, error_p]),
    "tsc_date_format": (c_size_t, [tsc_date, c_char_p, c_size_t]),
    "tsc_date_add_days": (tsc_status, [tsc_date, c_int64, date_p, error_p]),
    "tsc_date_add_months": (tsc_status, [tsc_date, c_int32, c_uint, date_p, error_p]),
    "tsc_date_add_years": (tsc_status, [tsc_date, c_int32, c_uint, date_p, error_p]),
    "tsc_date_easter": (tsc_status, [c_int, date_p, error_p]),
    # calendars
    "tsc_calendar_open": (tsc_status, [c_char_p, POINTER(calendar_p), error_p]),
    "tsc_calendar_load_file": (tsc_status, [c_char_p, POINTER(calendar_p), error_p]),
    "tsc_calendar_load_string": (tsc_status, [c_char_p, c_char_p, POINTER(calendar_p),
                                              error_p]),
    "tsc_calendar_free": (None, [calendar_p]),
    "tsc_calendar_builtin_count": (c_size_t, []),
    "tsc_calendar_builtin_name": (c_char_p, [c_size_t]),
    "tsc_calendar_name": (c_char_p, [calendar_p]),
    "tsc_calendar_zone": (c_char_p, [calendar_p]),
    "tsc_calendar_weekend": (c_uint, [calendar_p]),
    "tsc_calendar_index_span": (None, [calendar_p, date_p, date_p]),
    "tsc_calendar_is_working_day": (c_int, [calendar_p, tsc_date]),
    "tsc_calendar_holidays": (tsc_status, [calendar_p, tsc_date, tsc_date,
                                           POINTER(HolidayStruct), c_size_t,
                                           POINTER(c_size_t), error_p]),
    "tsc_calendar_add_working_days": (tsc_status, [calendar_p, tsc_date, c_int32, date_p,
                                                   error_p]),
    "tsc_calendar_next_working_day": (tsc_status, [calendar_p, tsc_date, date_p, error_p]),
    "tsc_calendar_previous_working_day": (tsc_status, [calendar_p, tsc_date, date_p,
                                                       error_p]),
    "tsc_calendar_count_working_days": (tsc_status, [calendar_p, tsc_date, tsc_date, c_uint,
                                                     int32_p, error_p]),
    "tsc_calendar_roll": (tsc_status, [calendar_p, tsc_date, tsc_roll, date_p, error_p]),
    # The arrays are passed as c_void_p so that numpy buffers, array('i')
    # buffers and ctypes arrays all go straight through without a copy.
    "tsc_calendar_add_working_days_batch": (tsc_status, [calendar_p, c_void_p, c_void_p,
                                                         c_size_t, c_void_p, error_p]),
    "tsc_calendar_count_working_days_batch": (tsc_status, [calendar_p, c_void_p, c_void_p,
                                                           c_size_t, c_uint, c_void_p,
                                                           error_p]),
    # times in a calendar's zone
    "tsc_time_parse": (tsc_status, [c_char_p, calendar_p, POINTER(tsc_time), error_p]),
    "tsc_time_format": (c_size_t, [tsc_time, calendar_p, c_char_p, c_size_t]),
    "tsc_time_from_local": (tsc_status, [calendar_p, tsc_date, c_int, POINTER(tsc_time),
                                         error_p]),
    "tsc_time_to_local": (tsc_status, [calendar_p, tsc_time, date_p, POINTER(c_int),
                                       POINTER(c_int), error_p]),
    # rules
    "tsc_rule_parse": (tsc_status, [c_char_p, POINTER(rule_p), error_p]),
    "tsc_rule_free": (None, [rule_p]),
    "tsc_rule_format": (c_size_t, [rule_p, c_char_p, c_size_t]),
    # rule packs
    "tsc_pack_open": (tsc_status, [c_char_p, POINTER(pack_p), error_p]),
    "tsc_pack_load_file": (tsc_status, [c_char_p, POINTER(pack_p), error_p]),
    "tsc_pack_load_string": (tsc_status, [c_char_p, c_char_p, POINTER(pack_p), error_p]),
    "tsc_pack_from_rule": (tsc_status, [rule_p, c_char_p, c_char_p, POINTER(pack_p),
                                        error_p]),
    "tsc_pack_select": (tsc_status, [pack_p, POINTER(c_char_p), c_size_t, POINTER(pack_p),
                                     error_p]),
    "tsc_pack_free": (None, [pack_p]),
    "tsc_pack_builtin_count": (c_size_t, []),
    "tsc_pack_builtin_name": (c_char_p, [c_size_t]),
    "tsc_pack_name": (c_char_p, [pack_p]),
    "tsc_pack_authority": (c_char_p, [pack_p]),
    "tsc_pack_title": (c_char_p, [pack_p]),
    "tsc_pack_calendar": (c_char_p, [pack_p]),
    "tsc_pack_rule_count": (c_size_t, [pack_p]),
    "tsc_pack_rule": (tsc_status, [pack_p, c_size_t, POINTER(RuleInfoStruct), error_p]),
    "tsc_pack_find_rule": (tsc_status, [pack_p, c_char_p, POINTER(c_size_t), error_p]),
    "tsc_pack_event_count": (c_size_t, [pack_p]),
    "tsc_pack_event_name": (c_char_p, [pack_p, c_size_t]),
    "tsc_pack_has_event": (c_int, [pack_p, c_char_p]),
    "tsc_pack_event_produced": (c_int, [pack_p, c_size_t]),
    "tsc_pack_event_rules": (c_size_t, [pack_p, c_size_t, POINTER(c_size_t), c_size_t]),
    "tsc_pack_rule_anchor": (c_char_p, [pack_p, c_size_t]),
    "tsc_pack_rule_end_anchor": (c_char_p, [pack_p, c_size_t]),
    # the event vocabulary
    "tsc_vocab_builtin": (tsc_status, [POINTER(c_void_p), error_p]),
    "tsc_vocab_load_file": (tsc_status, [c_char_p, POINTER(c_void_p), error_p]),
    "tsc_vocab_load_string": (tsc_status, [c_char_p, c_char_p, POINTER(c_void_p), error_p]),
    "tsc_vocab_free": (None, [c_void_p]),
    "tsc_vocab_count": (c_size_t, [c_void_p]),
    "tsc_vocab_event": (tsc_status, [c_void_p, c_size_t, POINTER(EventInfoStruct), error_p]),
    "tsc_vocab_statutory_line": (c_int, [c_void_p, c_size_t, c_size_t]),
    "tsc_vocab_find": (c_int64, [c_void_p, c_char_p]),
    "tsc_vocab_suggest": (c_size_t, [c_void_p, c_char_p, POINTER(c_char_p), c_size_t]),
    "tsc_vocab_label": (c_size_t, [c_void_p, c_char_p, c_char_p, c_size_t]),
    # cases
    "tsc_case_new": (tsc_status, [POINTER(case_p), error_p]),
    "tsc_case_free": (None, [case_p]),
    "tsc_case_clear": (None, [case_p]),
    "tsc_case_add_date": (tsc_status, [case_p, c_char_p, tsc_date, error_p]),
    "tsc_case_add_time": (tsc_status, [case_p, c_char_p, tsc_time, error_p]),
    "tsc_case_add_text": (tsc_status, [case_p, c_char_p, calendar_p, error_p]),
    # plans
    "tsc_plan_new": (tsc_status, [POINTER(plan_p), error_p]),
    "tsc_plan_free": (None, [plan_p]),
    "tsc_plan_compute": (tsc_status, [plan_p, pack_p, calendar_p, case_p, tsc_date, tsc_date,
                                      c_uint, error_p]),
    "tsc_plan_item_count": (c_size_t, [plan_p]),
    "tsc_plan_pack": (pack_p, [plan_p]),
    "tsc_plan_calendar": (calendar_p, [plan_p]),
    "tsc_plan_until": (tsc_date, [plan_p]),
    "tsc_plan_truncated": (c_size_t, [plan_p]),
    "tsc_plan_hidden": (c_size_t, [plan_p]),
    "tsc_plan_unanchored": (c_size_t, [plan_p, POINTER(c_size_t), c_size_t]),
    # The item is read into a buffer of ITEM.size bytes.
    "tsc_plan_item": (tsc_status, [plan_p, c_size_t, c_void_p, error_p]),
}

# The iCalendar part: all of it, or none in a library built without libical.
ICAL_PROTOTYPES: Dict[str, Tuple[Any, List[Any]]] = {
    "tsc_calendar_load_ics": (tsc_status, [c_char_p, c_size_t, c_char_p, POINTER(calendar_p),
                                           error_p]),
    "tsc_ics_writer_new": (tsc_status, [calendar_p, c_uint, POINTER(ics_writer_p), error_p]),
    "tsc_ics_writer_free": (None, [ics_writer_p]),
    "tsc_ics_writer_set_alarm": (tsc_status, [ics_writer_p, c_int32, c_int32, error_p]),
    "tsc_ics_writer_set_dtstamp": (tsc_status, [ics_writer_p, tsc_time, error_p]),
    "tsc_ics_writer_set_name": (tsc_status, [ics_writer_p, c_char_p, error_p]),
    "tsc_ics_writer_load_previous": (tsc_status, [ics_writer_p, c_char_p, error_p]),
    "tsc_ics_writer_add_plan": (tsc_status, [ics_writer_p, c_char_p, plan_p, error_p]),
    "tsc_ics_writer_add_labelled_plan": (tsc_status, [ics_writer_p, c_char_p, c_char_p, plan_p,
                                                      error_p]),
    "tsc_ics_writer_add_rule": (tsc_status, [ics_writer_p, c_char_p, plan_p, c_size_t,
                                             error_p]),
    "tsc_ics_writer_add_holidays": (tsc_status, [ics_writer_p, tsc_date, tsc_date, error_p]),
    "tsc_ics_writer_count": (c_size_t, [ics_writer_p]),
    "tsc_ics_writer_reserve_plan": (tsc_status, [ics_writer_p, plan_p, error_p]),
    "tsc_ics_writer_stream_file": (tsc_status, [ics_writer_p, c_char_p, error_p]),
    "tsc_ics_writer_streamed": (c_int, [ics_writer_p]),
    "tsc_ics_writer_write_file": (tsc_status, [ics_writer_p, c_char_p, error_p]),
    "tsc_ics_writer_write_string": (tsc_status, [ics_writer_p, POINTER(c_void_p),
                                                 POINTER(c_size_t), error_p]),
}


# Functions of include/timescale.h deliberately not bound: the output-file
# helpers hand C a stdio FILE *, which Python has no use for (it writes its
# files itself; the iCalendar writer's write_file replaces a file the same way,
# removing dead runs' temporaries as it goes).
UNBOUND = ("tsc_outfile_open", "tsc_outfile_stream", "tsc_outfile_commit", "tsc_outfile_abort",
           "tsc_outfile_remove_stale")


def _build_trees(checkout: str) -> List[str]:
    """build*/src/libtimescale.so under the checkout, the newest first."""
    try:
        names = [n for n in os.listdir(checkout) if n.startswith("build")]
    except OSError:
        names = []
    found = [os.path.join(checkout, n, "src", "libtimescale.so") for n in names]
    found = [p for p in found if os.path.exists(p)]
    return sorted(found, key=os.path.getmtime, reverse=True)


def _find_library() -> List[Tuple[str, str]]:
    import ctypes.util  # runs ldconfig or a compiler: only when all else failed
    name = ctypes.util.find_library("timescale")
    return [("ctypes.util.find_library('timescale')", name)] if name else []


def _candidates() -> Iterator[Tuple[str, str]]:
    """(how it was found, path or name) in the order they are tried."""
    here = os.path.dirname(os.path.realpath(__file__))   # .../bindings/python/timescale
    names = ("libtimescale.so", "libtimescale.so.0", "libtimescale.dylib",
             "libtimescale.0.dylib", "timescale.dll", "libtimescale.dll")
    for folder in (here, os.path.dirname(here)):
        for name in names:
            yield "beside the package", os.path.join(folder, name)
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    builds = _build_trees(checkout)
    if builds:
        for path in builds:
            yield "build tree", path
    else:
        yield "build tree", os.path.join(checkout, "build*", "src", "libtimescale.so")
    for soname in ("libtimescale.so.0", "libtimescale.so", "libtimescale.0.dylib"):
        yield "system paths", soname
    yield from _find_library()


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


def _declare(dll: ctypes.CDLL, table: Dict[str, Tuple[Any, List[Any]]]) -> List[str]:
    """Declares every function of `table` that `dll` exports; the names it lacks."""
    missing = []
    for name, (restype, argtypes) in table.items():
        try:
            fn = getattr(dll, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    return missing


def _declare_all(dll: ctypes.CDLL, path: str) -> bool:
    """Declares every prototype; True when the library has the iCalendar part."""
    missing = _declare(dll, PROTOTYPES)
    if missing:
        raise ImportError("timescale: %s lacks %s (too old a library?)"
                          % (path, ", ".join(missing)))
    missing = _declare(dll, ICAL_PROTOTYPES)
    if missing and len(missing) < len(ICAL_PROTOTYPES):
        raise ImportError("timescale: %s has only part of the iCalendar functions (it lacks "
                          "%s)" % (path, ", ".join(missing)))
    return not missing


lib, library_path = _load()
ical_available = _declare_all(lib, library_path)

_major = lib.tsc_version_number() // 10000
if _major != EXPECTED_MAJOR:
    raise ImportError("timescale: %s is version %s; this package needs %d.x"
                      % (library_path, lib.tsc_version().decode(), EXPECTED_MAJOR))

# The calls that take nanoseconds, through a view of the same library that
# keeps the GIL and converts nothing (see the module's comment).  Each
# returns a tsc_status, an int or nothing, as ctypes assumes by default.
FAST = ("tsc_calendar_add_working_days", "tsc_calendar_next_working_day",
        "tsc_calendar_previous_working_day", "tsc_calendar_count_working_days",
        "tsc_calendar_roll", "tsc_calendar_is_working_day")
fast = ctypes.PyDLL(library_path, handle=lib._handle)


def require_ical() -> None:
    """NotImplementedError when the library was built without the iCalendar part."""
    if not ical_available:
        raise NotImplementedError("%s was built without iCalendar support (libical)"
                                  % library_path)


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
