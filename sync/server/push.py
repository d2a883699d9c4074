"""Push (SYNC.md §1.4, §1.6): every group of a request applied whole or not at all, in one transaction
that holds the project's lock, with each applied mutation's result kept for retries (idempotency)."""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from core.ids import new_id
from core.services.rules import LinkCache
from sync.protocol import MAX_MUTATIONS_PER_PUSH, PushRequest, PushResponse
from sync.server import changelog, crashpoints
from sync.server.apply import PushContext, prefetch
from sync.server.auth import Principal
from sync.server.config import Settings
from sync.server.errors import ApiError, not_found
from sync.server.groups import run_group, write_records
from sync.server.models import AppliedMutation, Device
from sync.server.users import REMOVED

log = logging.getLogger("ahsp.server.push")

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,36}\Z")
_MAX_VERSION = 2**62
_DEVICE_REFRESH = timedelta(minutes=1)
_LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
_device_seen: dict[tuple[str, str, int], datetime] = {}
"""When this process last noted each device's push (last_seen_at need not be exact to the second)."""


def push(session: Session, principal: Principal, project_id: str, req: PushRequest, settings: Settings) -> PushResponse:
    """Apply a push request in one transaction of `session`; item-level failures are results, not errors."""
    _check_request(req, principal, settings)
    if session.in_transaction() and session.get_bind().dialect.name == "sqlite":
        session.commit()  # SQLite: the push's first statement must take the write lock (no stale snapshot)
    if not session.in_transaction():
        session.begin()
    try:
        ctx = _open(session, principal, project_id, req, settings)
        reuse_links = settings.seq_strategy == "locked" and ctx.state is not None
        if reuse_links:
            ctx.links = _take_links(project_id, ctx.head)
        ctx.prior = _prior_results(session, req)
        prefetch(ctx, [m for g in req.groups for m in g.mutations])
        alone = len(req.groups) == 1
        results = [r for group in req.groups for r in run_group(ctx, group, alone=alone)]
        if not ctx.undone:
            _finish(ctx, req)
            crashpoints.hit("push.before_commit")
            session.commit()
    except BaseException:
        session.rollback()
        raise
    state = ctx.state
    head = (state.last_seq, state.epoch) if state is not None and not ctx.undone else ctx.head
    if reuse_links:
        _keep_links(project_id, head, ctx.links)
    counts = {s: sum(r.status == s for r in results) for s in ("applied", "duplicate", "conflict", "rejected")}
    log.info("push project=%s user=%s %s", project_id, principal.username, counts)
    return PushResponse(results=results, last_seq=head[0], epoch=head[1])


_LINK_PROJECTS = 8
_links: OrderedDict[str, tuple[tuple[int, str], LinkCache]] = OrderedDict()
_links_lock = threading.Lock()
"""The bundle links of the projects pushed to last, as their last push left them (seq, epoch). A push holds
the project's lock and every change it commits moves the project's seq, so links kept at the seq the next
push starts from are the project's links: a push of a large project no longer reads them all again."""


def _take_links(project_id: str, head: tuple[int, str]) -> LinkCache:
    with _links_lock:
        kept = _links.pop(project_id, None)
    return kept[1] if kept is not None and kept[0] == head else LinkCache()


def _keep_links(project_id: str, head: tuple[int, str], links: LinkCache) -> None:
    if not links.known:
        return
    with _links_lock:
        _links[project_id] = (head, links)
        while len(_links) > _LINK_PROJECTS:
            _links.popitem(last=False)


