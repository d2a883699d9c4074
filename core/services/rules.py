"""The rules every synced row must satisfy, shared by the app's editing services and the sync server.

`check_fields(table, values)` checks typed values (Decimal, int, str, date...) field by field: type,
nullability, length, precision and range (DOMAIN.md §1, §2.1), plus the rules between fields of one row
when all of their fields are given. `check_project_rules(session, project_id, touched)` checks rows
across a project: parents and bundle targets in the same project, unique codes among live rows, no bundle
cycles, at most two bundle levels, weekly progress totals (§2.10). Both return Problems, never raise.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, Integer, String, func, select
from sqlalchemy.orm import Session

from core.db import models
from core.db.base import Synced
from core.db.models import MODEL_BY_TABLE
from core.db.types import ExactDecimal, UtcDateTime
from core.domain import KATEGORI_ORDER, SOURCE_TYPES, Problem

META_FIELDS = frozenset({"id", "version", "updated_at", "updated_by", "deleted_at", "last_seq"})
TEXT_MAX = 20_000
PROGRESS_TOLERANCE = Decimal("0.01")
MAX_BUNDLE_LEVELS = 2
_INT_LIMIT = 2**31 - 1
_HUNDRED = Decimal(100)
_PARAM_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
_PROJECT_KATEGORI = re.compile(r"[A-Za-z0-9 ]*\Z")


def _keys(spec: str) -> set[tuple[str, str]]:  # "table.field table.field ..." -> {(table, field), ...}
    return {(k.split(".")[0], k.split(".")[1]) for k in spec.split()}


@dataclass(frozen=True)
class _Range:
    label: str
    low: Decimal | None = Decimal(0)
    high: Decimal | None = None
    low_open: bool = False


def _pct(label: str) -> _Range:
    return _Range(f"{label} (%)", Decimal(0), _HUNDRED)


_RANGES: dict[tuple[str, str], _Range] = {
    ("project", "anggaran_owner"): _Range("Anggaran"),
    ("project", "week_start_day"): _Range("Hari awal minggu", Decimal(0), Decimal(6)),
    ("pricing", "markup_percent"): _pct("Profit/Margin"),
    ("pricing", "ppn_percent"): _pct("PPN"),
    ("pricing", "rounding_base"): _Range("Pembulatan", low_open=True),
    ("pekerjaan", "volume"): _Range("Volume"),
    ("pekerjaan", "markup_override_percent"): _pct("Profit/Margin"),
    ("pekerjaan", "budgeted_cost"): _Range("Anggaran biaya"),
    ("project_parameter", "value"): _Range("Nilai parameter"),
    ("harga_item", "harga_satuan"): _Range("Harga satuan"),
    ("harga_item", "market_price"): _Range("Harga pasar"),
    ("harga_item", "factor_to_base"): _Range("Faktor konversi", low_open=True),
    ("harga_item", "density"): _Range("Berat jenis"),
    ("harga_item", "capacity_m3"): _Range("Kapasitas m3"),
    ("harga_item", "capacity_ton"): _Range("Kapasitas ton"),
    ("project_ahsp_rincian", "koefisien"): _Range("Koefisien"),
    ("detail_row", "koefisien"): _Range("Koefisien"),
    ("progress", "week_number"): _Range("Minggu", Decimal(1)),
    ("progress", "planned"): _pct("Rencana"),
    ("progress", "actual"): _pct("Realisasi"),
    ("progress", "actual_cost"): _Range("Biaya aktual"),
}
_KATEGORI = tuple(KATEGORI_ORDER)
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("harga_item", "kategori"): _KATEGORI,
    ("detail_row", "kategori"): _KATEGORI,
    ("project_ahsp_rincian", "kategori"): _KATEGORI,
    ("pekerjaan", "source_type"): tuple(SOURCE_TYPES),
    ("harga_item", "conversion_method"): ("direct", "calc", "hybrid"),
}
# Text that may not be blank: minimum length after strip.
_NOT_BLANK = """project.sumber_dana project.lokasi project.nama_client klasifikasi.nama sub_klasifikasi.nama
pekerjaan.kode pekerjaan.uraian project_parameter.name harga_item.kode project_ahsp.kode_ahsp
project_ahsp_rincian.kode_item detail_row.kode"""
_REQUIRED_TEXT: dict[tuple[str, str], int] = {("project", "nama"): 3} | dict.fromkeys(_keys(_NOT_BLANK), 1)
_URAIAN_MAX = 5000


def editable_fields(table: str) -> list[str]:
    """The fields of a synced table that edits and patches may set (bookkeeping columns excluded)."""
    model = MODEL_BY_TABLE[table]
    return [c.key for c in model.__table__.columns if c.key not in META_FIELDS]  # type: ignore[attr-defined]


def required_fields(table: str) -> list[str]:
    """Fields a new row must be given: not nullable and without a default."""
    model = MODEL_BY_TABLE[table]
    cols = model.__table__.columns  # type: ignore[attr-defined]
    return [c.key for c in cols if c.key not in META_FIELDS and not c.nullable and c.default is None]


def check_fields(table: str, values: Mapping[str, Any], *, complete: bool = False) -> list[Problem]:
    """Problems of typed `values` for `table`; with `complete`, every required field must be present."""
    if table not in MODEL_BY_TABLE:
        return [Problem("table", f"Tabel tidak dikenal: {table}")]
    columns = MODEL_BY_TABLE[table].__table__.columns  # type: ignore[attr-defined]
    problems = []
    for name, value in values.items():
        if name in META_FIELDS or name not in columns:
            problems.append(Problem(name, "Kolom tidak dikenal atau tidak boleh diubah"))
            continue
        message = _column_problem(columns[name], value) or _field_rule(table, name, value)
        if message:
            problems.append(Problem(name, message))
    if complete:
        problems += [Problem(n, "Wajib diisi") for n in required_fields(table) if n not in values]
    if not problems:
        problems += _row_rules(table, values)
    return problems


def _column_problem(column: Any, value: Any) -> str | None:
    col_type = column.type
    if value is None:
        return None if column.nullable else "Wajib diisi"
    if isinstance(col_type, ExactDecimal):
        return _decimal_problem(value, col_type.precision, col_type.scale)
    if isinstance(col_type, UtcDateTime):
        ok = isinstance(value, datetime) and value.tzinfo is not None
        return None if ok else "Harus tanggal-waktu dengan zona waktu"
    if isinstance(col_type, Date):
        return None if isinstance(value, date) and not isinstance(value, datetime) else "Harus tanggal"
    if isinstance(col_type, Boolean):
        return None if isinstance(value, bool) else "Harus ya atau tidak"
    if isinstance(col_type, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            return "Harus bilangan bulat"
        return None if -_INT_LIMIT <= value <= _INT_LIMIT else "Angka terlalu besar"
    if not isinstance(value, str):
        return "Harus teks"
    if not _clean_text(value):
        return "Teks berisi karakter yang tidak sah"
    limit = col_type.length if isinstance(col_type, String) and col_type.length else TEXT_MAX
    return f"Maksimal {limit} karakter" if len(value) > limit else None


def _clean_text(value: str) -> bool:
    """No NUL and valid UTF-8 (no lone surrogates): what both databases can store."""
    return "\x00" not in value and value.encode("utf-8", "replace").decode("utf-8") == value


def _decimal_problem(value: Any, precision: int, scale: int) -> str | None:
    if not isinstance(value, Decimal) or not value.is_finite():
        return "Harus angka desimal"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > scale:
        return f"Maksimal {scale} angka di belakang koma"
    if abs(value) >= Decimal(10) ** (precision - scale):
        return "Angka terlalu besar"
    return None


def _field_rule(table: str, name: str, value: Any) -> str | None:
    key = (table, name)
    if value is None:
        return None
    if key in _CHOICES and value not in _CHOICES[key]:
        return f"Harus salah satu dari: {', '.join(_CHOICES[key])}"
    if key in _REQUIRED_TEXT and len(value.strip()) < _REQUIRED_TEXT[key]:
        return "Wajib diisi" if _REQUIRED_TEXT[key] == 1 else f"Minimal {_REQUIRED_TEXT[key]} karakter"
    if key == ("pekerjaan", "uraian") and len(value) > _URAIAN_MAX:
        return f"Maksimal {_URAIAN_MAX} karakter"
    if name == "sort_key" and not value:
        return "Wajib diisi"
    if key in _RANGES:
        return _range_problem(_RANGES[key], value)
    if key == ("project_parameter", "name") and not _PARAM_NAME.match(value):
        return "Nama parameter: huruf kecil, angka dan _ saja, tanpa spasi, tidak diawali angka"
    if key == ("project", "kategori") and not _PROJECT_KATEGORI.match(value):
        return "Kategori hanya boleh huruf, angka dan spasi"
    return None


def _range_problem(rule: _Range, value: Decimal | int) -> str | None:
    if rule.low is not None and (value < rule.low or (rule.low_open and value == rule.low)):
        if rule.low == 0:
            return f"{rule.label} harus lebih dari 0" if rule.low_open else f"{rule.label} tidak boleh negatif"
        return f"{rule.label} minimal {rule.low}"
    if rule.high is not None and value > rule.high:
        return f"{rule.label} harus antara {rule.low} dan {rule.high}"
    return None


def _row_rules(table: str, values: Mapping[str, Any]) -> list[Problem]:
    problems = []
    start, end = values.get("tanggal_mulai"), values.get("tanggal_selesai")
    if table == "project" and start and end and end < start:
        problems.append(Problem("tanggal_selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai"))
    if table == "detail_row" and {"kategori", "bundle_pekerjaan_id", "bundle_ahsp_id"} <= values.keys():
        targets = [values["bundle_pekerjaan_id"], values["bundle_ahsp_id"]]
        if all(targets):
            problems.append(Problem("bundle_ahsp_id", "Bundle hanya boleh menunjuk satu target"))
        elif any(targets) and values["kategori"] != "LAIN":
            problems.append(Problem("kategori", "Hanya baris LAIN yang boleh menjadi bundle"))
    return problems


def check_project_rules(session: Session, project_id: str, touched: Iterable[Synced] | None = None) -> list[Problem]:
    """Cross-row problems of the rows in `touched` (session objects, flushed or not), or of the whole project.

    Other rows are read from the database, so the rest of the transaction's writes must be flushed.
    """
    with session.no_autoflush:
        rows = None if touched is None else list(touched)
        problems: list[Problem] = []
        for row in rows or ():
            problems += _parent_problems(session, project_id, row)
            problems += check_unique(session, row)
        if rows is None:
            problems += _project_duplicates(session, project_id)
        problems += _bundle_problems(session, project_id, rows)
        problems += _progress_problems(session, project_id, rows)
    return list(dict.fromkeys(problems))


def check_each(
    session: Session, project_id: str, rows: Sequence[Synced], links: LinkCache | None = None
) -> list[list[Problem]]:
    """`check_project_rules(session, project_id, [row])` for each row, with the reads they share done once:
    the parents in one query per table, the project's bundle links and the touched items' progress weeks
    once. (A pushed group of 200 rows asked the database several times per row, and read every bundle
    link of the project again for each bundle row.) The rows must be flushed. `links` carries the bundle
    links from one call to the next (the groups of one push)."""
    with session.no_autoflush:
        parents = _prefetch_parents(session, rows)  # held: the session keeps loaded rows only while referenced
        bundles = _BundleCheck(session, project_id, rows, links)
        progress = _progress_by_item(session, project_id, rows)
        taken = _taken_keys(session, rows)
        found = []
        for row in rows:
            problems = _parent_problems(session, project_id, row)
            problems += taken[row.id] if row.id in taken else check_unique(session, row)
            problems += bundles.problems_of(row)
            if isinstance(row, models.Progress) and row.deleted_at is None:
                problems += progress.get(row.pekerjaan_id, [])
            found.append(list(dict.fromkeys(problems)))
        del parents
    return found


def _taken_keys(session: Session, rows: Sequence[Synced]) -> dict[str, list[Problem]]:
    """`check_unique` of the live rows with a unique key (not Pricing), one query per table: row id -> problems."""
    by_model: dict[type[Synced], list[Synced]] = defaultdict(list)
    for row in rows:
        if type(row) in _UNIQUE_KEYS and row.deleted_at is None:
            by_model[type(row)].append(row)
    found: dict[str, list[Problem]] = {}
    for model, members in by_model.items():
        key = _UNIQUE_KEYS[model]
        first, last = getattr(model, key[0]), getattr(model, key[-1])
        holders: dict[tuple[Any, ...], set[str]] = defaultdict(set)
        firsts = sorted({getattr(r, key[0]) for r in members})
        lasts = sorted({getattr(r, key[-1]) for r in members}, key=str)
        for start in range(0, len(firsts), 500):
            stmt = select(model.id, *(getattr(model, n) for n in key)).where(
                model.deleted_at.is_(None),
                first.in_(firsts[start : start + 500]),
                last.in_(lasts),
            )
            for rid, *stored in session.execute(stmt):
                holders[tuple(stored)].add(rid)
        for row in members:
            values = tuple(getattr(row, n) for n in key)
            found[row.id] = [_taken(key, values)] if holders.get(values, set()) - {row.id} else []
    return found


def _prefetch_parents(session: Session, rows: Sequence[Synced]) -> list[Any]:
    """Load every row the live `rows` point to (other than their project), one query per table."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    for row in rows:
        if row.deleted_at is not None:
            continue
        for column in row.__table__.columns:  # type: ignore[attr-defined]
            value = getattr(row, column.key) if column.foreign_keys and column.key != "project_id" else None
            for fk in column.foreign_keys if value is not None else ():
                wanted[fk.column.table.name].add(value)
    loaded: list[Any] = []
    for table, ids in wanted.items():
        model = MODEL_BY_TABLE[table]
        chunk = sorted(ids)
        for start in range(0, len(chunk), 500):
            loaded += session.scalars(select(model).where(model.id.in_(chunk[start : start + 500])))
    return loaded


