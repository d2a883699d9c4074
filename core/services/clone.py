"""Cloning a library AHSP into a project as a work item, and the ref / ref_modified life cycle (DOMAIN.md §1.3, §4.2).

* `ref`: kode = the AHSP code, details read-only (`ensure_editable` refuses them).
* `ref_modified`: kode `mod.{X}-{kode}`, editable, can be reset to the library's rows.
* `custom`: kode `CUST-{n:04d}`, editable; it keeps `ref_kode_ahsp`/`ref_sumber` only as provenance.
X and n are one more than the highest number ever used in the project (tombstoned rows included), so
deleting work items never leads to a duplicate code (§6 item 10).

Detail rows are copied from the library; harga items are upserted by kode **without a price** (prices never
come from the library) and an existing item with another kategori is an error (§1.5, §6 item 9). A LAIN line
whose kode_item is another AHSP of the same source becomes a bundle row pointing to a project copy of that
AHSP (ProjectAhsp + rincian, nested bundles copied too), so the project stays self-contained. Units longer
than the project's 50-character column (one garbage unit in SNI 2025) are cut to fit.
Every write goes through core.db.tracking (audit entry and sync outbox in the caller's transaction).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import tracking
from core.db.models import DetailRow, HargaItem, Pekerjaan, ProjectAhsp, ProjectAhspRincian, SubKlasifikasi
from core.domain import SOURCE_TYPES, SuspectCell
from core.engine.suspects import SuspectIndex
from core.ordering import initial_keys, key_between
from core.reference.flags import suspect_cells
from core.reference.qa import candidate_values
from core.reference.records import RefAhspRecord, RefLine, SuspectInfo
from core.reference.store import LibraryError, ahsp_codes, load_ahsp, sources_with_code
from core.services import records
from core.services.pekerjaan import next_custom_kode

UNIT_WIDTH = 50
MOD_RE = re.compile(r"mod\.(\d+)-", re.IGNORECASE)


class CloneError(ValueError):
    """A clone or a ref/ref_modified change that cannot be done; `message` is Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReadOnlyPekerjaan(CloneError):
    """The details of a `ref` work item are read-only."""


def clone_ahsp(
    session: Session,
    *,
    project_id: str,
    sub_klasifikasi_id: str,
    sumber: str,
    kode_ahsp: str,
    source_type: str,
    after_pekerjaan_id: str | None = None,
) -> str:
    """Create a work item from a library AHSP under a sub-klasifikasi (at the end, or after a work item)."""
    if source_type not in SOURCE_TYPES:
        raise CloneError(f"jenis sumber {source_type!r} tidak dikenal; gunakan ref, ref_modified atau custom")
    _live_sub(session, project_id, sub_klasifikasi_id)
    ahsp = _library_ahsp(session, sumber, kode_ahsp)
    pekerjaan = Pekerjaan(
        project_id=project_id,
        sub_klasifikasi_id=sub_klasifikasi_id,
        source_type=source_type,
        ref_kode_ahsp=kode_ahsp,
        ref_sumber=sumber,
        kode=new_kode(session, project_id, source_type, kode_ahsp),
        uraian=ahsp.nama_ahsp,
        satuan=ahsp.satuan[:UNIT_WIDTH],
        sort_key=_sort_key(session, project_id, sub_klasifikasi_id, after_pekerjaan_id),
    )
    tracking.insert(session, pekerjaan)
    _copy_rows(session, pekerjaan, ahsp)
    return pekerjaan.id


def make_ref_modified(session: Session, pekerjaan_id: str) -> str:
    """Turn a `ref` work item into an editable `ref_modified` one (rows kept). Returns its new kode."""
    p = _live_pekerjaan(session, pekerjaan_id)
    if p.source_type != "ref":
        raise CloneError(f"pekerjaan {p.kode} bukan 'ref'; hanya pekerjaan ref yang dapat diubah menjadi ref_modified")
    kode = new_kode(session, p.project_id, "ref_modified", p.ref_kode_ahsp or p.kode)
    tracking.update(session, p, {"source_type": "ref_modified", "kode": kode})
    return kode


