"""Status codes and the exceptions C errors become.

The codes mirror ``enum tsc_status`` in include/timescale.h; their values
are fixed there and never renumbered.  Every failure the library reports is
raised as a subclass of :class:`TimescaleError` chosen by its code; each
subclass also derives from the built-in exception a Python caller would
expect (a malformed date is a ``ValueError``, an unknown calendar a
``LookupError``, an unreadable file an ``OSError``), so ``except ValueError``
keeps working.  A code this package does not know yet (the header says new
codes may be added) raises :class:`TimescaleError` itself.

This module does not touch the C library, so it can be imported on its own.
"""

from __future__ import annotations

import enum

TYPE_CHECKING = False  # typing is for type checkers: not imported at run time
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Tuple, Type

__all__ = [
    "Status", "TSC_OK", "TSC_ERR_NOMEM", "TSC_ERR_ARG", "TSC_ERR_DATE", "TSC_ERR_RANGE",
    "TSC_ERR_PARSE", "TSC_ERR_IO", "TSC_ERR_NOTFOUND", "TSC_ERR_ICAL",
    "TimescaleError", "OutOfMemoryError", "ArgumentError", "DateError", "RangeError",
    "ParseError", "FileError", "NotFoundError", "ICalError", "from_code",
]


class Status(enum.IntEnum):
    """enum tsc_status."""

    OK = 0
    NOMEM = 1     # out of memory
    ARG = 2       # invalid argument (NULL pointer, bad flag)
    DATE = 3      # no such date or time: 2023-02-29, 25:00
    RANGE = 4     # outside the supported years or index
    PARSE = 5     # malformed text: see line and column
    IO = 6        # reading or writing a file failed
    NOTFOUND = 7  # unknown name (calendar, event, pack)
    ICAL = 8      # libical refused or reported an error


TSC_OK = Status.OK
TSC_ERR_NOMEM = Status.NOMEM
TSC_ERR_ARG = Status.ARG
TSC_ERR_DATE = Status.DATE
TSC_ERR_RANGE = Status.RANGE
TSC_ERR_PARSE = Status.PARSE
TSC_ERR_IO = Status.IO
TSC_ERR_NOTFOUND = Status.NOTFOUND
TSC_ERR_ICAL = Status.ICAL


def _where(source: str, line: int, column: int) -> str:
    # The same rules as tsc_error_format: parts that are unknown are left out.
    if source and line > 0 and column > 0:
        return "%s:%d:%d: " % (source, line, column)
    if source and line > 0:
        return "%s:%d: " % (source, line)
    if source:
        return "%s: " % source
    if line > 0 and column > 0:
        return "%d:%d: " % (line, column)
    return ""


class TimescaleError(Exception):
    """A failure reported by libtimescale (or found before calling it).

    Attributes mirror struct tsc_error: ``message`` (the detail), ``code``
    (an int, a :class:`Status` when known), ``source`` (file name,
    ``"<string>"`` or ``""``), ``line`` and ``column`` (1-based; 0 when
    unknown; the column counts bytes).  ``str(e)`` is the library's own
    "source:line:column: message" form.
    """

    def __init__(self, message: str, code: int = Status.ARG, source: str = "", line: int = 0,
                 column: int = 0, *, formatted: Optional[str] = None) -> None:
        self.message = message
        try:
            self.code: int = Status(code)
        except ValueError:
            self.code = int(code)
        self.source = source
        self.line = line
        self.column = column
        self.formatted = formatted if formatted is not None else (
            _where(source, line, column) + message)
        super().__init__(self.formatted)

    def __str__(self) -> str:
        return self.formatted

    def __repr__(self) -> str:
        return "%s(%r, code=%r, source=%r, line=%d, column=%d)" % (
            type(self).__name__, self.message, self.code, self.source, self.line, self.column)

    def __reduce__(self) -> Tuple[Any, ...]:  # keeps pickling (multiprocessing) working
        return (_rebuild, (type(self), self.message, int(self.code), self.source, self.line,
                           self.column, self.formatted))


def _rebuild(cls: Type[TimescaleError], message: str, code: int, source: str, line: int,
             column: int, formatted: str) -> TimescaleError:
    return cls(message, code, source, line, column, formatted=formatted)


class OutOfMemoryError(TimescaleError, MemoryError):
    """TSC_ERR_NOMEM."""


class ArgumentError(TimescaleError, ValueError):
    """TSC_ERR_ARG: an argument the library refuses (a bad flag or roll)."""


class DateError(TimescaleError, ValueError):
    """TSC_ERR_DATE: no such date or time (2023-02-29, a time in the clocks'
    spring-forward gap)."""


class RangeError(TimescaleError, ValueError):
    """TSC_ERR_RANGE: outside 0001-01-01..9999-12-31, or outside the years
    whose zone rules are built in."""


class ParseError(TimescaleError, ValueError):
    """TSC_ERR_PARSE: malformed text; ``line`` and ``column`` point at it."""


class FileError(TimescaleError, OSError):
    """TSC_ERR_IO: reading or writing a file failed (``source`` names it)."""


class NotFoundError(TimescaleError, LookupError):
    """TSC_ERR_NOTFOUND: an unknown name (calendar, include) or a missing file."""


class ICalError(TimescaleError):
    """TSC_ERR_ICAL: libical refused an iCalendar document."""


_BY_CODE: Dict[int, Type[TimescaleError]] = {
    Status.NOMEM: OutOfMemoryError,
    Status.ARG: ArgumentError,
    Status.DATE: DateError,
    Status.RANGE: RangeError,
    Status.PARSE: ParseError,
    Status.IO: FileError,
    Status.NOTFOUND: NotFoundError,
    Status.ICAL: ICalError,
}


def from_code(code: int, message: str, source: str = "", line: int = 0, column: int = 0, *,
              formatted: Optional[str] = None) -> TimescaleError:
    """The exception for a status code (TimescaleError for an unknown one)."""
    cls = _BY_CODE.get(code, TimescaleError)
    return cls(message, code, source, line, column, formatted=formatted)
