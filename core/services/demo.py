"""The demo project: imported once from resources/demo and found again by its kode."""

from __future__ import annotations

from sqlalchemy import select

from core.db.models import Project
from core.db.session import Database
from core.exchange import import_file, read_json_file
from core.resources import DEMO_PROJECT_FILE, resource_path


def demo_kode() -> str:
    doc = read_json_file(resource_path(*DEMO_PROJECT_FILE))
    return str(doc["project"].get("kode") or "")


def ensure_demo_project(db: Database) -> str:
    """The id of the demo project, importing it first if this database does not have it yet."""
    kode = demo_kode()
    with db.session() as session:
        found = session.scalar(
            select(Project.id).where(Project.kode == kode, Project.deleted_at.is_(None)).order_by(Project.created_at)
        )
    if found:
        return found
    return import_file(db, resource_path(*DEMO_PROJECT_FILE), actor="demo").project_id
