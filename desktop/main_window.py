"""The main window: the start screen and one workspace per open project, the toolbar and the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QUndoGroup
from PySide6.QtWidgets import QComboBox, QLineEdit, QMainWindow, QMenu, QStackedWidget, QToolButton, QWidget

from desktop import gc_guard
from desktop.app import AppContext
from desktop.document import ProjectDocument
from desktop.settings import AppSettings
from desktop.views.start_view import StartView
from desktop.widgets.status_panel import StatusPanel
from desktop.workspace import ProjectWorkspace

ExportHandler = Callable[[ProjectDocument], None]


class MainWindow(QMainWindow):
    workspace_opened = Signal(object)  # ProjectWorkspace, after it is created (integrations add their pages)
    closing = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.settings = settings or AppSettings()
        self.setWindowTitle(self.tr("AHSP Desktop"))
        self.undo_group = QUndoGroup(self)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.start = StartView(ctx.db, ctx.tasks, self.settings)
        self.start.open_requested.connect(self.open_project)
        self.stack.addWidget(self.start)
        self.undo_group.addStack(self.start.undo_stack)
        self.workspaces: dict[str, ProjectWorkspace] = {}
        self.status = StatusPanel()
        self.status.link_activated.connect(self._follow_link)
        self.statusBar().addPermanentWidget(self.status, 1)
        self._build_toolbar()
        self._build_menus()
        self.stack.currentChanged.connect(self._on_current_changed)
        self._on_current_changed()
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _build_toolbar(self) -> None:
        bar = self.addToolBar(self.tr("Utama"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.home_action = QAction(self.tr("Daftar proyek"), self)
        self.home_action.triggered.connect(self.show_start)
        bar.addAction(self.home_action)
        self.switcher = QComboBox()
        self.switcher.setMinimumWidth(260)
        self.switcher.activated.connect(lambda i: self.open_project(self.switcher.itemData(i)))
        bar.addWidget(self.switcher)
        bar.addSeparator()
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("Batal"))
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("Ulang"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        bar.addSeparator()
        self.search = QLineEdit(placeholderText=self.tr("Cari di halaman ini (Ctrl+F)"))
        self.search.setMaximumWidth(280)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        bar.addWidget(self.search)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search, context=Qt.ShortcutContext.WindowShortcut)
        self.export_menu = QMenu(self.tr("Ekspor"), self)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Ekspor"))
        self.export_button.setMenu(self.export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(self.export_button)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        berkas = bar.addMenu(self.tr("&Berkas"))
        berkas.addAction(self.tr("Proyek baru…"), self.start.project_actions.new_project)
        berkas.addAction(self.tr("Impor proyek (JSON)…"), self.start.project_actions.import_json)
        berkas.addAction(self.tr("Impor dari Excel…"), self.start.project_actions.upload_excel)
        berkas.addAction(self.tr("Buka demo"), self.start.project_actions.open_demo)
        berkas.addSeparator()
        berkas.addAction(self.tr("Keluar"), self.close)
        referensi = bar.addMenu(self.tr("&Referensi"))
        referensi.addAction(self.tr("Impor pustaka AHSP…"), self.import_reference)
        referensi.addAction(self.tr("Cari AHSP referensi…"), self.search_reference)
        bantuan = bar.addMenu(self.tr("Ba&ntuan"))
        bantuan.addAction(self.tr("Tentang AHSP Desktop"), self.show_about)

    def import_reference(self) -> None:
        from desktop.dialogs.reference_import_dialog import ReferenceImportDialog

        ReferenceImportDialog(self._ctx.db, self._ctx.tasks, self).exec()

    def search_reference(self) -> None:
        from desktop.dialogs.reference_search_dialog import ReferenceSearchDialog

        ReferenceSearchDialog(self._ctx.db, self._ctx.tasks, self).exec()

    def show_about(self) -> None:
        from desktop.dialogs.about_dialog import AboutDialog

        AboutDialog(self._ctx.db, self).exec()

    # --- hooks for colleagues -------------------------------------------------------------------------

    def add_export_action(self, title: str, handler: ExportHandler) -> QAction:
        """An entry of the Ekspor menu; `handler` gets the current project's document."""
        action = self.export_menu.addAction(title)

        def run() -> None:
            document = self.current_document()
            if document is not None:
                handler(document)

        action.triggered.connect(run)
        return action

    # --- projects -------------------------------------------------------------------------------------

    def open_project(self, project_id: str, page: str | None = None) -> ProjectWorkspace:
        workspace = self.workspaces.get(project_id)
        if workspace is None:
            document = ProjectDocument(self._ctx.db, project_id, self)
            workspace = ProjectWorkspace(document, self._ctx.db, self._ctx.tasks, settings=self.settings)
            self.workspaces[project_id] = workspace
            self.stack.addWidget(workspace)
            self.undo_group.addStack(document.undo_stack)
            document.loaded.connect(lambda: self._on_loaded(workspace))
            document.load_failed.connect(lambda exc: self._on_load_failed(project_id, exc))
            document.load(self._ctx.tasks)
            self.settings.add_recent(project_id)
            self.workspace_opened.emit(workspace)
        if page:
            workspace.navigation.select(page)
        self.stack.setCurrentWidget(workspace)
        return workspace

    def _on_loaded(self, workspace: ProjectWorkspace) -> None:
        info = workspace.document.info
        pid = info.id
        index = self.switcher.findData(pid)
        if index < 0:
            self.switcher.addItem(info.nama, pid)
            index = self.switcher.count() - 1
        self.switcher.setItemText(index, info.nama)
        if self.current_workspace() is workspace:
            self.switcher.setCurrentIndex(index)
            self.setWindowTitle(self.tr("{0} — AHSP Desktop").format(info.nama))

    def _on_load_failed(self, project_id: str, exc: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox

        workspace = self.workspaces.pop(project_id, None)
        if workspace is not None:
            self.stack.removeWidget(workspace)
            workspace.deleteLater()
        self.settings.forget_recent(project_id)
        self.show_start()
        QMessageBox.warning(self, self.tr("Proyek tidak dapat dibuka"), str(exc))

    def show_start(self) -> None:
        self.stack.setCurrentWidget(self.start)
        self.start.reload()

    def current_workspace(self) -> ProjectWorkspace | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, ProjectWorkspace) else None

    def current_document(self) -> ProjectDocument | None:
        workspace = self.current_workspace()
        return workspace.document if workspace else None

    def _on_current_changed(self, _index: int = 0) -> None:
        workspace = self.current_workspace()
        if workspace is None:
            self.undo_group.setActiveStack(self.start.undo_stack)
            self.status.bind(None)
            self.setWindowTitle(self.tr("AHSP Desktop"))
            self.export_button.setEnabled(False)
            return
        self.undo_group.setActiveStack(workspace.document.undo_stack)
        self.status.bind(workspace.document)
        self.export_button.setEnabled(True)
        if workspace.document.is_loaded:
            self._on_loaded(workspace)

    def _follow_link(self, page: str, target: object) -> None:
        workspace = self.current_workspace()
        if workspace is not None:
            workspace.show_target(page, target)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search(self, text: str) -> None:
        workspace = self.current_workspace()
        if workspace is None:
            self.start.search_text(text)
        else:
            workspace.search(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        for workspace in self.workspaces.values():
            workspace.document.wait()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        gc_guard.release()
        super().closeEvent(event)
