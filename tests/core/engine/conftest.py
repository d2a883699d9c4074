"""Fixtures for engine tests: the sample project of ../shared/data (see tests/conftest.py's shared_data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.domain import ProjectData
from tests.core.engine.sample import load_project


@pytest.fixture(scope="session")
def sample(shared_data: Path) -> ProjectData:
    return load_project(shared_data / "sample_bundles.ahsp.json")


@pytest.fixture(scope="session")
def expected(shared_data: Path) -> dict[str, Any]:
    return json.loads((shared_data / "sample_bundles.expected.json").read_text(encoding="utf-8"))
