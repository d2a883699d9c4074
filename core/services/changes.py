"""What an editing service changed: row diffs (for undo), domain records (for the engine) and refresh flags.

A service never returns ORM objects. It returns `Changes`:

* `rows`: every row-level write in order, with old and new field values, so `history.revert` can undo it
  exactly and `history.reapply` can redo it;
* `upserted` / `removed`: the domain records (core.domain) in their state after the change, parents first,
  which is what `core.engine.Recalculator` takes;
* `orders`: the new sibling order of every parent whose children were added, removed or moved;
* flag properties (`tree`, `volume`, `detail`, ...) so each view refreshes only what the edit touched.

Refused input raises `ValidationFailed` with every `Problem` (field path + Indonesian message); nothing is
written then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from core import domain as d

RowOp = Literal["insert", "update", "delete", "restore"]
OrderKind = Literal["klasifikasi", "sub_klasifikasi", "pekerjaan", "detail_rows"]
Record = (
    d.ProjectInfo
    | d.Pricing
    | d.Klasifikasi
    | d.SubKlasifikasi
    | d.Pekerjaan
    | d.Parameter
    | d.HargaItem
    | d.ReferenceAhsp
    | d.DetailRow
    | d.Progress
)

# Tables whose rows are ordered among siblings, with the column naming the parent.
ORDERED_TABLES: dict[str, tuple[OrderKind, str]] = {
    "klasifikasi": ("klasifikasi", "project_id"),
    "sub_klasifikasi": ("sub_klasifikasi", "klasifikasi_id"),
    "pekerjaan": ("pekerjaan", "sub_klasifikasi_id"),
    "detail_row": ("detail_rows", "pekerjaan_id"),
}


class ValidationFailed(Exception):
    """Input refused. `problems` carry field paths and Indonesian messages; `positions` the character
    offsets to highlight for text fields such as a volume formula. Nothing was written."""

    def __init__(self, problems: Iterable[d.Problem], *, positions: Mapping[str, int] | None = None) -> None:
        self.problems: list[d.Problem] = list(problems)
        self.positions: dict[str, int] = dict(positions or {})
        super().__init__("; ".join(p.message for p in self.problems) or "Data tidak valid")

    @property
    def message(self) -> str:
        """The messages alone (without paths), for a cell tooltip or a message box."""
        return "\n".join(p.message for p in self.problems)

    @classmethod
    def one(cls, path: str, message: str, *, position: int | None = None) -> ValidationFailed:
        return cls([d.Problem(path, message)], positions=None if position is None else {path: position})


@dataclass(frozen=True, slots=True)
class RowChange:
    """One write to one synced row. `fields` holds (name, old, new) for inserts and updates."""

    table: str
    row_id: str
    op: RowOp
    fields: tuple[tuple[str, Any, Any], ...] = ()

    def field_names(self) -> frozenset[str]:
        return frozenset(name for name, _old, _new in self.fields)


@dataclass(frozen=True, slots=True)
class Ordering:
    """The complete live order of the children of one parent after the change."""

    kind: OrderKind
    parent_id: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    """The result of one editing service call (one user action)."""

    project_id: str
    rows: tuple[RowChange, ...] = ()
    upserted: tuple[Record, ...] = ()
    removed: tuple[Record, ...] = ()
    orders: tuple[Ordering, ...] = ()
    created_id: str | None = None  # the main new row's id (a new project, work item, detail row, ...)
    notes: tuple[str, ...] = field(default=())  # non-blocking remarks for the user (Indonesian)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(r.table for r in self.rows)

    def _touches(self, table: str, fields: frozenset[str] | None = None) -> bool:
        for r in self.rows:
            if r.table != table:
                continue
            if fields is None or r.op != "update" or r.field_names() & fields:
                return True
        return False

    @property
    def project(self) -> bool:
        return self._touches("project")

    @property
    def pricing(self) -> bool:
        return self._touches("pricing") or self._touches("pekerjaan", frozenset({"markup_override_percent"}))

    @property
    def tree(self) -> bool:
        """Klasifikasi, sub-klasifikasi or work items added, removed, renamed or moved."""
        item_fields = frozenset({"sub_klasifikasi_id", "sort_key", "kode", "uraian", "satuan", "source_type"})
        return (
            self._touches("klasifikasi") or self._touches("sub_klasifikasi") or self._touches("pekerjaan", item_fields)
        )

    @property
    def volume(self) -> bool:
        return self._touches("pekerjaan", frozenset({"volume", "volume_formula"})) or self.parameters

    @property
    def parameters(self) -> bool:
        return self._touches("project_parameter")

    @property
    def detail(self) -> bool:
        return self._touches("detail_row") or self._touches("project_ahsp") or self._touches("project_ahsp_rincian")

    @property
    def harga(self) -> bool:
        return self._touches("harga_item")

    @property
    def progress(self) -> bool:
        return self._touches("progress")

    @property
    def totals(self) -> bool:
        """Anything that can move an amount of the RAB."""
        return bool(self.tables - {"project", "progress"}) or self._touches(
            "project", frozenset({"tanggal_mulai", "tanggal_selesai"})
        )


def merge(project_id: str, parts: Iterable[Changes]) -> Changes:
    """Several Changes as one (a paste that ran several services in one transaction)."""
    parts = list(parts)
    return Changes(
        project_id,
        rows=tuple(r for c in parts for r in c.rows),
        upserted=tuple(x for c in parts for x in c.upserted),
        removed=tuple(x for c in parts for x in c.removed),
        orders=tuple(o for c in parts for o in c.orders),
        created_id=next((c.created_id for c in parts if c.created_id), None),
        notes=tuple(n for c in parts for n in c.notes),
    )
