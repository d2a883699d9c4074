"""Initial and re-sync download (SYNC.md §1.4): a project's rows in keyset pages, plus table checksums.

Pages go table by table (parents first, `SYNCED_MODELS` order) and by id within a table. The first page
reads the project's head seq in the same REPEATABLE READ transaction as its rows; the page token carries
that `snapshot_seq`, and the last page returns it. Later pages may show newer row versions: the client
then pulls changes since `snapshot_seq` and keeps, per row, the higher version. Tombstones are included
so that a row deleted and restored between pages is never missing.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import Synced
from core.db.models import SYNCED_MODELS, Project
from sync.protocol import ChecksumResponse, SnapshotPage, SnapshotRow, TableChecksum, row_checksum
from sync.server.errors import ApiError, gone
from sync.server.fields import encoded, row_values
from sync.server.models import ProjectSync


@dataclass(frozen=True)
class PageToken:
    snapshot_seq: int
    epoch: str
    table: int
    after_id: str

    def encode(self) -> str:
        raw = json.dumps({"s": self.snapshot_seq, "e": self.epoch, "t": self.table, "i": self.after_id})
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> PageToken:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            doc: Any = json.loads(raw)
            parsed = cls(int(doc["s"]), str(doc["e"]), int(doc["t"]), str(doc["i"]))
        except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise ApiError(400, "page_token tidak sah") from exc
        if not (0 <= parsed.table <= len(SYNCED_MODELS) and len(parsed.after_id) <= 36 and parsed.snapshot_seq >= 0):
            raise ApiError(400, "page_token tidak sah")
        return parsed


def _scope(model: type[Synced], project_id: str) -> Any:
    return model.id == project_id if model is Project else model.project_id == project_id  # type: ignore[attr-defined]


def snapshot_page(session: Session, state: ProjectSync, *, page_token: str | None, limit: int) -> SnapshotPage:
    """One page of the project's rows; call inside a REPEATABLE READ transaction."""
    token = PageToken.decode(page_token) if page_token else PageToken(state.last_seq, state.epoch, 0, "")
    if token.epoch != state.epoch:
        raise gone()
    rows: list[SnapshotRow] = []
    table, after = token.table, token.after_id
    while table < len(SYNCED_MODELS) and len(rows) < limit:
        model = SYNCED_MODELS[table]
        want = limit - len(rows)
        stmt = select(model).where(_scope(model, state.project_id), model.id > after).order_by(model.id).limit(want)
        batch = list(session.scalars(stmt))
        rows += [_row(r) for r in batch]
        if len(batch) < want:
            table, after = table + 1, ""
        else:
            after = batch[-1].id
    if table >= len(SYNCED_MODELS):
        return SnapshotPage(rows=rows, epoch=state.epoch, snapshot_seq=token.snapshot_seq)
    next_token = PageToken(token.snapshot_seq, token.epoch, table, after).encode()
    return SnapshotPage(rows=rows, epoch=state.epoch, next_page_token=next_token)


def _row(row: Synced) -> SnapshotRow:
    return SnapshotRow(
        table=row.__tablename__,  # type: ignore[attr-defined]
        id=row.id,
        version=row.version,
        deleted=row.deleted_at is not None,
        fields=encoded(row_values(row)),
        updated_by=row.updated_by or "",
        updated_at=row.updated_at.isoformat(),
    )


def checksums(session: Session, state: ProjectSync) -> ChecksumResponse:
    """Per table: live rows, tombstones and the checksum of the live rows' (id, version), at one moment."""
    tables = {}
    for model in SYNCED_MODELS:
        stmt = select(model.id, model.version, model.deleted_at).where(_scope(model, state.project_id))
        live, deleted = [], 0
        for row_id, version, deleted_at in session.execute(stmt):
            if deleted_at is None:
                live.append((row_id, version))
            else:
                deleted += 1
        tables[model.__tablename__] = TableChecksum(rows=len(live), deleted=deleted, checksum=row_checksum(live))  # type: ignore[attr-defined]
    return ChecksumResponse(tables=tables, last_seq=state.last_seq, epoch=state.epoch)
