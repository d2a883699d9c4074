"""The engine's Decimal context: wide enough that sums and products of stored values are exact."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

# Stored values have at most 6 decimals and rarely more than 15 significant digits; products of a
# price, two coefficients, a markup, a volume and a progress percentage stay far below 100 digits, so
# every sum and product in the engine is exact. Only true divisions (bobot, percentages, SPI/CPI,
# partial-week shares) are rounded, at the 100th significant digit.
ENGINE_PRECISION = 100
ENGINE_CONTEXT = Context(prec=ENGINE_PRECISION, rounding=ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def exact() -> AbstractContextManager[Context]:
    """`with exact():` runs engine arithmetic in ENGINE_CONTEXT (a private copy, thread-safe)."""
    return localcontext(ENGINE_CONTEXT)


_pauses = 0  # how many gc_paused() blocks are running, in all threads
_reenable = False  # the collector was enabled when the first of them started
_pauses_lock = threading.Lock()


def gc_pause_active() -> bool:
    """True while any thread runs inside gc_paused(): a collector driven by a timer (the desktop's
    UI-thread collector) waits, rather than scanning objects a worker is building by the hundred thousand."""
    return _pauses > 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a project is built or a large edit runs.

    Building allocates hundreds of thousands of small acyclic objects (tuples, rows, Decimals);
    the collector would rescan the whole heap several times for nothing (measured: ~35 % of the
    build). Nothing the engine builds forms a reference cycle; reference counting frees it all.
    Pauses nest and overlap across threads: the collector comes back when the last one ends.
    """
    global _pauses, _reenable
    with _pauses_lock:
        if _pauses == 0:
            _reenable = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _reenable:
                _promote_young()
                gc.enable()


def _promote_young() -> None:
    """Move what the pause allocated to the oldest generation without scanning it.

    The young generation's allocation count grew by every object built during the pause, so the first
    allocation after it would start a collection that scans them all (measured: an eighth of a whole
    project computation) only to find no cycle. freeze() + unfreeze() splices every generation into the
    oldest one and resets the count. Skipped after small pauses (an edit: the scan is cheap) and when
    something else keeps objects frozen (unfreeze would hand those back to the collector).
    """
    if gc.get_count()[0] > _PROMOTE_AFTER and gc.get_freeze_count() == 0:  # (the freeze count is a list walk)
        gc.freeze()
        gc.unfreeze()


_PROMOTE_AFTER = 50_000  # young objects: below this a pause was small (one edit) and the scan is cheap
