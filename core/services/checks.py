"""The one door from the editing services to the shared validators (one set of rules for app and server).

`fields(table, values)`: per-field problems of typed values about to be written to a synced table.
`project_rules(session, project_id, touched)`: cross-row rules (parents in the project, unique codes,
bundle cycles and depth, progress totals) on the flushed, not yet committed, state of the rows touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from core.db.base import Synced
from core.domain import Problem
from core.services import rules


def fields(table: str, values: Mapping[str, Any], *, complete: bool = False) -> list[Problem]:
    """Problems with `values` (field -> typed value) for `table`; empty when all are acceptable."""
    return rules.check_fields(table, dict(values), complete=complete)


def project_rules(session: Session, project_id: str, touched: Iterable[Synced]) -> list[Problem]:
    """Cross-row problems caused by the `touched` rows (written and flushed in this transaction)."""
    session.flush()
    return rules.check_project_rules(session, project_id, list(touched))
