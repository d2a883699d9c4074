"""Terbilang: a rupiah amount in Indonesian words (DOMAIN.md §2.4, applied to PEMBULATAN)."""

from __future__ import annotations

_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def terbilang(n: int) -> str:
    """`1203090000` -> "satu miliar dua ratus tiga juta sembilan puluh ribu rupiah"."""
    if n < 0:
        return f"minus {terbilang(-n)}"
    return f"{words(n) if n else 'nol'} rupiah"


def words(n: int) -> str:
    """Indonesian words for a whole number > 0, without "rupiah"; "" for 0."""
    for scale, name in _SCALES:
        if n >= scale:
            head, rest = divmod(n, scale)
            return _join(f"{words(head)} {name}", words(rest))
    if n >= 1000:
        head, rest = divmod(n, 1000)
        return _join("seribu" if head == 1 else f"{words(head)} ribu", words(rest))
    return _below_thousand(n)


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    head = "" if not hundreds else "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
    return _join(head, _below_hundred(rest))


def _below_hundred(n: int) -> str:
    if n < 10:
        return _ONES[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    tens, ones = divmod(n, 10)
    return _join(f"{_ONES[tens]} puluh", _ONES[ones])


def _join(head: str, tail: str) -> str:
    return f"{head} {tail}" if head and tail else head or tail