_CROSS_ROW = _keys("""harga_item.kode project_parameter.name progress.week_number progress.planned progress.actual
detail_row.kategori project_ahsp.kode_ahsp project_ahsp_rincian.kategori project_ahsp_rincian.kode_item""")


def affects_other_rows(table: str, fields: Iterable[str]) -> bool:
    """Whether changing these fields of a live row can break a rule across rows (parents, keys, bundles, totals)."""
    return any(f.endswith("_id") or (table, f) in _CROSS_ROW for f in fields)


def check_unique(session: Session, row: Synced) -> list[Problem]:
    """A live row whose unique key (kode, parameter name, week) another live row of the project has."""
    with session.no_autoflush:
        if isinstance(row, models.Pricing):
            pricing = models.Pricing
            other = select(pricing.id).where(pricing.project_id == row.project_id, pricing.id != row.id)
            found = session.execute(other.limit(1)).first()
            return [Problem("project_id", "Proyek sudah punya pengaturan harga")] if found else []
        key = _UNIQUE_KEYS.get(type(row))
        if key is None or row.deleted_at is not None:
            return []
        model = type(row)
        stmt = select(model.id).where(model.id != row.id, model.deleted_at.is_(None))
        for name in key:
            stmt = stmt.where(getattr(model, name) == getattr(row, name))
        if session.execute(stmt.limit(1)).first() is None:
            return []
    return [_taken(key, tuple(getattr(row, n) for n in key))]