def reset_to_reference(session: Session, pekerjaan_id: str) -> None:
    """Replace a `ref_modified` work item's rows with the library's rows again (kode, name, unit, volume kept)."""
    p = _live_pekerjaan(session, pekerjaan_id)
    if p.source_type != "ref_modified" or not p.ref_kode_ahsp:
        raise CloneError(f"pekerjaan {p.kode} bukan 'ref_modified'; hanya itu yang dapat diatur ulang ke referensi")
    sumber = p.ref_sumber or _only_source(session, p.ref_kode_ahsp)
    try:
        ahsp = load_ahsp(session, sumber, p.ref_kode_ahsp)
    except LibraryError as exc:
        raise CloneError(f"tidak dapat mengatur ulang {p.kode}: {exc.message}") from exc
    if p.ref_sumber is None:
        tracking.update(session, p, {"ref_sumber": sumber})
    for row in tracking.live(session, DetailRow, pekerjaan_id=p.id):
        tracking.delete(session, row)
    _copy_rows(session, p, ahsp)


def ensure_editable(session: Session, pekerjaan_id: str) -> None:
    """Raise ReadOnlyPekerjaan for a `ref` work item; the editing services call this before changing rows."""
    p = _live_pekerjaan(session, pekerjaan_id)
    if p.source_type == "ref":
        raise ReadOnlyPekerjaan(
            f"Rincian pekerjaan {p.kode} diambil dari AHSP referensi dan tidak dapat diubah. "
            "Ubah dulu menjadi 'ref_modified' (dapat diedit dan dapat diatur ulang ke referensi)."
        )


def new_kode(session: Session, project_id: str, source_type: str, kode_ahsp: str) -> str:
    """The kode of a new work item: the AHSP code, `mod.{X}-{kode}` or `CUST-{n:04d}` (next unused number)."""
    if source_type == "ref":
        return kode_ahsp
    if source_type == "custom":
        return next_custom_kode(session, project_id)
    codes = session.scalars(select(Pekerjaan.kode).where(Pekerjaan.project_id == project_id))  # tombstones too
    used = [int(m.group(1)) for m in (MOD_RE.match(c) for c in codes) if m]
    return f"mod.{max(used, default=0) + 1}-{kode_ahsp}"


def _only_source(session: Session, kode_ahsp: str) -> str:
    found = sources_with_code(session, kode_ahsp)
    if len(found) != 1:
        where = "tidak ada di pustaka lokal" if not found else f"ada di beberapa sumber ({', '.join(found)})"
        raise CloneError(f"sumber AHSP {kode_ahsp} tidak diketahui dan kode itu {where}")
    return found[0]


def _library_ahsp(session: Session, sumber: str, kode_ahsp: str) -> RefAhspRecord:
    try:
        return load_ahsp(session, sumber, kode_ahsp)
    except LibraryError as exc:
        raise CloneError(exc.message) from exc


def _live_sub(session: Session, project_id: str, sub_id: str) -> SubKlasifikasi:
    sub = session.get(SubKlasifikasi, sub_id)
    if sub is None or sub.deleted_at is not None or sub.project_id != project_id:
        raise CloneError("sub-klasifikasi tidak ditemukan di proyek ini")
    return sub


def _live_pekerjaan(session: Session, pekerjaan_id: str) -> Pekerjaan:
    p = session.get(Pekerjaan, pekerjaan_id)
    if p is None or p.deleted_at is not None:
        raise CloneError("pekerjaan tidak ditemukan")
    return p


def _sort_key(session: Session, project_id: str, sub_id: str, after_id: str | None) -> str:
    siblings = sorted(
        (p.sort_key, p.id) for p in tracking.live(session, Pekerjaan, project_id=project_id, sub_klasifikasi_id=sub_id)
    )
    if after_id is None:
        return key_between(siblings[-1][0] if siblings else None, None)
    after = session.get(Pekerjaan, after_id)
    if after is None or after.deleted_at is not None or after.sub_klasifikasi_id != sub_id:
        raise CloneError("pekerjaan acuan (sesudah) tidak ada di sub-klasifikasi ini")
    following = next((key for key, _id in siblings if key > after.sort_key), None)
    return key_between(after.sort_key, following)


class _Items:
    """The project's live harga items by kode, upserted without a price."""

    def __init__(self, session: Session, project_id: str) -> None:
        self.session, self.project_id = session, project_id
        self.by_kode: dict[str, HargaItem] = {
            h.kode: h for h in tracking.live(session, HargaItem, project_id=project_id)
        }

    def upsert(self, line: RefLine) -> None:
        item = self.by_kode.get(line.kode_item)
        satuan = line.satuan_item[:UNIT_WIDTH]
        if item is None:
            item = HargaItem(
                project_id=self.project_id,
                kode=line.kode_item,
                kategori=line.kategori,
                uraian=line.uraian_item,
                satuan=satuan,
                harga_satuan=None,
            )
            tracking.insert(self.session, item)
            self.by_kode[item.kode] = item
        elif item.kategori != line.kategori:
            raise CloneError(
                f"kode item {line.kode_item} sudah ada di proyek dengan kategori {item.kategori}, sedangkan referensi "
                f"memakai {line.kategori}; kategori item tidak dapat diubah"
            )
        else:
            values = {"uraian": line.uraian_item, "satuan": satuan}
            tracking.update(self.session, item, {k: v for k, v in values.items() if v})


