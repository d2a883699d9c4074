"""PostgreSQL as the oracle (Electric's pattern): read the server's database directly and compare each
client's copy with it, and check the change log's invariants."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from core.db.codec import encode
from core.db.models import SYNCED_MODELS, Project
from core.db.session import Database
from core.db.tracking import field_names
from sync.server.models import AppliedMutation, ChangeLog


def project_rows(db: Database, project_id: str) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(table, id) -> (version, deleted, field values as JSON) of every row of the project."""
    out: dict[tuple[str, str], tuple[Any, ...]] = {}
    with db.session() as s:
        for model in SYNCED_MODELS:
            scope = model.id == project_id if model is Project else model.project_id == project_id  # type: ignore[attr-defined]
            for row in s.scalars(select(model).where(scope)):
                values = tuple((f, encode(getattr(row, f))) for f in field_names(row))
                out[(model.__tablename__, row.id)] = (row.version, row.deleted_at is not None, values)  # type: ignore[attr-defined]
    return out


def assert_same(client_db: Database, server_db: Database, project_id: str) -> None:
    mine, theirs = project_rows(client_db, project_id), project_rows(server_db, project_id)
    assert mine.keys() == theirs.keys(), (sorted(mine.keys() - theirs.keys()), sorted(theirs.keys() - mine.keys()))
    diff = [k for k in mine if mine[k] != theirs[k]]
    assert not diff, [(k, mine[k], theirs[k]) for k in diff[:5]]


def log_invariants(server_db: Database, project_id: str) -> int:
    """No seq gaps, no mutation_id twice; returns the number of entries."""
    with server_db.session() as s:
        seqs = list(s.scalars(select(ChangeLog.seq).where(ChangeLog.project_id == project_id).order_by(ChangeLog.seq)))
        assert seqs == list(range(1, len(seqs) + 1)), "change log has gaps"
        twice = s.execute(
            select(ChangeLog.mutation_id, func.count())
            .where(ChangeLog.project_id == project_id, ChangeLog.mutation_id.is_not(None))
            .group_by(ChangeLog.mutation_id)
            .having(func.count() > 1)
        ).all()
        assert not twice, f"mutation ids applied twice: {twice[:5]}"
        return len(seqs)


def log_count(server_db: Database, project_id: str, mutation_ids: list[str] | None = None) -> int:
    with server_db.session() as s:
        stmt = select(func.count()).select_from(ChangeLog).where(ChangeLog.project_id == project_id)
        if mutation_ids is not None:
            stmt = stmt.where(ChangeLog.mutation_id.in_(mutation_ids))
        return int(s.scalar(stmt) or 0)


def applied_count(server_db: Database, mutation_ids: list[str]) -> int:
    with server_db.session() as s:
        stmt = select(func.count()).select_from(AppliedMutation).where(AppliedMutation.mutation_id.in_(mutation_ids))
        return int(s.scalar(stmt) or 0)


def server_row(server_db: Database, table: str, row_id: str) -> Any:
    from core.db.models import MODEL_BY_TABLE

    with server_db.session() as s:
        return s.get(MODEL_BY_TABLE[table], row_id)