def _taken(key: tuple[str, ...], values: tuple[Any, ...]) -> Problem:
    return Problem(key[-1], f"{' '.join(str(v) for v in values[1:])} sudah dipakai di proyek ini")


_UNIQUE_KEYS: dict[type[Synced], tuple[str, ...]] = {
    models.HargaItem: ("project_id", "kode"),
    models.ProjectParameter: ("project_id", "name"),
    models.Progress: ("pekerjaan_id", "week_number"),
}


def _project_duplicates(session: Session, project_id: str) -> list[Problem]:
    problems = []
    for model, key in _UNIQUE_KEYS.items():
        cols = [getattr(model, n) for n in key]
        stmt = select(*cols).where(model.project_id == project_id, model.deleted_at.is_(None))  # type: ignore[attr-defined]
        for dup in session.execute(stmt.group_by(*cols).having(func.count() > 1)):
            problems.append(Problem(key[-1], f"{' '.join(str(v) for v in dup[1:])} dipakai lebih dari sekali"))
    return problems


def _parent_problems(session: Session, project_id: str, row: Synced) -> list[Problem]:
    problems = []
    for column in row.__table__.columns if row.deleted_at is None else ():  # type: ignore[attr-defined]
        value = getattr(row, column.key)
        if column.key == "project_id" and value != project_id:  # the caller works inside that project
            problems.append(Problem("project_id", "Baris harus milik proyek ini"))
        for fk in column.foreign_keys if value is not None and column.key != "project_id" else ():
            parent = session.get(MODEL_BY_TABLE[fk.column.table.name], value)
            owner = None if parent is None else getattr(parent, "project_id", parent.id)
            if owner != project_id:
                problems.append(Problem(column.key, "Tidak ditemukan di proyek ini"))
            elif column.key.startswith("bundle_") and parent is not None and parent.deleted_at is not None:
                problems.append(Problem(column.key, "Target bundle sudah dihapus"))
    return problems


