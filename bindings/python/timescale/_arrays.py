"""The batch calls: sequences and numpy arrays in, one C loop over them.

numpy is used only when the caller hands us an ndarray or an ``out=``
array (then numpy is already imported); this module never imports it.

Plain sequences are converted element by element into ``array('i')``
buffers and C runs over the whole of them at once; the result is a list.

An ndarray goes through whole-chunk numpy operations, never a Python loop,
CHUNK items at a time: each chunk's datetime64 values (days since
1970-01-01) are range-checked and become day numbers (plus 719163) in an
int32 scratch buffer, C works on the chunk, and its answers go straight to
the result (``out=``, or one array allocated for the result).  The scratch
buffers are small enough to stay in the CPU's cache and are reused from
call to call (a free list shared by all threads, at most SCRATCH_KEPT
buffers kept), so a call allocates nothing but its result: fresh
temporaries the size of the input cost more than C's work, in page faults.
"""

from __future__ import annotations

import datetime as _dt
import sys
from array import array
from ctypes import byref

from . import errors
from ._lib import Error, check
from .dates import DATE_MAX, DATE_MIN, INT32_MAX, INT32_MIN, UNIX_EPOCH_ORDINAL, day, int32

TYPE_CHECKING = False  # typing is for type checkers: not imported at run time
if TYPE_CHECKING:
    from typing import Any, Callable, List, Optional, Tuple

# The array typecode whose items are exactly 32 bits ('i' on every ABI we know).
I32 = next(code for code in "ihl" if array(code).itemsize == 4)

CHUNK = 1 << 16          # items per C call: 256 KiB per int32 scratch buffer
SCRATCH_KEPT = 8         # free scratch buffers kept between calls (2 MiB)
_scratch: List[Any] = []  # list.pop and list.append are atomic: threads may share it

# The range of datetime64[D] values that are dates the library takes.
_LO, _HI = DATE_MIN - UNIX_EPOCH_ORDINAL, DATE_MAX - UNIX_EPOCH_ORDINAL


def numpy_module() -> Any:
    return sys.modules.get("numpy")


def is_ndarray(value: object) -> bool:
    np = numpy_module()
    return np is not None and isinstance(value, np.ndarray)


def uses_numpy(*values: object) -> bool:
    """True when any of the values is an ndarray (out= included)."""
    return any(is_ndarray(v) for v in values)


# ---- plain sequences ----

def dates_list(values: Any, what: str) -> "array[int]":
    """An int32 array of the day numbers of a sequence of dates."""
    if isinstance(values, (str, bytes, _dt.date)):
        raise TypeError("%s must be a sequence of dates, not one %s" % (what,
                        type(values).__name__))
    return array(I32, [day(v, what) for v in values])


def ints_list(values: Any, count: int, what: str) -> "array[int]":
    """An int32 array of `count` integers from a sequence or one int (repeated)."""
    if isinstance(values, int):
        return array(I32, [int32(values, what)]) * count
    out = array(I32, [int32(v, "%s item" % what) for v in values])
    check_same_length(count, len(out), "dates", what)
    return out


def check_same_length(a: int, b: int, what_a: str, what_b: str) -> None:
    if a != b:
        raise ValueError("%s has %d items but %s has %d" % (what_a, a, what_b, b))


# ---- numpy arrays ----

def _days(values: Any, what: str) -> Tuple[Any, Tuple[int, ...]]:
    """(flat int64 days since 1970-01-01, shape) of an ndarray or a sequence
    of dates; not range-checked yet."""
    np = numpy_module()
    if not isinstance(values, np.ndarray):
        if isinstance(values, (str, bytes, _dt.date)):
            raise TypeError("%s must be a sequence of dates, not one %s" % (what,
                            type(values).__name__))
        values = np.fromiter((day(v, what) - UNIX_EPOCH_ORDINAL for v in values), np.int64)
        return values, values.shape
    if values.dtype.kind == "M":
        days = values.astype("datetime64[D]", copy=False).view(np.int64).reshape(-1)
    elif values.dtype == object:
        days = np.fromiter((day(v, what) - UNIX_EPOCH_ORDINAL for v in values.flat),
                           np.int64, values.size)
    else:
        raise TypeError("%s must hold dates (datetime64), not %s" % (what, values.dtype))
    return days, values.shape


def _steps(values: Any, count: int, what: str) -> Any:
    """One int (checked) or a flat integer ndarray of `count` items."""
    np = numpy_module()
    if isinstance(values, int):
        return int32(values, what)
    if not isinstance(values, np.ndarray):
        values = np.fromiter((int32(v, "%s item" % what) for v in values), np.int32)
    if values.dtype.kind not in "iu":
        raise TypeError("%s must hold integers, not %s" % (what, values.dtype))
    flat = values.reshape(-1)
    if flat.size != count:
        raise ValueError("%s has %d items for %d dates" % (what, flat.size, count))
    return flat


