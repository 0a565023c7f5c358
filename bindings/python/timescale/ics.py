"""iCalendar (RFC 5545) files: plans and holidays out, calendars in.

An :class:`IcsWriter` owns one ``tsc_ics_writer``: every due item of the
plans added becomes a VEVENT (all-day on its due date; a window spans its
days; an hour rule is timed in the calendar's zone, with its VTIMEZONE), or
a VTODO with ``todo=True``.  UIDs come from (case id, rule id, occurrence),
so exporting again updates the same items in a calendar program; give the
last export as ``previous`` and unchanged items keep their SEQUENCE,
changed ones get a higher one and dropped ones are written as cancelled.
Reminders are reckoned in working days (``alarm_working_days`` before each
due date at ``alarm_time``), written as a VALARM and, unless
``reminder_events=False``, as an all-day "Reminder: ..." event for programs
that drop imported alarms.

For one plan: ``plan.write_ics(path, case_id="123")`` or
``plan.ics(case_id="123")`` (bytes).  For holidays:
``cal.write_holidays_ics(path, 2026)``.  To read one back as a calendar of
closures: ``Calendar.from_file("closures.ics")`` or
``Calendar.from_ics(data)``.

These functions need a library built with libical; otherwise they raise
NotImplementedError.  One writer must not be used by two threads at once.
"""

from __future__ import annotations

import datetime as _dt
import operator
import os
from ctypes import byref, c_size_t, c_void_p, string_at

from . import times
from ._handle import Owned
from ._lib import Error, check, encode, ical_available, lib, require_ical
from .dates import day

TYPE_CHECKING = False  # typing is for type checkers: not imported at run time
if TYPE_CHECKING:
    from typing import Any, Optional, Union

    from .calendar import Calendar
    from .dates import DateLike
    from .plans import Plan

    PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["IcsWriter", "available", "ICS_TODO", "ICS_NO_REMINDER_EVENTS"]

ICS_TODO = 1                 # TSC_ICS_TODO
ICS_NO_REMINDER_EVENTS = 2   # TSC_ICS_NO_REMINDER_EVENTS

def available() -> bool:
    """True when the loaded library can write iCalendar files."""
    return ical_available


def _minute(at: Union[_dt.time, int]) -> int:
    if isinstance(at, _dt.time):
        if at.tzinfo is not None:
            raise ValueError("alarm_time must be naive (it is in the calendar's zone)")
        return at.hour * 60 + at.minute
    return operator.index(at)


