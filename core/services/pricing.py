"""Project pricing (DOMAIN.md §1.7): markup, PPN, rounding base, and the per-item markup override."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import models as m
from core.money import q_percent
from core.services import checks
from core.services.changes import Changes, ValidationFailed
from core.services.inputs import Number, number, optional_number
from core.services.pekerjaan import live_pekerjaan
from core.services.recorder import recording, refuse_if


def _pricing_row(session: Session, project_id: str) -> m.Pricing:
    row = session.scalar(select(m.Pricing).where(m.Pricing.project_id == project_id, m.Pricing.deleted_at.is_(None)))
    if row is None:
        raise ValidationFailed.one("pricing", "Data harga proyek tidak ditemukan")
    return row


def _rounding(value: Number) -> int:
    base = number(value, path="rounding_base", quantize=lambda x: x, label="Pembulatan")
    if base != base.to_integral_value() or base <= 0:
        raise ValidationFailed.one("rounding_base", "Pembulatan harus bilangan bulat lebih dari 0")
    return int(base)


def set_pricing(
    session: Session,
    project_id: str,
    *,
    markup_percent: Number | None = None,
    ppn_percent: Number | None = None,
    rounding_base: Number | None = None,
) -> Changes:
    """Change markup (0–100), PPN (0–100) and/or the rounding base (> 0); the others stay."""
    row = _pricing_row(session, project_id)
    values: dict[str, object] = {}
    if markup_percent is not None:
        values["markup_percent"] = number(
            markup_percent, path="markup_percent", quantize=q_percent, label="Profit/Margin"
        )
    if ppn_percent is not None:
        values["ppn_percent"] = number(ppn_percent, path="ppn_percent", quantize=q_percent, label="PPN")
    if rounding_base is not None:
        values["rounding_base"] = _rounding(rounding_base)
    refuse_if(checks.fields("pricing", values))
    with recording(session, project_id) as rec:
        rec.update(row, values)
    return rec.changes


def set_markup_override(session: Session, pekerjaan_id: str, value: Number | None) -> Changes:
    """The work item's own markup (0–100 %); None or blank text clears it (the project markup applies)."""
    row = live_pekerjaan(session, pekerjaan_id)
    override = optional_number(value, path="markup_override_percent", quantize=q_percent, label="Profit/Margin")
    refuse_if(checks.fields("pekerjaan", {"markup_override_percent": override}))
    with recording(session, row.project_id) as rec:
        rec.update(row, {"markup_override_percent": override})
    return rec.changes
