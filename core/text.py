"""Stored text: which characters the data may hold, as one rule for every way text comes in or goes out.

XML 1.0, and so every XLSX and DOCX, cannot carry control characters other than tab and line breaks, lone
surrogates, or U+FFFE and U+FFFF; PostgreSQL refuses NUL. Text pasted from Word or PDF brings some of them
(a vertical tab for a line break, a form feed). Text that comes in is cleaned with `printable`; writers
clean again, for what was stored before.
"""

from __future__ import annotations

import re

ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` with each character files cannot carry replaced by a space (it separated words, mostly)."""
    if text.isprintable():  # (fast path: tab, line breaks and the rest are not "printable" either)
        return text
    return ILLEGAL.sub(" ", text)


def illegal_characters(text: str) -> list[str]:
    """The characters `printable` replaces, as U+XXXX, in order of appearance, each once."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in ILLEGAL.findall(text)))
