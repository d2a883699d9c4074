"""Reading the web system's JSON files exactly: numbers from their text as Decimal, `_export_id` references.

Web files write decimals as strings, except where they do not (Template AHSP coefficients, WEB_BACKUP.md §5),
so for these files only a JSON number is accepted too, parsed from its JSON text (never through float) and
quantized HALF_UP to the stored precision of DOMAIN.md §2.1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.exchange.fields import Problem, Reader, size_problem
from core.exchange.files import ImportFailed
from core.json_files import UnreadableJson, read_json
from core.money import parse_plain, round_half_up

MAX_INT_DIGITS = 30


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"kunci JSON ganda {key!r} dalam satu objek")
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"bilangan bulat terlalu panjang ({len(text)} digit)")
    return int(text)


def _constant(name: str) -> Any:
    raise ValueError(f"{name} bukan angka JSON yang sah")


def load_web_json(text: str) -> Any:
    """Parse JSON text with every fractional number as an exact Decimal and no NaN/Infinity."""
    return json.loads(text, parse_float=Decimal, parse_int=_int, parse_constant=_constant, object_pairs_hook=_pairs)


def read_web_json(path: Path | str) -> Any:
    """A web file read with exact decimals, under the same guards as every imported JSON file."""
    try:
        return read_json(path, loads=load_web_json)
    except UnreadableJson as exc:
        raise ImportFailed([Problem("", str(exc))]) from exc


@dataclass
class WebReport:
    """What a conversion found: errors (nothing is imported), warnings, rows not mapped as in the file."""

    kind: str
    version: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unmapped: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    path_map: dict[str, str] = field(default_factory=dict)  # FORMAT path prefix -> path in the web file

    @property
    def ok(self) -> bool:
        return not self.errors

    def source_path(self, path: str) -> str:
        """Translate a path of the converted document back to the web file (longest known prefix)."""
        cuts = [len(path)] + [i for i in range(len(path) - 1, 0, -1) if path[i] in ".["]
        for cut in cuts:
            theirs = self.path_map.get(path[:cut])
            if theirs is not None:
                return theirs + path[cut:]
        return path

    def translated(self, problems: list[Problem]) -> list[Problem]:
        return [Problem(self.source_path(p.path), p.message) for p in problems]

    def summary_lines(self) -> list[str]:
        """The import summary shown to users: counts per section, then every warning and unmapped row."""
        head = f"{self.kind} {self.version}".strip()
        lines = [f"ringkasan impor ({head}):"]
        lines += [f"  {name}: {count}" for name, count in self.counts.items()]
        lines += [f"peringatan: {w}" for w in self.warnings]
        lines += [f"tidak terpetakan: {u}" for u in self.unmapped]
        return lines


class WebReader(Reader):
    """Field reader for web files: decimals as strings or JSON numbers, `_export_id` sections."""

    def __init__(self, report: WebReport) -> None:
        super().__init__(report.errors, report.warnings)
        self.report = report

    def unmapped(self, path: str, message: str) -> None:
        self.report.unmapped.append(Problem(path, message))

    def number(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        *,
        dp: int,
        nullable: bool = False,
        default: Decimal | None = None,
        maximum: Decimal | None = None,
        positive: bool = False,
        precision: int | None = None,
    ) -> Decimal | None:
        """A decimal ≥ 0 (> 0 when `positive`) quantized HALF_UP to `dp`; None on error or an allowed null."""
        p = f"{path}.{key}" if path else key
        value = obj.get(key)
        if value is None:
            if nullable or default is not None:
                return default
            self.error(p, "wajib diisi (angka desimal)")
            return None
        number = self._exact(value, p)
        if number is None:
            return None
        if number < 0 or (positive and number == 0):
            self.error(p, f"harus {'>' if positive else '>='} 0, bukan {number}")
            return None
        if maximum is not None and number > maximum:
            self.error(p, f"harus <= {maximum}, bukan {number}")
            return None
        rounded = round_half_up(number, dp)
        too_large = size_problem(rounded, dp, precision)
        if too_large:
            self.error(p, f"{too_large}, bukan {number}")
            return None
        if rounded != number:
            self.warn(p, f"dibulatkan ke {dp} desimal: {number} -> {rounded}")
        return rounded

    def _exact(self, value: Any, p: str) -> Decimal | None:
        if isinstance(value, bool):
            self.error(p, "harus berupa angka desimal, bukan boolean")
            return None
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal):
            if not value.is_finite() or len(value.as_tuple().digits) > 30:
                self.error(p, f"angka tidak sah: {value}")
                return None
            return value
        if isinstance(value, str):
            try:
                return parse_plain(value) if value.strip() else Decimal(0)
            except ValueError:
                self.error(p, f"bukan angka desimal yang sah: {value!r}"[:200])
                return None
        self.error(p, f"harus berupa angka desimal, bukan {type(value).__name__}")
        return None

    def plain_text(self, obj: dict[str, Any], key: str, path: str, *, max_len: int = 10_000) -> str:
        """Optional text as stored by the web system: null becomes "", outer whitespace is trimmed."""
        value = self.text(obj, key, path, max_len=max_len)
        return value or ""

    def index(self, rows: list[Any], section: str) -> dict[int, int]:
        """`_export_id` -> position in `rows`; a missing or repeated id is an error."""
        out: dict[int, int] = {}
        for i, raw in enumerate(rows):
            if not isinstance(raw, dict):
                continue
            eid = self.integer(raw, "_export_id", f"{section}[{i}]", minimum=0)
            if eid is None:
                continue
            if eid in out:
                self.error(f"{section}[{i}]._export_id", f"_export_id {eid} ganda (juga {section}[{out[eid]}])")
                continue
            out[eid] = i
        return out

    def ref(
        self, obj: dict[str, Any], key: str, path: str, target: dict[int, int], section: str, *, nullable: bool = False
    ) -> int | None:
        """Resolve a `_<name>_ref` to a position in `section`; an unresolved reference is an error."""
        value = obj.get(key)
        if value is None:
            if not nullable:
                self.error(f"{path}.{key}", f"wajib diisi (_export_id baris {section})")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(f"{path}.{key}", f"harus berupa bilangan bulat, bukan {value!r}"[:200])
            return None
        if value not in target:
            self.error(f"{path}.{key}", f"tidak ada {section} dengan _export_id {value}")
            return None
        return target[value]
