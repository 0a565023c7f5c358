"""Rule packs: one authority's practice standards as rules.

A :class:`Pack` owns one ``tsc_pack``, which is immutable once loaded, so
threads may share a pack (each with its own Plan).  Its facts are copied
into Python once: ``pack.rules`` is a tuple of :class:`RuleInfo`,
``pack.events`` a tuple of names.  ``pack.plan(calendar, events, ...)``
computes every due item for one case (see plans.py for many cases).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
from ctypes import byref, c_char_p, c_size_t, c_void_p, string_at
from typing import Dict, Iterable, Iterator, List, Optional, Tuple, Union

from ._handle import Owned
from ._lib import Error, RuleInfoStruct, check, encode, lib
from .calendar import Calendar
from .plans import Events, Plan

__all__ = ["Pack", "PackEvents", "RuleInfo", "builtin_packs"]


class PackEvents(tuple):  # type: ignore[type-arg]
    """A pack's event names, recorded ones first; ``.recorded`` are what a
    case records, ``.produced`` what the rules schedule."""

    recorded: Tuple[str, ...]
    produced: Tuple[str, ...]

    def __new__(cls, recorded: Tuple[str, ...], produced: Tuple[str, ...]) -> "PackEvents":
        self = super().__new__(cls, recorded + produced)
        self.recorded = recorded
        self.produced = produced
        return self


def _s(raw: Optional[bytes]) -> str:
    return (raw or b"").decode("utf-8", "replace")


@dataclasses.dataclass(frozen=True)
class RuleInfo:
    """One rule of a pack (struct tsc_rule_info, copied).  The text fields
    are "" when the pack does not say."""

    index: int            # position in the pack: pack.rules[index]
    id: str               # "swindon.visits.cp-first"
    when: str             # the rule text: "every 10 working days after cp-first-visit"
    schedules: str        # the event its occurrences are
    role: str = ""        # who is responsible
    section: str = ""     # where in the document
    quote: str = ""       # the document's words
    note: str = ""        # how the words became the rule
    alternative: str = ""  # the other form of a two-form timescale
    area: str = ""        # the id's middle part: "visits"
    binding: bool = False  # marked binding


def builtin_packs() -> List[str]:
    """Names of the packs built into the library ("swindon", "bucks", ...)."""
    names = (lib.tsc_pack_builtin_name(i) for i in range(lib.tsc_pack_builtin_count()))
    return [n.decode("utf-8") for n in names if n is not None]


class Pack(Owned):
    """A rule pack: ``Pack("swindon")`` for a built-in one, or
    :meth:`from_file`, :meth:`from_string`, :meth:`from_rule`,
    :meth:`select`.  ``len(pack)`` is its number of rules; iterating gives
    its RuleInfo; ``pack["swindon.visits.cp-first"]`` finds one by id."""

    __slots__ = ("_name", "_authority", "_title", "_calendar", "_rules", "_events", "_strings",
                 "_default_calendar")
    _kind = "pack"
    _free = lib.tsc_pack_free

    def __init__(self, name: str) -> None:
        """Opens the built-in pack `name` (see builtin_packs()); NotFoundError
        for an unknown one.  No file is read."""
        Owned.__init__(self)
        handle = c_void_p()
        err = Error()
        check(lib.tsc_pack_open(encode(name, "pack name"), byref(handle), byref(err)), err)
        self._take(handle)

    @classmethod
    def from_file(cls, path: "Union[str, os.PathLike[str]]") -> "Pack":
        """Loads a pack file (README "Rule packs"); ParseError names the
        file, line and column; NotFoundError for a missing file."""
        handle = c_void_p()
        err = Error()
        check(lib.tsc_pack_load_file(encode(path, "path"), byref(handle), byref(err)), err)
        return cls._wrap(handle)

    @classmethod
    def from_string(cls, text: str, source: Optional[str] = None) -> "Pack":
        """A pack from text in the pack format; `source` names it in errors
        (default "<string>")."""
        handle = c_void_p()
        err = Error()
        src = None if source is None else encode(source, "source")
        check(lib.tsc_pack_load_string(encode(text, "text"), src, byref(handle), byref(err)),
              err)
        return cls._wrap(handle)

    @classmethod
    def from_rule(cls, rule: str, schedules: Optional[str] = None,
                  calendar: Optional[str] = None) -> "Pack":
        """A pack of one rule with id "rule": its occurrences are events named
        `schedules` (default "occurrence"); `calendar` names the pack's
        calendar (default "england-and-wales").  ParseError with the column
        for a malformed rule."""
        parsed = c_void_p()
        handle = c_void_p()
        err = Error()
        check(lib.tsc_rule_parse(encode(rule, "rule"), byref(parsed), byref(err)), err)
        try:
            check(lib.tsc_pack_from_rule(parsed,
                                         None if schedules is None else encode(schedules,
                                                                               "schedules"),
                                         None if calendar is None else encode(calendar,
                                                                              "calendar"),
                                         byref(handle), byref(err)), err)
        finally:
            lib.tsc_rule_free(parsed)
        return cls._wrap(handle)

    def select(self, ids: Iterable[str]) -> "Pack":
        """A new pack holding only the rules whose ids are listed (in this
        pack's order)."""
        if isinstance(ids, str):
            raise TypeError("select() takes a list of rule ids, not one string")
        encoded = [encode(i, "rule id") for i in ids]
        array = (c_char_p * max(len(encoded), 1))(*encoded)
        handle = c_void_p()
        err = Error()
        check(lib.tsc_pack_select(self._h(), array, len(encoded), byref(handle), byref(err)),
              err)
        return type(self)._wrap(handle)

    @classmethod
    def _wrap(cls, handle: c_void_p) -> "Pack":
        self = cls._blank()
        self._take(handle)
        return self

    def _take(self, handle: c_void_p) -> None:
        self._adopt(handle.value)
        h = self._handle
        # The borrowed strings are copied now: they die with the C pack.
        self._name = _s(lib.tsc_pack_name(h))
        self._authority = _s(lib.tsc_pack_authority(h))
        self._title = _s(lib.tsc_pack_title(h))
        self._calendar = _s(lib.tsc_pack_calendar(h))
        self._rules: Optional[Tuple[RuleInfo, ...]] = None
        self._events: Optional[PackEvents] = None
        # Item strings by address (borrowed from the pack: fixed while it lives).
        self._strings: Dict[int, str] = {}
        self._default_calendar: Optional[Calendar] = None

    def _release(self) -> None:
        self._strings = {}
        # Not closed here: a Plan computed on it may still hold it.
        self._default_calendar = None

    def _describe(self) -> str:
        return "pack %r" % getattr(self, "_name", "?")

    def __repr__(self) -> str:
        state = "closed" if self.closed else "%d rules" % len(self)
        return "<timescale.Pack %r (%s)>" % (self._name, state)

    # ---- facts ----

    @property
    def name(self) -> str:
        """The pack's name ("swindon"; "" when the pack does not say)."""
        return self._name

    @property
    def authority(self) -> str:
        return self._authority

    @property
    def title(self) -> str:
        return self._title

    @property
    def calendar(self) -> str:
        """The name of the pack's calendar ("england-and-wales")."""
        return self._calendar

    def open_calendar(self) -> Calendar:
        """A new Calendar: the pack's own (the caller closes it)."""
        return Calendar(self._calendar or "england-and-wales")

    def _calendar_for(self, calendar: Union[Calendar, str, None]) -> Calendar:
        if isinstance(calendar, Calendar):
            return calendar
        if isinstance(calendar, str):
            return Calendar(calendar)
        if calendar is not None:
            raise TypeError("calendar must be a Calendar, a name or None, not %s"
                            % type(calendar).__name__)
        self._h()
        if self._default_calendar is None:
            self._default_calendar = self.open_calendar()
        return self._default_calendar

    def __len__(self) -> int:
        return int(lib.tsc_pack_rule_count(self._h()))

    def rule(self, key: Union[int, str]) -> RuleInfo:
        """Rule `key`: an index (RangeError past the end; negative counts
        from the end) or an id (NotFoundError when no rule has it)."""
        if isinstance(key, str):
            key = self.find_rule(key)
        h = self._h()
        if isinstance(key, int) and key < 0:
            key += len(self)
        if key < 0:  # still negative: let the library say it is out of range
            key = 1 << 62
        out = RuleInfoStruct()
        err = Error()
        check(lib.tsc_pack_rule(h, key, byref(out), byref(err)), err)
        return RuleInfo(int(key), _s(out.id), _s(out.when), _s(out.schedules), _s(out.role),
                        _s(out.section), _s(out.quote), _s(out.note), _s(out.alternative),
                        _s(out.area), bool(out.binding))

    def find_rule(self, rule_id: str) -> int:
        """The index of the rule with this id; NotFoundError when none has it."""
        index = c_size_t()
        err = Error()
        check(lib.tsc_pack_find_rule(self._h(), encode(rule_id, "rule id"), byref(index),
                                     byref(err)), err)
        return int(index.value)

    @property
    def rules(self) -> Tuple[RuleInfo, ...]:
        """Every rule, in pack order."""
        if self._rules is None:
            self._rules = tuple(self.rule(i) for i in range(len(self)))
        return self._rules

    def __iter__(self) -> Iterator[RuleInfo]:
        return iter(self.rules)

    def __getitem__(self, key: Union[int, str]) -> RuleInfo:
        if isinstance(key, int):
            return self.rules[key]
        return self.rule(key)

    def __contains__(self, rule_id: object) -> bool:
        return isinstance(rule_id, str) and any(r.id == rule_id for r in self.rules)

    @property
    def events(self) -> "PackEvents":
        """The events the rules name: ``events.recorded`` (what a case
        records), then ``events.produced`` (what rules schedule: record them
        when done).  Also a tuple of all of them, recorded first."""
        if self._events is None:
            h = self._h()
            n = lib.tsc_pack_event_count(h)
            names = [_s(lib.tsc_pack_event_name(h, i)) for i in range(n)]
            produced = [bool(lib.tsc_pack_event_produced(h, i)) for i in range(n)]
            self._events = PackEvents(
                tuple(e for e, p in zip(names, produced) if not p),
                tuple(e for e, p in zip(names, produced) if p))
        return self._events

    def has_event(self, name: str) -> bool:
        """True when a case may record `name` for this pack: an event its
        rules name, or an alias of one."""
        return bool(lib.tsc_pack_has_event(self._h(), encode(name, "event name")))

    def string_at(self, address: Optional[int]) -> str:
        """A string borrowed from this pack, decoded once (internal helper)."""
        if not address:
            return ""
        s = self._strings.get(address)
        if s is None:
            s = self._strings[address] = string_at(address).decode("utf-8", "replace")
        return s

    # ---- plans ----

    def plan(self, calendar: Union[Calendar, str, None] = None,
             events: "Optional[Events]" = None, *,
             until: "Union[_dt.date, str, None]" = None,
             today: "Union[_dt.date, str, None]" = None,
             ignore_unknown_events: bool = False) -> "Plan":
        """Every due item of this pack's rules for one case, in a new Plan.

        calendar: a Calendar, a built-in calendar's name, or None for the
        pack's own.  events: {"referral": [date(2026, 3, 2)], "visit":
        [...]} (a single value instead of a list is fine; a value is a
        date, an aware datetime, a naive datetime in the calendar's zone,
        or "YYYY-MM-DD[THH:MM[+HH:MM]]"), or (name, value) pairs.
        until: the horizon, inclusive (default: the latest event + 366 days,
        as the CLI).  today: open items due before it are overdue (default:
        none are).  An event no rule names is a NotFoundError unless
        ignore_unknown_events.  To plan many cases, reuse one Plan:
        ``plan.compute(pack, calendar, events, ...)``."""
        return Plan().compute(self, self._calendar_for(calendar), events or {}, until=until,
                              today=today, ignore_unknown_events=ignore_unknown_events)
