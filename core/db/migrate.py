"""Running the one Alembic history on SQLite and PostgreSQL, from the app, the server and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from core.db.session import backup_file, migrations_dir


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine, *, backup_path: Path | None) -> None:
    """Apply pending migrations. An existing, non-empty SQLite file is first copied to a timestamped backup."""
    current = current_revision(engine)
    if current == head_revision():
        return
    if backup_path is not None and backup_path.exists() and backup_path.stat().st_size > 0:
        backup_file(backup_path)
    run_alembic(engine, "upgrade", "head")


def run_alembic(engine: Engine, action: str, revision: str) -> None:
    """`alembic upgrade|downgrade REV` on this engine's database (env.py handles SQLite's pragmas)."""
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)