Node = tuple[str, str]


def _bundle_edges(session: Session, project_id: str, rows: list[Synced] | None) -> dict[str, tuple[Node, Node]]:
    """Live bundle links of the project, per detail row id: (owner pekerjaan, target), touched rows applied."""
    line = models.DetailRow
    stmt = select(line.id, line.pekerjaan_id, line.bundle_pekerjaan_id, line.bundle_ahsp_id)
    stmt = stmt.where(line.project_id == project_id, line.deleted_at.is_(None), line.kategori == "LAIN")
    stmt = stmt.where(line.bundle_pekerjaan_id.isnot(None) | line.bundle_ahsp_id.isnot(None))
    edges = {rid: _edge(owner, bp, ba) for rid, owner, bp, ba in session.execute(stmt)}
    _apply_rows(edges, rows or ())
    edges.update(_nested_ahsp_edges(session, project_id))
    return edges


def _nested_ahsp_edges(session: Session, project_id: str) -> dict[str, tuple[Node, Node]]:
    """A LAIN line of a project AHSP whose kode is another project AHSP's kode_ahsp nests that AHSP."""
    ahsp, line = models.ProjectAhsp, models.ProjectAhspRincian
    live = (ahsp.project_id == project_id) & ahsp.deleted_at.is_(None)
    by_kode = dict(session.execute(select(ahsp.kode_ahsp, ahsp.id).where(live)).all())
    stmt = select(line.id, line.project_ahsp_id, line.kode_item).where(
        line.project_id == project_id, line.deleted_at.is_(None), line.kategori == "LAIN"
    )
    return {
        rid: (("ahsp", owner), ("ahsp", by_kode[kode])) for rid, owner, kode in session.execute(stmt) if kode in by_kode
    }


