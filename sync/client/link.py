"""Linking a local-only project to a server (upload): in ONE local transaction the project gets its
`sync_state` and every one of its rows is queued as an insert (tombstoned rows, mostly, as insert + delete), in
groups of at most BATCH mutations, parents first, the project row leading the first group (the server
creates the project from it). From then on core.db.tracking queues every edit of the project.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from core.db.codec import encode
from core.db.local_models import SyncOutbox, SyncState
from core.db.models import SYNCED_MODELS, Project
from core.db.session import Database
from core.db.tracking import SCHEMA_VERSION, field_names
from core.db.types import utcnow
from core.ids import new_id
from sync.client.collisions import unique_keys

BATCH = 200


class AlreadyLinked(ValueError):
    """The project already has a sync state (it came from, or was uploaded to, a server)."""


def link_project(db: Database, project_id: str, *, server_url: str, client_id: str) -> int:
    """Queue the whole project for upload; returns the number of mutations queued."""
    with db.session() as s, s.begin():
        if s.get(SyncState, project_id) is not None:
            raise AlreadyLinked(project_id)
        if s.get(Project, project_id) is None:
            raise LookupError(f"project {project_id} not found")
        s.add(
            SyncState(
                project_id=project_id,
                server_url=server_url.rstrip("/"),
                client_id=client_id,
                last_pulled_seq=0,
                server_epoch="",
            )
        )
        mutations = list(_mutations(s, project_id))
        entries = []
        for start in range(0, len(mutations), BATCH):
            tx_group = new_id()
            entries += [_entry(project_id, tx_group, m) for m in mutations[start : start + BATCH]]
        s.add_all(entries)
        return len(entries)


def _mutations(s: Any, project_id: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(table, row id, op, patch) for every row of the project, parents first. Tombstoned rows go too (as
    insert + delete, so an undo after the upload finds them on the server), except in tables with a unique
    key, where a deleted row may share its key with a live one."""
    out: list[tuple[str, str, str, dict[str, Any]]] = []
    for model in SYNCED_MODELS:
        keep_deleted = not unique_keys(model.__table__)  # type: ignore[attr-defined]
        scope = model.id == project_id if model is Project else model.project_id == project_id  # type: ignore[attr-defined]
        for row in s.scalars(select(model).where(scope).order_by(model.id)):
            if row.deleted_at is not None and not keep_deleted:
                continue
            patch = {name: encode(getattr(row, name)) for name in field_names(row)}
            out.append((model.__tablename__, row.id, "insert", patch))  # type: ignore[attr-defined]
            if row.deleted_at is not None:
                out.append((model.__tablename__, row.id, "delete", {}))  # type: ignore[attr-defined]
    return out


def _entry(project_id: str, tx_group: str, m: tuple[str, str, str, dict[str, Any]]) -> SyncOutbox:
    table, row_id, op, patch = m
    return SyncOutbox(
        mutation_id=new_id(),
        tx_group=tx_group,
        project_id=project_id,
        table_name=table,
        row_id=row_id,
        op=op,
        patch_json=json.dumps(patch, ensure_ascii=False),
        base_version=0,
        base_values_json=json.dumps({k: None for k in patch}),
        schema_version=SCHEMA_VERSION,
        status="pending",
        attempts=0,
        last_error="",
        created_at=utcnow(),
    )


def linked_server(db: Database, project_id: str) -> str | None:
    with db.session() as s:
        state = s.get(SyncState, project_id)
        return state.server_url if state is not None else None


def local_only_projects(db: Database) -> list[tuple[str, str]]:
    """(id, nama) of live projects not linked to any server."""
    with db.session() as s:
        linked = select(SyncState.project_id)
        stmt = select(Project.id, Project.nama).where(Project.deleted_at.is_(None), Project.id.notin_(linked))
        return [(pid, nama) for pid, nama in s.execute(stmt.order_by(func.lower(Project.nama)))]
