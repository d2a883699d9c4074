"""Indexed, mutable view of one project's records: what the engine looks things up in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Final

from core.domain import (
    BundleRef,
    DetailRow,
    HargaItem,
    Klasifikasi,
    Parameter,
    Pekerjaan,
    Pricing,
    Progress,
    ProjectData,
    ProjectInfo,
    ReferenceAhsp,
    SubKlasifikasi,
)
from core.engine.suspects import SuspectIndex

Node = tuple[str, str]  # ("pekerjaan", id) or ("ahsp", id): anything a bundle can point to
PEKERJAAN: Final = "pekerjaan"
AHSP: Final = "ahsp"


def pekerjaan_node(pid: str) -> Node:
    return (PEKERJAAN, pid)


def link_of(line: DetailRow) -> Node | None:
    """The node a line expands to, or None for a plain priced line."""
    ref = line.bundle
    return None if ref is None else (ref.kind, ref.target_id)


class ProjectModel:
    """The project's records indexed by id, in document order, with the lookups the engine needs.

    Rows are kept per work item; reference AHSP rincian are turned into lines shaped like detail
    rows, where a LAIN line whose kode is another reference AHSP's kode_ahsp becomes a bundle line.
    """

    def __init__(self, data: ProjectData) -> None:
        self.info = data.info
        self.pricing = data.pricing
        self.klasifikasi: dict[str, Klasifikasi] = {k.id: k for k in data.klasifikasi}
        self.subs: dict[str, SubKlasifikasi] = {s.id: s for s in data.sub_klasifikasi}
        self.pekerjaan: dict[str, Pekerjaan] = {p.id: p for p in data.pekerjaan}
        self.rows: dict[str, dict[str, DetailRow]] = {pid: {} for pid in self.pekerjaan}
        self.bundle_rows: dict[str, dict[str, DetailRow]] = {}  # the rows with a bundle, per work item
        for row in data.detail_rows:
            bucket = self.rows.get(row.pekerjaan_id)
            if bucket is None:
                bucket = self.rows[row.pekerjaan_id] = {}
            bucket[row.id] = row
            if row.bundle is not None:
                self.bundle_rows.setdefault(row.pekerjaan_id, {})[row.id] = row
        # kode -> how many lines use it (orphan check). Indexes only edits need are built on demand.
        self.kode_use: Counter[str] = Counter(map(attrgetter("kode"), data.detail_rows))
        self.usage_version = 0  # bumped when a kode starts or stops being used, or a harga item changes
        self.ahsp_version = 0  # bumped when a reference AHSP changes
        self._row_owner: dict[str, str] | None = None
        self._priced_users: dict[str, Counter[Node]] | None = None
        self.harga: dict[str, HargaItem] = {h.id: h for h in data.harga_items}
        self.harga_by_kode: dict[str, HargaItem] = {}
        self.prices: dict[str, Decimal | None] = {}  # kode -> harga_satuan of harga_by_kode[kode]
        self._index_harga(h.kode for h in data.harga_items)
        self.ahsp: dict[str, ReferenceAhsp] = {a.id: a for a in data.reference_ahsp}
        self.ahsp_by_kode: dict[str, str] = {}
        self.ahsp_lines: dict[str, tuple[DetailRow, ...]] = {}
        self._index_ahsp()
        self.parameters: dict[str, Parameter] = {p.name: p for p in data.parameters}
        self.progress: dict[str, dict[int, Progress]] = {}
        for prog in data.progress:
            self.progress.setdefault(prog.pekerjaan_id, {})[prog.week] = prog
        self.suspects = SuspectIndex(data.suspect_cells)  # the library's, as loaded; not edited here

    # --- lookups -----------------------------------------------------------------------------------

    def price(self, kode: str) -> Decimal | None:
        """The unit price of a kode; None when the item is missing or not priced yet."""
        return self.prices.get(kode)

    @property
    def row_owner(self) -> dict[str, str]:
        """Detail row id -> work item id."""
        if self._row_owner is None:
            self._row_owner = {rid: pid for pid, rows in self.rows.items() for rid in rows}
        return self._row_owner

    @property
    def priced_users(self) -> dict[str, Counter[Node]]:
        """kode -> nodes (work items, reference AHSP) with a plain line of that kode, for price edits."""
        if self._priced_users is None:
            self._priced_users = {}
            for pid, rows in self.rows.items():
                for row in rows.values():
                    self._count_priced(row, (PEKERJAAN, pid), 1)
            for aid, lines in self.ahsp_lines.items():
                for line in lines:
                    self._count_priced(line, (AHSP, aid), 1)
        return self._priced_users

    def link_lines(self, node: Node) -> Iterable[DetailRow]:
        """The bundle lines of a node."""
        kind, nid = node
        if kind == PEKERJAAN:
            return self.bundle_rows.get(nid, {}).values() if nid in self.pekerjaan else ()
        return [line for line in self.ahsp_lines.get(nid, ()) if line.bundle is not None]

    def has_lines(self, node: Node) -> bool:
        kind, nid = node
        if kind == PEKERJAAN:
            return nid in self.pekerjaan and bool(self.rows.get(nid))
        return bool(self.ahsp_lines.get(nid))

    def exists(self, node: Node) -> bool:
        kind, nid = node
        return nid in self.pekerjaan if kind == PEKERJAAN else nid in self.ahsp

    def lines(self, node: Node) -> Iterable[DetailRow]:
        """The raw lines of a bundle target (a work item's rows or a reference AHSP's rincian)."""
        kind, nid = node
        if kind == PEKERJAAN:
            return self.rows.get(nid, {}).values() if nid in self.pekerjaan else ()
        return self.ahsp_lines.get(nid, ())

    def node_kode(self, node: Node) -> str:
        kind, nid = node
        if kind == PEKERJAAN:
            item = self.pekerjaan.get(nid)
            return item.kode if item else nid
        ref = self.ahsp.get(nid)
        return ref.kode_ahsp if ref else nid

    def in_tree(self, pid: str) -> bool:
        """True when the work item hangs under an existing sub-klasifikasi and klasifikasi."""
        sub = self.subs.get(self.pekerjaan[pid].sub_klasifikasi_id)
        return sub is not None and sub.klasifikasi_id in self.klasifikasi

    def tree(self) -> Iterator[tuple[Klasifikasi, list[tuple[SubKlasifikasi, list[Pekerjaan]]]]]:
        """Document order: klasifikasi, then their subs, then their work items (tuple order each)."""
        by_sub: dict[str, list[Pekerjaan]] = {sid: [] for sid in self.subs}
        for item in self.pekerjaan.values():
            bucket = by_sub.get(item.sub_klasifikasi_id)
            if bucket is not None:
                bucket.append(item)
        subs_of: dict[str, list[SubKlasifikasi]] = {kid: [] for kid in self.klasifikasi}
        for sub in self.subs.values():
            if sub.klasifikasi_id in subs_of:
                subs_of[sub.klasifikasi_id].append(sub)
        for klas in self.klasifikasi.values():
            yield klas, [(sub, by_sub[sub.id]) for sub in subs_of[klas.id]]

    # --- mutations -------------------------------------------------------------------------------

    def put_row(self, row: DetailRow) -> DetailRow | None:
        """Insert or replace a detail row; a row moved to another work item goes to its end."""
        old_owner = self.row_owner.get(row.id)
        old = None
        if old_owner is not None:
            old = self.rows[old_owner][row.id]
            self._count_line(old, (PEKERJAAN, old_owner), -1)
            if old_owner != row.pekerjaan_id:
                del self.rows[old_owner][row.id]
                self.bundle_rows.get(old_owner, {}).pop(row.id, None)
        self.rows.setdefault(row.pekerjaan_id, {})[row.id] = row
        self.row_owner[row.id] = row.pekerjaan_id
        self._index_bundle_row(row)
        self._count_line(row, (PEKERJAAN, row.pekerjaan_id), 1)
        return old

    def pop_row(self, row_id: str) -> DetailRow | None:
        owner = self.row_owner.pop(row_id, None)
        if owner is None:
            return None
        old = self.rows[owner].pop(row_id)
        self.bundle_rows.get(owner, {}).pop(row_id, None)
        self._count_line(old, (PEKERJAAN, owner), -1)
        return old

    def put_pekerjaan(self, item: Pekerjaan) -> None:
        self.pekerjaan[item.id] = item
        self.rows.setdefault(item.id, {})

    def pop_pekerjaan(self, pid: str) -> Pekerjaan | None:
        """Remove a work item with its rows and progress (what the database cascade does)."""
        item = self.pekerjaan.pop(pid, None)
        self.bundle_rows.pop(pid, None)
        for row_id, row in self.rows.pop(pid, {}).items():
            self.row_owner.pop(row_id, None)
            self._count_line(row, (PEKERJAAN, pid), -1)
        self.progress.pop(pid, None)
        return item

    def put_harga(self, item: HargaItem) -> set[str]:
        """Insert or replace a harga item; returns the kodes whose lookup may have changed."""
        old = self.harga.get(item.id)
        self.harga[item.id] = item
        kodes = {item.kode} | ({old.kode} if old else set())
        self._index_harga(kodes)
        return kodes

    def pop_harga(self, harga_id: str) -> set[str]:
        old = self.harga.pop(harga_id, None)
        if old is None:
            return set()
        self._index_harga({old.kode})
        return {old.kode}

    def put_ahsp(self, ref: ReferenceAhsp) -> None:
        self.ahsp[ref.id] = ref
        self.ahsp_version += 1
        self._index_ahsp()

    def pop_ahsp(self, ahsp_id: str) -> ReferenceAhsp | None:
        ref = self.ahsp.pop(ahsp_id, None)
        self.ahsp_version += 1
        self._index_ahsp()
        return ref

    def put_progress(self, prog: Progress) -> None:
        self.progress.setdefault(prog.pekerjaan_id, {})[prog.week] = prog

    def pop_progress(self, pid: str, week: int) -> Progress | None:
        weeks = self.progress.get(pid)
        return None if weeks is None else weeks.pop(week, None)

    def reorder_rows(self, pid: str, ids: Sequence[str]) -> None:
        """Reorder one work item's detail rows (a permutation of their ids)."""
        self.reorder(self.rows.setdefault(pid, {}), ids)  # type: ignore[arg-type]
        bundles = self.bundle_rows.get(pid)
        if bundles:
            self.bundle_rows[pid] = {i: bundles[i] for i in ids if i in bundles}

    def reorder(self, mapping: dict[str, object], ids: Sequence[str]) -> None:
        """Reorder a dict in place to `ids`, which must be a permutation of its keys."""
        if len(ids) != len(mapping) or set(ids) != set(mapping):
            raise ValueError("urutan baru harus memuat tepat semua id yang ada")
        items = [(i, mapping[i]) for i in ids]
        mapping.clear()
        mapping.update(items)

    def set_pricing(self, pricing: Pricing) -> None:
        self.pricing = pricing

    def set_info(self, info: ProjectInfo) -> None:
        self.info = info

    # --- snapshot ----------------------------------------------------------------------------------

    def to_data(self) -> ProjectData:
        """The current records as ProjectData (detail rows grouped per work item, in item order)."""
        rows = [r for pid in self.pekerjaan for r in self.rows.get(pid, {}).values()]
        progress = [p for pid in self.pekerjaan for p in self.progress.get(pid, {}).values()]
        return ProjectData(
            info=self.info,
            pricing=self.pricing,
            klasifikasi=tuple(self.klasifikasi.values()),
            sub_klasifikasi=tuple(self.subs.values()),
            pekerjaan=tuple(self.pekerjaan.values()),
            harga_items=tuple(self.harga.values()),
            detail_rows=tuple(rows),
            reference_ahsp=tuple(self.ahsp.values()),
            parameters=tuple(self.parameters.values()),
            progress=tuple(progress),
            suspect_cells=self.suspects.cells,
        )

    # --- indexes -----------------------------------------------------------------------------------

    def _index_harga(self, kodes: Iterable[str]) -> None:
        """Point each kode at its first harga item in document order (duplicates are a data error)."""
        self.usage_version += 1
        wanted = set(kodes)
        for kode in wanted:
            self.harga_by_kode.pop(kode, None)
            self.prices.pop(kode, None)
        for item in self.harga.values():
            if item.kode in wanted and item.kode not in self.harga_by_kode:
                self.harga_by_kode[item.kode] = item
                self.prices[item.kode] = item.harga_satuan

    def _index_ahsp(self) -> None:
        for aid, lines in self.ahsp_lines.items():
            for line in lines:
                self._count_line(line, (AHSP, aid), -1)
        self.ahsp_by_kode = {}
        for ref in self.ahsp.values():
            self.ahsp_by_kode.setdefault(ref.kode_ahsp, ref.id)
        self.ahsp_lines = {aid: self._ahsp_lines(ref) for aid, ref in self.ahsp.items()}
        for aid, lines in self.ahsp_lines.items():
            for line in lines:
                self._count_line(line, (AHSP, aid), 1)

    def _index_bundle_row(self, row: DetailRow) -> None:
        """Keep bundle_rows in the rows' order for the row just put (replaced in place or appended)."""
        bucket = self.bundle_rows.get(row.pekerjaan_id, {})
        if row.bundle is None:
            bucket.pop(row.id, None)
        elif row.id in bucket:
            bucket[row.id] = row
        else:
            rows = self.rows[row.pekerjaan_id]
            self.bundle_rows[row.pekerjaan_id] = {i: r for i, r in rows.items() if r.bundle is not None}

    def _count_line(self, line: DetailRow, node: Node, sign: int) -> None:
        count = self.kode_use[line.kode] + sign
        if count <= 0 or count == sign:  # the kode stops or starts being used
            self.usage_version += 1
        if count:
            self.kode_use[line.kode] = count
        else:
            del self.kode_use[line.kode]
        if self._priced_users is not None:
            self._count_priced(line, node, sign)

    def _count_priced(self, line: DetailRow, node: Node, sign: int) -> None:
        if line.bundle is not None:
            return
        users = self._priced_users.get(line.kode)  # type: ignore[union-attr]
        if users is None:
            users = self._priced_users[line.kode] = Counter()  # type: ignore[index]
        users[node] += sign
        if not users[node]:
            del users[node]
            if not users:
                del self._priced_users[line.kode]  # type: ignore[union-attr]

    def _ahsp_lines(self, ref: ReferenceAhsp) -> tuple[DetailRow, ...]:
        lines = []
        for i, r in enumerate(ref.rincian):
            target = self.ahsp_by_kode.get(r.kode_item) if r.kategori == "LAIN" else None
            bundle = None if target is None else BundleRef(AHSP, target)
            row_id = f"{ref.id}#{i}"
            lines.append(
                DetailRow(row_id, "", r.kategori, r.kode_item, r.uraian_item, r.satuan_item, r.koefisien, bundle)
            )
        return tuple(lines)
