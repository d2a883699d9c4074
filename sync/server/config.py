"""Server settings: token lifetimes, login throttling, supported client schemas, the clock, pool sizes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Literal

from core.db.tracking import SCHEMA_VERSION
from core.db.types import utcnow
from sync.protocol import MAX_BODY_BYTES

SeqStrategy = Literal["locked", "naive"]
DATABASE_URL_ENV = "AHSP_SERVER_DATABASE_URL"
"""The server's database URL for `ahsp serve` and `ahsp user add` (and for uvicorn workers)."""


def _build() -> str:
    try:
        return metadata.version("ahsp-desktop")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "dev"


@dataclass
class Settings:
    """Everything tunable about one server process. Tests pass a clock they can move forward."""

    access_ttl: timedelta = timedelta(minutes=15)
    refresh_ttl: timedelta = timedelta(days=30)
    login_window: timedelta = timedelta(minutes=15)
    user_failures_allowed: int = 5
    address_failures_allowed: int = 20
    max_login_delay_s: int = 900
    schema_min: int = 1
    schema_max: int = SCHEMA_VERSION
    max_body_bytes: int = MAX_BODY_BYTES
    pool_size: int = 20
    threads: int = 8
    """Requests one process works on at once (its worker threads; 40 by default in FastAPI). Each holds a
    connection, so keep it below pool_size: more threads only contend for the GIL, and past the pool size
    they make connections that are closed again after each request."""
    max_overflow: int = 20
    seq_strategy: SeqStrategy = "locked"
    """"naive" numbers changes like a BIGSERIAL (no project lock): only for the test that shows it loses rows."""
    clock: Callable[[], datetime] = field(default=utcnow)
    build: str = field(default_factory=_build)


def default_database_url() -> str:
    """The embedded default: a SQLite file in the per-user data folder (AHSP_SERVER_DB overrides the path)."""
    import os

    from platformdirs import user_data_dir

    from core.db.session import APP_NAME

    path = os.environ.get("AHSP_SERVER_DB") or str(Path(user_data_dir(APP_NAME, appauthor=False)) / "server.sqlite")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"
