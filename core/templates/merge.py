"""Planning how a WBS fragment (a template, or an imported List Pekerjaan) is appended to a project. Pure.

Rules (DOMAIN.md §1.5, §1.10, fixing WEB_BACKUP.md §6's defects): new klasifikasi come after the existing
ones; a price item is reused by code only when its kategori matches (else an error, never a silent reuse);
missing items are created without price; a reference AHSP already in the project is reused by code; a
same-named parameter with another value is a reported conflict and keeps the project's value unless told
otherwise; formulas are evaluated with the resulting parameters so volumes are right; custom codes that
collide with the project's get the next free CUST number (bundle rows follow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from core import domain as d
from core.formula import FormulaError, evaluate

_CUST = re.compile(r"CUST-(\d+)\Z")


@dataclass(frozen=True, slots=True)
class ParameterConflict:
    """A parameter the fragment and the project both define with different values."""

    name: str
    project_value: Decimal
    template_value: Decimal
    kept: str  # "proyek" or "template"

    def __str__(self) -> str:
        return (
            f"parameter {self.name!r}: proyek {self.project_value}, template {self.template_value}; "
            f"dipakai nilai {self.kept}"
        )


@dataclass
class AppendPlan:
    """The rows to add (or update) in the project, with everything worth telling the user."""

    fragment: d.ProjectData
    pekerjaan: list[d.Pekerjaan] = field(default_factory=list)
    detail_rows: list[d.DetailRow] = field(default_factory=list)
    new_harga: list[d.HargaItem] = field(default_factory=list)
    reused_harga: list[str] = field(default_factory=list)
    new_reference: list[d.ReferenceAhsp] = field(default_factory=list)
    reference_ids: dict[str, str] = field(default_factory=dict)  # fragment AHSP id -> id in the project
    new_parameters: list[d.Parameter] = field(default_factory=list)
    updated_parameters: list[d.Parameter] = field(default_factory=list)
    conflicts: list[ParameterConflict] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    errors: list[d.Problem] = field(default_factory=list)
    warnings: list[d.Problem] = field(default_factory=list)


def plan_append(project: d.ProjectData, fragment: d.ProjectData, *, overwrite_parameters: bool = False) -> AppendPlan:
    plan = AppendPlan(fragment)
    _harga(plan, project)
    _references(plan, project)
    scope = _parameters(plan, project, overwrite_parameters)
    renames = _renumber(plan, project)
    _items(plan, scope, renames)
    _rows(plan, renames)
    return plan


def _harga(plan: AppendPlan, project: d.ProjectData) -> None:
    existing = {h.kode: h for h in project.harga_items}
    for item in plan.fragment.harga_items:
        have = existing.get(item.kode)
        if have is None:
            plan.new_harga.append(item)
        elif have.kategori == item.kategori:
            plan.reused_harga.append(item.kode)
        else:
            plan.errors.append(
                d.Problem(
                    f"harga_items[{item.kode}]",
                    f"item {item.kode!r} sudah ada di proyek dengan kategori {have.kategori}, template memakainya "
                    f"sebagai {item.kategori}; kategori item tidak dapat diubah, ganti kode di template",
                )
            )


def _references(plan: AppendPlan, project: d.ProjectData) -> None:
    existing = {a.kode_ahsp: a for a in project.reference_ahsp}
    for ahsp in plan.fragment.reference_ahsp:
        have = existing.get(ahsp.kode_ahsp)
        if have is None:
            plan.new_reference.append(ahsp)
            plan.reference_ids[ahsp.id] = ahsp.id
            continue
        plan.reference_ids[ahsp.id] = have.id
        if have.rincian != ahsp.rincian:
            plan.warnings.append(
                d.Problem(
                    f"reference_ahsp[{ahsp.kode_ahsp}]",
                    "AHSP ini sudah ada di proyek dengan rincian berbeda; bundle memakai rincian proyek",
                )
            )


def _parameters(plan: AppendPlan, project: d.ProjectData, overwrite: bool) -> dict[str, Decimal]:
    existing = {p.name: p for p in project.parameters}
    scope = {p.name.lower(): p.value for p in project.parameters}
    for param in plan.fragment.parameters:
        have = existing.get(param.name)
        if have is None:
            plan.new_parameters.append(param)
            scope[param.name.lower()] = param.value
        elif have.value != param.value:
            kept = "template" if overwrite else "proyek"
            plan.conflicts.append(ParameterConflict(param.name, have.value, param.value, kept))
            if overwrite:
                plan.updated_parameters.append(replace(have, value=param.value))
                scope[param.name.lower()] = param.value
    return scope


def _renumber(plan: AppendPlan, project: d.ProjectData) -> dict[str, str]:
    """New codes for fragment custom items whose CUST-nnnn code the project already uses."""
    taken = {p.kode for p in project.pekerjaan}
    numbers = [int(m.group(1)) for p in (*project.pekerjaan, *plan.fragment.pekerjaan) if (m := _CUST.match(p.kode))]
    n = max(numbers, default=0)
    renames: dict[str, str] = {}
    for p in plan.fragment.pekerjaan:
        if p.source_type == "custom" and _CUST.match(p.kode) and p.kode in taken:
            n += 1
            renames[p.id] = f"CUST-{n:04d}"
            plan.renamed.append((p.kode, renames[p.id]))
    return renames


def _items(plan: AppendPlan, scope: dict[str, Decimal], renames: dict[str, str]) -> None:
    for p in plan.fragment.pekerjaan:
        volume = p.volume
        if p.volume_formula:
            try:
                volume = evaluate(p.volume_formula, scope)
            except FormulaError as exc:
                plan.warnings.append(
                    d.Problem(f"pekerjaan[{p.kode}].volume_formula", f"formula tidak dapat dihitung: {exc.message}")
                )
        plan.pekerjaan.append(replace(p, kode=renames.get(p.id, p.kode), volume=volume))


def _rows(plan: AppendPlan, renames: dict[str, str]) -> None:
    for row in plan.fragment.detail_rows:
        ref = row.bundle
        if ref is not None and ref.kind == "ahsp":
            row = replace(row, bundle=d.BundleRef("ahsp", plan.reference_ids.get(ref.target_id, ref.target_id)))
        elif ref is not None and ref.target_id in renames:
            row = replace(row, kode=renames[ref.target_id])
        plan.detail_rows.append(row)
