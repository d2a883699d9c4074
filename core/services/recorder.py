"""Records every write a service makes through core.db.tracking and turns them into `Changes`.

    with recording(session, project_id) as rec:
        rec.update(row, {"volume": value})
    return rec.changes

The block runs in a SAVEPOINT: when it raises (a refused value, a broken cross-row rule), every write of
the block is rolled back even if the caller goes on to commit its unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import domain as d
from core.db import models as m
from core.db import tracking
from core.db.base import Synced
from core.db.codec import decode
from core.db.local_models import AuditEntry
from core.services import checks
from core.services.changes import ORDERED_TABLES, Changes, Ordering, Record, RowChange, ValidationFailed
from core.services.records import record_of

_TABLE_ORDER = {model.__tablename__: i for i, model in enumerate(m.SYNCED_MODELS)}  # type: ignore[attr-defined]


class Recorder:
    """Writes through core.db.tracking and remembers what was written."""

    def __init__(self, session: Session, project_id: str) -> None:
        self.session = session
        self.project_id = project_id
        self.rows: list[RowChange] = []
        self._touched: dict[tuple[str, str], Synced] = {}
        self._parents: set[tuple[str, str]] = set()  # (table, parent id) whose child order may change
        self.created_id: str | None = None
        self.notes: list[str] = []
        self.changes: Changes = Changes(project_id)

    # --- writes --------------------------------------------------------------------------------------

    def insert(self, row: Synced) -> Synced:
        tracking.insert(self.session, row)
        fields = tuple((name, None, getattr(row, name)) for name in tracking.field_names(row))
        self._log(row, "insert", fields)
        self._order_parent(row, None)
        return row

    def update(self, row: Synced, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
        changed = tracking.update(self.session, row, values)
        if changed:
            self._log(row, "update", tuple((k, old, new) for k, (old, new) in changed.items()))
            table = row.__tablename__  # type: ignore[attr-defined]
            if table in ORDERED_TABLES:
                parent_field = ORDERED_TABLES[table][1]
                if "sort_key" in changed or parent_field in changed:
                    old_parent = changed.get(parent_field, (None, None))[0]
                    self._order_parent(row, old_parent)
        return changed

    def delete(self, row: Synced) -> None:
        if row.deleted_at is not None:
            return
        tracking.delete(self.session, row)
        self._log(row, "delete", ())
        self._order_parent(row, None)

    def restore(self, row: Synced) -> None:
        if row.deleted_at is None:
            return
        tracking.restore(self.session, row)
        self._log(row, "restore", ())
        self._order_parent(row, None)

    @contextmanager
    def adopting(self) -> Iterator[None]:
        """Record the writes another module makes through core.db.tracking inside the block (from the audit
        entries it leaves in this transaction), as if they had been made through this recorder."""
        self.session.flush()
        since = self.session.scalar(select(func.max(AuditEntry.id))) or 0
        yield
        self.session.flush()
        entries = self.session.scalars(select(AuditEntry).where(AuditEntry.id > since).order_by(AuditEntry.id))
        for entry in list(entries):
            model = m.MODEL_BY_TABLE.get(entry.table_name)
            row = self.session.get(model, entry.row_id) if model is not None else None
            if model is None or row is None:
                continue
            raw = json.loads(entry.changes_json or "{}")
            fields = tuple((k, decode(model, k, old), decode(model, k, new)) for k, (old, new) in raw.items())
            self._log(row, entry.action if entry.action in ("insert", "delete") else "update", fields)
            self._order_parent(row, None)

    # --- bookkeeping ---------------------------------------------------------------------------------

    def _log(self, row: Synced, op: str, fields: tuple[tuple[str, Any, Any], ...]) -> None:
        table = row.__tablename__  # type: ignore[attr-defined]
        self.rows.append(RowChange(table, row.id, op, fields))  # type: ignore[arg-type]
        self._touched[(table, row.id)] = row

    def _order_parent(self, row: Synced, old_parent: str | None) -> None:
        table = row.__tablename__  # type: ignore[attr-defined]
        if table not in ORDERED_TABLES:
            return
        parent_field = ORDERED_TABLES[table][1]
        self._parents.add((table, getattr(row, parent_field)))
        if old_parent is not None:
            self._parents.add((table, old_parent))

    def finish(self) -> Changes:
        """Flush, then describe what changed: records (parents first / children first) and orders."""
        self.session.flush()
        upserted: list[tuple[int, Record]] = []
        removed: list[tuple[int, Record]] = []
        seen_ahsp: set[str] = set()
        for (table, _row_id), row in self._touched.items():
            rank = _TABLE_ORDER.get(table, 99)
            if isinstance(row, m.ProjectAhspRincian):
                head = self.session.get(m.ProjectAhsp, row.project_ahsp_id)
                if head is None or head.id in seen_ahsp:
                    continue
                table, row = "project_ahsp", head
            if table == "project_ahsp":
                seen_ahsp.add(row.id)
            record = record_of(self.session, row)
            if record is None:
                continue
            (removed if row.deleted_at is not None else upserted).append((rank, record))
            if table == "project_parameter":
                removed.extend((rank, p) for p in self._renamed_parameters(row.id, record))
        upserted.sort(key=lambda x: x[0])
        removed.sort(key=lambda x: -x[0])
        self.changes = Changes(
            self.project_id,
            rows=tuple(self.rows),
            upserted=tuple(r for _, r in upserted),
            removed=tuple(r for _, r in removed),
            orders=self._orders(),
            created_id=self.created_id,
            notes=tuple(self.notes),
        )
        return self.changes

    def _renamed_parameters(self, row_id: str, record: Record) -> list[Record]:
        """A renamed parameter also disappears under its first name (the engine keys them by name)."""
        first = None
        for change in self.rows:
            if change.table == "project_parameter" and change.row_id == row_id and change.op == "update":
                first = next((old for name, old, _new in change.fields if name == "name"), None) or first
                if first is not None:
                    break
        if first is None or not isinstance(record, d.Parameter) or first == record.name:
            return []
        return [d.Parameter(first, record.value, record.label, record.unit)]

    def _orders(self) -> tuple[Ordering, ...]:
        out = []
        for table, parent_id in sorted(self._parents, key=lambda p: (_TABLE_ORDER.get(p[0], 99), p[1])):
            kind, parent_field = ORDERED_TABLES[table]
            model = m.MODEL_BY_TABLE[table]
            parent_col = getattr(model, parent_field)
            ids = self.session.scalars(
                select(model.id)
                .where(parent_col == parent_id, model.deleted_at.is_(None))
                .order_by(model.sort_key, model.id)  # type: ignore[attr-defined]
            )
            out.append(Ordering(kind, parent_id, tuple(ids)))
        return tuple(out)

    def check_rules(self) -> None:
        """Run the shared cross-row rules on the flushed state; raise (and roll back) on an error."""
        problems = checks.project_rules(self.session, self.project_id, self._touched.values())
        if problems:
            raise ValidationFailed(problems)


@contextmanager
def recording(session: Session, project_id: str, *, rules: bool = True) -> Iterator[Recorder]:
    """Run a block of writes in a savepoint, checked by the shared cross-row rules (unless `rules` is
    False); on success `rec.changes` describes them."""
    rec = Recorder(session, project_id)
    savepoint = session.begin_nested()
    try:
        yield rec
        if rules:
            rec.check_rules()
        rec.finish()
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()


def refuse_if(problems: list[Any], *, positions: Mapping[str, int] | None = None) -> None:
    """Raise ValidationFailed when there are problems."""
    if problems:
        raise ValidationFailed(problems, positions=positions)
