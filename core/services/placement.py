"""Where a row goes among its siblings: fractional sort keys between neighbours (core.ordering)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.ordering import key_between
from core.services.changes import ValidationFailed


def sibling_keys(
    session: Session, model: Any, parent_field: str, parent_id: str, *, exclude: Collection[str] = ()
) -> list[tuple[str, str]]:
    """(id, sort_key) of the live children of a parent in order, without `exclude`."""
    parent_col = getattr(model, parent_field)
    rows = session.execute(
        select(model.id, model.sort_key)
        .where(parent_col == parent_id, model.deleted_at.is_(None))
        .order_by(model.sort_key, model.id)
    )
    return [(r.id, r.sort_key) for r in rows if r.id not in exclude]


def keys_for(
    session: Session,
    model: Any,
    parent_field: str,
    parent_id: str,
    *,
    count: int = 1,
    after_id: str | None = None,
    before_id: str | None = None,
    exclude: Collection[str] = (),
) -> list[str]:
    """`count` increasing keys placing new (or moving) rows after `after_id`, else before `before_id`,
    else at the end. Raises ValidationFailed when the anchor is not a sibling."""
    siblings = sibling_keys(session, model, parent_field, parent_id, exclude=exclude)
    ids = [sid for sid, _ in siblings]
    if after_id is not None:
        if after_id not in ids:
            raise ValidationFailed.one("posisi", "Posisi tujuan tidak ditemukan")
        at = ids.index(after_id) + 1
    elif before_id is not None:
        if before_id not in ids:
            raise ValidationFailed.one("posisi", "Posisi tujuan tidak ditemukan")
        at = ids.index(before_id)
    else:
        at = len(siblings)
    low = siblings[at - 1][1] if at > 0 else None
    high = siblings[at][1] if at < len(siblings) else None
    if low is not None and high is not None and low >= high:  # equal keys from two devices (tie by id)
        high = next((key for _, key in siblings[at:] if key > low), None)
    keys = []
    for _ in range(count):
        low = key_between(low, high)
        keys.append(low)
    return keys
