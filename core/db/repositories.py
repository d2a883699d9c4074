"""Reading whole projects into domain records and writing them in bulk (imports, copies, benchmarks).

Loading uses Core selects of plain tuples (no ORM objects) because opening a 10,000-item project must take
well under a second and a half. Only live (not tombstoned) rows are read. Order is (sort_key, id).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import chain, groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from core import domain as d
from core.db import models as m
from core.db.local_models import AuditEntry
from core.domain.builder import builder
from core.engine.context import gc_paused
from core.ids import new_id
from core.ordering import initial_keys


class ProjectNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    id: str
    kode: str
    nama: str
    lokasi: str
    tahun: int
    tanggal_mulai: date
    tanggal_selesai: date
    is_active: bool
    updated_at: datetime


def list_projects(session: Session, *, include_archived: bool = True) -> list[ProjectSummary]:
    stmt = select(m.Project).where(m.Project.deleted_at.is_(None))
    if not include_archived:
        stmt = stmt.where(m.Project.is_active.is_(True))
    rows = session.scalars(stmt.order_by(m.Project.nama, m.Project.id))
    return [
        ProjectSummary(
            p.id,
            p.kode,
            p.nama,
            p.lokasi,
            p.tanggal_mulai.year,
            p.tanggal_mulai,
            p.tanggal_selesai,
            p.is_active,
            p.updated_at,
        )
        for p in rows
    ]


def resolve_project(session: Session, ref: str) -> str:
    """A project id from an id, a unique id prefix (≥ 4 characters) or a project kode."""
    ref = ref.strip()
    live = m.Project.deleted_at.is_(None)
    if session.scalar(select(m.Project.id).where(live, m.Project.id == ref)):
        return ref
    if ref:
        by_kode = list(session.scalars(select(m.Project.id).where(live, m.Project.kode == ref)))
        if len(by_kode) == 1:
            return by_kode[0]
    if len(ref) >= 4:
        by_prefix = list(session.scalars(select(m.Project.id).where(live, m.Project.id.startswith(ref))))
        if len(by_prefix) == 1:
            return by_prefix[0]
    raise ProjectNotFound(f"proyek tidak ditemukan: {ref!r}")


def _live(session: Session, model: Any, *columns: Any, project_id: str) -> list[Any]:
    stmt = select(*columns).where(model.project_id == project_id, model.deleted_at.is_(None))
    return list(session.execute(stmt))


def _sorted(rows: list[Any]) -> list[Any]:
    return sorted(rows, key=lambda r: (r.sort_key, r.id))


INFO_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(d.ProjectInfo))


def project_info_of(p: m.Project) -> d.ProjectInfo:
    """The domain record of a stored project row (its columns carry the ProjectInfo field names)."""
    return d.ProjectInfo(**{name: getattr(p, name) for name in INFO_FIELDS})


def load_project_info(session: Session, project_id: str) -> d.ProjectInfo:
    p = session.get(m.Project, project_id)
    if p is None or p.deleted_at is not None:
        raise ProjectNotFound(f"proyek tidak ditemukan: {project_id!r}")
    return project_info_of(p)


def load_pricing(session: Session, project_id: str) -> d.Pricing:
    row = session.scalar(select(m.Pricing).where(m.Pricing.project_id == project_id))
    if row is None:
        return d.Pricing()
    return d.Pricing(row.markup_percent, row.ppn_percent, row.rounding_base)


def _load_tree(session: Session, pid: str) -> tuple[tuple[d.Klasifikasi, ...], tuple[d.SubKlasifikasi, ...]]:
    k, s = m.Klasifikasi, m.SubKlasifikasi
    klas = _sorted(_live(session, k, k.id, k.nama, k.sort_key, project_id=pid))
    subs = _sorted(_live(session, s, s.id, s.klasifikasi_id, s.nama, s.sort_key, project_id=pid))
    klas_order = {r.id: i for i, r in enumerate(klas)}
    subs = sorted(subs, key=lambda r: klas_order.get(r.klasifikasi_id, len(klas_order)))
    return (
        tuple(d.Klasifikasi(r.id, r.nama) for r in klas),
        tuple(d.SubKlasifikasi(r.id, r.klasifikasi_id, r.nama) for r in subs if r.klasifikasi_id in klas_order),
    )


def _load_pekerjaan(session: Session, pid: str, subs: tuple[d.SubKlasifikasi, ...]) -> tuple[d.Pekerjaan, ...]:
    p = m.Pekerjaan
    rows = _sorted(
        _live(
            session,
            p,
            p.id,
            p.sub_klasifikasi_id,
            p.kode,
            p.uraian,
            p.satuan,
            p.source_type,
            p.ref_kode_ahsp,
            p.volume,
            p.volume_formula,
            p.markup_override_percent,
            p.budgeted_cost,
            p.sort_key,
            p.ref_sumber,
            project_id=pid,
        )
    )
    sub_order = {s.id: i for i, s in enumerate(subs)}
    rows = sorted((r for r in rows if r.sub_klasifikasi_id in sub_order), key=lambda r: sub_order[r.sub_klasifikasi_id])
    build = builder(d.Pekerjaan)
    return tuple(
        build(
            r.id,
            r.sub_klasifikasi_id,
            r.kode,
            r.uraian,
            r.satuan,
            r.source_type,
            r.ref_kode_ahsp,
            r.volume,
            r.volume_formula,
            r.markup_override_percent,
            r.budgeted_cost,
            r.ref_sumber,
        )
        for r in rows
    )


def _load_harga(session: Session, pid: str) -> tuple[d.HargaItem, ...]:
    h = m.HargaItem
    rows = _live(
        session,
        h,
        h.id,
        h.kode,
        h.kategori,
        h.uraian,
        h.satuan,
        h.harga_satuan,
        h.market_unit,
        h.market_price,
        h.factor_to_base,
        h.density,
        h.capacity_m3,
        h.capacity_ton,
        h.conversion_method,
        project_id=pid,
    )
    items = []
    for r in sorted(rows, key=lambda r: (r.kode, r.id)):
        conversion = None
        if r.market_unit is not None and r.factor_to_base is not None:
            conversion = d.Conversion(
                r.market_unit,
                r.market_price if r.market_price is not None else Decimal("0.00"),
                r.factor_to_base,
                r.density,
                r.capacity_m3,
                r.capacity_ton,
                r.conversion_method or "direct",
            )
        items.append(d.HargaItem(r.id, r.kode, r.kategori, r.uraian, r.satuan, r.harga_satuan, conversion))
    return tuple(items)


def _raw(session: Session, sql: str, pid: str) -> Sequence[Any]:
    """Plain tuples for the two big tables: no per-value type processing (decimals are built here)."""
    return session.execute(text(sql), {"pid": pid}).all()


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def _by_item(rows: Sequence[Any], pekerjaan: tuple[d.Pekerjaan, ...]) -> Iterator[Any]:
    """Rows sorted by work item id and then by their order within it (SQL ORDER BY), in the work
    items' document order instead; rows of other work items (not in the tree) are dropped."""
    groups = {pk: list(group) for pk, group in groupby(rows, key=itemgetter(0))}
    return chain.from_iterable(groups[p.id] for p in pekerjaan if p.id in groups)