def _apply_rows(edges: dict[str, tuple[Node, Node]], rows: Iterable[Synced]) -> None:
    for row in rows:
        if isinstance(row, models.DetailRow):
            edges.pop(row.id, None)
            if _is_link(row) and (row.bundle_pekerjaan_id or row.bundle_ahsp_id):  # as the query reads them
                edges[row.id] = _edge(row.pekerjaan_id, row.bundle_pekerjaan_id, row.bundle_ahsp_id)


class LinkCache:
    """A project's live bundle links, read once and then kept in step by the caller: `applied(rows)` after
    rows are written, `forget()` when project AHSP change (their nested links are read with the rest).
    Only for a caller that alone writes the project meanwhile (a push holds the project's lock); an
    upload's 150 groups no longer read every link of the project 150 times."""

    def __init__(self) -> None:
        self._edges: dict[str, tuple[Node, Node]] | None = None

    def edges(self, session: Session, project_id: str, rows: Sequence[Synced]) -> dict[str, tuple[Node, Node]]:
        """The links with `rows` (written, not yet `applied`) in their new state."""
        if self._edges is None:
            self._edges = _bundle_edges(session, project_id, None)
        edges = dict(self._edges)
        _apply_rows(edges, rows)
        return edges

    @property
    def known(self) -> bool:
        """Whether the links have been read (and so are worth keeping)."""
        return self._edges is not None

    def applied(self, rows: Iterable[Synced]) -> None:
        if self._edges is not None:
            _apply_rows(self._edges, rows)

    def forget(self) -> None:
        self._edges = None


