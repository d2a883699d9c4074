"""The project form's rules (DOMAIN.md §1.1) as a pure function, so the form validates while typing.

`clean_project(values)` takes what the form holds (text, dates, numbers) and returns the typed values to
store plus every problem with its field name. Dates: both given → the duration follows them; start +
duration → the end; end + duration → the start; start alone → 31 December of that year (or start + 365
days when that is not after the start). Empty sumber dana, lokasi and client get the central system's
defaults ("N/A", "Tidak Ditentukan", "Client").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from core.domain import Problem
from core.money import NumberError, parse_number, q_money
from core.text import printable

TEXT_FIELDS: tuple[str, ...] = (
    "nama",
    "kode",
    "deskripsi",
    "kategori",
    "lokasi",
    "sumber_dana",
    "ket_project1",
    "ket_project2",
    "nama_client",
    "jabatan_client",
    "instansi_client",
    "nama_kontraktor",
    "instansi_kontraktor",
    "nama_konsultan_perencana",
    "instansi_konsultan_perencana",
    "nama_konsultan_pengawas",
    "instansi_konsultan_pengawas",
)
DEFAULTS = {"sumber_dana": "N/A", "lokasi": "Tidak Ditentukan", "nama_client": "Client"}
MAX_DURATION_DAYS = 365 * 20


def _date(value: Any, name: str, problems: list[Problem]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    problems.append(Problem(name, "Tanggal tidak valid (gunakan dd/mm/yyyy)"))
    return None


def _duration(value: Any, problems: list[Problem]) -> int | None:
    if value is None or value == "":
        return None
    try:
        days = int(str(value).strip())
    except ValueError:
        problems.append(Problem("durasi_hari", "Durasi harus bilangan bulat hari"))
        return None
    if not 1 <= days <= MAX_DURATION_DAYS:
        problems.append(Problem("durasi_hari", f"Durasi harus antara 1 dan {MAX_DURATION_DAYS} hari"))
        return None
    return days


def _budget(value: Any, problems: list[Problem]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal("0.00")
    if isinstance(value, Decimal):
        parsed = value
    else:
        try:
            parsed = parse_number(str(value), allow_negative=True).value
        except NumberError as exc:
            problems.append(Problem("anggaran_owner", exc.message))
            return None
    if parsed < 0:
        problems.append(Problem("anggaran_owner", "Anggaran tidak boleh negatif"))
        return None
    return q_money(parsed)


def _dates(values: Mapping[str, Any], problems: list[Problem], *, partial: bool) -> dict[str, date]:
    start = _date(values.get("tanggal_mulai"), "tanggal_mulai", problems)
    end = _date(values.get("tanggal_selesai"), "tanggal_selesai", problems)
    days = _duration(values.get("durasi_hari"), problems)
    if start is None and end is not None and days is not None:
        start = end - timedelta(days=days - 1)
    if start is None:
        if not partial and not any(p.path == "tanggal_mulai" for p in problems):
            problems.append(Problem("tanggal_mulai", "Tanggal mulai wajib diisi"))
        return {}
    if end is None:
        if days is not None:
            end = start + timedelta(days=days - 1)
        else:
            end = date(start.year, 12, 31)
            if end <= start:
                end = start + timedelta(days=365)
    if end < start:
        problems.append(Problem("tanggal_selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai"))
        return {}
    if (end - start).days + 1 > MAX_DURATION_DAYS:
        problems.append(Problem("tanggal_selesai", f"Durasi proyek lebih dari {MAX_DURATION_DAYS} hari"))
        return {}
    return {"tanggal_mulai": start, "tanggal_selesai": end}


def clean_project(
    values: Mapping[str, Any], *, today: date | None = None, partial: bool = False
) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values to store (only the fields given, when `partial`) and every problem found."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in values or not partial:
            text = printable(str(values.get(name) or "")).strip()
            out[name] = text or DEFAULTS.get(name, "")
    if "anggaran_owner" in values or not partial:
        budget = _budget(values.get("anggaran_owner"), problems)
        if budget is not None:
            out["anggaran_owner"] = budget
    if "week_start_day" in values or not partial:
        day = values.get("week_start_day", 0)
        out["week_start_day"] = day if isinstance(day, int) else -1
    if any(k in values for k in ("tanggal_mulai", "tanggal_selesai", "durasi_hari")) or not partial:
        if not partial and not values.get("tanggal_mulai") and today is not None and not values.get("durasi_hari"):
            values = {**values, "tanggal_mulai": today}
        out.update(_dates(values, problems, partial=partial))
    if "is_active" in values:
        out["is_active"] = bool(values["is_active"])
    return out, problems
