"""Keep Python's immortal-in-3.12 objects alive under the Qt bindings.

PySide6 6.12 on Python 3.11 releases one reference too many to objects that Python 3.12 made immortal:
None on every call of a C++ method that returns nothing (`label.setText(...)`, `view.update()`, a
delegate's `super().paint(...)`), and True/False in other round trips. On 3.12 and later nothing happens;
on 3.11 a long session reaches a zero count and the process aborts with "deallocating None" or
"deallocating True or False". Until the bindings or the interpreter change, those objects get a reference
count so large that no session can use it up: the effect is exactly 3.12's immortality.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40


def _immortal_in_312() -> list[object]:
    """The objects CPython 3.12 makes immortal (singletons, small ints, empty and one-letter strings...)."""
    objects: list[object] = [None, True, False, Ellipsis, NotImplemented, (), "", b""]
    objects += list(range(-5, 257))
    objects += [chr(i) for i in range(256)]
    objects += [bytes([i]) for i in range(256)]
    return objects


def protect_none() -> None:
    """Make those objects practically immortal on interpreters where they are not (idempotent)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in _immortal_in_312():
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field of every CPython object
        if count.value < RESERVE:
            count.value += RESERVE


def is_protected() -> bool:
    return sys.version_info >= (3, 12) or all(sys.getrefcount(x) >= RESERVE for x in (None, True, False, 0, 1))
