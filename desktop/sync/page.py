"""The Sinkronisasi page: account, status with progress, "Sinkronkan sekarang", download / upload / share,
the conflict list with its choices, and the rejected list with export."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.sync.conflict_panel import ConflictPanel
from desktop.sync.controller import SyncController
from desktop.sync.dialogs import DownloadDialog, LoginDialog, ShareDialog
from desktop.sync.rejected_panel import RejectedPanel
from desktop.sync.status import SyncStatus

ID_ROLE = 256


class SinkronisasiPage(QWidget):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.account = QLabel()
        self.login_button = QPushButton(self.tr("Masuk…"))
        self.logout_button = QPushButton(self.tr("Keluar"))
        self.status = QLabel()
        self.status.setObjectName("syncStatus")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.sync_button = QPushButton(self.tr("Sinkronkan sekarang"))
        self.download_button = QPushButton(self.tr("Unduh proyek dari server…"))
        self.local_projects = QComboBox()
        self.upload_button = QPushButton(self.tr("Unggah ke server"))
        self.share_button = QPushButton(self.tr("Bagikan…"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.conflicts = ConflictPanel()
        self.rejected = RejectedPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.conflicts, self.tr("Konflik"))
        self.tabs.addTab(self.rejected, self.tr("Ditolak"))
        self._layout()
        self._connect()
        self.show_status(controller.status)

    def _layout(self) -> None:
        account = QHBoxLayout()
        account.addWidget(self.account, 1)
        account.addWidget(self.login_button)
        account.addWidget(self.logout_button)
        status = QHBoxLayout()
        status.addWidget(self.status, 1)
        status.addWidget(self.progress)
        status.addWidget(self.sync_button)
        projects = QGroupBox(self.tr("Proyek"))
        row = QHBoxLayout(projects)
        row.addWidget(self.download_button)
        row.addSpacing(18)
        row.addWidget(QLabel(self.tr("Proyek lokal:")))
        row.addWidget(self.local_projects, 1)
        row.addWidget(self.upload_button)
        row.addWidget(self.share_button)
        layout = QVBoxLayout(self)
        layout.addLayout(account)
        layout.addLayout(status)
        layout.addWidget(projects)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        c = self.controller
        c.status_changed.connect(self.show_status)
        c.lists_changed.connect(self.show_lists)
        c.message.connect(self.message.setText)
        c.projects_listed.connect(self._choose_download)
        c.local_projects_listed.connect(self._show_local)
        self.login_button.clicked.connect(self._login)
        self.logout_button.clicked.connect(c.sign_out)
        self.sync_button.clicked.connect(c.sync_now)
        self.download_button.clicked.connect(c.list_server_projects)
        self.upload_button.clicked.connect(self._upload)
        self.share_button.clicked.connect(self._share)
        self.conflicts.resolve_requested.connect(c.resolve)
        self.rejected.export_requested.connect(c.export_rejected)
        self.rejected.send_again_requested.connect(c.send_again)
        self.rejected.discard_requested.connect(c.discard)

    def showEvent(self, event: object) -> None:
        self.controller.refresh_lists()
        self.controller.list_local_projects()
        super().showEvent(event)  # type: ignore[arg-type]

    def show_status(self, status: SyncStatus) -> None:
        self.status.setText(status.text)
        self.progress.setValue(status.percent)
        self.progress.setVisible(status.state == "syncing")
        signed_in = status.state != "not_signed_in"
        who = self.tr("{0} di {1}").format(status.username, status.server) if signed_in else self.tr("Belum masuk")
        self.account.setText(who)
        self.logout_button.setVisible(signed_in)
        for b in (self.sync_button, self.download_button, self.upload_button, self.share_button):
            b.setEnabled(signed_in and status.state != "syncing")
        self.tabs.setTabText(0, self.tr("Konflik ({0})").format(status.conflicts))
        self.tabs.setTabText(1, self.tr("Ditolak ({0})").format(status.rejected))

    def show_lists(self, conflicts: list, held: list) -> None:
        self.conflicts.set_conflicts(conflicts)
        self.rejected.set_items(held)

    def _login(self) -> None:
        s = self.controller.status
        dialog = LoginDialog(s.server, s.username, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.controller.sign_in(*dialog.values())

    def _choose_download(self, projects: list) -> None:
        dialog = DownloadDialog(projects, set(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen():
            self.controller.download(dialog.chosen() or "")

    def _show_local(self, projects: list[tuple[str, str]]) -> None:
        self.local_projects.clear()
        for pid, nama in projects:
            self.local_projects.addItem(nama, pid)

    def _upload(self) -> None:
        pid = self.local_projects.currentData()
        if pid:
            self.controller.upload(str(pid))

    def _share(self) -> None:
        pid = self.local_projects.currentData() or self._current_project()
        dialog = ShareDialog(self)
        if pid and dialog.exec() == QDialog.DialogCode.Accepted:
            self.controller.share(str(pid), *dialog.values())

    def _current_project(self) -> str:
        return ""
