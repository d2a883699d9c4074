"""Turning mapped rows (XLSX or JSON) into resource lines, one row at a time, reporting what each row became.

Rules (DOMAIN.md §4.1): `sumber` is carried down from earlier rows when blank; a row with kode and nama
starts (or continues) an AHSP and detail rows without them attach to the last one; a row with the AHSP
columns only is a heading. Every row ends up as exactly one of: a line, a skipped row or a rejected row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from core.reference.numbers import CellError, Koefisien, read_koefisien
from core.reference.report import REASONS, Issue
from core.reference.text import clean, normalize_kategori, repair_mojibake

LIMITS = {"sumber": 100, "kode_ahsp": 50, "kode_item": 50, "satuan_ahsp": 50, "satuan_item": 100}
LIMITS |= {"klasifikasi": 100, "sub_klasifikasi": 100, "source_file": 255}
ITEM_FIELDS = ("kategori", "kode_item", "uraian_item", "satuan_item", "koefisien")
UNIT_WARN = 20


@dataclass(frozen=True, slots=True)
class RawRow:
    """A data row mapped to field names; `sheet` and `row` say where it is (row 1-based, as in Excel)."""

    sheet: str
    row: int
    values: dict[str, object]


@dataclass(slots=True)
class Line:
    sheet: str
    row: int
    sumber: str
    kode_ahsp: str
    nama_ahsp: str
    job: dict[str, str]  # klasifikasi, sub_klasifikasi, satuan_ahsp, source_file
    kategori: str
    kode_item_file: str
    uraian: str
    satuan: str
    koefisien: Decimal
    nilai_file: str
    suspect: bool
    kode_item: str = ""
    generated: bool = False
    review: str = ""
    issues: list[Issue] = field(default_factory=list)


class RowReader:
    """Reads rows in file order, keeping the carried `sumber` and the current AHSP."""

    def __init__(self, *, sumber: str | None = None) -> None:
        self._override = (sumber or "").strip()
        self._sumber = ""
        self._job: dict[str, str] | None = None

    def read(self, raw: RawRow) -> tuple[Line | None, list[Issue]]:
        """The row's line (None when skipped or rejected) and its issues."""
        values = {k: clean(v) if k != "koefisien" else v for k, v in raw.values.items()}
        if not any(clean(v) for v in raw.values.values()):
            return None, [_issue(raw, "baris_kosong", "", "", "")]
        try:
            sumber = self._take_sumber(values)
            _check_lengths(values)
            job = self._take_job(values)
        except CellError as exc:
            return None, [
                _issue(raw, exc.reason, values.get("kode_ahsp", ""), values.get("uraian_item", ""), exc.message)
            ]
        if not any(clean(values.get(name)) for name in ITEM_FIELDS):
            return None, [_issue(raw, "baris_judul_ahsp", job["kode_ahsp"], "", "")]
        return _line(raw, sumber, job, values)

    def _take_sumber(self, values: dict[str, object]) -> str:
        given = str(values.get("sumber") or "")
        if given:
            self._sumber = given
        sumber = self._override or self._sumber
        if not sumber:
            raise CellError("sumber_kosong", "sumber AHSP kosong dan tidak ada baris sebelumnya yang mengisinya")
        return sumber

    def _take_job(self, values: dict[str, object]) -> dict[str, str]:
        kode, nama = str(values.get("kode_ahsp") or ""), str(values.get("nama_ahsp") or "")
        current = self._job
        if kode and (nama or (current is not None and current["kode_ahsp"] == kode)):
            nama = nama or (current or {}).get("nama_ahsp", "")
            self._job = {"kode_ahsp": kode, "nama_ahsp": nama}
            for name in ("klasifikasi", "sub_klasifikasi", "satuan_ahsp", "source_file"):
                self._job[name] = str(values.get(name) or "")
        elif kode or nama or current is None:
            raise CellError(
                "tanpa_ahsp", "baris tanpa kode dan nama AHSP yang lengkap, dan bukan lanjutan AHSP sebelumnya"
            )
        assert self._job is not None
        return self._job


def _check_lengths(values: dict[str, object]) -> None:
    for name, limit in LIMITS.items():
        text = str(values.get(name) or "")
        if len(text) > limit:
            raise CellError("teks_terlalu_panjang", f"{name} lebih dari {limit} karakter: {text[:40]}…")


def _line(raw: RawRow, sumber: str, job: dict[str, str], values: dict[str, object]) -> tuple[Line | None, list[Issue]]:
    kode, uraian = job["kode_ahsp"], str(values.get("uraian_item") or "")
    kode_item = str(values.get("kode_item") or "")
    if not uraian:
        return None, [_issue(raw, "uraian_kosong", kode, "", "", kode_item)]
    try:
        koef = read_koefisien(values.get("koefisien"))
    except CellError as exc:
        return None, [_issue(raw, exc.reason, kode, uraian, exc.message, kode_item)]
    kategori_text = str(values.get("kategori") or "")
    kategori, known = normalize_kategori(kategori_text)
    nama = str(values.get("nama_ahsp") or job["nama_ahsp"])
    satuan = str(values.get("satuan_item") or "")
    line = Line(raw.sheet, raw.row, sumber, kode, nama, dict(job), kategori, kode_item, uraian, satuan,
                koef.value, koef.nilai_file, koef.suspect)  # fmt: skip
    warn = _warner(raw, line)
    _repair_texts(line, warn)
    if not kategori_text:
        warn("kategori_kosong", "")
    elif not known:
        warn("kategori_tidak_dikenal", f"kategori {kategori_text!r} tidak dikenal; dibaca sebagai LAIN")
    _flag_unit_and_number(line, koef, warn)
    return line, line.issues


def _flag_unit_and_number(line: Line, koef: Koefisien, warn: Callable[[str, str], None]) -> None:
    if not line.satuan:
        warn("satuan_kosong", "")
    elif len(line.satuan) > UNIT_WARN:
        warn("satuan_terlalu_panjang", f"satuan {line.satuan!r}")
    if koef.alternative is not None:
        shown = f"{koef.value.normalize():f}"
        warn("koefisien_ambigu", f"{koef.nilai_file!r} dibaca {shown}, bisa juga {koef.alternative:f}")
    if koef.rounded:
        warn("koefisien_dibulatkan", f"{koef.nilai_file} disimpan sebagai {koef.value:f}")


def _repair_texts(line: Line, warn: Callable[[str, str], None]) -> None:
    """Undo UTF-8-read-as-cp1252 damage in the names and the unit, and say what changed."""
    changed = []
    for attr, label in (("nama_ahsp", "nama AHSP"), ("uraian", "nama item"), ("satuan", "satuan")):
        repaired = repair_mojibake(getattr(line, attr))
        if repaired is not None:
            changed.append(f"{label}: {getattr(line, attr)!r} → {repaired!r}")
            setattr(line, attr, repaired)
    if changed:
        warn("teks_diperbaiki", "; ".join(changed)[:400])


def _warner(raw: RawRow, line: Line) -> Callable[[str, str], None]:
    def warn(reason: str, message: str) -> None:
        line.issues.append(_issue(raw, reason, line.kode_ahsp, line.uraian, message, line.kode_item_file))

    return warn


def _issue(raw: RawRow, reason: str, kode: object, item: object, message: str, kode_item: str = "") -> Issue:
    level, description = REASONS[reason]
    return Issue(level, reason, raw.sheet, raw.row, str(kode or ""), str(item or ""), message or description, kode_item)
