"""Volumes and project parameters (DOMAIN.md §1.4).

A volume is a value or a formula evaluated with the project parameters; the result is stored (3 dp,
HALF_UP). Changing a parameter re-evaluates and stores, in the same transaction, the volume of every work
item whose formula uses it, so a stored volume never goes stale (the central system's defect).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import models as m
from core.domain import Problem
from core.formula import FormulaError, compile_formula, is_formula
from core.money import q_param, q_volume
from core.services import checks
from core.services.changes import Changes, ValidationFailed
from core.services.inputs import Number, number, text
from core.services.pekerjaan import live_pekerjaan
from core.services.recorder import Recorder, recording, refuse_if


def parameter_values(session: Session, project_id: str) -> dict[str, Decimal]:
    pp = m.ProjectParameter
    rows = session.execute(select(pp.name, pp.value).where(pp.project_id == project_id, pp.deleted_at.is_(None)))
    return {r.name.lower(): r.value for r in rows}


def _evaluate(raw: str, params: Mapping[str, Decimal], *, path: str = "volume_formula") -> Decimal:
    try:
        return compile_formula(raw).evaluate(params)
    except FormulaError as exc:
        raise ValidationFailed.one(path, exc.message, position=exc.position) from exc


def set_volume(session: Session, pekerjaan_id: str, value: Number) -> Changes:
    """Store a typed volume (text or Decimal, ≥ 0); any formula is dropped. Blank text means 0."""
    row = live_pekerjaan(session, pekerjaan_id)
    if isinstance(value, str) and not value.strip():
        value = Decimal(0)
    volume = number(value, path="volume", quantize=q_volume, label="Volume")
    refuse_if(checks.fields("pekerjaan", {"volume": volume}))
    with recording(session, row.project_id) as rec:
        rec.update(row, {"volume": volume, "volume_formula": None})
    return rec.changes


def set_volume_formula(session: Session, pekerjaan_id: str, raw: str) -> Changes:
    """Store a formula (`=panjang*lebar`) and its result with the current parameters."""
    row = live_pekerjaan(session, pekerjaan_id)
    raw = raw.strip()
    volume = _evaluate(raw, parameter_values(session, row.project_id))
    with recording(session, row.project_id) as rec:
        rec.update(row, {"volume": volume, "volume_formula": raw})
    return rec.changes


def enter_volume(session: Session, pekerjaan_id: str, entry: str) -> Changes:
    """What the Volume grid calls: `=…` is a formula, anything else a value."""
    if is_formula(entry):
        return set_volume_formula(session, pekerjaan_id, entry)
    return set_volume(session, pekerjaan_id, entry)


# --- parameters ----------------------------------------------------------------------------------------


def _parameter(session: Session, project_id: str, name: str) -> m.ProjectParameter:
    pp = m.ProjectParameter
    row = session.scalar(
        select(pp).where(pp.project_id == project_id, pp.name == name.strip().lower(), pp.deleted_at.is_(None))
    )
    if row is None:
        raise ValidationFailed.one("name", f"Parameter {name} tidak ditemukan")
    return row


def _formula_items(session: Session, project_id: str) -> list[m.Pekerjaan]:
    p = m.Pekerjaan
    stmt = select(p).where(p.project_id == project_id, p.deleted_at.is_(None), p.volume_formula.is_not(None))
    return list(session.scalars(stmt))


def _users(items: list[m.Pekerjaan], name: str) -> list[m.Pekerjaan]:
    out = []
    for item in items:
        try:
            if name in compile_formula(item.volume_formula or "").parameters:
                out.append(item)
        except FormulaError:
            continue
    return out


def _reevaluate(session: Session, rec: Recorder, project_id: str, names: set[str]) -> None:
    """Store the new volume of every formula item that uses one of `names`; refuse on a failing formula."""
    params = parameter_values(session, project_id)
    problems: list[Problem] = []
    for item in _formula_items(session, project_id):
        try:
            formula = compile_formula(item.volume_formula or "")
        except FormulaError:
            continue
        if not formula.parameters & names:
            continue
        try:
            rec.update(item, {"volume": formula.evaluate(params)})
        except FormulaError as exc:
            problems.append(Problem(f"pekerjaan[{item.kode}].volume_formula", f"{item.kode}: {exc.message}"))
    refuse_if(problems)


def _clean_parameter(name: str | None, value: Number | None, label: str | None, unit: str | None) -> dict[str, object]:
    values: dict[str, object] = {}
    if name is not None:
        values["name"] = text(name).lower()
    if value is not None:
        values["value"] = number(value, path="value", quantize=q_param, label="Nilai parameter")
    if label is not None:
        values["label"] = text(label)
    if unit is not None:
        values["unit"] = text(unit)
    refuse_if(checks.fields("project_parameter", values))
    return values


def add_parameter(
    session: Session, project_id: str, *, name: str, value: Number, label: str = "", unit: str = ""
) -> Changes:
    values = _clean_parameter(name, value, label, unit)
    if str(values["name"]) in parameter_values(session, project_id):
        raise ValidationFailed.one("name", f"Parameter {values['name']} sudah ada")
    with recording(session, project_id) as rec:
        row = m.ProjectParameter(project_id=project_id, **values)
        rec.insert(row)
        rec.created_id = row.id
        # A formula may already name it (typed before the parameter existed); it now evaluates.
        _reevaluate(session, rec, project_id, {str(values["name"])})
    return rec.changes


def update_parameter(
    session: Session,
    project_id: str,
    name: str,
    *,
    new_name: str | None = None,
    value: Number | None = None,
    label: str | None = None,
    unit: str | None = None,
) -> Changes:
    """Change a parameter; a new value re-evaluates every formula that uses it. A parameter used by a
    formula cannot be renamed (the formulas would break)."""
    row = _parameter(session, project_id, name)
    values = _clean_parameter(new_name, value, label, unit)
    renamed = "name" in values and values["name"] != row.name
    if renamed:
        users = _users(_formula_items(session, project_id), row.name)
        if users:
            kodes = ", ".join(u.kode for u in users[:5])
            raise ValidationFailed.one(
                "name", f"Parameter {row.name} dipakai formula ({kodes}); tidak dapat diganti nama"
            )
        if str(values["name"]) in parameter_values(session, project_id):
            raise ValidationFailed.one("name", f"Parameter {values['name']} sudah ada")
    with recording(session, project_id) as rec:
        rec.update(row, values)
        _reevaluate(session, rec, project_id, {row.name} | ({str(values["name"])} if renamed else set()))
    return rec.changes


def delete_parameter(session: Session, project_id: str, name: str) -> Changes:
    """Delete a parameter no formula uses."""
    row = _parameter(session, project_id, name)
    users = _users(_formula_items(session, project_id), row.name)
    if users:
        kodes = ", ".join(u.kode for u in users[:5])
        raise ValidationFailed.one("name", f"Parameter {row.name} masih dipakai formula ({kodes})")
    with recording(session, project_id) as rec:
        rec.delete(row)
    return rec.changes
