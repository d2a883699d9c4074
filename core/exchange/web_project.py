"""Project identity, pricing and parameters of a web backup (WEB_BACKUP.md §3.3, §3.7) as FORMAT dicts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from core.exchange.web_state import ConversionState
from core.money import plain

HUNDRED = Decimal(100)
# FORMAT `project` text field -> web field (the web file has no project code).
PROJECT_TEXT = {
    "nama": "nama",
    "deskripsi": "deskripsi",
    "kategori": "kategori",
    "lokasi": "lokasi_project",
    "sumber_dana": "sumber_dana",
    "ket_project1": "ket_project1",
    "ket_project2": "ket_project2",
    "nama_client": "nama_client",
    "jabatan_client": "jabatan_client",
    "instansi_client": "instansi_client",
    "nama_kontraktor": "nama_kontraktor",
    "instansi_kontraktor": "instansi_kontraktor",
    "nama_konsultan_perencana": "nama_konsultan_perencana",
    "instansi_konsultan_perencana": "instansi_konsultan_perencana",
    "nama_konsultan_pengawas": "nama_konsultan_pengawas",
    "instansi_konsultan_pengawas": "instansi_konsultan_pengawas",
}
DEFAULT_PRICING = {"markup_percent": "10.00", "ppn_percent": "11.00", "rounding_base": 10000}


def iso_date(value: Any) -> date | None:
    """A `YYYY-MM-DD` text as a date, or None."""
    if not isinstance(value, str) or len(value.strip()) != 10:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def convert_project(st: ConversionState, value: Any) -> dict[str, Any] | None:
    """The FORMAT `project`; `nama` is kept unchanged (no " (Import)" suffix), `kode` stays empty."""
    r = st.r
    if value is None:
        r.error("project", "wajib diisi")
        return None
    obj = r.obj(value, "project")
    if obj is None:
        return None
    out: dict[str, Any] = {"kode": ""}
    for ours, theirs in PROJECT_TEXT.items():
        out[ours] = r.plain_text(obj, theirs, "project")
        if ours != theirs:
            st.map_path(f"project.{ours}", f"project.{theirs}")
    anggaran = r.number(obj, "anggaran_owner", "project", dp=2, default=Decimal("0.00"), precision=20)
    out["anggaran_owner"] = plain(anggaran) if anggaran is not None else "0.00"
    for key in ("tanggal_mulai", "tanggal_selesai"):
        if obj.get(key) is None:
            r.error(f"project.{key}", "kosong; aplikasi ini memerlukan tanggal mulai dan tanggal selesai proyek")
        out[key] = obj.get(key)
    wsd = r.integer(obj, "week_start_day", "project", required=False, minimum=0, maximum=6, default=0)
    out["week_start_day"] = 0 if wsd is None else wsd
    _check_derived(st, obj, out)
    return out


def _check_derived(st: ConversionState, obj: dict[str, Any], out: dict[str, Any]) -> None:
    mulai, selesai = iso_date(out["tanggal_mulai"]), iso_date(out["tanggal_selesai"])
    durasi = obj.get("durasi_hari")
    if mulai and selesai and isinstance(durasi, int) and durasi != (selesai - mulai).days + 1:
        st.r.warn(
            "project.durasi_hari",
            f"{durasi} hari tidak sesuai tanggal ({(selesai - mulai).days + 1} hari); durasi dihitung dari tanggal",
        )
    end_day = obj.get("week_end_day")
    expected = (out["week_start_day"] + 6) % 7
    if isinstance(end_day, int) and end_day != expected:
        st.r.warn(
            "project.week_end_day",
            f"{end_day} tidak sesuai week_start_day {out['week_start_day']}; minggu berakhir pada hari {expected}",
        )


def convert_pricing(st: ConversionState, top: dict[str, Any], version: str) -> dict[str, Any]:
    """The FORMAT `pricing`; a missing or null pricing gets FORMAT defaults and a warning."""
    names = ("pricing", "project_pricing") if version.startswith("2") else ("project_pricing", "pricing")
    name = next((n for n in names if n in top), names[0])
    st.map_path("pricing", name)
    value = top.get(name)
    if value is None:
        why = "null: proyek web belum pernah menyimpan pricing" if name in top else "tidak ada di file"
        st.r.warn(
            name,
            f"{why}; dipakai markup 10.00%, PPN 11.00%, pembulatan 10000. Total di sistem web memakai markup 0%, "
            "jadi RAB di sini lebih tinggi",
        )
        return dict(DEFAULT_PRICING)
    obj = st.r.obj(value, name)
    if obj is None:
        return dict(DEFAULT_PRICING)
    markup = st.r.number(obj, "markup_percent", name, dp=2, maximum=HUNDRED, default=Decimal("10.00"))
    ppn = st.r.number(obj, "ppn_percent", name, dp=2, maximum=HUNDRED, default=Decimal("11.00"))
    base = st.r.integer(obj, "rounding_base", name, required=False, minimum=1, default=10000)
    return {
        "markup_percent": plain(markup) if markup is not None else "10.00",
        "ppn_percent": plain(ppn) if ppn is not None else "11.00",
        "rounding_base": base if base is not None else 10000,
    }


def convert_parameters(st: ConversionState) -> list[dict[str, Any]]:
    """FORMAT `parameters`; descriptions have no place in FORMAT and are reported as dropped."""
    sec = st.sections["parameters"]
    out: list[dict[str, Any]] = []
    described = 0
    for _i, path, obj in sec.objects(st.r):
        value = st.r.number(obj, "value", path, dp=3)
        if st.r.plain_text(obj, "description", path):
            described += 1
        st.map_path(f"parameters[{len(out)}]", path)
        out.append(
            {
                "name": obj.get("name"),
                "value": plain(value) if value is not None else "0.000",
                "label": st.r.plain_text(obj, "label", path),
                "unit": st.r.plain_text(obj, "unit", path),
            }
        )
    if described:
        st.r.warn(sec.name, f"deskripsi {described} parameter tidak ikut diimpor (format proyek tidak memuatnya)")
    return out
