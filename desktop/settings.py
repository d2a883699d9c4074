"""Remembered window state and recent projects (QSettings; a file of its own in tests)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QAbstractItemView, QTreeView

RECENT_LIMIT = 8


class AppSettings:
    def __init__(self, path: Path | str | None = None) -> None:
        self._qs = QSettings(str(path), QSettings.Format.IniFormat) if path else QSettings()

    def recent_projects(self) -> list[str]:
        value = self._qs.value("recent_projects", [])
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list) else []

    def add_recent(self, project_id: str) -> None:
        recent = [project_id] + [p for p in self.recent_projects() if p != project_id]
        self._qs.setValue("recent_projects", recent[:RECENT_LIMIT])

    def forget_recent(self, project_id: str) -> None:
        self._qs.setValue("recent_projects", [p for p in self.recent_projects() if p != project_id])

    def geometry(self) -> QByteArray | None:
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)

    def header_state(self, key: str) -> QByteArray | None:
        value = self._qs.value(f"columns/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_header_state(self, key: str, state: QByteArray) -> None:
        self._qs.setValue(f"columns/{key}", state)

    def sync(self) -> None:
        self._qs.sync()


def remember_columns(settings: AppSettings, key: str, view: QAbstractItemView) -> None:
    """Restore `view`'s header state saved under `key`, and save it again whenever a column is resized."""
    header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()  # type: ignore[attr-defined]
    state = settings.header_state(key)
    if state is not None:
        header.restoreState(state)
    header.sectionResized.connect(lambda *_a: settings.set_header_state(key, header.saveState()))