def _check_request(req: PushRequest, principal: Principal, settings: Settings) -> None:
    if req.schema_version < settings.schema_min:
        raise ApiError(426, f"Versi aplikasi terlalu lama (skema {req.schema_version}); perbarui aplikasi")
    if req.schema_version > settings.schema_max:
        raise ApiError(400, f"Server belum mengenal skema {req.schema_version}; perbarui server")
    mutations = [m for g in req.groups for m in g.mutations]
    if len(mutations) > MAX_MUTATIONS_PER_PUSH:
        raise ApiError(413, f"Terlalu banyak mutasi dalam satu push (maks. {MAX_MUTATIONS_PER_PUSH})")
    ids = [req.client_id] + [g.tx_group for g in req.groups] + [x for m in mutations for x in (m.mutation_id, m.row_id)]
    if not all(isinstance(i, str) and ID_PATTERN.match(i) for i in ids):
        raise ApiError(422, "Id tidak sah: 1 sampai 36 huruf, angka, '-' atau '_'")
    if not all(0 <= m.base_version <= _MAX_VERSION for m in mutations):
        raise ApiError(422, "base_version di luar rentang")
    if principal.client_id and principal.client_id != req.client_id:
        raise ApiError(422, "client_id tidak sama dengan perangkat token ini")
    if not all(_utf8(m.patch) and _utf8(m.base_values) and _utf8(m.table) for m in mutations):
        raise ApiError(422, "Teks bukan UTF-8 yang sah (surrogate tunggal)")


def _utf8(value: object) -> bool:
    """Whether every string in a JSON value can be stored and echoed (lone surrogates cannot)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_utf8(k) and _utf8(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_utf8(v) for v in value)
    return True


def _open(session: Session, principal: Principal, project_id: str, req: PushRequest, settings: Settings) -> PushContext:
    locked = settings.seq_strategy == "locked"
    state, role = changelog.lock_project(session, project_id, user_id=principal.user_id, locked=locked)
    if state is None:
        if not _uploads_project(req, project_id):
            raise not_found()
        role = "owner"
    else:
        if not role:
            raise not_found()
        if role == REMOVED:
            raise ApiError(403, "Akses Anda ke proyek ini sudah dicabut")
    seqs: changelog.SeqAllocator = (
        changelog.LockedSeq(state.last_seq if state else 0) if locked else changelog.NaiveSeq(session)
    )
    return PushContext(
        head=(state.last_seq, state.epoch) if state is not None else (0, ""),
        session=session,
        project_id=project_id,
        principal=principal,
        client_id=req.client_id,
        role=role,
        now=settings.clock(),
        seqs=seqs,
        tx_id=new_id(),
        state=state,
        settings=settings,
    )


def _uploads_project(req: PushRequest, project_id: str) -> bool:
    """A project not on the server may be created by its upload: an insert of it in the first group."""
    first = req.groups[0].mutations if req.groups else []
    return any(m.table == "project" and m.op == "insert" and m.row_id == project_id for m in first)


_PRIOR = select(AppliedMutation.mutation_id, AppliedMutation.payload_hash, AppliedMutation.result).where(
    AppliedMutation.mutation_id.in_(bindparam("ids", expanding=True))
)


def _prior_results(session: Session, req: PushRequest) -> dict[str, tuple[str, dict[str, Any]]]:
    """The stored results of the request's mutation ids that were applied before (one query)."""
    ids = list({m.mutation_id for g in req.groups for m in g.mutations})
    if not ids:
        return {}
    return {mid: (digest, result) for mid, digest, result in session.execute(_PRIOR, {"ids": ids})}


def _finish(ctx: PushContext, req: PushRequest) -> None:
    write_records(ctx)
    if ctx.state is not None:
        changelog.store_last_seq(ctx.session, ctx.state, ctx.seqs, locked=ctx.settings.seq_strategy == "locked")
    key = (req.client_id, ctx.principal.user_id, req.schema_version)
    if ctx.now - _device_seen.get(key, _LONG_AGO) < _DEVICE_REFRESH:
        return  # noted a moment ago by this process: spare the write
    ctx.session.execute(
        update(Device)
        .where(Device.client_id == req.client_id, Device.user_id == ctx.principal.user_id)
        .values(last_seen_at=ctx.now, schema_version=req.schema_version)
    )
    _device_seen[key] = ctx.now