# Stored decimals are parsed once per distinct value of a column (progress percentages and cloned
# koefisien repeat thousands of times): `cache.get(text)` is much cheaper than `Decimal(text)`.
# SQLite returns the canonical text, PostgreSQL a Decimal of the column's fixed scale; either way
# equal keys are the same value at the same scale, so sharing one Decimal object changes nothing.
_DETAIL_SQL = (
    "SELECT pekerjaan_id, id, kategori, kode, uraian, satuan, koefisien, bundle_pekerjaan_id, bundle_ahsp_id"
    " FROM detail_row WHERE project_id = :pid AND deleted_at IS NULL ORDER BY pekerjaan_id, sort_key, id"
)


def _load_details(session: Session, pid: str, pekerjaan: tuple[d.Pekerjaan, ...]) -> tuple[d.DetailRow, ...]:
    build = builder(d.DetailRow)
    koefs: dict[object, Decimal] = {}
    refs: dict[tuple[str, str], d.BundleRef] = {}  # one record per bundle target
    out = []
    for pk_id, row_id, kategori, kode, uraian, satuan, koef, bundle_pk, bundle_ahsp in _by_item(
        _raw(session, _DETAIL_SQL, pid), pekerjaan
    ):
        k = koefs.get(koef)
        if k is None:
            k = koefs[koef] = _dec(koef)
        bundle = None
        if bundle_pk or bundle_ahsp:
            target = ("pekerjaan", bundle_pk) if bundle_pk else ("ahsp", bundle_ahsp)
            bundle = refs.get(target)
            if bundle is None:
                bundle = refs[target] = d.BundleRef(*target)  # type: ignore[arg-type]
        out.append(build(row_id, pk_id, kategori, kode, uraian, satuan, k, bundle))
    return tuple(out)


def _load_reference(session: Session, pid: str) -> tuple[d.ReferenceAhsp, ...]:
    a, ri = m.ProjectAhsp, m.ProjectAhspRincian
    heads = _live(session, a, a.id, a.kode_ahsp, a.nama_ahsp, a.satuan, a.sumber, project_id=pid)
    lines: dict[str, list[d.RincianAhsp]] = defaultdict(list)
    for r in _sorted(
        _live(
            session,
            ri,
            ri.id,
            ri.project_ahsp_id,
            ri.kategori,
            ri.kode_item,
            ri.uraian_item,
            ri.satuan_item,
            ri.koefisien,
            ri.sort_key,
            project_id=pid,
        )
    ):
        lines[r.project_ahsp_id].append(
            d.RincianAhsp(r.kategori, r.kode_item, r.uraian_item, r.satuan_item, r.koefisien)
        )
    return tuple(
        d.ReferenceAhsp(h.id, h.kode_ahsp, h.nama_ahsp, h.satuan, h.sumber, tuple(lines[h.id]))
        for h in sorted(heads, key=lambda h: (h.kode_ahsp, h.id))
    )


