"""The web system's full project backup (`project_full_backup` 1.0, 1.1, 2.0) as one `ahsp-project` document.

`web_backup_to_document` is pure: it reads the file's sections under the names of its version (WEB_BACKUP.md
§3.1), resolves every `_*_ref` (an unresolved one is an error naming the section and position), resolves AHSP
references by code through `reference_lookup`, and returns the document plus a report of everything that could
not be carried over as it was. The document then goes through the normal import (`import_document`), which
validates it again and writes nothing unless all of it is valid.
"""

from __future__ import annotations

from typing import Any

from core.exchange.web_backup_items import convert_conversions, convert_harga_items, finish_harga_items
from core.exchange.web_backup_tree import check_ref_items, convert_details, convert_pekerjaan, convert_tree
from core.exchange.web_json import WebReport
from core.exchange.web_parts import ReferenceLookup, no_reference
from core.exchange.web_progress import check_stage_refs, convert_progress
from core.exchange.web_project import convert_parameters, convert_pricing, convert_project
from core.exchange.web_state import ConversionState, Section

KNOWN_VERSIONS = ("1.0", "1.1", "2.0")
# content -> section names, 1.x first (WEB_BACKUP.md §3.1); a 2.0 file is read with the 2.0 names first.
ALIASES: dict[str, tuple[str, ...]] = {
    "klasifikasi": ("klasifikasi",),
    "sub_klasifikasi": ("sub_klasifikasi",),
    "harga_items": ("harga_items",),
    "conversion_profiles": ("conversion_profiles",),
    "pekerjaan": ("pekerjaan",),
    "detail_ahsp": ("detail_ahsp",),
    "volume": ("volume_pekerjaan", "volume"),
    "formulas": ("volume_formula_states", "volume_formulas"),
    "parameters": ("project_parameters", "parameters"),
    "tahap": ("tahap_pelaksanaan", "jadwal.tahapan"),
    "pekerjaan_tahapan": ("pekerjaan_tahapan", "jadwal.pekerjaan_tahapan"),
    "progress": ("progress_weekly", "jadwal.progress_weekly"),
}
INDEXED = ("klasifikasi", "sub_klasifikasi", "harga_items", "pekerjaan", "tahap")
STATS = {
    "total_klasifikasi": "klasifikasi",
    "total_sub": "sub_klasifikasi",
    "total_pekerjaan": "pekerjaan",
    "total_harga_items": "harga_items",
    "total_detail_ahsp": "detail_ahsp",
    "total_volume": "volume",
    "total_progress": "progress",
}


def web_backup_to_document(
    doc: Any, *, reference_lookup: ReferenceLookup = no_reference, include_progress: bool = True
) -> tuple[dict[str, Any] | None, WebReport]:
    """Convert a parsed backup (numbers as Decimal, see web_json) into an ahsp-project document.

    Returns (None, report) when the report has errors. `include_progress=False` leaves the weekly progress out
    (the web system's "Import jadwal/progress" checkbox, which there never worked).
    """
    top = doc if isinstance(doc, dict) else {}
    version = str(top.get("export_version", ""))
    st = ConversionState.start("project_full_backup", version, reference_lookup)
    if not isinstance(doc, dict):
        st.r.error("", "backup harus berupa objek JSON")
        return None, st.report
    if version not in KNOWN_VERSIONS:
        st.r.warn("export_version", f"versi {version!r} tidak dikenal; dicoba dengan nama bagian versi 1.1 dan 2.0")
    _read_sections(st, top, version)
    project = convert_project(st, top.get("project"))
    pricing = convert_pricing(st, top, version)
    parameters = convert_parameters(st)
    convert_harga_items(st)
    convert_conversions(st)
    convert_pekerjaan(st, with_budget=True)
    convert_details(st)
    check_ref_items(st)
    tree = convert_tree(st)
    harga = finish_harga_items(st)
    progress = convert_progress(st, project, include_progress=include_progress)
    check_stage_refs(st)
    _check_stats(st, top)
    _lost_data_warnings(st)
    if not st.report.ok or project is None:
        return None, st.report
    return _document(st, project, pricing, parameters=parameters, harga=harga, tree=tree, progress=progress), st.report


def _document(
    st: ConversionState,
    project: dict[str, Any],
    pricing: dict[str, Any],
    *,
    parameters: list[Any],
    harga: list[Any],
    tree: list[Any],
    progress: list[Any],
) -> dict[str, Any]:
    return {
        "format": "ahsp-project",
        "format_version": 1,
        "project": project,
        "pricing": pricing,
        "parameters": parameters,
        "harga_items": harga,
        "reference_ahsp": st.parts.reference_list(),
        "klasifikasi": tree,
        "progress": progress,
    }


def _container(st: ConversionState, top: dict[str, Any], name: str) -> tuple[dict[str, Any], str]:
    if not name.startswith("jadwal."):
        return top, name
    jadwal = top.get("jadwal")
    if jadwal is None:
        return {}, name
    obj = st.r.obj(jadwal, "jadwal")
    return (obj or {}), name.split(".", 1)[1]


def _read_sections(st: ConversionState, top: dict[str, Any], version: str) -> None:
    for content, names in ALIASES.items():
        order = tuple(reversed(names)) if version.startswith("2") else names
        chosen = Section(order[0])
        for name in order:
            container, key = _container(st, top, name)
            if container.get(key) is not None:
                chosen = Section(name, st.r.array(container, key, "jadwal" if container is not top else ""))
                break
        st.sections[content] = chosen
        st.report.counts[chosen.name] = len(chosen.rows)
    for content in INDEXED:
        sec = st.sections[content]
        sec.index = st.r.index(sec.rows, sec.name)


def _check_stats(st: ConversionState, top: dict[str, Any]) -> None:
    stats = top.get("stats")
    if not isinstance(stats, dict):
        return
    for key, content in STATS.items():
        value = stats.get(key)
        have = len(st.sections[content].rows)
        if isinstance(value, int) and not isinstance(value, bool) and value != have:
            st.r.warn(f"stats.{key}", f"stats menyebut {value}, file berisi {have} baris {st.sections[content].name}")


def _lost_data_warnings(st: ConversionState) -> None:
    if st.items:
        st.r.warn(
            "pekerjaan",
            "file web tidak memuat markup per pekerjaan (override), catatan pekerjaan, kode proyek dan biaya aktual "
            "progress; isi kembali bila dipakai",
        )
