"""Text rules of the reference library: folding for search, item identity, and kategori by exact alias.

Folding makes search case- and accent-insensitive: NFKD splits "é" into "e" + a combining mark (dropped),
turns "½" into "1⁄2" (the fraction slash becomes "/"), "m³" into "m3" and full-width digits into ASCII.
"""

from __future__ import annotations

import re
import unicodedata

from core.text import printable

_FRACTION_SLASH = str.maketrans({"\u2044": "/", "\u2215": "/"})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[0-9a-z]+")
_CODE_TOKEN = re.compile(r"[0-9a-z]+(\.[0-9a-z]+)*\.?\Z")
# A lead byte of a UTF-8 sequence (Â, Ã, â) followed by a continuation byte, both shown as Windows-1252:
# what "m²", "Ø" or "≥" look like after UTF-8 text was decoded as cp1252 ("mÂ²", "Ã˜", "â‰¥").
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

# Exact names and aliases only (case-insensitive, trimmed, inner spaces collapsed). No prefix or
# substring matching: "matras" or "material bekas" must not silently become BHN.
KATEGORI_ALIASES: dict[str, str] = {
    **dict.fromkeys(("tk", "tenaga", "tenaga kerja", "upah", "labor", "labour", "pekerja"), "TK"),
    **dict.fromkeys(("bhn", "bahan", "material"), "BHN"),
    **dict.fromkeys(("alt", "alat", "peralatan", "equipment", "equip", "mesin", "tools"), "ALT"),
    **dict.fromkeys(("lain", "lain-lain", "lainnya", "lain lain"), "LAIN"),
}


def fold(text: str) -> str:
    """Lower-case, accent-free, compatibility-decomposed text with single spaces."""
    decomposed = unicodedata.normalize("NFKD", text).translate(_FRACTION_SLASH)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", kept.casefold()).strip()


def words(text: str) -> list[str]:
    """The search words of a name: runs of letters and digits of the folded text."""
    return _WORD.findall(fold(text))


def is_code_token(token: str) -> bool:
    """A query token that reads as an AHSP code or code prefix ("2.2.1", "a.4.", "1.1.1.1")."""
    return "." in token and _CODE_TOKEN.match(token) is not None


def code_sort_key(kode: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of AHSP codes: 2.2.1.2 before 2.2.1.10; text segments after numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in fold(kode).split("."))


def clean(value: object) -> str:
    """A cell as text without surrounding white space ("" for an empty cell). Inner text is kept as is, but
    for characters no file can carry (core.text), which become spaces."""
    if value is None:
        return ""
    return printable(str(value)).strip()


def repair_mojibake(text: str) -> str | None:
    """The text as it was before UTF-8 was misread as Windows-1252, or None when it shows no such damage
    or cannot be reversed exactly ("mmÂ²" → "mm²", "Ã˜ 6\"" → "Ø 6\"")."""
    if not _MOJIBAKE.search(text):
        return None
    raw = bytearray()
    for char in text:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:  # not a byte misread as cp1252: the text is not plain mojibake
                return None
            raw.append(ord(char))  # the five bytes cp1252 leaves undefined were kept as C1 controls
    try:
        repaired = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return repaired if repaired != text else None


def normalize_kategori(raw: str) -> tuple[str, bool]:
    """(kategori, recognised). Empty → ("LAIN", True); an unknown name → ("LAIN", False)."""
    key = _SPACES.sub(" ", raw.strip().casefold())
    if not key:
        return "LAIN", True
    if key in KATEGORI_ALIASES:
        return KATEGORI_ALIASES[key], True
    return "LAIN", False


def item_key(kategori: str, kode_item: str, uraian: str, satuan: str) -> str:
    """Identity of a resource line inside one AHSP, stable across re-imports of the same source.

    `kode_item` is the code as written in the file ("" when the file has none, even if one was generated).
    """
    return "|".join((kategori, kode_item.strip(), fold(uraian), fold(satuan)))