def _edge(owner: str, bundle_pekerjaan: str | None, bundle_ahsp: str | None) -> tuple[Node, Node]:
    target = ("pekerjaan", bundle_pekerjaan) if bundle_pekerjaan else ("ahsp", bundle_ahsp or "")
    return ("pekerjaan", owner), target


def _bundle_problems(session: Session, project_id: str, rows: list[Synced] | None) -> list[Problem]:
    targets = [r for r in rows or () if isinstance(r, models.Pekerjaan | models.ProjectAhsp)]
    dead = {("pekerjaan" if isinstance(r, models.Pekerjaan) else "ahsp", r.id) for r in targets if r.deleted_at}
    links = [r for r in rows or () if isinstance(r, models.DetailRow) and r.deleted_at is None and r.kategori == "LAIN"]
    if rows is not None and not dead and not links:
        return []
    edges = _bundle_edges(session, project_id, rows)
    graph = _Graph(edges.values())
    checked = edges.keys() if rows is None else [r.id for r in links if r.id in edges]
    problems = []
    for rid in checked:
        problems += _link_problems(graph, *edges[rid])
    if any(target in dead for _, target in edges.values()):
        problems.append(Problem("deleted_at", STILL_USED))
    return problems


STILL_USED = "Masih dipakai sebagai bundle oleh pekerjaan lain"


class _BundleCheck:
    """`_bundle_problems(session, project_id, [row])` for many rows, over one read of the bundle links."""

    def __init__(
        self, session: Session, project_id: str, rows: Sequence[Synced], links: LinkCache | None = None
    ) -> None:
        relevant = any(_is_link(r) or _dead_target(r) for r in rows)
        if not relevant:
            self.edges: dict[str, tuple[Node, Node]] = {}
        elif links is None:
            self.edges = _bundle_edges(session, project_id, list(rows))
        else:
            self.edges = links.edges(session, project_id, rows)
        self.graph = _Graph(self.edges.values())
        self.targets = {target for _, target in self.edges.values()}

    def problems_of(self, row: Synced) -> list[Problem]:
        dead = _dead_target(row)
        if dead is not None:
            return [Problem("deleted_at", STILL_USED)] if dead in self.targets else []
        if not _is_link(row) or row.id not in self.edges:
            return []
        owner, target = self.edges[row.id]
        return _link_problems(self.graph, owner, target)


def _is_link(row: Synced) -> bool:
    return isinstance(row, models.DetailRow) and row.deleted_at is None and row.kategori == "LAIN"


def _dead_target(row: Synced) -> Node | None:
    if isinstance(row, models.Pekerjaan | models.ProjectAhsp) and row.deleted_at is not None:
        return ("pekerjaan" if isinstance(row, models.Pekerjaan) else "ahsp", row.id)
    return None


