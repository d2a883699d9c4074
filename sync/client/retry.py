"""Retry policy (SYNC.md §1.4, CouchDB's split): transient failures are retried with exponential back-off,
full jitter and a maximum delay; final answers (400, 403, 412, 422, 426...) never are.

Push retries are safe only because every mutation carries its mutation_id (the server answers a repeat
with `duplicate`). The clock and `sleep` are injectable so tests count attempts without waiting.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sync.client.errors import Transient

T = TypeVar("T")


@dataclass
class RetryPolicy:
    """`attempts` tries per request; delay n is uniform in [0, min(max_delay, base * 2**n)], never less than
    a server's Retry-After."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    slept: list[float] = field(default_factory=list)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        cap = min(self.max_delay, self.base_delay * (2**attempt))
        wait = self.rng.uniform(cap / 2, cap)  # "equal jitter": grows for sure, yet never in lock step
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_delay))
        return wait

    def run(self, fn: Callable[[], T], *, on_retry: Callable[[Transient], None] | None = None) -> T:
        """Call `fn` until it succeeds, raises a non-transient error, or the attempts are used up."""
        for attempt in range(self.attempts):
            try:
                return fn()
            except Transient as exc:
                if attempt + 1 >= self.attempts:
                    raise
                if on_retry is not None:
                    on_retry(exc)
                wait = self.delay(attempt, exc.retry_after)
                self.slept.append(wait)
                self.sleep(wait)
        raise AssertionError("unreachable")


def no_wait() -> RetryPolicy:
    """A policy that retries at once (tests and the in-process transport)."""
    return RetryPolicy(sleep=lambda _s: None)
