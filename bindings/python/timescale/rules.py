"""Rules in the timescale language: "5 working days after referral".

A :class:`Rule` is the parsed text and its canonical form (the words a user
would write, with the defaults spelt out).  The C rule object lives only for
the parse: everything else a rule does (its occurrences) goes through a
pack, :meth:`Rule.pack` / :meth:`Rule.plan`.
"""

from __future__ import annotations

import datetime as _dt
from ctypes import byref, c_void_p, create_string_buffer
from typing import Any, Optional, Union

from ._lib import Error, check, encode, lib
from .calendar import Calendar
from .packs import Pack
from .plans import Events, Plan, event_names

__all__ = ["Rule", "parse_rule", "format_rule"]


def _format(handle: int) -> str:
    needed = lib.tsc_rule_format(handle, None, 0)
    buf = create_string_buffer(needed + 1)
    lib.tsc_rule_format(handle, buf, needed + 1)
    return buf.value.decode("utf-8", "replace")


class Rule:
    """A parsed rule: ``Rule("5 working days after referral")``.

    ParseError for text that is not a rule, with ``column`` at the offending
    word (``line`` is 1).  Names of events are not checked.  ``str(rule)``
    is the canonical form; two rules are equal when their canonical forms
    are."""

    __slots__ = ("text", "canonical")

    text: str
    canonical: str

    def __init__(self, text: str) -> None:
        handle = c_void_p()
        err = Error()
        check(lib.tsc_rule_parse(encode(text, "rule"), byref(handle), byref(err)), err)
        try:
            canonical = _format(handle.value or 0)
        finally:
            lib.tsc_rule_free(handle)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "canonical", canonical)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Rule is immutable")

    def __str__(self) -> str:
        return self.canonical

    def __repr__(self) -> str:
        return "Rule(%r)" % self.canonical

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and other.canonical == self.canonical

    def __hash__(self) -> int:
        return hash(self.canonical)

    def __reduce__(self) -> Any:
        return (Rule, (self.text,))

    def pack(self, schedules: Optional[str] = None,
             calendar: Optional[str] = None) -> "Pack":
        """A pack of this rule alone (id "rule"): its occurrences are events
        named `schedules` (default "occurrence") on the calendar named
        `calendar` (default "england-and-wales")."""
        return Pack.from_rule(self.text, schedules, calendar)

    def plan(self, calendar: "Union[Calendar, str, None]" = None,
             events: "Optional[Events]" = None, *, schedules: Optional[str] = None,
             until: "Union[_dt.date, str, None]" = None,
             today: "Union[_dt.date, str, None]" = None) -> "Plan":
        """Every occurrence of this rule for the events given, as the CLI's
        ``timescale rule``: when `schedules` is not given and exactly one
        event name is not named by the rule, that event is what the rule
        schedules (so recorded occurrences mark items done); more than one
        such name is a ValueError.  `calendar`: a Calendar, a built-in name,
        or None for england-and-wales.  See Pack.plan for the rest."""
        # A name becomes the pack's calendar; a Calendar object is used as it is.
        cal_name = calendar if isinstance(calendar, str) else None
        pack = self.pack(schedules, cal_name)
        if schedules is None and events is not None:
            unnamed = [e for e in event_names(events) if not pack.has_event(e)]
            if len(unnamed) > 1:
                pack.close()
                raise ValueError("more than one event is not named by the rule (%s); say "
                                 "which one the rule schedules with schedules=NAME"
                                 % ", ".join(unnamed))
            if unnamed:
                pack.close()
                pack = self.pack(unnamed[0], cal_name)
        return pack.plan(calendar, events, until=until, today=today)


def parse_rule(text: str) -> Rule:
    """Rule(text)."""
    return Rule(text)


def format_rule(text: str) -> str:
    """The canonical form of a rule's text (ParseError when it is not a rule)."""
    return Rule(text).canonical
