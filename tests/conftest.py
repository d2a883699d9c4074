"""Shared fixtures: temporary local databases, the real PostgreSQL, and ../shared/data.

In CI (CI=true) a test that needs PostgreSQL or ../shared/data fails when it is missing; elsewhere it skips
with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI") == "true"


def missing(reason: str) -> None:
    """Skip locally, fail in CI: nothing that CI can provide may silently skip there."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = Path(os.environ.get("AHSP_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not (path / "sample_bundles.ahsp.json").exists():
        missing(f"../shared/data not found at {path}")
    return path


@pytest.fixture(scope="session")
def sample_file(shared_data: Path) -> Path:
    return shared_data / "sample_bundles.ahsp.json"


@pytest.fixture()
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    from core.db.session import open_database

    database = open_database(tmp_path / "ahsp.sqlite")
    yield database
    database.dispose()


def _admin_url() -> str:
    base = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
    return base


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test session (dropped afterwards)."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(_admin_url())
    name = f"ahsp_test_{uuid.uuid4().hex[:10]}"
    conninfo = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        missing(f"PostgreSQL not reachable at {base.render_as_string()}: {exc}")
    yield base.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
