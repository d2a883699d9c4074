"""Locating the shipped resources (demo project, sample reference library, icons) in a checkout or a bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("AHSP_RESOURCES_DIR")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


DEMO_PROJECT_FILE = ("demo", "demo_project.ahsp.json")
SAMPLE_LIBRARY_FILE = ("reference", "sample_library.json")
