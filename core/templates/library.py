"""The template library: save a project's WBS (or chosen work items) as a template, list, search, rename,
delete, and apply a template to a project. Each function is one user action with its own unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import domain as d
from core.db.repositories import load_project_data, load_project_info
from core.db.session import Database, unit_of_work
from core.db.template_models import CATEGORIES, PekerjaanTemplate
from core.templates.apply import ApplyResult, TemplateError, append_fragment
from core.templates.content import content_from_project, counts, parse_content

MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class TemplateSummary:
    """One library entry as lists show it."""

    id: int
    name: str
    description: str
    category: str
    source_project: str
    total_klasifikasi: int
    total_sub: int
    total_pekerjaan: int
    total_detail: int
    total_parameters: int
    usage_count: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SavedTemplate:
    summary: TemplateSummary
    added_targets: tuple[str, ...]  # work items included because a chosen one bundles them


def summary_of(t: PekerjaanTemplate) -> TemplateSummary:
    return TemplateSummary(
        t.id,
        t.name,
        t.description,
        t.category,
        t.source_project,
        t.total_klasifikasi,
        t.total_sub,
        t.total_pekerjaan,
        t.total_detail,
        t.total_parameters,
        t.usage_count,
        t.created_at,
    )


def _problem(path: str, message: str) -> TemplateError:
    return TemplateError([d.Problem(path, message)])


def _check_name(session: Session, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise _problem("name", "nama template wajib diisi")
    if len(name) > MAX_NAME:
        raise _problem("name", f"nama template maksimal {MAX_NAME} karakter")
    stmt = select(PekerjaanTemplate.id).where(func.lower(PekerjaanTemplate.name) == name.lower())
    found = session.scalar(stmt)
    if found is not None and found != exclude:
        raise _problem("name", f"template bernama {name!r} sudah ada")
    return name


def _check_category(category: str) -> str:
    if category not in CATEGORIES:
        raise _problem("category", f"kategori harus salah satu dari {', '.join(CATEGORIES)}, bukan {category!r}")
    return category


def find_template(session: Session, ref: str | int) -> PekerjaanTemplate:
    """A template by id or by name (case-insensitive)."""
    text = str(ref).strip()
    found = session.get(PekerjaanTemplate, int(text)) if text.isdigit() else None
    if found is None:
        found = session.scalar(select(PekerjaanTemplate).where(func.lower(PekerjaanTemplate.name) == text.lower()))
    if found is None:
        raise _problem("template", f"template tidak ditemukan: {text!r}")
    return found


def store_content(
    session: Session, content: dict[str, Any], *, name: str, category: str, description: str, source_project: str
) -> PekerjaanTemplate:
    """Add a template row for already validated content."""
    c = counts(content)
    now = datetime.now(UTC)
    row = PekerjaanTemplate(
        name=_check_name(session, name),
        description=description.strip(),
        category=_check_category(category),
        source_project=source_project[:MAX_NAME],
        content_json=json.dumps(content, ensure_ascii=False),
        total_klasifikasi=c.klasifikasi,
        total_sub=c.sub,
        total_pekerjaan=c.pekerjaan,
        total_detail=c.detail,
        total_parameters=c.parameters,
        usage_count=0,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def save_template(
    db: Database,
    *,
    project_id: str,
    name: str,
    category: str = "lainnya",
    description: str = "",
    pekerjaan_ids: Iterable[str] | None = None,
) -> SavedTemplate:
    """Save the project's whole WBS (pekerjaan_ids None) or the chosen work items as a new template."""
    with unit_of_work(db) as session:
        data = load_project_data(session, project_id)
        chosen = None if pekerjaan_ids is None else list(pekerjaan_ids)
        unknown = set(chosen or ()) - {p.id for p in data.pekerjaan}
        if unknown:
            raise _problem("pekerjaan", f"pekerjaan tidak ada di proyek: {', '.join(sorted(unknown))}")
        if chosen is not None and not chosen:
            raise _problem("pekerjaan", "pilih minimal satu pekerjaan")
        content, added = content_from_project(data, chosen)
        parsed = parse_content(content, data.info)
        if not parsed.ok:
            raise TemplateError(parsed.errors)
        row = store_content(
            session, content, name=name, category=category, description=description, source_project=data.info.nama
        )
        return SavedTemplate(summary_of(row), tuple(added))


def list_templates(db: Database, *, search: str = "", category: str | None = None) -> list[TemplateSummary]:
    """Templates by name; `search` matches name or description (case-insensitive), `category` filters."""
    stmt = select(PekerjaanTemplate).order_by(func.lower(PekerjaanTemplate.name), PekerjaanTemplate.id)
    if category:
        stmt = stmt.where(PekerjaanTemplate.category == _check_category(category))
    needle = search.strip().casefold()
    with db.session() as session:
        rows = [summary_of(t) for t in session.scalars(stmt)]
    return [t for t in rows if not needle or needle in t.name.casefold() or needle in t.description.casefold()]


def template_content(db: Database, ref: str | int) -> tuple[TemplateSummary, dict[str, Any]]:
    with db.session() as session:
        t = find_template(session, ref)
        return summary_of(t), json.loads(t.content_json)


def rename_template(db: Database, ref: str | int, new_name: str) -> TemplateSummary:
    with unit_of_work(db) as session:
        t = find_template(session, ref)
        t.name = _check_name(session, new_name, exclude=t.id)
        t.updated_at = datetime.now(UTC)
        session.flush()
        return summary_of(t)


def update_template(
    db: Database, ref: str | int, *, category: str | None = None, description: str | None = None
) -> TemplateSummary:
    with unit_of_work(db) as session:
        t = find_template(session, ref)
        if category is not None:
            t.category = _check_category(category)
        if description is not None:
            t.description = description.strip()
        t.updated_at = datetime.now(UTC)
        session.flush()
        return summary_of(t)


def delete_template(db: Database, ref: str | int) -> TemplateSummary:
    with unit_of_work(db) as session:
        t = find_template(session, ref)
        gone = summary_of(t)
        session.delete(t)
        return gone


def apply_template(
    db: Database, ref: str | int, project_id: str, *, overwrite_parameters: bool = False, actor: str | None = None
) -> ApplyResult:
    """Append the template's WBS to the project (new klasifikasi after the existing ones). All or nothing."""
    with unit_of_work(db, actor=actor) as session:
        t = find_template(session, ref)
        parsed = parse_content(json.loads(t.content_json), load_project_info(session, project_id))
        if not parsed.ok or parsed.data is None:
            raise TemplateError(parsed.errors)
        result = append_fragment(session, project_id, parsed.data, overwrite_parameters=overwrite_parameters)
        t.usage_count += 1
        return result
