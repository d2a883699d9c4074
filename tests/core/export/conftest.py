"""Fixtures for export tests: the sample and demo projects, and LibreOffice (required in CI)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.domain import ProjectData
from core.exchange.files import read_json_file
from core.exchange.reader import parse_document
from tests.conftest import ROOT, missing

DEMO = ROOT / "resources" / "demo" / "demo_project.ahsp.json"


def load(path: Path) -> ProjectData:
    parsed = parse_document(read_json_file(path))
    assert parsed.ok and parsed.data is not None, parsed.errors
    return parsed.data


@pytest.fixture(scope="session")
def sample(sample_file: Path) -> ProjectData:
    return load(sample_file)


@pytest.fixture(scope="session")
def demo() -> ProjectData:
    return load(DEMO)


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice headless and poppler: skipped locally when absent, a failure in CI."""
    from core.export.libreoffice import soffice_path

    path = soffice_path()
    if path is None:
        missing("LibreOffice (soffice) is not installed")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        missing("poppler-utils (pdftotext, pdfinfo) is not installed")
    assert path is not None
    return path
