"""One C object owned by one Python object.

Calendar, Pack, Case and Plan each own a pointer the library allocated and must free
exactly once: ``close()`` frees it at once (idempotent; ``with`` calls it),
otherwise it is freed when the Python object is garbage-collected.  Any
method of a closed object raises ValueError.  Copying or pickling is
refused, since a copy would share the pointer and free it twice.
"""

from __future__ import annotations

# threading.Lock is _thread.allocate_lock: the same lock without importing
# threading (a few milliseconds of `import timescale`).
from _thread import allocate_lock as _new_lock

TYPE_CHECKING = False  # typing is for type checkers: not imported at run time
if TYPE_CHECKING:
    from typing import Any, Callable, ClassVar, Optional, TypeVar

__all__ = ["Owned"]

if TYPE_CHECKING:
    T = TypeVar("T", bound="Owned")


class Owned:
    __slots__ = ("_handle", "_lock", "__weakref__")

    # Set by each subclass: what it is called in messages, and how to free it.
    _kind: ClassVar[str] = "object"
    _free: ClassVar[Optional[Callable[[int], None]]] = None

    def __init__(self) -> None:
        self._handle = 0
        self._lock = _new_lock()

    def _adopt(self, handle: Optional[int]) -> None:
        self._handle = handle or 0
        if not hasattr(self, "_lock"):
            self._lock = _new_lock()

    @classmethod
    def _blank(cls: "type[T]") -> T:
        # An instance without running __init__ (the alternative constructors).
        self = cls.__new__(cls)
        Owned.__init__(self)
        return self

    def _release(self) -> None:
        """Hook for subclasses: drop what the C object's memory backs."""

    def close(self) -> None:
        """Frees the C object now.  Calling it again does nothing; any other
        method of a closed object raises ValueError."""
        with self._lock:
            handle, self._handle = self._handle, 0
        if handle:
            self._release()
            free = type(self)._free
            if free is not None:
                free(handle)

    @property
    def closed(self) -> bool:
        return not self._handle

    def __enter__(self: T) -> T:
        self._h()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        handle = getattr(self, "_handle", 0)
        if handle:
            self._handle = 0
            try:
                free = type(self)._free
                if free is not None:
                    free(handle)
            except Exception:  # interpreter shutdown: the module may be gone
                pass

    def __reduce__(self) -> Any:
        raise TypeError("a %s cannot be copied or pickled; make a new one" % self._kind)

    def _h(self) -> int:
        handle = self._handle
        if not handle:
            raise ValueError("%s is closed" % self._describe())
        return handle

    def _describe(self) -> str:
        return "the " + self._kind
