"""Cases and plans: every due item of a pack for one child's events.

For one case, ``Pack.plan(calendar, events, ...)`` is all you need.  For
many, reuse one :class:`Plan` (and, if you like, one :class:`Case`): the C
plan keeps its memory between computations, so once it has grown, planning
another case allocates nothing in C::

    plan = timescale.Plan()
    with timescale.Pack("swindon") as pack, timescale.Calendar(pack.calendar) as cal:
        for events in caseload:                    # {"referral": [date(...)], ...}
            plan.compute(pack, cal, events, until=horizon, today=today)
            overdue = [item for item in plan if item.overdue]

``plan.compute`` with a mapping of events reuses a Case the Plan keeps;
give a :class:`Case` of your own to fill it another way (``add_text`` takes
the CLI's "NAME=YYYY-MM-DD[THH:MM]").  Items are converted to Python only
when asked for (``len(plan)`` does not convert any), and the pack's strings
are decoded once per pack, not once per item.

One Plan or Case must not be used by two threads at once; a Pack and a
Calendar may be shared (each thread with its own Plan).
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as _dt
import os
from ctypes import byref, c_void_p
from typing import (TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List, Mapping,
                    Optional, Tuple, Union, overload)

from . import times
from ._handle import Owned
from ._lib import ITEM, Error, check, encode, lib
from .calendar import Calendar
from .dates import DateLike, day
from .ics import plan_ics

if TYPE_CHECKING:
    from .packs import Pack

__all__ = ["Case", "Plan", "Item", "Events", "EventValue", "event_names",
           "ITEM_TIMED", "ITEM_PROJECTED", "ITEM_DONE", "ITEM_OVERDUE", "ITEM_LATE",
           "ITEM_MIDNIGHT", "ITEM_TIME_NOT_RECORDED", "ITEM_BINDING", "ITEM_WINDOW",
           "ITEM_DONE_TIMED", "ITEM_END_UNKNOWN", "ITEM_NO_EARLIER"]

# TSC_ITEM_* (include/timescale.h)
ITEM_TIMED = 1          # an hour rule: due_time is the instant due
ITEM_PROJECTED = 2      # counts from an event that is only projected
ITEM_DONE = 4           # matched to a recorded event (done_on)
ITEM_OVERDUE = 8        # open and due before `today`
ITEM_LATE = 16          # done, but after the due date
ITEM_TIME_NOT_RECORDED = 32  # hour rule whose anchor had no time: see Item
ITEM_MIDNIGHT = ITEM_TIME_NOT_RECORDED  # its older name
ITEM_BINDING = 64       # the rule is marked binding
ITEM_WINDOW = 128       # window_start is the first day of a window
ITEM_DONE_TIMED = 256   # done_time is the instant of the matching event
ITEM_END_UNKNOWN = 1024  # the rule's end counts from an event not recorded
ITEM_NO_EARLIER = 2048  # schedules the n-th event, but the case has no earlier ones

TSC_PLAN_IGNORE_UNKNOWN_EVENTS = 1
TSC_PLAN_UNTIL_BOUNDS_REPEATS = 2

EventValue = Union[_dt.date, _dt.datetime, str]
Events = Union[Mapping[str, Union[EventValue, Iterable[EventValue]]],
               Iterable[Tuple[str, EventValue]]]


def _is_single(value: object) -> bool:
    return isinstance(value, (_dt.date, str, bytes)) or type(value).__name__ == "datetime64"


def _pairs(events: Events) -> Iterator[Tuple[str, EventValue]]:
    """(name, value) for each occurrence, in the order given."""
    if isinstance(events, Mapping):
        for name, values in events.items():
            if _is_single(values):
                yield name, values  # type: ignore[misc]
            else:
                for v in values:  # type: ignore[union-attr]
                    yield name, v
    elif isinstance(events, (str, bytes)):
        raise TypeError("events must be a mapping or (name, value) pairs, not a string")
    else:
        for pair in events:
            name, value = pair
            yield name, value


def event_names(events: Events) -> List[str]:
    """The distinct event names, in the order first given."""
    seen: List[str] = []
    for name, _ in _pairs(events):
        if name not in seen:
            seen.append(name)
    return seen


class Case(Owned):
    """The events recorded for one child: ``Case({"referral": [date(...)]},
    calendar)``, or ``Case()`` then ``add``.  ``clear()`` empties it for
    reuse (its memory is kept).  ``len(case)`` counts the occurrences."""

    __slots__ = ("_count", "_latest_day", "_latest_time")
    _kind = "case"
    _free = lib.tsc_case_free

    def __init__(self, events: Optional[Events] = None,
                 calendar: Optional[Calendar] = None) -> None:
        Owned.__init__(self)
        handle = c_void_p()
        err = Error()
        check(lib.tsc_case_new(byref(handle), byref(err)), err)
        self._adopt(handle.value)
        self._reset()
        if events:
            self.update(events, calendar)

    def _reset(self) -> None:
        self._count = 0
        self._latest_day = 0     # the latest day recorded as a date
        self._latest_time: Optional[int] = None   # the latest instant recorded

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        return "<timescale.Case (%s)>" % ("closed" if self.closed else
                                          "%d events" % self._count)

    def clear(self) -> None:
        """Forgets every event (keeping the memory, for the next case)."""
        lib.tsc_case_clear(self._h())
        self._reset()

    def add(self, event: str, when: Union[EventValue, int],
            calendar: Optional[Calendar] = None) -> None:
        """Records one occurrence of `event` (kebab-case: ParseError
        otherwise).  `when`: a date (or "YYYY-MM-DD"), an aware datetime, or
        int seconds since the epoch, need no calendar; a naive datetime or
        "YYYY-MM-DDTHH:MM" is wall-clock time in `calendar`'s zone."""
        h = self._h()
        name = encode(event, "event name")
        err = Error()
        if isinstance(when, str) and "T" in when:
            if calendar is None:
                raise ValueError("%s=%s: a time needs a calendar for its zone" % (event, when))
            self.add_text("%s=%s" % (event, when), calendar)
            return
        if isinstance(when, _dt.datetime) or (isinstance(when, int)
                                              and not isinstance(when, bool)):
            if isinstance(when, _dt.datetime) and (when.tzinfo is None
                                                   or when.utcoffset() is None):
                if calendar is None:
                    raise ValueError("%s: a naive datetime needs a calendar for its zone"
                                     % event)
                t = calendar._instant(when)[0]
            else:
                t, _ = times.instant(when)
            check(lib.tsc_case_add_time(h, name, t, byref(err)), err)
            if self._latest_time is None or t > self._latest_time:
                self._latest_time = t
        else:
            d = day(when, "event date")
            check(lib.tsc_case_add_date(h, name, d, byref(err)), err)
            self._latest_day = max(self._latest_day, d)
        self._count += 1

    def add_text(self, assignment: str, calendar: Calendar) -> None:
        """Records "NAME=YYYY-MM-DD" or "NAME=YYYY-MM-DDTHH:MM[+HH:MM]" (a time
        without an offset is wall-clock time in `calendar`'s zone), as the
        CLI's --event.  ParseError with the column for malformed text."""
        h = self._h()
        err = Error()
        check(lib.tsc_case_add_text(h, encode(assignment, "event"), calendar._h(), byref(err)),
              err)
        # The latest day, as the CLI reckons it: the date part of the text.
        text = assignment.partition("=")[2][:10]
        try:
            self._latest_day = max(self._latest_day, _dt.date.fromisoformat(text).toordinal())
        except ValueError:
            pass
        self._count += 1

    def update(self, events: Events, calendar: Optional[Calendar] = None) -> None:
        """add() for each (name, value) of a mapping or a sequence of pairs."""
        for name, value in _pairs(events):
            self.add(name, value, calendar)

    def latest(self, calendar: Optional[Calendar] = None) -> Optional[_dt.date]:
        """The latest local date recorded (times placed in `calendar`'s zone;
        without one, in UTC); None for an empty case."""
        latest = self._latest_day
        if self._latest_time is not None:
            if calendar is not None:
                local = times.to_local_parts(calendar._h(), self._latest_time)[0]
            else:
                local = (times.EPOCH + _dt.timedelta(seconds=self._latest_time)).toordinal()
            latest = max(latest, local)
        return _dt.date.fromordinal(latest) if latest else None


