"""One migration history: upgrade, downgrade and upgrade again on SQLite and PostgreSQL, and no drift."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from core.db.migrate import alembic_config, current_revision, head_revision, run_alembic
from core.db.session import make_engine, open_database


def _cycle(url: str) -> None:
    engine = make_engine(url)
    try:
        run_alembic(engine, "upgrade", "head")
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"project", "pekerjaan", "detail_row", "sync_outbox", "change_log"} <= tables
        run_alembic(engine, "downgrade", "base")
        assert current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        run_alembic(engine, "upgrade", "head")
        assert current_revision(engine) == head_revision()
        cfg = alembic_config()
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.check(cfg)  # raises when the models and the migrations disagree
    finally:
        engine.dispose()


@pytest.mark.db
def test_upgrade_downgrade_upgrade_and_check_on_sqlite(tmp_path: Path) -> None:
    _cycle(f"sqlite:///{tmp_path / 'm.sqlite'}")


@pytest.mark.pg
def test_upgrade_downgrade_upgrade_and_check_on_postgresql(pg_url: str) -> None:
    _cycle(pg_url)


@pytest.mark.db
def test_opening_an_outdated_file_backs_it_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    run_alembic(engine, "upgrade", "head")
    run_alembic(engine, "downgrade", "base")
    engine.dispose()
    db = open_database(path)
    db.dispose()
    backups = list(tmp_path.glob("old.sqlite.bak-*"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0
    assert current_revision(make_engine(f"sqlite:///{path}")) == head_revision()


@pytest.mark.db
def test_sqlite_keeps_decimals_exact_and_runs_wal_with_foreign_keys(tmp_path: Path) -> None:
    from sqlalchemy import text

    db = open_database(tmp_path / "x.sqlite")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        conn.execute(text("CREATE TABLE probe (v TEXT)"))
    from core.db.types import ExactDecimal

    t = ExactDecimal(18, 6)
    stored = t.process_bind_param(Decimal("0.1"), db.engine.dialect)
    assert stored == "0.100000"
    assert t.process_result_value(stored, db.engine.dialect) == Decimal("0.100000")
    with pytest.raises(ValueError):
        t.process_bind_param(Decimal("0.1234567"), db.engine.dialect)
    with pytest.raises(TypeError):
        t.process_bind_param(0.1, db.engine.dialect)
    db.dispose()


@pytest.mark.db
def test_a_brand_new_database_gets_no_backup(tmp_path: Path) -> None:
    open_database(tmp_path / "new.sqlite").dispose()
    assert list(tmp_path.glob("new.sqlite.bak-*")) == []
