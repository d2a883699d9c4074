"""Fixtures for the interop tests: the sample documents, a local reference library built from the sample."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.db.session import open_database
from core.exchange.web_parts import ReferenceLookup
from tests.core.interop.sample_projects import enriched, library_json, load


@pytest.fixture()
def sample_doc(sample_file: Path) -> dict[str, Any]:
    return load(sample_file)


@pytest.fixture()
def rich_doc(sample_doc: dict[str, Any]) -> dict[str, Any]:
    return enriched(sample_doc)


@pytest.fixture()
def library_db(db, rich_doc: dict[str, Any], tmp_path: Path):  # type: ignore[no-untyped-def]
    """The test database with a reference library holding the sample's AHSP (imported by core.reference)."""
    from core.reference import import_library_json

    path = tmp_path / "library.json"
    path.write_text(json.dumps(library_json(rich_doc), ensure_ascii=False), encoding="utf-8")
    import_library_json(db, path)
    return db


@pytest.fixture()
def lookup(library_db) -> Iterator[ReferenceLookup]:  # type: ignore[no-untyped-def]
    from core.exchange.web_library import library_lookup

    with library_db.session() as session:
        yield library_lookup(session)


@pytest.fixture()
def db_file(tmp_path: Path, rich_doc: dict[str, Any]) -> Path:
    """A database file whose reference library holds the sample's AHSP."""
    from core.reference import import_library_json

    path, lib = tmp_path / "cli.sqlite", tmp_path / "lib.json"
    lib.write_text(json.dumps(library_json(rich_doc)), encoding="utf-8")
    database = open_database(path)
    import_library_json(database, lib)
    database.dispose()
    return path