@dataclasses.dataclass(frozen=True)
class Item:
    """One due item of a plan (struct tsc_item, converted).

    Dates are ``datetime.date``; times are aware datetimes in the
    calendar's zone.  ``due_time`` and ``anchor_time`` are set for the items
    of hour rules (``timed``).  When an hour rule's anchor had no time
    (``time_not_recorded``), a deadline is due on a date only and a series
    in hours counts from 00:00.  The flags are the booleans below;
    ``flags`` keeps the raw TSC_ITEM_* bits."""

    rule_id: str
    occurrence: int                  # 1, 2, ... within the rule (per anchor instance)
    due: _dt.date                    # local date due
    due_time: Optional[_dt.datetime]  # the instant due, for hour rules
    window_start: Optional[_dt.date]  # the first day of a window
    anchor_event: str                # the event it counts from
    anchor_date: Optional[_dt.date]  # local date of the anchor instance
    anchor_time: Optional[_dt.datetime]  # its instant, for hour rules
    done_on: Optional[_dt.date]      # the date of the recorded event that did it
    done_time: Optional[_dt.datetime]  # its instant, when it had a time
    schedules: str                   # the event the item is an occurrence of
    role: str
    rule_text: str
    rule_index: int                  # pack.rules[rule_index]
    flags: int

    @property
    def timed(self) -> bool:
        return bool(self.flags & ITEM_TIMED)

    @property
    def projected(self) -> bool:
        """Counts from an event that is only projected (not yet recorded)."""
        return bool(self.flags & ITEM_PROJECTED)

    @property
    def done(self) -> bool:
        return bool(self.flags & ITEM_DONE)

    @property
    def overdue(self) -> bool:
        """Open and due before `today`."""
        return bool(self.flags & ITEM_OVERDUE)

    @property
    def late(self) -> bool:
        """Done, but after the due date."""
        return bool(self.flags & ITEM_LATE)

    @property
    def time_not_recorded(self) -> bool:
        """An hour rule whose anchor had no time: a deadline is due on a
        date only; a series in hours counts from 00:00."""
        return bool(self.flags & ITEM_TIME_NOT_RECORDED)

    midnight = time_not_recorded  # the older name

    @property
    def binding(self) -> bool:
        return bool(self.flags & ITEM_BINDING)

    @property
    def window(self) -> bool:
        """window_start is the first day of a window."""
        return bool(self.flags & ITEM_WINDOW)

    @property
    def end_unknown(self) -> bool:
        """The rule ends a time after an event not recorded ("until 18 years
        after date-of-birth" with no date of birth): it runs to the horizon."""
        return bool(self.flags & ITEM_END_UNKNOWN)

    @property
    def status(self) -> str:
        """"done", "done-late", "overdue" or "open" (the CLI's status column)."""
        if self.done:
            return "done-late" if self.late else "done"
        return "overdue" if self.overdue else "open"