def _copy_rows(session: Session, p: Pekerjaan, ahsp: RefAhspRecord) -> None:
    items = _Items(session, p.project_id)
    bundles = ahsp_codes(session, ahsp.sumber) - {ahsp.kode_ahsp}
    for line, key in zip(ahsp.lines, initial_keys(len(ahsp.lines)), strict=True):
        bundle_id = None
        if line.kategori == "LAIN" and line.kode_item in bundles:
            bundle_id = _project_ahsp(session, p.project_id, ahsp.sumber, line.kode_item, items, {ahsp.kode_ahsp})
        else:
            items.upsert(line)
        row = DetailRow(
            project_id=p.project_id,
            pekerjaan_id=p.id,
            kategori=line.kategori,
            kode=line.kode_item,
            uraian=line.uraian_item,
            satuan=line.satuan_item[:UNIT_WIDTH],
            koefisien=line.koefisien,
            bundle_ahsp_id=bundle_id,
            sort_key=key,
        )
        tracking.insert(session, row)


def _project_ahsp(session: Session, project_id: str, sumber: str, kode: str, items: _Items, seen: set[str]) -> str:
    """The id of the project's copy of a library AHSP (reused when present), with nested bundles copied."""
    found = tracking.live(session, ProjectAhsp, project_id=project_id, sumber=sumber, kode_ahsp=kode)
    if found:
        return str(found[0].id)
    ref = _library_ahsp(session, sumber, kode)
    copy = ProjectAhsp(
        project_id=project_id, kode_ahsp=kode, nama_ahsp=ref.nama_ahsp, satuan=ref.satuan[:UNIT_WIDTH], sumber=sumber
    )
    tracking.insert(session, copy)
    nested = ahsp_codes(session, sumber) - seen - {kode}
    for line, key in zip(ref.lines, initial_keys(len(ref.lines)), strict=True):
        if line.kategori == "LAIN" and line.kode_item in nested:
            _project_ahsp(session, project_id, sumber, line.kode_item, items, seen | {kode})
        else:
            items.upsert(line)
        tracking.insert(
            session,
            ProjectAhspRincian(
                project_id=project_id,
                project_ahsp_id=copy.id,
                kategori=line.kategori,
                kode_item=line.kode_item,
                uraian_item=line.uraian_item,
                satuan_item=line.satuan_item[:UNIT_WIDTH],
                koefisien=line.koefisien,
                sort_key=key,
            ),
        )
    return copy.id


def suspect_flags(session: Session, project_id: str) -> dict[tuple[str, str], SuspectInfo]:
    """Detail rows that still carry a suspect library coefficient, by (pekerjaan_id, kode).

    The rule of core.engine.suspects (which flags the same rows in validation) over the live rows: a row is
    flagged while its koefisien equals the suspect cell as read and no reviewer has confirmed that value;
    a row the user changed, or one cloned after a reviewer chose another value, is not flagged.
    """
    index = SuspectIndex(suspect_cells(session))
    if not index:
        return {}
    flags: dict[tuple[str, str], SuspectInfo] = {}
    for p in tracking.live(session, Pekerjaan, project_id=project_id):
        item = records.pekerjaan(p)
        if not index.cells_of(item):
            continue
        for row in tracking.live(session, DetailRow, pekerjaan_id=p.id):
            cell = index.cell_for(item, row.kode, row.koefisien)
            if cell is not None:
                flags[(p.id, row.kode)] = _info(p.id, row, cell)
    return flags


def _info(pekerjaan_id: str, row: DetailRow, cell: SuspectCell) -> SuspectInfo:
    status = "diputuskan" if cell.keputusan is not None else "terbuka"
    kandidat = tuple(candidate_values(cell.koefisien))
    return SuspectInfo(
        pekerjaan_id,
        row.kode,
        cell.sumber,
        cell.kode_ahsp,
        row.uraian,
        row.koefisien,
        cell.nilai_file,
        kandidat,
        status,
        cell.keputusan,
    )