def _load_parameters(session: Session, pid: str) -> tuple[d.Parameter, ...]:
    pp = m.ProjectParameter
    rows = _live(session, pp, pp.name, pp.value, pp.label, pp.unit, project_id=pid)
    return tuple(d.Parameter(r.name, r.value, r.label, r.unit) for r in sorted(rows, key=lambda r: r.name))


_PROGRESS_SQL = (
    "SELECT pekerjaan_id, week_number, planned, actual, actual_cost, notes"
    " FROM progress WHERE project_id = :pid AND deleted_at IS NULL ORDER BY pekerjaan_id, week_number"
)


def _load_progress(session: Session, pid: str, pekerjaan: tuple[d.Pekerjaan, ...]) -> tuple[d.Progress, ...]:
    build = builder(d.Progress)
    percents: dict[object, Decimal] = {}
    costs: dict[object, Decimal] = {}
    out = []
    for pk_id, week, planned, actual, cost, notes in _by_item(_raw(session, _PROGRESS_SQL, pid), pekerjaan):
        p = percents.get(planned)
        if p is None:
            p = percents[planned] = _dec(planned)
        a = percents.get(actual)
        if a is None:
            a = percents[actual] = _dec(actual)
        c = None
        if cost is not None:
            c = costs.get(cost)
            if c is None:
                c = costs[cost] = _dec(cost)
        out.append(build(pk_id, week, p, a, c, notes))
    return tuple(out)


def load_project_data(session: Session, project_id: str) -> d.ProjectData:
    """The whole live project as domain records in document order."""
    with gc_paused():  # a quarter of a million acyclic records: nothing for the collector to find
        return _load_project_data(session, project_id)


def _load_project_data(session: Session, project_id: str) -> d.ProjectData:
    info = load_project_info(session, project_id)
    klasifikasi, subs = _load_tree(session, project_id)
    pekerjaan = _load_pekerjaan(session, project_id, subs)
    return d.ProjectData(
        info=info,
        pricing=load_pricing(session, project_id),
        klasifikasi=klasifikasi,
        sub_klasifikasi=subs,
        pekerjaan=pekerjaan,
        harga_items=_load_harga(session, project_id),
        detail_rows=_load_details(session, project_id, pekerjaan),
        reference_ahsp=_load_reference(session, project_id),
        parameters=_load_parameters(session, project_id),
        progress=_load_progress(session, project_id, pekerjaan),
        suspect_cells=_suspect_cells(session),
    )


def _suspect_cells(session: Session) -> tuple[d.SuspectCell, ...]:
    """The local reference library's still-suspect coefficients, which the engine flags in cloned rows."""
    from core.reference.flags import suspect_cells  # the library layer reads its own tables

    return suspect_cells(session)


def count_live_rows(session: Session, project_id: str) -> dict[str, int]:
    """Live row counts per synced table of a project (used by checks and tests)."""
    counts = {}
    for model in m.SYNCED_MODELS:
        if model is m.Project:
            continue
        stmt = (
            select(func.count())
            .select_from(model)
            .where(
                model.project_id == project_id,  # type: ignore[attr-defined]
                model.deleted_at.is_(None),
            )
        )
        counts[model.__tablename__] = session.scalar(stmt) or 0  # type: ignore[attr-defined]
    return counts


def write_project_data(session: Session, data: d.ProjectData, *, actor: str, note: str = "import") -> str:
    """Insert a whole project as new rows (ids from `data`), with one audit entry. Returns the project id."""
    from core.db.bulk import insert_rows

    pid = data.info.id
    now = datetime.now(UTC)
    insert_rows(session, data, now=now)
    session.execute(
        insert(AuditEntry),
        [
            {
                "project_id": pid,
                "at": now,
                "actor": actor,
                "source": "import",
                "action": "insert",
                "table_name": "project",
                "row_id": pid,
                "pekerjaan_id": None,
                "label": data.info.nama[:200],
                "changes_json": json.dumps({"note": note, "pekerjaan": len(data.pekerjaan)}),
                "tx_group": new_id(),
            }
        ],
    )
    return pid


__all__ = [
    "ProjectNotFound",
    "ProjectSummary",
    "count_live_rows",
    "initial_keys",
    "list_projects",
    "load_pricing",
    "load_project_data",
    "load_project_info",
    "resolve_project",
    "write_project_data",
]