def _link_problems(graph: _Graph, owner: Node, target: Node) -> list[Problem]:
    path = f"bundle_{target[0]}_id"
    if graph.reaches(target, owner):
        return [Problem(path, "Bundle membentuk siklus")]
    if graph.longest(owner, upward=True) + 1 + graph.longest(target, upward=False) > MAX_BUNDLE_LEVELS:
        return [Problem(path, "Maksimum kedalaman bundle (2 tingkat) terlampaui")]
    return []


class _Graph:
    """Bundle links as adjacency sets, with reachability and longest chains (cycles counted once)."""

    def __init__(self, edges: Iterable[tuple[Node, Node]]) -> None:
        self.out: dict[Node, set[Node]] = defaultdict(set)
        self.into: dict[Node, set[Node]] = defaultdict(set)
        for src, dst in edges:
            self.out[src].add(dst)
            self.into[dst].add(src)

    def reaches(self, start: Node, goal: Node, seen: set[Node] | None = None) -> bool:
        seen = set() if seen is None else seen
        seen.add(start)
        return start == goal or any(self.reaches(n, goal, seen) for n in self.out.get(start, ()) if n not in seen)

    def longest(self, node: Node, *, upward: bool, path: frozenset[Node] = frozenset()) -> int:
        """Links in the longest chain from (or, upward, into) `node`; counting stops past the allowed depth."""
        nexts = [n for n in (self.into if upward else self.out).get(node, ()) if n not in path]
        if not nexts or len(path) > MAX_BUNDLE_LEVELS + 1:
            return 0
        return 1 + max(self.longest(n, upward=upward, path=path | {node}) for n in nexts)


def _progress_problems(session: Session, project_id: str, rows: list[Synced] | None) -> list[Problem]:
    touched = [r for r in rows or () if isinstance(r, models.Progress) and r.deleted_at is None]
    if rows is not None and not touched:
        return []
    per_item = _progress_totals(session, project_id, touched, everything=rows is None)
    return [p for problems in per_item.values() for p in problems]


def _progress_by_item(session: Session, project_id: str, rows: Sequence[Synced]) -> dict[str, list[Problem]]:
    touched = [r for r in rows if isinstance(r, models.Progress) and r.deleted_at is None]
    return _progress_totals(session, project_id, touched, everything=False) if touched else {}


def _progress_totals(
    session: Session, project_id: str, touched: list[models.Progress], *, everything: bool
) -> dict[str, list[Problem]]:
    """Per work item (all of the project's with `everything`, else those of `touched`): its weekly totals
    above 100 % and progress without a volume."""
    week = models.Progress
    stmt = select(week).where(week.project_id == project_id, week.deleted_at.is_(None))
    if not everything:
        stmt = stmt.where(week.pekerjaan_id.in_({r.pekerjaan_id for r in touched}))
    by_id = {p.id: p for p in session.scalars(stmt)}
    by_id.update({r.id: r for r in touched})
    per_item: dict[str, list[models.Progress]] = defaultdict(list)
    for p in by_id.values():
        if p.deleted_at is None:
            per_item[p.pekerjaan_id].append(p)
    found: dict[str, list[Problem]] = {}
    for pekerjaan_id, weeks in per_item.items():
        problems = []
        for mode, label in (("planned", "rencana"), ("actual", "realisasi")):
            total = sum((getattr(w, mode) or Decimal(0) for w in weeks), Decimal(0))
            if total > _HUNDRED + PROGRESS_TOLERANCE:
                problems.append(Problem(mode, f"Total {label} {total}% melebihi 100%"))
        item = session.get(models.Pekerjaan, pekerjaan_id)
        has_progress = any((w.planned or 0) > 0 or (w.actual or 0) > 0 for w in weeks)
        if has_progress and item is not None and not (item.volume or 0) > 0:
            problems.append(Problem("planned", f"Pekerjaan {item.kode} belum punya volume; progres harus 0"))
        if problems:
            found[pekerjaan_id] = problems
    return found