class IcsWriter(Owned):
    """One iCalendar file being built from plans and holidays.

    calendar: the Calendar the plans were computed on (dates and reminders
    are reckoned on it).  todo: VTODOs with DUE instead of VEVENTs.
    reminder_events: also write each reminder as its own all-day event.
    alarm_working_days (0..366; 0: no reminders) and alarm_time (a naive
    datetime.time or a minute of the day): when to remind.  dtstamp: the
    DTSTAMP of new and changed components (an aware datetime or seconds
    since 1970; default now, so give one for reproducible files).  name:
    X-WR-CALNAME.  previous: the file this one replaces (see the module).
    """

    __slots__ = ("_calendar", "_text")
    _kind = "iCalendar writer"
    _free = getattr(lib, "tsc_ics_writer_free", None)

    def __init__(self, calendar: "Calendar", *, todo: bool = False,
                 reminder_events: bool = True, alarm_working_days: int = 1,
                 alarm_time: Union[_dt.time, int] = _dt.time(9, 0),
                 dtstamp: Optional[times.TimeLike] = None, name: Optional[str] = None,
                 previous: Optional[PathLike] = None) -> None:
        Owned.__init__(self)
        require_ical()
        flags = (ICS_TODO if todo else 0) | (0 if reminder_events else ICS_NO_REMINDER_EVENTS)
        handle = c_void_p()
        err = Error()
        check(lib.tsc_ics_writer_new(calendar._h(), flags, byref(handle), byref(err)), err)
        self._adopt(handle.value)
        self._calendar = calendar   # the C writer reads it until it is freed
        self._text: Optional[bytes] = None
        h = self._handle
        check(lib.tsc_ics_writer_set_alarm(h, operator.index(alarm_working_days),
                                           _minute(alarm_time), byref(err)), err)
        if dtstamp is not None:
            seconds, _ = times.instant(dtstamp)
            check(lib.tsc_ics_writer_set_dtstamp(h, seconds, byref(err)), err)
        if name is not None:
            check(lib.tsc_ics_writer_set_name(h, encode(name, "name"), byref(err)), err)
        if previous is not None:
            check(lib.tsc_ics_writer_load_previous(h, encode(previous, "previous"),
                                                   byref(err)), err)

    def _release(self) -> None:
        self._calendar = None  # type: ignore[assignment]

    def __len__(self) -> int:
        """Components (events, to-dos, reminders, cancellations) added so far."""
        return int(lib.tsc_ics_writer_count(self._h()))

    def __repr__(self) -> str:
        state = "closed" if self.closed else "%d components" % len(self)
        return "<timescale.IcsWriter (%s)>" % state

    @property
    def calendar(self) -> "Calendar":
        return self._calendar

    def add_plan(self, plan: "Plan", case_id: str,
                 rule: Union[int, str, None] = None,
                 label: Optional[str] = None) -> "IcsWriter":
        """Adds every item of a computed plan (or, with `rule`, an index or
        id, only that rule's items) for case `case_id` (at most 200 bytes; it
        names the case in UIDs and descriptions).  Every SUMMARY starts with
        `label` (what the team calls the case; not with `rule`) or else the
        case id.  ArgumentError when the case was added already.  On failure
        nothing of this plan is added."""
        h = self._h()
        pack, cal = plan.pack, plan.calendar
        if pack is None or cal is None:
            raise ValueError("the plan has not been computed")
        if cal is not self._calendar and cal.name != self._calendar.name:
            raise ValueError("the plan was computed on calendar %r, the writer uses %r"
                             % (cal.name, self._calendar.name))
        err = Error()
        cid = encode(case_id, "case id")
        if rule is None:
            check(lib.tsc_ics_writer_add_labelled_plan(
                h, cid, encode(label, "label") if label else None, plan._h(), byref(err)), err)
        else:
            index = pack.find_rule(rule) if isinstance(rule, str) else operator.index(rule)
            check(lib.tsc_ics_writer_add_rule(h, cid, plan._h(), index, byref(err)), err)
        return self

    def add_holidays(self, start: Union[DateLike, int],
                     end: Optional[DateLike] = None) -> "IcsWriter":
        """Adds the calendar's holidays from start to end inclusive as all-day
        events; add_holidays(2026) is the year."""
        if end is None:
            if isinstance(start, int) and not isinstance(start, bool):
                year: int = start
                start, end = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
            else:
                raise TypeError("add_holidays() needs an end date, or a year alone")
        err = Error()
        check(lib.tsc_ics_writer_add_holidays(self._h(), day(start, "start"), day(end, "end"),
                                              byref(err)), err)
        return self

    def reserve_plan(self, plan: "Plan") -> "IcsWriter":
        """Declares the years of a plan's timed items, before the first add,
        for stream_to()."""
        err = Error()
        check(lib.tsc_ics_writer_reserve_plan(self._h(), plan._h(), byref(err)), err)
        return self

    def stream_to(self, path: PathLike) -> "IcsWriter":
        """Writes the file at `path` once: the head (with the reserved
        years' VTIMEZONEs) now, into a temporary file beside it, then each
        plan's components as they are added; write_file(path) ends it and
        renames it into place.  The bytes are those of write_file alone:
        when the plans added need other years than were reserved, the file
        is written as without this.  After the settings and reservations,
        before the first add."""
        err = Error()
        check(lib.tsc_ics_writer_stream_file(self._h(), encode(path, "path"), byref(err)), err)
        return self

    @property
    def streamed(self) -> bool:
        """Whether write_file() renamed the streamed file into place."""
        return bool(lib.tsc_ics_writer_streamed(self._h()))

    def write_file(self, path: PathLike) -> None:
        """Writes the file whole or not at all (a temporary file in the same
        directory, fsync()ed, then renamed over `path`).  The first write
        ends the writer: later adds fail, later writes give the same text."""
        err = Error()
        check(lib.tsc_ics_writer_write_file(self._h(), encode(path, "path"), byref(err)), err)

    def to_bytes(self) -> bytes:
        """The file's text (CRLF lines, UTF-8).  Ends the writer, as write_file."""
        if self._text is None:
            out = c_void_p()   # char *, freed with tsc_free (not decoded by ctypes)
            size = c_size_t()
            err = Error()
            check(lib.tsc_ics_writer_write_string(self._h(), byref(out), byref(size),
                                                  byref(err)), err)
            address = out.value
            try:
                self._text = string_at(address, size.value) if address else b""
            finally:
                lib.tsc_free(address)
        return self._text


def _options(kwargs: Any) -> Any:
    allowed = {"todo", "reminder_events", "alarm_working_days", "alarm_time", "dtstamp",
               "name", "previous"}
    unknown = set(kwargs) - allowed
    if unknown:
        raise TypeError("unknown iCalendar option(s): %s" % ", ".join(sorted(unknown)))
    return kwargs


def _finish(w: "IcsWriter", path: Optional[PathLike]) -> bytes:
    """Writes the file (returning b"") or returns the document's bytes."""
    if path is not None:
        w.write_file(path)
        return b""
    return w.to_bytes()


def plan_ics(plan: "Plan", case_id: str, path: Optional[PathLike], **options: Any) -> bytes:
    """Helper behind Plan.ics / Plan.write_ics."""
    cal, pack = plan.calendar, plan.pack
    if cal is None or pack is None:
        raise ValueError("the plan has not been computed")
    if "name" not in options:  # as the CLI names it
        who = pack.authority or pack.name
        options["name"] = "%s%scase %s" % (who, ": " if who else "", case_id)
    with IcsWriter(cal, **_options(options)) as w:
        w.add_plan(plan, case_id)
        return _finish(w, path)


def holidays_ics(cal: "Calendar", start: Union[DateLike, int], end: Optional[DateLike],
                 path: Optional[PathLike], **options: Any) -> bytes:
    """Helper behind Calendar.holidays_ics / write_holidays_ics."""
    with IcsWriter(cal, **_options(options)) as w:
        w.add_holidays(start, end)
        return _finish(w, path)
