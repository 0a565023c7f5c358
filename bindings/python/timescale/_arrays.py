"""Turning sequences and numpy arrays into int32 buffers for the batch calls.

numpy is used only when the caller hands us an ndarray (then numpy is
already imported); it is never imported here.  An ndarray goes through
whole-array numpy operations, never a Python loop: datetime64 values are
days since 1970-01-01, so the day number is that plus 719163, one vectorised
add-and-cast into a fresh int32 buffer.  Other sequences are converted
element by element into ``array('i')`` buffers.
"""

from __future__ import annotations

import datetime as _dt
import sys
from array import array
from typing import Any, Optional, Tuple

from . import errors
from .dates import DATE_MAX, DATE_MIN, INT32_MAX, INT32_MIN, UNIX_EPOCH_ORDINAL, day, int32

# The array typecode whose items are exactly 32 bits ('i' on every ABI we know).
I32 = next(code for code in "ihl" if array(code).itemsize == 4)


def numpy_module() -> Any:
    return sys.modules.get("numpy")


def is_ndarray(value: object) -> bool:
    np = numpy_module()
    return np is not None and isinstance(value, np.ndarray)


class Buffer:
    """An int32 buffer and its address, kept alive while C reads or writes it."""

    __slots__ = ("owner", "address", "count")

    def __init__(self, owner: Any, address: int, count: int) -> None:
        self.owner = owner
        self.address = address
        self.count = count


def _array_buffer(values: "array[int]") -> Buffer:
    address, count = values.buffer_info()
    return Buffer(values, address, count)


def _ndarray_buffer(a: Any) -> Buffer:
    return Buffer(a, a.ctypes.data, a.size)


def _first_bad(mask: Any) -> int:
    return int(numpy_module().flatnonzero(mask)[0])


def dates_in(values: Any, what: str) -> Tuple[Buffer, Optional[Tuple[int, ...]]]:
    """An int32 buffer of day numbers, and the ndarray's shape (None for a
    plain sequence)."""
    if is_ndarray(values):
        np = numpy_module()
        if values.dtype.kind == "M":
            days = values.astype("datetime64[D]", copy=False).view(np.int64).reshape(-1)
        elif values.dtype == object:
            days = np.fromiter((day(v, what) - UNIX_EPOCH_ORDINAL for v in values.flat),
                               np.int64, values.size)
        else:
            raise TypeError("%s must hold dates (datetime64), not %s" % (what, values.dtype))
        if days.size:
            lo, hi = DATE_MIN - UNIX_EPOCH_ORDINAL, DATE_MAX - UNIX_EPOCH_ORDINAL
            if days.min() < lo or days.max() > hi:  # NaT is the most negative int64
                i = _first_bad((days < lo) | (days > hi))
                raise errors.RangeError("%s[%d] is NaT or outside 0001..9999" % (what, i),
                                        errors.Status.RANGE)
        out = np.empty(days.size, np.int32)
        np.add(days, UNIX_EPOCH_ORDINAL, out=out, casting="unsafe")
        return _ndarray_buffer(out), values.shape
    if isinstance(values, (str, bytes, _dt.date)):
        raise TypeError("%s must be a sequence of dates, not one %s" % (what,
                        type(values).__name__))
    return _array_buffer(array(I32, [day(v, what) for v in values])), None


def ints_in(values: Any, count: int, what: str) -> Buffer:
    """An int32 buffer of `count` integers from a sequence, an ndarray or one
    int (repeated)."""
    np = numpy_module()
    if is_ndarray(values):
        if values.dtype.kind not in "iu":
            raise TypeError("%s must hold integers, not %s" % (what, values.dtype))
        flat = values.reshape(-1)
        if flat.size != count:
            raise ValueError("%s has %d items for %d dates" % (what, flat.size, count))
        if flat.dtype != np.int32:
            if flat.size and (flat.min() < INT32_MIN or flat.max() > INT32_MAX):
                i = _first_bad((flat < INT32_MIN) | (flat > INT32_MAX))
                raise errors.RangeError("%s[%d] does not fit in 32 bits" % (what, i),
                                        errors.Status.RANGE)
            flat = flat.astype(np.int32)
        return _ndarray_buffer(np.ascontiguousarray(flat))
    if isinstance(values, int):
        n = int32(values, what)
        if np is not None and count > 4096:
            return _ndarray_buffer(np.full(count, n, np.int32))
        return _array_buffer(array(I32, [n]) * count)
    out = array(I32, [int32(v, "%s item" % what) for v in values])
    if len(out) != count:
        raise ValueError("%s has %d items for %d dates" % (what, len(out), count))
    return _array_buffer(out)


def int32_out(count: int, as_numpy: bool) -> Buffer:
    """A zeroed int32 output buffer."""
    if as_numpy:
        return _ndarray_buffer(numpy_module().zeros(count, numpy_module().int32))
    return _array_buffer(array(I32, bytes(4 * count)))


def dates_out(buf: Buffer, shape: Optional[Tuple[int, ...]]) -> Any:
    """Day numbers back as datetime64[D] (shape given) or a list of dates."""
    if shape is not None:
        np = numpy_module()
        days = np.subtract(buf.owner, UNIX_EPOCH_ORDINAL, dtype=np.int64)
        return days.view("datetime64[D]").reshape(shape)
    return list(map(_dt.date.fromordinal, buf.owner))


def ints_out(buf: Buffer, shape: Optional[Tuple[int, ...]]) -> Any:
    """Counts back as an int32 ndarray (shape given) or a list of ints."""
    if shape is not None:
        return buf.owner.reshape(shape)
    return buf.owner.tolist()


def check_same_length(a: int, b: int, what_a: str, what_b: str) -> None:
    if a != b:
        raise ValueError("%s has %d items but %s has %d" % (what_a, a, what_b, b))

