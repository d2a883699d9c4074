"""Fractional sort keys: rows are ordered by a text key so that concurrent inserts never renumber others.

Keys are base-36 fractions written with the digits 0-9a-z (which sort alike in ASCII and in the usual
database collations) and never end in "0", so there is always room before and after any key.
Ties between equal keys (two devices inserting at the same place) are broken by the row id.
"""

from __future__ import annotations

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
BASE = len(DIGITS)
_VALUE = {c: i for i, c in enumerate(DIGITS)}


def _check(key: str) -> None:
    if not key or key.endswith("0") or any(c not in _VALUE for c in key):
        raise ValueError(f"invalid sort key: {key!r}")


def _midpoint(a: str, b: str | None) -> str:
    n = 0
    while True:
        da = _VALUE[a[n]] if n < len(a) else 0
        db = (_VALUE[b[n]] if n < len(b) else 0) if b is not None else BASE
        if da == db:
            n += 1
            continue
        prefix = a[:n].ljust(n, "0")
        if db - da > 1:
            return prefix + DIGITS[(da + db) // 2]
        # Adjacent digits: keep a's digit and find room after the rest of a.
        return prefix + DIGITS[da] + _midpoint(a[n + 1 :], None)


def key_between(before: str | None, after: str | None) -> str:
    """A key strictly between `before` and `after` (None means the start or the end of the list)."""
    if before is not None:
        _check(before)
    if after is not None:
        _check(after)
        if before is not None and not before < after:
            raise ValueError(f"sort keys out of order: {before!r} >= {after!r}")
    return _midpoint(before or "", after)


def initial_keys(count: int) -> list[str]:
    """`count` evenly spaced increasing keys, for bulk inserts (imports, copies)."""
    if count <= 0:
        return []
    width = 1
    while BASE**width < 4 * (count + 1):
        width += 1
    step = BASE**width // (count + 1)
    keys = []
    for i in range(1, count + 1):
        value = i * step
        digits = []
        for _ in range(width):
            value, rem = divmod(value, BASE)
            digits.append(DIGITS[rem])
        keys.append("".join(reversed(digits)).rstrip("0"))
    return keys
