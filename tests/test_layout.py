"""The package layout promised by ARCHITECTURE.md exists."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_top_level_layout() -> None:
    for name in ["core", "sync", "desktop", "resources", "packaging", "migrations", "tests", "bench"]:
        assert (ROOT / name).is_dir(), name
