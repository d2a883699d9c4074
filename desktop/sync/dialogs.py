"""Small dialogs of the Sinkronisasi page: sign in, download a server project, share a project."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sync.protocol import ProjectEntry

ID_ROLE = 256  # Qt.ItemDataRole.UserRole


class LoginDialog(QDialog):
    """Server address, user name and password; the password is never stored (only the tokens are)."""

    def __init__(self, server: str = "", username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Masuk ke server sinkronisasi"))
        self.server = QLineEdit(server, placeholderText="https://server:8765")
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("Alamat server"), self.server)
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str]:
        return self.server.text().strip(), self.username.text().strip(), self.password.text()


class DownloadDialog(QDialog):
    """The server's projects this user may sync; the chosen one is downloaded (with progress, resumable)."""

    def __init__(self, projects: list[ProjectEntry], local_ids: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unduh proyek dari server"))
        self.list = QListWidget()
        for p in projects:
            if p.deleted:
                continue
            suffix = self.tr(" (sudah ada di komputer ini)") if p.id in local_ids else ""
            item = QListWidgetItem(f"{p.kode}  {p.nama}  [{p.role}]{suffix}")
            item.setData(ID_ROLE, p.id)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None


class ShareDialog(QDialog):
    """Add a member to a project by user name, as editor or viewer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bagikan proyek"))
        self.username = QLineEdit()
        self.role = QComboBox()
        self.role.addItem(self.tr("Editor (boleh mengubah)"), "editor")
        self.role.addItem(self.tr("Pembaca (hanya melihat)"), "viewer")
        form = QFormLayout(self)
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Peran"), self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.username.text().strip(), str(self.role.currentData())
