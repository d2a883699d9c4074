"""Reading numbers typed or pasted into a grid through core.money, asking once when `1.000` is ambiguous."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from PySide6.QtWidgets import QMessageBox, QWidget

from core.formula import is_formula
from core.money import NumberError, ParsedNumber, fmt_decimal, parse_number

Reading = Decimal | str | None  # a resolved number, formula text, or None (blank)


def _plain(x: Decimal) -> str:
    """id-ID text of a reading without trailing zeros: 1 -> "1", 1000 -> "1.000", 1.5 -> "1,5"."""
    exponent = x.normalize().as_tuple().exponent
    return fmt_decimal(x, max(0, -exponent) if isinstance(exponent, int) else 0)


def choose_reading(parent: QWidget | None, parsed: ParsedNumber, *, count: int = 1) -> Decimal | None:
    """Ask which reading of an ambiguous number was meant; None when the user cancels.

    With `count` > 1 (a paste), the answer applies to every ambiguous cell of that paste.
    """
    assert parsed.alternative is not None
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(box.tr("Angka ambigu"))
    more = box.tr(" (dan {0} sel lain dengan pola yang sama)").format(count - 1) if count > 1 else ""
    box.setText(box.tr('Apa maksud "{0}"{1}?').format(parsed.text.strip(), more))
    box.setInformativeText(box.tr("Angka ditampilkan dalam format Indonesia: titik = ribuan, koma = desimal."))
    first = box.addButton(_plain(parsed.value), QMessageBox.ButtonRole.AcceptRole)
    second = box.addButton(_plain(parsed.alternative), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(box.tr("Batal"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is first:
        return parsed.value
    if clicked is second:
        return parsed.alternative
    return None


def read_cell(text: str, kind: str) -> ParsedNumber | str | None:
    """Parse one cell's text for its column kind; raises NumberError (with an Indonesian message)."""
    stripped = text.strip()
    if kind in ("text", "readonly"):
        return text
    if not stripped:
        return None
    if kind == "formula" and is_formula(stripped):
        return stripped
    return parse_number(stripped)


_remembered: dict[str, bool] = {}  # separator pattern -> "the other reading was meant"


def _pattern(parsed: ParsedNumber) -> str:
    text = parsed.text.strip()
    mixed = "." in text and "," in text
    last = "." if text.rfind(".") > text.rfind(",") else ","
    return ("mixed" if mixed else "single") + last


def forget_readings() -> None:
    """Forget the answers given this session (a new session, or a test)."""
    _remembered.clear()


def edit_text(value: Decimal, dp: int) -> str:
    """Text for an editor: id-ID without thousands groups ("3000,000"), which reads back unambiguously."""
    return fmt_decimal(value, dp).replace(".", "")


def resolve(
    parent: QWidget | None, values: Iterable[tuple[object, str, str]], *, ask: bool = True
) -> dict[object, Reading] | None:
    """Resolve many (key, text, kind) at once: errors raise NumberError naming the text. Ambiguous numbers
    are asked about once; the answer is remembered for that separator pattern for the rest of the session
    and applies to every ambiguous cell of a paste. With `ask` False (texts the app wrote itself, never
    grouped) the first reading is taken. None when the user cancels."""
    parsed: dict[object, ParsedNumber | str | None] = {}
    for key, text, kind in values:
        parsed[key] = read_cell(text, kind)
    ambiguous = [p for p in parsed.values() if isinstance(p, ParsedNumber) and p.ambiguous]
    use_alternative = False
    if ambiguous and ask:
        pattern = _pattern(ambiguous[0])
        if pattern not in _remembered:
            chosen = choose_reading(parent, ambiguous[0], count=len(ambiguous))
            if chosen is None:
                return None
            _remembered[pattern] = chosen == ambiguous[0].alternative and chosen != ambiguous[0].value
        use_alternative = _remembered[pattern]
    out: dict[object, Reading] = {}
    for key, p in parsed.items():
        if isinstance(p, ParsedNumber):
            out[key] = p.alternative if (p.ambiguous and use_alternative and p.alternative is not None) else p.value
        else:
            out[key] = p
    return out


def read_field(parent: QWidget | None, text: str) -> Decimal | None:
    """A number typed in a dialog field (blank = None), asking about an ambiguous reading like a cell does.
    Raises NumberError for bad text and LookupError when the user cancels the question."""
    values = resolve(parent, [(0, text, "number")])
    if values is None:
        raise LookupError("cancelled")
    value = values[0]
    return value if isinstance(value, Decimal) else None


__all__ = [
    "NumberError",
    "Reading",
    "choose_reading",
    "edit_text",
    "forget_readings",
    "read_cell",
    "read_field",
    "resolve",
]
