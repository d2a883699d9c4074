"""Fixtures for engine tests: the sample project from ../shared/data (skipped outside CI when absent)."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from core.domain import ProjectData
from tests.core.engine.sample import EXPECTED, SAMPLE, load_project


def _require_shared_data() -> None:
    if SAMPLE.exists() and EXPECTED.exists():
        return
    message = f"../shared/data is missing ({SAMPLE})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def sample() -> ProjectData:
    _require_shared_data()
    return load_project(SAMPLE)


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    _require_shared_data()
    return json.loads(EXPECTED.read_text(encoding="utf-8"))
