"""What the start screen's buttons do: create, edit, duplicate, archive, delete (confirmed, undoable),
open the demo and import a project file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.db.repositories import load_project_info
from core.services import projects
from core.services.changes import Changes, ValidationFailed
from desktop.dialogs.project_form_dialog import ProjectFormDialog
from desktop.undo import ServiceCommand

if TYPE_CHECKING:
    from desktop.views.start_view import StartView


def confirm(parent: Any, title: str, text: str) -> bool:
    """Ask once before a destructive action (patched in tests)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def choose_import_file(parent: Any) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, parent.tr("Impor proyek"), "", "Proyek AHSP (*.json)")
    return path


def choose_upload_file(parent: Any) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, parent.tr("Impor dari Excel"), "", "Excel (*.xlsx)")
    return path


def show_report(parent: Any, title: str, lines: list[str]) -> None:
    """A summary the user reads once (patched in tests)."""
    QMessageBox.information(parent, title, "\n".join(lines[:40]))


class ProjectActions(QObject):
    def __init__(self, view: StartView) -> None:
        super().__init__(view)
        self._view = view

    def _edit(self, label: str, call: Any, *, open_after: bool = False) -> None:
        view = self._view

        def done(stored: Changes) -> None:
            view.undo_stack.push(ServiceCommand(view, label, stored))
            view.apply(stored)
            if open_after and stored.created_id:
                view.open_requested.emit(stored.created_id)

        view.run(call, done)

    def new_project(self) -> None:
        dialog = ProjectFormDialog(self._view)
        if dialog.exec() != ProjectFormDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        self._edit(self.tr("Proyek baru"), lambda s: projects.create_project(s, values), open_after=True)

    def edit_project(self) -> None:
        pid = self._view.selected_id()
        if not pid:
            return
        with self._view.db.session() as session:  # one small row; the dialog needs it before it opens
            info = load_project_info(session, pid)
        dialog = ProjectFormDialog(self._view, info=info)
        if dialog.exec() != ProjectFormDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        self._edit(self.tr("Ubah proyek"), lambda s: projects.update_project(s, pid, values))

    def duplicate(self) -> None:
        pid = self._view.selected_id()
        if pid:
            self._edit(self.tr("Duplikat proyek"), lambda s: projects.duplicate_project(s, pid))

    def toggle_archive(self) -> None:
        pid = self._view.selected_id()
        if not pid:
            return
        archived = self._view.model.is_archived(self._view.model.row_of(pid))
        label = self.tr("Pulihkan proyek") if archived else self.tr("Arsipkan proyek")
        self._edit(label, lambda s: projects.archive_project(s, pid, archived=not archived))

    def delete(self) -> None:
        pid = self._view.selected_id()
        if not pid:
            return
        name = self._view.model.index(self._view.model.row_of(pid), 1).data()
        text = self.tr("Hapus proyek “{0}”? Anda dapat membatalkannya dengan Ctrl+Z.").format(name)
        if not confirm(self._view, self.tr("Hapus proyek"), text):
            return
        self._view.settings.forget_recent(pid)
        self._edit(self.tr("Hapus proyek"), lambda s: projects.delete_project(s, pid))

    def open_demo(self) -> None:
        from core.services.demo import ensure_demo_project

        db = self._view.db

        def opened(pid: str) -> None:
            self._view.reload()
            self._view.open_requested.emit(pid)

        self._view.tasks.run(lambda: ensure_demo_project(db), opened, self.show_error)

    def import_json(self, path: str | None = None) -> None:
        from core.exchange import import_file

        path = path or choose_import_file(self._view)
        if not path:
            return
        db = self._view.db

        def imported(result: Any) -> None:
            self._view.reload()
            self._view.open_requested.emit(result.project_id)

        self._view.tasks.run(lambda: import_file(db, path), imported, self.show_error)

    def upload_excel(self, path: str | None = None) -> None:
        """Create projects in bulk from the central system's upload template (DOMAIN.md §4.3)."""
        from core.services.project_upload import upload_projects

        path = path or choose_upload_file(self._view)
        if not path:
            return
        db = self._view.db

        def done(report: Any) -> None:
            self._view.reload()
            show_report(self._view, self.tr("Impor dari Excel"), report.lines())

        self._view.tasks.run(lambda: upload_projects(db, path), done, self.show_error)

    def show_error(self, exc: Exception) -> None:
        problems = getattr(exc, "problems", None)
        if isinstance(exc, ValidationFailed) or hasattr(exc, "message"):
            text = str(getattr(exc, "message", exc))
        elif problems:
            text = "\n".join(str(p) for p in problems[:15])
        else:
            text = str(exc)
        QMessageBox.warning(self._view, self.tr("Tidak dapat diproses"), text)