class Plan(Owned):
    """Every due item of a pack for one case, reusable for the next case.

    ``len(plan)``, ``plan[i]``, iteration and ``plan.items`` give the items
    of the last :meth:`compute`, ordered by due date and time, then pack
    order, then occurrence.  The plan keeps the pack and calendar it was
    computed with (its items borrow the pack's strings)."""

    __slots__ = ("_pack", "_calendar", "_case", "_items", "until", "today")
    _kind = "plan"
    _free = lib.tsc_plan_free

    def __init__(self) -> None:
        Owned.__init__(self)
        handle = c_void_p()
        err = Error()
        check(lib.tsc_plan_new(byref(handle), byref(err)), err)
        self._adopt(handle.value)
        self._pack: Optional["Pack"] = None
        self._calendar: Optional[Calendar] = None
        self._case: Optional[Case] = None
        self._items: Optional[List[Item]] = None
        self.until: Optional[_dt.date] = None
        self.today: Optional[_dt.date] = None

    def _release(self) -> None:
        if self._case is not None:
            self._case.close()
        self._pack = self._calendar = self._case = None
        self._items = None

    def __repr__(self) -> str:
        if self.closed:
            return "<timescale.Plan (closed)>"
        if self._pack is None:
            return "<timescale.Plan (empty)>"
        return "<timescale.Plan %r until %s (%d items)>" % (self._pack.name, self.until,
                                                            len(self))

    @property
    def pack(self) -> Optional["Pack"]:
        return self._pack

    @property
    def calendar(self) -> Optional[Calendar]:
        return self._calendar

    def compute(self, pack: "Pack", calendar: Union[Calendar, str, None],
                events: Union[Case, Events], *, until: Optional[DateLike] = None,
                today: Optional[DateLike] = None,
                ignore_unknown_events: bool = False) -> "Plan":
        """Computes every due item of `pack` for a case, up to and including
        `until`, and returns self.

        calendar: a Calendar (a built-in name or None, the pack's own, work
        too but a Calendar is faster when planning many cases).  events: a
        Case, or a mapping / pairs as Pack.plan takes (recorded into a Case
        the plan keeps and reuses).  until: default the latest event + 366
        days, which bounds the repeats of a series only: every deadline is
        given (ValueError for an empty case).  today: open items due before
        it are overdue (default: none).  NotFoundError when the case records
        an event no rule names, unless ignore_unknown_events.  On failure
        the plan is empty."""
        h = self._h()
        cal = pack._calendar_for(calendar)
        if isinstance(events, Case):
            case = events
        else:
            if self._case is None:
                self._case = Case()
            case = self._case
            case.clear()
            case.update(events, cal)
        self._items = None
        self._pack = self._calendar = None
        self.until = self.today = None
        if until is None:
            if case.latest(cal) is None:
                raise ValueError("the case has no events: give until=")
            horizon = 0   # the library's default: the latest event + 366 days
        else:
            horizon = day(until, "until")
        t = 0 if today is None else day(today, "today")
        err = Error()
        flags = TSC_PLAN_IGNORE_UNKNOWN_EVENTS if ignore_unknown_events else 0
        check(lib.tsc_plan_compute(h, pack._h(), cal._h(), case._h(), horizon, t, flags,
                                   byref(err)), err)
        self._pack, self._calendar = pack, cal
        self.until = _dt.date.fromordinal(lib.tsc_plan_until(h))
        self.today = _dt.date.fromordinal(t) if t else None
        return self

    def __len__(self) -> int:
        return int(lib.tsc_plan_item_count(self._h()))

    @property
    def truncated(self) -> int:
        """Series cut short at the library's limit of one series (10,000)."""
        return int(lib.tsc_plan_truncated(self._h()))

    @property
    def hidden(self) -> int:
        """Deadlines and first occurrences an explicit `until` left out."""
        return int(lib.tsc_plan_hidden(self._h()))

    def _converter(self) -> Callable[[Any], Item]:
        """A function turning one tsc_item into an Item (names bound once per
        batch: this loop is most of the cost of reading a plan)."""
        pack, cal = self._pack, self._calendar
        if pack is None or cal is None:  # pragma: no cover - len() is 0 then
            raise ValueError("the plan has not been computed")
        pack._h()  # its strings: refuse a closed pack
        cal_h = cal._h
        zone = cal.zone
        text = pack.string_at
        day = _dt.date.fromordinal
        instant = times.to_datetime
        unpack = ITEM.unpack_from

        seen: Dict[int, _dt.datetime] = {}   # items share anchors: convert each once

        def at(seconds: int) -> _dt.datetime:
            t = seen.get(seconds)
            if t is None:
                t = seen[seconds] = instant(cal_h(), zone, seconds)
            return t

        names: Dict[Tuple[int, ...], Tuple[str, str, str, str, str]] = {}

        def convert(s: Any) -> Item:
            # One unpack of the whole struct (a buffer of ITEM.size bytes).
            fields = unpack(s)
            (rule_index, occurrence, f, due, window_start, anchor, done_on, due_t, anchor_t,
             done_t) = fields[5:]
            # The five strings by their five addresses, decoded once per plan.
            key = fields[:5]
            strings = names.get(key)
            if strings is None:
                strings = names[key] = (text(key[0]), text(key[1]), text(key[2]), text(key[3]),
                                        text(key[4]))
            rule_id, schedules, anchor_event, role, rule_text = strings
            if f & (ITEM_TIMED | ITEM_DONE_TIMED):
                due_time = at(due_t) if f & ITEM_TIMED else None
                anchor_time = at(anchor_t) if f & ITEM_TIMED else None
                done_time = at(done_t) if f & ITEM_DONE_TIMED else None
            else:
                due_time = anchor_time = done_time = None
            return Item(rule_id, occurrence, day(due), due_time,
                        day(window_start) if f & ITEM_WINDOW else None,
                        anchor_event, day(anchor) if anchor > 0 else None, anchor_time,
                        day(done_on) if f & ITEM_DONE else None, done_time,
                        schedules, role, rule_text, rule_index, f)
        return convert

    def item(self, i: int) -> Item:
        """Item i (negative counts from the end); IndexError past the end."""
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("plan item %d out of range (%d items)" % (i, n))
        if self._items is not None:
            return self._items[i]
        s = ctypes.create_string_buffer(ITEM.size)
        err = Error()
        check(lib.tsc_plan_item(self._h(), i, s, byref(err)), err)
        return self._converter()(s)

    @property
    def items(self) -> List[Item]:
        """Every item, converted once and kept until the next compute()."""
        if self._items is None:
            h = self._h()
            n = int(lib.tsc_plan_item_count(h))
            s = ctypes.create_string_buffer(ITEM.size)
            err = Error()
            convert = self._converter() if n else None
            get = lib.tsc_plan_item
            ps, perr = s, byref(err)
            out: List[Item] = []
            for i in range(n):
                if get(h, i, ps, perr):
                    check(1, err)
                out.append(convert(s))  # type: ignore[misc]
            self._items = out
        return list(self._items)

    @overload
    def __getitem__(self, i: int) -> Item: ...

    @overload
    def __getitem__(self, i: slice) -> List[Item]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Item, List[Item]]:
        if isinstance(i, slice):
            return self.items[i]
        return self.item(i)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    # ---- iCalendar ----

    def ics(self, case_id: str, **options: Any) -> bytes:
        """The plan as an iCalendar file's bytes: one VEVENT (or VTODO) per
        item, UIDs from (case_id, rule id, occurrence).  options: those of
        IcsWriter (todo, reminder_events, alarm_working_days, alarm_time,
        dtstamp, name, previous); the name defaults to the CLI's,
        "AUTHORITY: case CASE_ID"."""
        return plan_ics(self, case_id, None, **options)

    def write_ics(self, path: "Union[str, os.PathLike[str]]", case_id: str,
                  **options: Any) -> None:
        """The plan as an iCalendar file at `path`, written whole or not at
        all.  To update an earlier export in place, pass previous=path."""
        plan_ics(self, case_id, path, **options)
