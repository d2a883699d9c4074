"""core.text: the characters no file can carry become spaces; everything else stays as typed."""

from __future__ import annotations

from core.text import illegal_characters, printable


def test_control_characters_become_spaces_and_the_rest_stays() -> None:
    assert printable("Galian\x0btanah\x00\x1f") == "Galian tanah  "
    kept = "Pekerjaan\tbeton\n2 lantai\r — ½ m³ 🏗️ עברית ' OR 1=1;--"
    assert printable(kept) == kept
    assert printable("a\ud800b\ufffe") == "a b "  # a lone surrogate and a non-character


def test_illegal_characters_are_named_once_each_in_order() -> None:
    assert illegal_characters("\x0ba\x00\x0b") == ["U+000B", "U+0000"]
    assert illegal_characters("tab\tand\nlines") == []
