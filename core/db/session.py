"""Opening databases: SQLite pragmas, migrations with a backup first, sessions and units of work."""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from core.ids import new_id

APP_NAME = "AHSP Desktop"


def migrations_dir() -> Path:
    """Where the Alembic scripts are: beside the packages in a checkout, or inside a frozen bundle."""
    override = os.environ.get("AHSP_MIGRATIONS_DIR")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "migrations"
    return Path(__file__).resolve().parents[2] / "migrations"


def default_db_path() -> Path:
    """`AHSP_DB` if set, else ahsp.sqlite in the per-user data folder."""
    env = os.environ.get("AHSP_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "ahsp.sqlite"


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some sandboxes and services
        return "pengguna"


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself so DDL and DML are transactional (the pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    # A unit of work takes the write lock up front (BEGIN IMMEDIATE): a transaction that reads, then
    # finds the sync worker committed in between, would otherwise fail with "database is locked".
    mode = conn.get_execution_options().get("sqlite_begin", "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


def make_engine(url: str, *, pre_ping: bool = True, **kwargs: Any) -> Engine:
    """An engine for a database URL; SQLite gets WAL, foreign keys and transactional DDL.

    `pre_ping` tests a pooled connection with a round trip before each checkout (server URLs only): right
    for the desktop, whose connection may sit idle for hours; the sync server turns it off (it answers a
    dropped connection with 503 and the client retries).
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15, "check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=pre_ping, **kwargs)


@dataclass
class Database:
    """An open database: its engine and a session factory. One per process and file."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    path: Path | None = None

    def session(self) -> Session:
        return self.session_factory()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) a local SQLite database, upgrading its schema after a backup copy."""
    db_path = Path(path) if path is not None else default_db_path()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Decide before connecting: the first connection creates the file (WAL pragma), and a brand-new
    # database has nothing to back up.
    existed = db_path.exists() and db_path.stat().st_size > 0
    engine = make_engine(f"sqlite:///{db_path}")
    if migrate:
        from core.db.migrate import upgrade_to_head

        upgrade_to_head(engine, backup_path=db_path if existed else None)
    return Database(f"sqlite:///{db_path}", engine, sessionmaker(engine, expire_on_commit=False), db_path)


def open_url(url: str, *, migrate: bool = True, **engine_kwargs: Any) -> Database:
    """Open any database URL (the server's PostgreSQL, or a SQLite URL)."""
    engine = make_engine(url, **engine_kwargs)
    if migrate:
        from core.db.migrate import upgrade_to_head

        upgrade_to_head(engine, backup_path=None)
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False))


@contextmanager
def unit_of_work(db: Database, *, actor: str | None = None, source: str = "local") -> Iterator[Session]:
    """One user action: one session, one transaction, one tx_group for the outbox. Commits or rolls back."""
    session = db.session()
    session.info["actor"] = actor if actor is not None else default_actor()
    session.info["tx_group"] = new_id()
    session.info["source"] = source
    try:
        if db.engine.dialect.name == "sqlite":
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def backup_file(path: Path) -> Path:
    """Copy a SQLite file consistently (backup API, WAL included) to a timestamped file beside it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak-{stamp}-{n}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target