def _result(out: Any, shape: Tuple[int, ...], dtype: str, inputs: Tuple[Any, ...]) -> Any:
    """The array the answers go to: `out` checked, or a new one."""
    np = numpy_module()
    if out is None:
        return np.empty(shape, dtype)
    if not isinstance(out, np.ndarray):
        raise TypeError("out must be a numpy array, not %s" % type(out).__name__)
    if out.dtype != np.dtype(dtype):
        raise TypeError("out must be a %s array, not %s" % (dtype, out.dtype))
    if out.shape != shape:
        raise ValueError("out has shape %s for input of shape %s" % (out.shape, shape))
    if not (out.flags.c_contiguous and out.flags.writeable):
        raise ValueError("out must be a writeable C-contiguous array")
    for value in inputs:
        # Chunk i of the result is written after chunk i of the input is
        # read, so the input itself may be the output; any other overlap may not.
        same = isinstance(value, np.ndarray) and (value.__array_interface__ ==
                                                   out.__array_interface__)
        if not same and isinstance(value, np.ndarray) and np.may_share_memory(value, out):
            raise ValueError("out overlaps an input (only the same array may be both)")
    return out


def _take() -> Any:
    try:
        return _scratch.pop()
    except IndexError:
        return numpy_module().empty(CHUNK, numpy_module().int32)


def _give(*buffers: Any) -> None:
    for b in buffers:
        if len(_scratch) < SCRATCH_KEPT:
            _scratch.append(b)


def _day_numbers(days: Any, start: int, into: Any, what: str) -> None:
    """days (a chunk starting at item `start`) as day numbers into `into`."""
    np = numpy_module()
    if days.size and (days.min() < _LO or days.max() > _HI):  # NaT is the most negative
        i = start + int(np.flatnonzero((days < _LO) | (days > _HI))[0])
        raise errors.RangeError("%s[%d] is NaT or outside 0001..9999" % (what, i),
                                errors.Status.RANGE)
    np.add(days, UNIX_EPOCH_ORDINAL, out=into[:days.size], casting="unsafe")


def _steps_at(steps: Any, into: Any) -> Callable[[int, int], int]:
    """A function giving the address of the int32 steps of items start..stop:
    in place when `steps` is one int (then `into` holds it) or a contiguous
    int32 array, else converted into `into` chunk by chunk."""
    np = numpy_module()
    into_at = int(into.ctypes.data)
    if isinstance(steps, int):
        into.fill(steps)
        return lambda start, stop: into_at
    if steps.dtype == np.int32 and steps.flags.c_contiguous:
        base = int(steps.ctypes.data)
        return lambda start, stop: base + 4 * start

    def convert(start: int, stop: int) -> int:
        chunk = steps[start:stop]
        if chunk.size and (chunk.min() < INT32_MIN or chunk.max() > INT32_MAX):
            i = start + int(np.flatnonzero((chunk < INT32_MIN) | (chunk > INT32_MAX))[0])
            raise errors.RangeError("ns[%d] does not fit in 32 bits" % i, errors.Status.RANGE)
        np.copyto(into[:chunk.size], chunk, casting="unsafe")
        return into_at
    return convert


def _check_chunk(status: int, err: Error, start: int) -> None:
    """Raises C's error, its "item K" counted from the start of the input."""
    if not status:
        return
    message = err.message.decode("utf-8", "replace")
    head, sep, rest = message.partition(": ")
    if start and sep and head.startswith("item ") and head[5:].isdigit():
        err.message = ("item %d: %s" % (int(head[5:]) + start, rest)).encode("utf-8")[:191]
    check(status, err)


def add_many(batch: Callable[..., int], handle: int, dates: Any, ns: Any, out: Any) -> Any:
    """tsc_calendar_add_working_days_batch over ndarrays: a datetime64[D] result."""
    np = numpy_module()
    days, shape = _days(dates, "dates")
    count = days.size
    steps = _steps(ns, count, "ns")
    result = _result(out, shape, "datetime64[D]", (dates, ns))
    answers = result.reshape(-1).view(np.int64)
    a, b, c = _take(), _take(), _take()
    try:
        a_at, b_at = int(a.ctypes.data), int(b.ctypes.data)
        steps_at = _steps_at(steps, c)
        err = Error()
        perr = byref(err)
        for start in range(0, count, CHUNK):
            stop = min(start + CHUNK, count)
            _day_numbers(days[start:stop], start, a, "dates")
            n_at = steps_at(start, stop)
            _check_chunk(batch(handle, a_at, n_at, stop - start, b_at, perr), err, start)
            np.subtract(b[:stop - start], UNIX_EPOCH_ORDINAL, out=answers[start:stop])
    finally:
        _give(a, b, c)
    return result


def count_many(batch: Callable[..., int], handle: int, flags: int, starts: Any, ends: Any,
               out: Any) -> Any:
    """tsc_calendar_count_working_days_batch over ndarrays: an int32 result."""
    days_a, shape_a = _days(starts, "starts")
    days_b, shape_b = _days(ends, "ends")
    check_same_length(days_a.size, days_b.size, "starts", "ends")
    shape = shape_a if is_ndarray(starts) else shape_b
    result = _result(out, shape, "int32", (starts, ends))
    answers = result.reshape(-1)
    a, b = _take(), _take()
    try:
        a_at, b_at, out_at = int(a.ctypes.data), int(b.ctypes.data), int(answers.ctypes.data)
        err = Error()
        perr = byref(err)
        for start in range(0, days_a.size, CHUNK):
            stop = min(start + CHUNK, days_a.size)
            _day_numbers(days_a[start:stop], start, a, "starts")
            _day_numbers(days_b[start:stop], start, b, "ends")
            _check_chunk(batch(handle, a_at, b_at, stop - start, flags, out_at + 4 * start,
                               perr), err, start)
    finally:
        _give(a, b)
    return result


def no_out(out: Optional[Any]) -> None:
    if out is not None:
        raise TypeError("out must be a numpy array, not %s" % type(out).__name__)
